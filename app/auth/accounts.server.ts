import type { Language } from '../i18n/config'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import { parseIdentifier, type Identifier } from './identifier'
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.server'
import { invalidateResetTokens } from './reset-tokens.server'
import { createSession, invalidateUserSessions } from './session.server'
import {
  ACCOUNT_POLICY,
  addressGroup,
  clearFailures,
  IP_POLICY,
  RECHECK_POLICY,
  recordFailure,
  waitSeconds,
} from './throttle.server'

export const CONSENT_TEXT_VERSION = '2026-11-account-v1'

/**
 * Creates an account at once, without confirming the address: for seeds, scripts and tests. The
 * public form never calls it — it goes through `requestSignUp` (signup.server.ts), whose answer
 * does not tell whether the address already has an account (#16.10).
 */
export async function signUp(
  db: DB,
  input: { identifier: string; displayName: string; password: string; preferredLanguage: Language },
): Promise<Result<{ userId: string }, 'identifier_invalid' | 'identifier_taken'>> {
  const id = parseIdentifier(input.identifier)
  if (!id) return err('identifier_invalid', 'email')
  const passwordHash = await hashPassword(input.password)
  try {
    const userId = await db.transaction().execute((trx) =>
      insertAccount(trx, {
        identifier: id,
        displayName: input.displayName,
        passwordHash,
        preferredLanguage: input.preferredLanguage,
        consentGivenAt: nowIso(),
      }),
    )
    return ok({ userId })
  } catch (error) {
    // The unique index decides, not a prior lookup: two sign-ups at once cannot both win.
    if (isUniqueViolation(error)) return err('identifier_taken', 'email')
    throw error
  }
}

/**
 * The rows of a new account, inside the caller's transaction: the person, the resident role and
 * the consent to the account's processing (given when the form was sent). A unique violation
 * (the address has an account) is thrown for the caller to turn into its answer.
 */
export async function insertAccount(
  trx: DB,
  input: {
    identifier: Identifier
    displayName: string
    /** null: an account the desk created for the person to set up with a code (#18). */
    passwordHash: string | null
    preferredLanguage: Language
    consentGivenAt: string
    consentTextVersion?: string
  },
): Promise<string> {
  const userId = newId()
  const now = nowIso()
  await trx
    .insertInto('users')
    .values({
      id: userId,
      email: input.identifier.kind === 'email' ? input.identifier.value : null,
      phone: input.identifier.kind === 'phone' ? input.identifier.value : null,
      display_name: input.displayName,
      password_hash: input.passwordHash,
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
      text_version: input.consentTextVersion ?? CONSENT_TEXT_VERSION,
      given_at: input.consentGivenAt,
    })
    .execute()
  return userId
}

type LoginError = 'invalid_credentials' | 'too_many_attempts'

export async function logIn(
  db: DB,
  input: {
    identifier: string
    password: string
    clientAddress: string
    now?: Date
    /** false: "this is a shared computer" — a browser-session cookie and a short lifetime. */
    persistent?: boolean
  },
): Promise<
  Result<
    { userId: string; token: string; expiresAt: Date; persistent: boolean; language: string },
    LoginError
  > & {
    retryAfterSeconds?: number
  }
> {
  const now = input.now ?? new Date()
  const id = parseIdentifier(input.identifier)
  const accountKey = `login:account:${keyedHash('login-account', id?.value ?? input.identifier.trim().toLowerCase())}`
  const ipKey = `login:ip:${keyedHash('login-ip', addressGroup(input.clientAddress))}`
  // A delay, never a lock (#16.6): while a key waits, the password is not even checked (so guesses
  // stay slow), but the wait is at most a minute however many failures came before.
  const wait = await waitSeconds(db, [accountKey, ipKey], now)
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
  const session = await createSession(db, { userId: user.id, now, persistent: input.persistent ?? true })
  return ok({
    userId: user.id,
    token: session.token,
    expiresAt: session.expiresAt,
    persistent: session.persistent,
    language: user.preferred_language,
  })
}

/**
 * The password asked again before a step that cannot be undone (erasure, a password change), from
 * a session that may be stolen: wrong answers slow the next ones down like failed logins (#16.9).
 */
export async function recheckPassword(
  db: DB,
  input: { userId: string; password: string; field: string; now?: Date },
): Promise<{ ok: true } | { ok: false; error: 'wrong_password'; field: string } | TooMany> {
  const key = `recheck:user:${keyedHash('recheck-user', input.userId)}`
  const wait = await waitSeconds(db, [key], input.now)
  // Beside the password field, like a wrong password (the form keeps what was typed).
  if (wait > 0) return { ...err('too_many_attempts', input.field), retryAfterSeconds: wait }
  if (await passwordMatches(db, input)) {
    await clearFailures(db, key)
    return { ok: true }
  }
  await recordFailure(db, key, RECHECK_POLICY, input.now)
  return err('wrong_password', input.field) as { ok: false; error: 'wrong_password'; field: string }
}
type TooMany = { ok: false; error: 'too_many_attempts'; field?: string; retryAfterSeconds: number }

/** Re-authentication before a step that cannot be undone; an erased account has no password. */
export async function passwordMatches(db: DB, input: { userId: string; password: string }): Promise<boolean> {
  const { password_hash } = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', input.userId)
    .executeTakeFirstOrThrow()
  return password_hash ? verifyPassword(password_hash, input.password) : false
}

export async function changePassword(
  db: DB,
  input: { userId: string; currentPassword: string; newPassword: string; persistent?: boolean },
): Promise<Result<{ token: string; expiresAt: Date; persistent: boolean }, 'wrong_password'> | TooMany> {
  const checked = await recheckPassword(db, {
    userId: input.userId,
    password: input.currentPassword,
    field: 'currentPassword',
  })
  if (!checked.ok) return checked
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: nowIso() })
      .where('id', '=', input.userId)
      .execute()
    // Every other device is signed out: a changed password must lock out whoever knew the old one,
    // and so must a reset link mailed before the change (#16.8).
    await invalidateUserSessions(trx, input.userId)
    await invalidateResetTokens(trx, input.userId)
  })
  const session = await createSession(db, { userId: input.userId, persistent: input.persistent ?? true })
  return ok(session)
}

/** The language chosen in the picker also becomes the account's, used for messages sent to the person. */
export async function setPreferredLanguage(
  db: DB,
  input: { userId: string; language: Language },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ preferred_language: input.language })
    .where('id', '=', input.userId)
    .execute()
}
