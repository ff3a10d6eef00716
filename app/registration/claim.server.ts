import { randomInt } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { ClaimCodeChannel, Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { insertAccount } from '../auth/accounts.server'
import { parseIdentifier } from '../auth/identifier'
import { maskContact } from '../lib/contact'
import { hashPassword } from '../auth/password.server'
import { createSession } from '../auth/session.server'
import { requestSignUp } from '../auth/signup.server'
import {
  addressGroup,
  consumeQuota,
  MAILS_PER_TARGET,
  recordFailure,
  waitSeconds,
  type DelayPolicy,
} from '../auth/throttle.server'
import type { Language } from '../i18n/config'
import { translatorFor } from '../i18n/i18n.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId } from '../lib/ids.server'
import { keyedHash, sameHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import { channelOf, enqueueMessage } from '../mail/outbox.server'
import { normaliseDocumentNumber } from './documents'
import { normaliseProtocol } from './protocol'
import { grantVoterRole } from './review.server'

// Claiming a registration taken at a desk or imported from a list (issue #18, ADR 021). The person
// proves who they are with protocol + document number + birth date, then with a one-time code sent
// to the contact on the registration (or printed on the desk's receipt), and the registration is
// linked to a new or an existing account. The desk may also create the account on the spot.
//
// Threat model, in short: the three facts are printed on the person's own papers, so the code is
// what proves possession of the registration's contact (or of the receipt). Codes are 6 digits, kept
// as an HMAC under the server secret, compared in constant time, void after MAX_ATTEMPTS wrong
// tries, single use; look-ups are throttled per address and per protocol like logins.

export const SENT_CODE_TTL_MS = 30 * 60_000
export const PAPER_CODE_TTL_MS = 30 * 24 * 60 * 60_000
export const MAX_ATTEMPTS = 5

/** Failed look-ups (no registration with those three facts) per address: a desk's NAT is shared. */
const CLAIM_IP_POLICY: DelayPolicy = {
  freeFailures: 20,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
}
/** Failed look-ups and wrong codes per protocol: someone guessing one person's document. */
const CLAIM_PROTOCOL_POLICY: DelayPolicy = {
  freeFailures: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  forgetAfterMs: 60 * 60_000,
}

export type ClaimFacts = { protocol: string; documentNumber: string; birthDate: string }

type Claimable = {
  id: string
  user_id: string | null
  status: string
  email: string | null
  phone: string | null
  preferred_language: Language
  cycle_id: string
}

function throttleKeys(protocol: string, clientAddress: string) {
  return {
    ip: `claim:ip:${keyedHash('claim-ip', addressGroup(clientAddress))}`,
    protocol: `claim:protocol:${keyedHash('claim-protocol', normaliseProtocol(protocol))}`,
  }
}

/**
 * The registration with these three facts, throttled: as the status look-up, a miss says only
 * "no registration with these details" (`not_found`), the same for a wrong protocol, document or
 * birth date, and every miss slows the next tries from this address and on this protocol.
 */
async function findClaimable(
  db: DB,
  facts: ClaimFacts & { clientAddress: string; now: Date },
): Promise<Result<Claimable, 'not_found' | 'too_many_attempts'> & { retryAfterSeconds?: number }> {
  const keys = throttleKeys(facts.protocol, facts.clientAddress)
  const wait = await waitSeconds(db, [keys.ip, keys.protocol], facts.now)
  if (wait > 0) return { ...err('too_many_attempts'), retryAfterSeconds: wait }
  const row = await db
    .selectFrom('voter_registrations')
    .select(['id', 'user_id', 'status', 'email', 'phone', 'preferred_language', 'cycle_id'])
    .where('protocol', '=', normaliseProtocol(facts.protocol))
    .where('birth_date', '=', facts.birthDate)
    .where('document_number', '=', normaliseDocumentNumber(facts.documentNumber))
    .where('status', '!=', 'erased')
    .executeTakeFirst()
  if (!row) {
    await recordFailure(db, keys.ip, CLAIM_IP_POLICY, facts.now)
    await recordFailure(db, keys.protocol, CLAIM_PROTOCOL_POLICY, facts.now)
    return err('not_found')
  }
  return ok(row)
}

/** Where a code for this registration is sent: its e-mail, else its phone. */
export function contactOf(r: { email: string | null; phone: string | null }): string | null {
  const contact = r.email ?? r.phone
  // Normalised as an account identifier would be (an imported list may hold "11 91234-5678").
  return contact ? (parseIdentifier(contact)?.value ?? contact) : null
}

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

function codeHash(registrationId: string, code: string): string {
  return keyedHash('claim-code', `${registrationId}:${code}`)
}

async function storeCode(
  db: DB | Transaction<Database>,
  registrationId: string,
  channel: ClaimCodeChannel,
  now: Date,
): Promise<string> {
  const code = newCode()
  // One live code per kind: a new sent code replaces the last sent one, a new paper code the last
  // paper one (the person may hold a receipt and ask for a message too).
  const kinds: ClaimCodeChannel[] = channel === 'paper' ? ['paper'] : ['email', 'sms']
  await db
    .deleteFrom('registration_claim_codes')
    .where('registration_id', '=', registrationId)
    .where('channel', 'in', kinds)
    .where('used_at', 'is', null)
    .execute()
  await db
    .insertInto('registration_claim_codes')
    .values({
      id: newId(),
      registration_id: registrationId,
      code_hash: codeHash(registrationId, code),
      channel,
      expires_at: new Date(
        now.getTime() + (channel === 'paper' ? PAPER_CODE_TTL_MS : SENT_CODE_TTL_MS),
      ).toISOString(),
      attempts: 0,
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute()
  return code
}

export type RequestCodeError = 'not_found' | 'too_many_attempts' | 'already_claimed' | 'no_contact'

/**
 * Step one: the three facts match a registration without an account → a code goes to the contact
 * on the registration, in its language. Past a few messages an hour to one registration nothing
 * more is sent and the answer is the same (mail and SMS bombing), as sign-up does.
 */
export async function requestClaimCode(
  db: DB,
  input: ClaimFacts & { clientAddress: string; now?: Date },
): Promise<Result<{ sentTo: string }, RequestCodeError> & { retryAfterSeconds?: number }> {
  const now = input.now ?? new Date()
  const found = await findClaimable(db, { ...input, now })
  if (!found.ok) return found
  const r = found.value
  if (r.user_id) return err('already_claimed')
  const to = contactOf(r)
  if (!to) return err('no_contact')
  const sentTo = maskContact(to)
  if (await consumeQuota(db, `claim:target:${keyedHash('claim-target', r.id)}`, MAILS_PER_TARGET, now))
    return ok({ sentTo })
  const code = await storeCode(db, r.id, channelOf(to) === 'email' ? 'email' : 'sms', now)
  const t = await translatorFor(r.preferred_language, 'registration')
  await enqueueMessage(db, {
    to,
    language: r.preferred_language,
    subject: t('claim.mail.subject'),
    body: t('claim.mail.body', { code, minutes: SENT_CODE_TTL_MS / 60_000 }),
  })
  return ok({ sentTo })
}

export type ClaimAccount =
  | { kind: 'existing'; userId: string }
  | {
      kind: 'new'
      identifier: string
      displayName: string
      password: string
      preferredLanguage: Language
      origin: string
    }

export type RedeemError =
  | 'not_found'
  | 'too_many_attempts'
  | 'already_claimed'
  | 'already_registered'
  | 'claim_code_wrong'
  | 'claim_code_expired'
  | 'claim_code_void'
  | 'identifier_taken'

export type Redeemed =
  | { outcome: 'linked'; userId: string; session: { token: string; expiresAt: Date } | null }
  | { outcome: 'confirm' }

export const CLAIMED = new Error('already_claimed')

export type VerifyError = Exclude<RedeemError, 'already_registered' | 'identifier_taken'>

/**
 * The three facts and the code, checked without spending the code: a try is counted against every
 * live code of the registration before comparing (given back if right), a wrong one slows the
 * protocol; a right code is returned for the caller to spend in its own transaction
 * (redeemClaimCode, completePendingClaim).
 */
export async function verifyClaimCode(
  db: DB,
  input: ClaimFacts & { code: string; clientAddress: string; now: Date },
): Promise<
  Result<{ registration: Claimable; code: { id: string; channel: ClaimCodeChannel } }, VerifyError> & {
    retryAfterSeconds?: number
  }
> {
  const now = input.now
  const found = await findClaimable(db, { ...input, now })
  if (!found.ok) return found
  const r = found.value
  if (r.user_id) return err('already_claimed')
  const at = now.toISOString()
  // The try is spent before the comparison, in one conditional update (as setup codes do): every
  // live code of the registration counts it (five in all, not five per code), and only the codes
  // this update reached are compared. Many tries at once cannot read the same count: at most
  // MAX_ATTEMPTS of them get a row back; the others compare nothing.
  const spent = await db
    .updateTable('registration_claim_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('registration_id', '=', r.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .where('attempts', '<', MAX_ATTEMPTS)
    .returning(['id', 'code_hash', 'channel', 'attempts'])
    .execute()
  if (spent.length === 0) {
    // A claim that won meanwhile used the code: this one is told the registration is claimed.
    const claimed = await db
      .selectFrom('voter_registrations')
      .select('user_id')
      .where('id', '=', r.id)
      .executeTakeFirst()
    if (claimed?.user_id) return err('already_claimed')
    const codes = await db
      .selectFrom('registration_claim_codes')
      .select(['expires_at', 'attempts'])
      .where('registration_id', '=', r.id)
      .where('used_at', 'is', null)
      .execute()
    if (codes.some((c) => c.attempts >= MAX_ATTEMPTS)) return err('claim_code_void', 'code')
    if (codes.length > 0) return err('claim_code_expired', 'code')
    return err('claim_code_wrong', 'code')
  }
  const typed = codeHash(r.id, input.code)
  const match = spent.find((c) => sameHash(c.code_hash, typed))
  if (!match) {
    await recordFailure(
      db,
      throttleKeys(input.protocol, input.clientAddress).protocol,
      CLAIM_PROTOCOL_POLICY,
      now,
    )
    const left = Math.min(...spent.map((c) => MAX_ATTEMPTS - c.attempts))
    return err(left <= 0 ? 'claim_code_void' : 'claim_code_wrong', 'code')
  }
  // The right code gives its try back to every code it was counted on: only wrong codes void
  // them (a hold, then a failed login, then the code again must not use up the person's tries).
  // Wrong tries stay counted whatever the order, so no more than MAX_ATTEMPTS are ever compared.
  await db
    .updateTable('registration_claim_codes')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where(
      'id',
      'in',
      spent.map((c) => c.id),
    )
    .where('attempts', '>', 0)
    .execute()
  return ok({ registration: r, code: { id: match.id, channel: match.channel } })
}

/**
 * Step two: the code, then the account. A right code links the registration to the signed-in
 * person, or to a new account — created at once when its identifier is the contact the code went
 * to (the code proved it), else through sign-up's confirmation (the code is then kept for the
 * second try, signed in). The code and the link are written in one transaction whose conditional
 * updates decide between two claims at once.
 */
export async function redeemClaimCode(
  db: DB,
  input: ClaimFacts & { code: string; account: ClaimAccount; clientAddress: string; now?: Date },
): Promise<Result<Redeemed, RedeemError> & { retryAfterSeconds?: number }> {
  const now = input.now ?? new Date()
  const verified = await verifyClaimCode(db, { ...input, now })
  if (!verified.ok) return verified
  const { registration: r, code: match } = verified.value

  let account: { userId: string; created: boolean }
  if (input.account.kind === 'existing') {
    account = { userId: input.account.userId, created: false }
  } else {
    const id = parseIdentifier(input.account.identifier)
    const contact = match.channel === 'email' ? r.email : match.channel === 'sms' ? r.phone : null
    if (!id || !contact || id.value !== parseIdentifier(contact)?.value) {
      // The code did not prove this address: sign-up's rules (a confirmation link; an address that
      // has an account is told so). The code stays for the claim, signed in, once confirmed.
      await requestSignUp(db, {
        identifier: input.account.identifier,
        displayName: input.account.displayName,
        passwordHash: await hashPassword(input.account.password),
        preferredLanguage: input.account.preferredLanguage,
        origin: input.account.origin,
        now,
      })
      return ok({ outcome: 'confirm' as const })
    }
    account = { userId: '', created: true }
    const passwordHash = await hashPassword(input.account.password)
    const newAccount = input.account
    try {
      const linked = await db.transaction().execute(async (trx) => {
        const userId = await insertAccount(trx, {
          identifier: id,
          displayName: newAccount.displayName,
          passwordHash,
          preferredLanguage: newAccount.preferredLanguage,
          consentGivenAt: now.toISOString(),
        })
        await linkInTransaction(trx, {
          registrationId: r.id,
          codeId: match.id,
          userId,
          status: r.status,
          now,
        })
        return userId
      })
      account = { userId: linked, created: true }
    } catch (error) {
      if (error === CLAIMED) return err('already_claimed')
      if (isUniqueViolation(error)) return err('identifier_taken', 'email')
      throw error
    }
    const session = await createSession(db, { userId: account.userId, now })
    return ok({ outcome: 'linked' as const, userId: account.userId, session })
  }
  try {
    await db.transaction().execute((trx) =>
      linkInTransaction(trx, {
        registrationId: r.id,
        codeId: match.id,
        userId: account.userId,
        status: r.status,
        now,
      }),
    )
  } catch (error) {
    if (error === CLAIMED) return err('already_claimed')
    // One registration per account per census cycle (the unique index decides).
    if (isUniqueViolation(error)) return err('already_registered')
    throw error
  }
  return ok({ outcome: 'linked' as const, userId: account.userId, session: null })
}

export async function linkInTransaction(
  trx: Transaction<Database>,
  input: {
    registrationId: string
    codeId: string | null
    userId: string
    status: string
    now: Date
    actorUserId?: string
  },
): Promise<void> {
  const at = input.now.toISOString()
  if (input.codeId) {
    const used = await trx
      .updateTable('registration_claim_codes')
      .set({ used_at: at })
      .where('id', '=', input.codeId)
      .where('used_at', 'is', null)
      // Still live when spent: a code that expired or was voided by wrong tries links nothing.
      .where('expires_at', '>', at)
      .where('attempts', '<', MAX_ATTEMPTS)
      .executeTakeFirst()
    if (Number(used.numUpdatedRows) !== 1) throw CLAIMED
  }
  const linked = await trx
    .updateTable('voter_registrations')
    .set({ user_id: input.userId, updated_at: at })
    .where('id', '=', input.registrationId)
    .where('user_id', 'is', null)
    .executeTakeFirst()
  if (Number(linked.numUpdatedRows) !== 1) throw CLAIMED
  // The other codes of the registration are of no use any more.
  await trx
    .deleteFrom('registration_claim_codes')
    .where('registration_id', '=', input.registrationId)
    .where('used_at', 'is', null)
    .execute()
  await trx
    .insertInto('consents')
    .values({
      id: newId(),
      user_id: input.userId,
      purpose: 'voter_census',
      legal_basis: 'lgpd_art7_iii_public_policy',
      text_version: 'registration-2026-11',
      given_at: at,
    })
    .execute()
  if (input.status === 'approved')
    await grantVoterRole(trx, { userId: input.userId, grantedBy: input.actorUserId ?? null, at })
  await appendAudit(
    trx,
    {
      actorUserId: input.actorUserId ?? input.userId,
      action: input.actorUserId ? 'registration.account.create' : 'registration.claim',
      entityType: 'voter_registration',
      entityId: input.registrationId,
    },
    input.now,
  )
}

/** The desk prints a code on the receipt, for the person to claim later (30 days). Audited. */
export async function issuePaperCode(
  db: DB,
  input: { actorUserId: string; registrationId: string; now?: Date },
): Promise<Result<{ code: string; expiresAt: string }, 'not_found' | 'already_claimed'>> {
  const now = input.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('voter_registrations')
      .select(['user_id', 'status'])
      .where('id', '=', input.registrationId)
      .executeTakeFirst()
    if (!r || r.status === 'erased') return err('not_found')
    if (r.user_id) return err('already_claimed')
    const code = await storeCode(trx, input.registrationId, 'paper', now)
    await appendAudit(
      trx,
      {
        actorUserId: input.actorUserId,
        action: 'registration.claim_code.issue',
        entityType: 'voter_registration',
        entityId: input.registrationId,
      },
      now,
    )
    return ok({ code, expiresAt: new Date(now.getTime() + PAPER_CODE_TTL_MS).toISOString() })
  })
}

/** Codes used or expired are deleted by the hourly retention run. */
export async function purgeClaimCodes(db: DB, now = new Date()): Promise<number> {
  const deleted = await db
    .deleteFrom('registration_claim_codes')
    .where((eb) => eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', now.toISOString())]))
    .executeTakeFirst()
  return Number(deleted.numDeletedRows)
}
