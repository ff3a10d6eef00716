import { randomBytes } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { readCookie } from '../auth/guards.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { getEnv } from '../lib/env.server'
import { sha256Hex } from '../lib/hash.server'
import { err, ok, type Result } from '../lib/result'
import {
  CLAIMED,
  linkInTransaction,
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

/** The facts and the code are right: the claim waits for the person to log in. */
export async function holdClaim(
  db: DB,
  input: ClaimFacts & { code: string; clientAddress: string; now?: Date },
): Promise<Result<{ token: string }, VerifyError> & { retryAfterSeconds?: number }> {
  const now = input.now ?? new Date()
  const verified = await verifyClaimCode(db, { ...input, now })
  if (!verified.ok) return verified
  const token = encodeBase32LowerCaseNoPadding(randomBytes(20))
  await db
    .insertInto('pending_claims')
    .values({
      token_hash: sha256Hex(token),
      registration_id: verified.value.registration.id,
      code_id: verified.value.code.id,
      expires_at: new Date(now.getTime() + PENDING_CLAIM_TTL_MS).toISOString(),
      created_at: now.toISOString(),
    })
    .execute()
  return ok({ token })
}

/** The protocol of the claim waiting in this browser, to show before the person links it. */
export async function pendingClaimOf(
  db: DB,
  input: { token: string | null; now?: Date },
): Promise<{ protocol: string } | null> {
  if (!input.token) return null
  const row = await db
    .selectFrom('pending_claims as p')
    .innerJoin('voter_registrations as r', 'r.id', 'p.registration_id')
    .select('r.protocol')
    .where('p.token_hash', '=', sha256Hex(input.token))
    .where('p.expires_at', '>', (input.now ?? new Date()).toISOString())
    .where('r.user_id', 'is', null)
    .executeTakeFirst()
  return row ?? null
}

export type CompleteError = 'claim_pending_expired' | 'already_claimed' | 'already_registered'

/**
 * Links the waiting claim to the signed-in account. Single use: the row is deleted whatever the
 * outcome (a refusal is final for this browser; the person may start again with the same code).
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
    .returning(['registration_id', 'code_id', 'expires_at'])
    .executeTakeFirst()
  // Deleting first decides between two posts at once: only one gets the row.
  if (!pending || pending.expires_at <= now.toISOString()) return err('claim_pending_expired')
  try {
    await db.transaction().execute(async (trx) => {
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
