import { randomBytes } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import type { Language } from '../i18n/config'
import { translatorFor } from '../i18n/i18n.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import { enqueueMessage } from '../mail/outbox.server'
import { CONSENT_TEXT_VERSION, insertAccount } from './accounts.server'
import { parseIdentifier, type Identifier } from './identifier'
import { mailTargetKey } from './password-reset.server'
import { addressGroup, consumeQuota, MAILS_PER_TARGET, SIGNUP_PER_ADDRESS } from './throttle.server'

// Sign-up with a confirmed address (#16.10, as Decidim and CONSUL do). The form answers the same
// whether or not the address already has an account — "we sent a message to that address" — so
// nobody learns from it whether an e-mail or a phone number is in the system (a migrant's presence
// is sensitive). A new address gets a link; the account exists once the link is used. An address
// that has an account gets a message saying so instead (sign in, or reset the password).
// ADR 001, "2026-12-04 hardening (#16)".

/** How long a confirmation link works; the pending sign-up is deleted after it. */
export const SIGNUP_TTL_MS = 24 * 60 * 60_000

/** Sign-ups from one address (or IPv6 /64) are limited: the only refusal the form shows (429). */
export async function checkSignUpQuota(db: DB, clientAddress: string): Promise<Result<null, 'rate_limited'>> {
  const ipKey = `signup:ip:${keyedHash('signup-ip', addressGroup(clientAddress))}`
  return (await consumeQuota(db, ipKey, SIGNUP_PER_ADDRESS)) ? err('rate_limited', 'email') : ok(null)
}

/**
 * What happens after the form has been answered (so its timing says nothing): a new address gets
 * a pending sign-up and a confirmation link in the chosen language; an address that has an account
 * gets a message telling its owner. Past a few messages an hour to one address, nothing is sent and
 * nothing is stored (mail bombing). The password was hashed before the answer, in both cases.
 */
export async function requestSignUp(
  db: DB,
  input: {
    identifier: string
    displayName: string
    passwordHash: string
    preferredLanguage: Language
    origin: string
    now?: Date
  },
): Promise<void> {
  const id = parseIdentifier(input.identifier)
  if (!id) return
  if (await consumeQuota(db, mailTargetKey(id.value), MAILS_PER_TARGET)) return
  const owner = await accountOf(db, id)
  if (owner) {
    await warnOwnerOfSignUpAttempt(db, id, owner.preferred_language, input.origin)
    return
  }
  const now = input.now ?? new Date()
  const token = encodeBase32LowerCaseNoPadding(randomBytes(20))
  await db
    .insertInto('pending_signups')
    .values({
      token_hash: sha256Hex(token),
      identifier_kind: id.kind,
      identifier: id.value,
      display_name: input.displayName,
      password_hash: input.passwordHash,
      preferred_language: input.preferredLanguage,
      consent_text_version: CONSENT_TEXT_VERSION,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SIGNUP_TTL_MS).toISOString(),
    })
    .execute()
  const t = await translatorFor(input.preferredLanguage, 'auth')
  await enqueueMessage(db, {
    to: id.value,
    language: input.preferredLanguage,
    subject: t('signup.confirmMailSubject'),
    body: t('signup.confirmMailBody', { link: `${input.origin}/signup/confirm/${token}` }),
  })
}

function accountOf(db: DB, id: Identifier) {
  return db
    .selectFrom('users')
    .select('preferred_language')
    .where(id.kind === 'email' ? 'email' : 'phone', '=', id.value)
    .executeTakeFirst()
}

/**
 * The owner of an address someone tried to sign up with is told: they already have an account and
 * may sign in or reset the password; if it was not them, they know. (Quota-limited by the caller.)
 */
async function warnOwnerOfSignUpAttempt(db: DB, id: Identifier, language: Language, origin: string) {
  const t = await translatorFor(language, 'auth')
  await enqueueMessage(db, {
    to: id.value,
    language,
    subject: t('signup.takenMailSubject'),
    body: t('signup.takenMailBody', {
      loginLink: `${origin}/login`,
      forgotLink: `${origin}/forgot-password`,
    }),
  })
}

/** Whether a confirmation link still leads to an account (GET changes nothing: mail scanners fetch links). */
export async function isSignUpTokenUsable(db: DB, token: string, now = new Date()): Promise<boolean> {
  const row = await db
    .selectFrom('pending_signups')
    .select(['identifier_kind', 'identifier'])
    .where('token_hash', '=', sha256Hex(token))
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst()
  if (!row) return false
  return !(await accountOf(db, { kind: row.identifier_kind, value: row.identifier }))
}

/**
 * Uses a confirmation link: the pending sign-up is claimed (deleted) and the account created in one
 * transaction, so two posts at once create one account. The other pending sign-ups for the address
 * go with it. An expired, used or unknown link, or an address that got an account meanwhile, is
 * `signup_link_invalid` and creates nothing.
 */
export async function confirmSignUp(
  db: DB,
  input: { token: string; now?: Date },
): Promise<Result<{ userId: string; language: Language }, 'signup_link_invalid'>> {
  const now = input.now ?? new Date()
  const tokenHash = sha256Hex(input.token)
  let identifier: string | undefined
  try {
    return await db.transaction().execute(async (trx) => {
      // Deleting the row is the claim: a second (or concurrent) use deletes nothing.
      const claimed = await trx
        .deleteFrom('pending_signups')
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now.toISOString())
        .returningAll()
        .executeTakeFirst()
      if (!claimed) return err('signup_link_invalid')
      identifier = claimed.identifier
      const userId = await insertAccount(trx, {
        identifier: { kind: claimed.identifier_kind, value: claimed.identifier },
        displayName: claimed.display_name,
        passwordHash: claimed.password_hash,
        preferredLanguage: claimed.preferred_language,
        // The consent was given when the form was sent, with the text shown then.
        consentGivenAt: claimed.created_at,
        consentTextVersion: claimed.consent_text_version,
      })
      await trx.deleteFrom('pending_signups').where('identifier', '=', claimed.identifier).execute()
      return ok({ userId, language: claimed.preferred_language })
    })
  } catch (error) {
    // The address got an account meanwhile (another link, a desk): nothing is created, and the
    // sign-ups still waiting for that address are of no use any more.
    if (!isUniqueViolation(error) || identifier === undefined) throw error
    await db.deleteFrom('pending_signups').where('identifier', '=', identifier).execute()
    return err('signup_link_invalid')
  }
}

/** Sign-ups never confirmed are deleted once their link has expired (the hourly retention run). */
export async function purgeExpiredSignUps(db: DB, now = new Date()): Promise<number> {
  const deleted = await db
    .deleteFrom('pending_signups')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst()
  return Number(deleted.numDeletedRows)
}
