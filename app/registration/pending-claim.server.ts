import { randomBytes } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { readCookie } from '../auth/guards.server'
import { parseIdentifier, type Identifier } from '../auth/identifier'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { getEnv } from '../lib/env.server'
import { sha256Hex } from '../lib/hash.server'
import { keyedHash, sameHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import {
  CLAIMED,
  linkInTransaction,
  MAX_ATTEMPTS,
  verifyClaimCode,
  type ClaimFacts,
  type VerifyError,
} from './claim.server'

// No retyping after login (issue #18, ADR 021). Someone not signed in who has an account verifies
// the claim code, then must log in: the verified claim waits for them 15 minutes, server-side,
// named by a random token in a cookie of this browser (only its SHA-256 is stored; never the code,
// never the facts). Back on the claim page, signed in, one button links the registration to the
// account that logged in. The code is spent only then, in the same transaction as the link, so
// a claim completed meanwhile (another browser, the desk) leaves this one with "already claimed".
//
// The browser may be shared (a desk, a library, a relative's phone): whoever signs in next on it
// must not inherit the claim. So the hold asks for the e-mail or phone the person will sign in with
// and keeps an HMAC of it (normalised as sign-in does); only an account with that e-mail or phone
// completes the claim. Anyone else is refused and the pending claim is deleted.

export const PENDING_CLAIM_TTL_MS = 15 * 60_000

export function pendingClaimCookieName(): string {
  return getEnv().cookieSecure ? '__Host-mutirao_claim' : 'mutirao_claim'
}

export function pendingClaimCookie(token: string | null): string {
  const attrs = [
    `${pendingClaimCookieName()}=${token ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${token ? PENDING_CLAIM_TTL_MS / 1000 : 0}`,
  ]
  if (getEnv().cookieSecure) attrs.push('Secure')
  return attrs.join('; ')
}

export function pendingClaimToken(request: Request): string | null {
  const token = readCookie(request, pendingClaimCookieName())
  return token && /^[a-z2-7]{32}$/.test(token) ? token : null
}

/** The keyed hash of a normalised sign-in identifier (never the identifier itself). */
function identifierHash(id: Identifier): string {
  return keyedHash('pending-claim-identifier', `${id.kind}:${id.value}`)
}

/**
 * The facts and the code are right: the claim waits for the person to log in with `identifier`
 * (the e-mail or phone they will sign in with; the route's schema has checked its shape).
 */
export async function holdClaim(
  db: DB,
  input: ClaimFacts & { code: string; identifier: string; clientAddress: string; now?: Date },
): Promise<Result<{ token: string }, VerifyError | 'identifier_invalid'> & { retryAfterSeconds?: number }> {
  const now = input.now ?? new Date()
  const id = parseIdentifier(input.identifier)
  if (!id) return err('identifier_invalid', 'identifier')
  const verified = await verifyClaimCode(db, { ...input, now })
  if (!verified.ok) return verified
  const token = encodeBase32LowerCaseNoPadding(randomBytes(20))
  await db
    .insertInto('pending_claims')
    .values({
      token_hash: sha256Hex(token),
      registration_id: verified.value.registration.id,
      code_id: verified.value.code.id,
      identifier_hash: identifierHash(id),
      expires_at: new Date(now.getTime() + PENDING_CLAIM_TTL_MS).toISOString(),
      created_at: now.toISOString(),
    })
    .execute()
  return ok({ token })
}

/** Does this account sign in with the e-mail or phone the claim was held for? Constant time. */
async function isHolder(db: DB, userId: string, identifierHashValue: string): Promise<boolean> {
  const user = await db
    .selectFrom('users')
    .select(['email', 'phone'])
    .where('id', '=', userId)
    .executeTakeFirst()
  const ids = [user?.email, user?.phone].map((v) => (v ? parseIdentifier(v) : null))
  const matches = ids.map((id) => (id ? sameHash(identifierHash(id), identifierHashValue) : false))
  return matches.some(Boolean)
}

/**
 * The protocol of the claim waiting in this browser, to show before the person links it: only to
 * the account it was held for (someone else signed in on this browser does not see it).
 */
export async function pendingClaimOf(
  db: DB,
  input: { token: string | null; userId: string; now?: Date },
): Promise<{ protocol: string } | null> {
  if (!input.token) return null
  const row = await db
    .selectFrom('pending_claims as p')
    .innerJoin('voter_registrations as r', 'r.id', 'p.registration_id')
    .select(['r.protocol', 'p.identifier_hash'])
    .where('p.token_hash', '=', sha256Hex(input.token))
    .where('p.expires_at', '>', (input.now ?? new Date()).toISOString())
    .where('r.user_id', 'is', null)
    .executeTakeFirst()
  if (!row || !(await isHolder(db, input.userId, row.identifier_hash))) return null
  return { protocol: row.protocol }
}

export type CompleteError =
  | 'claim_pending_expired'
  | 'claim_pending_other_account'
  | 'claim_pending_code_void'
  | 'already_claimed'
  | 'already_registered'

const CODE_VOID = new Error('claim_pending_code_void')

/**
 * Links the waiting claim to the signed-in account, if its e-mail or phone is the one given at the
 * hold. Single use: the row is deleted whatever the outcome (a refusal is final for this browser;
 * the person may start again with the same code).
 */
export async function completePendingClaim(
  db: DB,
  input: { token: string | null; userId: string; now?: Date },
): Promise<Result<{ registrationId: string }, CompleteError>> {
  if (!input.token) return err('claim_pending_expired')
  const now = input.now ?? new Date()
  const tokenHash = sha256Hex(input.token)
  const pending = await db
    .deleteFrom('pending_claims')
    .where('token_hash', '=', tokenHash)
    .returning(['registration_id', 'code_id', 'identifier_hash', 'expires_at'])
    .executeTakeFirst()
  // Deleting first decides between two posts at once: only one gets the row.
  if (!pending || pending.expires_at <= now.toISOString()) return err('claim_pending_expired')
  if (!(await isHolder(db, input.userId, pending.identifier_hash))) return err('claim_pending_other_account')
  try {
    await db.transaction().execute(async (trx) => {
      // The code must still be live: not expired, not voided by wrong tries since the hold.
      const code = await trx
        .selectFrom('registration_claim_codes')
        .select(['expires_at', 'attempts', 'used_at'])
        .where('id', '=', pending.code_id)
        .executeTakeFirst()
      if (!code || code.used_at !== null) throw CLAIMED
      if (code.expires_at <= now.toISOString() || code.attempts >= MAX_ATTEMPTS) throw CODE_VOID
      const r = await trx
        .selectFrom('voter_registrations')
        .select('status')
        .where('id', '=', pending.registration_id)
        .executeTakeFirst()
      if (!r || r.status === 'erased') throw CLAIMED
      await linkInTransaction(trx, {
        registrationId: pending.registration_id,
        codeId: pending.code_id,
        userId: input.userId,
        status: r.status,
        now,
      })
    })
  } catch (error) {
    if (error === CLAIMED) return err('already_claimed')
    if (error === CODE_VOID) return err('claim_pending_code_void')
    if (isUniqueViolation(error)) return err('already_registered')
    throw error
  }
  return ok({ registrationId: pending.registration_id })
}

/** Pending claims past their 15 minutes are deleted by the hourly retention run. */
export async function purgePendingClaims(db: DB, now = new Date()): Promise<number> {
  const deleted = await db
    .deleteFrom('pending_claims')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst()
  return Number(deleted.numDeletedRows)
}

/** Logging out forgets the claim waiting in this browser: the next person to sign in here gets none. */
export async function dropPendingClaim(db: DB, token: string | null): Promise<void> {
  if (token) await db.deleteFrom('pending_claims').where('token_hash', '=', sha256Hex(token)).execute()
}
