import { randomBytes } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { sha256Hex } from '../lib/hash.server'
import type { Language } from '../i18n/config'
import { translatorFor } from '../i18n/i18n.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import { enqueueMessage } from '../mail/outbox.server'
import { parseIdentifier } from './identifier'
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.server'
import { createSession, invalidateUserSessions } from './session.server'
import { ACCOUNT_POLICY, clearFailures, IP_POLICY, lockedForSeconds, recordFailure } from './throttle.server'

export const CONSENT_TEXT_VERSION = '2026-11-account-v1'

export async function signUp(
  db: DB,
  input: { identifier: string; displayName: string; password: string; preferredLanguage: Language },
): Promise<Result<{ userId: string }, 'identifier_invalid' | 'identifier_taken'>> {
  const id = parseIdentifier(input.identifier)
  if (!id) return err('identifier_invalid', 'email')
  const passwordHash = await hashPassword(input.password)
  const userId = newId()
  const now = nowIso()
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id: userId,
          email: id.kind === 'email' ? id.value : null,
          phone: id.kind === 'phone' ? id.value : null,
          display_name: input.displayName,
          password_hash: passwordHash,
          preferred_language: input.preferredLanguage,
          created_at: now,
          password_changed_at: now,
        })
        .execute()
      await trx
        .insertInto('user_roles')
        .values({ user_id: userId, role: 'resident', granted_by: null, granted_at: now })
        .execute()
      await trx
        .insertInto('consents')
        .values({
          id: newId(),
          user_id: userId,
          purpose: 'account',
          legal_basis: 'lgpd_art7_i_consent',
          text_version: CONSENT_TEXT_VERSION,
          given_at: now,
        })
        .execute()
    })
  } catch (error) {
    // The unique index decides, not a prior lookup: two sign-ups at once cannot both win.
    if (isUniqueViolation(error)) return err('identifier_taken', 'email')
    throw error
  }
  return ok({ userId })
}

type LoginError = 'invalid_credentials' | 'too_many_attempts'

export async function logIn(
  db: DB,
  input: { identifier: string; password: string; clientAddress: string },
  now = new Date(),
): Promise<
  Result<{ userId: string; token: string; expiresAt: Date; language: string }, LoginError> & {
    retryAfterSeconds?: number
  }
> {
  const id = parseIdentifier(input.identifier)
  const accountKey = `login:account:${keyedHash('login-account', id?.value ?? input.identifier.trim().toLowerCase())}`
  const ipKey = `login:ip:${keyedHash('login-ip', input.clientAddress)}`
  const wait = await lockedForSeconds(db, [accountKey, ipKey], now)
  if (wait > 0) return { ...err('too_many_attempts'), retryAfterSeconds: wait }

  const user = id
    ? await db
        .selectFrom('users')
        .select(['id', 'password_hash', 'preferred_language'])
        .where(id.kind === 'email' ? 'email' : 'phone', '=', id.value)
        .where('erased_at', 'is', null)
        .executeTakeFirst()
    : undefined
  const valid = user?.password_hash
    ? await verifyPassword(user.password_hash, input.password)
    : (await burnPasswordCheck(input.password), false)
  if (!user || !valid) {
    await recordFailure(db, accountKey, ACCOUNT_POLICY, now)
    await recordFailure(db, ipKey, IP_POLICY, now)
    return err('invalid_credentials')
  }
  await clearFailures(db, accountKey)
  const session = await createSession(db, user.id, now)
  return ok({
    userId: user.id,
    token: session.token,
    expiresAt: session.expiresAt,
    language: user.preferred_language,
  })
}

export async function changePassword(
  db: DB,
  input: { userId: string; currentPassword: string; newPassword: string },
): Promise<Result<{ token: string; expiresAt: Date }, 'wrong_password'>> {
  const user = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', input.userId)
    .executeTakeFirstOrThrow()
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    return err('wrong_password', 'currentPassword')
  }
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: nowIso() })
      .where('id', '=', input.userId)
      .execute()
    // Every other device is signed out: a changed password must lock out whoever knew the old one.
    await invalidateUserSessions(trx, input.userId)
  })
  const session = await createSession(db, input.userId)
  return ok(session)
}

const RESET_TTL_MS = 60 * 60_000

/** Always succeeds from the caller's point of view, so the form never reveals which accounts exist. */
export async function requestPasswordReset(
  db: DB,
  input: { identifier: string; origin: string },
): Promise<void> {
  const id = parseIdentifier(input.identifier)
  if (!id) return
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'phone', 'preferred_language'])
    .where(id.kind === 'email' ? 'email' : 'phone', '=', id.value)
    .where('erased_at', 'is', null)
    .executeTakeFirst()
  if (!user) return
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
