import { randomBytes } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { translatorFor } from '../i18n/i18n.server'
import type { DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'
import { nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { enqueueMessage } from '../mail/outbox.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { parseIdentifier } from './identifier'
import { addressGroup, consumeQuota, MAILS_PER_TARGET, RESET_PER_ADDRESS } from './throttle.server'
import { hashPassword } from './password.server'
import { invalidateResetTokens } from './reset-tokens.server'
import { invalidateUserSessions } from './session.server'

// Forgotten passwords: a single-use link, mailed through the outbox, valid for an hour. Only the
// link's hash is stored, as with session tokens.
const RESET_TTL_MS = 60 * 60_000

/**
 * Answers the same whether or not the account exists, so the form never reveals which accounts
 * exist; only too many requests from one address are refused (429). Past a few messages an hour
 * to one address, nothing more is sent (mail bombing), with the same answer.
 */
export async function requestPasswordReset(
  db: DB,
  input: { identifier: string; origin: string; clientAddress?: string },
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
