import { randomBytes, randomInt } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { translatorFor } from '../i18n/i18n.server'
import type { DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { deliverPending, enqueueMessage } from '../mail/outbox.server'
import { keyedHash, sameHash } from '../lib/keyed-hash.server'
import { parseIdentifier } from './identifier'
import {
  addressGroup,
  consumeQuota,
  MAILS_PER_TARGET,
  RESET_CODE_TRIES_PER_ADDRESS,
  RESET_PER_ADDRESS,
} from './throttle.server'
import { hashPassword } from './password.server'
import { invalidateResetTokens } from './reset-tokens.server'
import { invalidateUserSessions } from './session.server'

// Forgotten passwords: a single-use link, mailed through the outbox, valid for an hour. Only the
// link's hash is stored, as with session tokens.
//
// A phone has no link to follow safely (an SMS lingers on a lock screen, is forwarded, goes through
// carriers in clear): an account reached by its phone number gets a 6-digit code instead (#18, ADR
// 019), valid ten minutes, at most five tries, one use. Only an HMAC of it is stored.
const RESET_TTL_MS = 60 * 60_000
export const RESET_CODE_TTL_MS = 10 * 60_000
export const MAX_CODE_ATTEMPTS = 5

/**
 * Answers the same whether or not the account exists, so the form never reveals which accounts
 * exist; only too many requests from one address are refused (429). Past a few messages an hour
 * to one address, nothing more is sent (mail bombing), with the same answer.
 */
export async function requestPasswordReset(
  db: DB,
  input: { identifier: string; origin: string; clientAddress?: string; now?: Date },
): Promise<Result<null, 'rate_limited'>> {
  if (input.clientAddress !== undefined) {
    const allowed = await checkResetQuota(db, input.clientAddress)
    if (!allowed.ok) return allowed
  }
  const id = parseIdentifier(input.identifier)
  if (!id) return ok(null)
  if (await consumeQuota(db, mailTargetKey(id.value), MAILS_PER_TARGET)) return ok(null)
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'phone', 'preferred_language'])
    .where(id.kind === 'email' ? 'email' : 'phone', '=', id.value)
    .where('erased_at', 'is', null)
    .executeTakeFirst()
  if (!user) return ok(null)
  if (id.kind === 'phone') {
    await sendResetCode(
      db,
      { userId: user.id, phone: id.value, language: user.preferred_language },
      input.now,
    )
    return ok(null)
  }
  const token = encodeBase32LowerCaseNoPadding(randomBytes(20))
  await db
    .insertInto('password_reset_tokens')
    .values({
      token_hash: sha256Hex(token),
      user_id: user.id,
      expires_at: new Date(Date.now() + RESET_TTL_MS).toISOString(),
    })
    .execute()
  const t = await translatorFor(user.preferred_language, 'auth')
  await enqueueMessage(db, {
    to: (user.email ?? user.phone)!,
    language: user.preferred_language,
    subject: t('reset.mailSubject'),
    body: t('reset.mailBody', { link: `${input.origin}/reset-password/${token}` }),
  })
  return ok(null)
}

/** Reset requests from one address (or IPv6 /64) are limited; the only refusal the form shows. */
export async function checkResetQuota(db: DB, clientAddress: string): Promise<Result<null, 'rate_limited'>> {
  const ipKey = `reset:ip:${keyedHash('reset-ip', addressGroup(clientAddress))}`
  return (await consumeQuota(db, ipKey, RESET_PER_ADDRESS)) ? err('rate_limited', 'email') : ok(null)
}

/** The quota key of messages sent to one address from the anonymous forms. */
export function mailTargetKey(address: string): string {
  return `mail:to:${keyedHash('mail-target', address)}`
}

export async function resetPassword(
  db: DB,
  input: { token: string; newPassword: string },
): Promise<Result<{ userId: string }, 'reset_link_invalid'>> {
  const tokenHash = sha256Hex(input.token)
  const passwordHash = await hashPassword(input.newPassword)
  return db.transaction().execute(async (trx) => {
    // Marking the token used is the guard: a second use (or a concurrent one) updates no row.
    const claimed = await trx
      .updateTable('password_reset_tokens')
      .set({ used_at: nowIso() })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso())
      .returning('user_id')
      .executeTakeFirst()
    if (!claimed) return err('reset_link_invalid')
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: nowIso() })
      .where('id', '=', claimed.user_id)
      .execute()
    await invalidateUserSessions(trx, claimed.user_id)
    // Any other link sent before (a second request, an attacker's) dies with this one.
    await invalidateResetTokens(trx, claimed.user_id)
    return ok({ userId: claimed.user_id })
  })
}

export async function isResetTokenUsable(db: DB, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('password_reset_tokens')
    .select('user_id')
    .where('token_hash', '=', sha256Hex(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst()
  return Boolean(row)
}

/** The stored form of a code: an HMAC bound to the account (a million codes hash in a moment). */
function codeHash(userId: string, code: string): string {
  return keyedHash('reset-code', `${userId}\u0000${code}`)
}

/** A new code replaces any earlier one, so the five tries are per code sent, not per code alive. */
async function sendResetCode(
  db: DB,
  input: { userId: string; phone: string; language: string },
  now = new Date(),
): Promise<void> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const t = await translatorFor(input.language, 'auth')
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('password_reset_codes').where('user_id', '=', input.userId).execute()
    await trx
      .insertInto('password_reset_codes')
      .values({
        id: newId(),
        user_id: input.userId,
        code_hash: codeHash(input.userId, code),
        attempts: 0,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + RESET_CODE_TTL_MS).toISOString(),
        used_at: null,
      })
      .execute()
    await enqueueMessage(trx, {
      to: input.phone,
      language: input.language,
      subject: t('reset.smsSubject'),
      body: t('reset.smsBody', { code }),
    })
  })
  // Sent at once rather than at the next periodic run: the code lives ten minutes.
  queueMicrotask(() => void deliverPending(db).catch(() => undefined))
}

/** Code tries from one address (or IPv6 /64) are limited, whatever number they are for. */
export async function checkResetCodeQuota(
  db: DB,
  clientAddress: string,
): Promise<Result<null, 'rate_limited'>> {
  const key = `reset-code:ip:${keyedHash('reset-code-ip', addressGroup(clientAddress))}`
  return (await consumeQuota(db, key, RESET_CODE_TRIES_PER_ADDRESS)) ? err('rate_limited', 'code') : ok(null)
}

/**
 * Sets a new password with the code sent by SMS. A wrong number, no code, a wrong, expired, used or
 * exhausted code all answer the same (`reset_code_invalid`), so the form says nothing about which
 * numbers have accounts. Every try counts against the code before it is compared: five tries at
 * most, however many arrive at once; of two right tries at once, one wins.
 */
export async function resetPasswordWithCode(
  db: DB,
  input: { phone: string; code: string; newPassword: string; now?: Date },
): Promise<Result<{ userId: string }, 'reset_code_invalid'>> {
  const now = (input.now ?? new Date()).toISOString()
  // Hashed first, whatever happens next: the answer takes as long for an unknown number.
  const passwordHash = await hashPassword(input.newPassword)
  const invalid = err('reset_code_invalid', 'code')
  const id = parseIdentifier(input.phone)
  if (!id || id.kind !== 'phone' || !/^\d{6}$/.test(input.code)) return invalid
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('phone', '=', id.value)
    .where('erased_at', 'is', null)
    .executeTakeFirst()
  if (!user) return invalid
  const live = await db
    .selectFrom('password_reset_codes')
    .select('id')
    .where('user_id', '=', user.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', MAX_CODE_ATTEMPTS)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  if (!live) return invalid
  // The try is spent before the comparison (committed on its own, whatever follows).
  const spent = await db
    .updateTable('password_reset_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', live.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', MAX_CODE_ATTEMPTS)
    .returning('code_hash')
    .executeTakeFirst()
  if (!spent || !sameHash(spent.code_hash, codeHash(user.id, input.code))) return invalid
  return db.transaction().execute(async (trx) => {
    // Marking the code used is the guard: a second use (or a concurrent one) updates no row.
    const claimed = await trx
      .updateTable('password_reset_codes')
      .set({ used_at: now })
      .where('id', '=', live.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return invalid
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: now })
      .where('id', '=', user.id)
      .execute()
    await invalidateUserSessions(trx, user.id)
    await invalidateResetTokens(trx, user.id)
    return ok({ userId: user.id })
  })
}
