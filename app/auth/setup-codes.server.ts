import { randomInt } from 'node:crypto'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId } from '../lib/ids.server'
import { keyedHash, sameHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import { parseIdentifier } from './identifier'
import { hashPassword } from './password.server'
import { invalidateResetTokens } from './reset-tokens.server'
import { createSession, invalidateUserSessions } from './session.server'
import { addressGroup, consumeQuota, type QuotaPolicy } from './throttle.server'

// A code to set the password (issue #18, ADR 021). The desk creates an account without a password,
// so nobody at the desk sees or types it, and prints a one-time code on the receipt; the person
// chooses the password later at /account/setup with the account's e-mail or phone and the code,
// and is signed in. Until then the account has no password and no password signs it in.
//
// Threat model: the code is the only secret (the identifier is the contact on the receipt, which
// others may know), so it is longer than the 6-digit codes that stand behind three more facts: 8
// digits, HMAC under the server secret bound to the account, compared in constant time, single
// use, void after 5 wrong tries (each try spent before the comparison, however many arrive at
// once), 30 tries an hour per address whatever the account. Every failure answers the same
// (`setup_code_invalid`): the form tells nobody which contacts have accounts waiting.

export const SETUP_CODE_TTL_MS = 30 * 24 * 60 * 60_000
export const MAX_SETUP_ATTEMPTS = 5
export const SETUP_CODE_DIGITS = 8
/** Setup codes tried from one address (or IPv6 /64) per hour, whatever the account. */
const SETUP_TRIES_PER_ADDRESS: QuotaPolicy = { limit: 30, windowMs: 60 * 60_000 }

function codeHash(userId: string, code: string): string {
  return keyedHash('account-setup-code', `${userId}:${code}`)
}

/**
 * A new setup code for an account that has no password, inside the caller's transaction; the
 * previous unused one is void. The code is returned once, to be printed; only its HMAC is kept.
 */
export async function issueSetupCode(
  trx: DB,
  input: { userId: string; now: Date },
): Promise<{ code: string; expiresAt: string }> {
  const code = String(randomInt(0, 10 ** SETUP_CODE_DIGITS)).padStart(SETUP_CODE_DIGITS, '0')
  const expiresAt = new Date(input.now.getTime() + SETUP_CODE_TTL_MS).toISOString()
  await trx
    .deleteFrom('account_setup_codes')
    .where('user_id', '=', input.userId)
    .where('used_at', 'is', null)
    .execute()
  await trx
    .insertInto('account_setup_codes')
    .values({
      id: newId(),
      user_id: input.userId,
      code_hash: codeHash(input.userId, code),
      expires_at: expiresAt,
      attempts: 0,
      used_at: null,
      created_at: input.now.toISOString(),
    })
    .execute()
  return { code, expiresAt }
}

export type SetupError = 'setup_code_invalid' | 'rate_limited'

/**
 * The person chooses the password with the account's identifier and the code, and is signed in.
 * Only an account that still has no password can be set up this way (a password once chosen is
 * changed with the old one, or reset through the contact).
 */
export async function setPasswordWithCode(
  db: DB,
  input: { identifier: string; code: string; password: string; clientAddress: string; now?: Date },
): Promise<
  Result<{ userId: string; session: { token: string; expiresAt: Date; persistent: boolean } }, SetupError>
> {
  const now = input.now ?? new Date()
  const at = now.toISOString()
  const quotaKey = `setup-code:ip:${keyedHash('setup-code-ip', addressGroup(input.clientAddress))}`
  if (await consumeQuota(db, quotaKey, SETUP_TRIES_PER_ADDRESS, now)) return err('rate_limited', 'code')
  // Hashed first, whatever happens next: the answer takes as long for an unknown account.
  const passwordHash = await hashPassword(input.password)
  const invalid = err('setup_code_invalid', 'code')
  const id = parseIdentifier(input.identifier)
  if (!id || !new RegExp(`^\\d{${SETUP_CODE_DIGITS}}$`).test(input.code)) return invalid
  const user = await db
    .selectFrom('users')
    .select('id')
    .where(id.kind === 'email' ? 'email' : 'phone', '=', id.value)
    .where('erased_at', 'is', null)
    .where('password_hash', 'is', null)
    .executeTakeFirst()
  if (!user) return invalid
  const live = await db
    .selectFrom('account_setup_codes')
    .select('id')
    .where('user_id', '=', user.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .where('attempts', '<', MAX_SETUP_ATTEMPTS)
    .executeTakeFirst()
  if (!live) return invalid
  // The try is spent before the comparison (committed on its own, whatever follows).
  const spent = await db
    .updateTable('account_setup_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', live.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .where('attempts', '<', MAX_SETUP_ATTEMPTS)
    .returning('code_hash')
    .executeTakeFirst()
  if (!spent || !sameHash(spent.code_hash, codeHash(user.id, input.code))) return invalid
  const done = await db
    .transaction()
    .execute(async (trx) => {
      // Marking the code used is the guard: a second use (or a concurrent one) updates no row.
      const used = await trx
        .updateTable('account_setup_codes')
        .set({ used_at: at })
        .where('id', '=', live.id)
        .where('used_at', 'is', null)
        .executeTakeFirst()
      if (Number(used.numUpdatedRows) !== 1) return false
      const set = await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, password_changed_at: at })
        .where('id', '=', user.id)
        .where('password_hash', 'is', null)
        .where('erased_at', 'is', null)
        .executeTakeFirst()
      if (Number(set.numUpdatedRows) !== 1) throw SET_ELSEWHERE
      await trx
        .deleteFrom('account_setup_codes')
        .where('user_id', '=', user.id)
        .where('used_at', 'is', null)
        .execute()
      await invalidateUserSessions(trx, user.id)
      await invalidateResetTokens(trx, user.id)
      await appendAudit(
        trx,
        { actorUserId: user.id, action: 'account.password.setup', entityType: 'user', entityId: user.id },
        now,
      )
      return true
    })
    .catch((error: unknown) => {
      if (error === SET_ELSEWHERE) return false
      throw error
    })
  if (!done) return invalid
  const session = await createSession(db, { userId: user.id, now })
  return ok({ userId: user.id, session })
}
const SET_ELSEWHERE = new Error('password_already_set')

/** Setup codes used or expired are deleted by the hourly retention run. */
export async function purgeSetupCodes(db: DB, now = new Date()): Promise<number> {
  const deleted = await db
    .deleteFrom('account_setup_codes')
    .where((eb) => eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', now.toISOString())]))
    .executeTakeFirst()
  return Number(deleted.numDeletedRows)
}
