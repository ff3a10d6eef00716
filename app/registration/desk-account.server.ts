import { appendAudit } from '../audit/audit.server'
import { insertAccount } from '../auth/accounts.server'
import { parseIdentifier } from '../auth/identifier'
import { hashPassword } from '../auth/password.server'
import { issueSetupCode } from '../auth/setup-codes.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { err, ok, type Result } from '../lib/result'
import { CLAIMED, contactOf, linkInTransaction } from './claim.server'

// The desk creates the account of a registration for someone who wants one (issue #18, ADR 021):
// either with a password the person types at the desk, or without one and with a code printed on
// the receipt for the person to choose the password later, away from the desk's screen and keyboard
// (app/auth/setup-codes.server.ts). The identifier is the contact on the registration. One account
// per registration (the `user_id` guard); refused when the contact already has an account (the
// person then claims with it). Audited, without codes or passwords.

export type DeskAccountError = 'not_found' | 'already_claimed' | 'no_contact' | 'identifier_taken'

type DeskAccount =
  | { password: string }
  /** No password: a code to set it, shown once to be printed. */
  | { setupCode: true }

export async function createAccountAtDesk(
  db: DB,
  input: { actorUserId: string; registrationId: string; now?: Date } & DeskAccount,
): Promise<
  Result<{ userId: string; setupCode: { code: string; expiresAt: string } | null }, DeskAccountError>
> {
  const now = input.now ?? new Date()
  const r = await db
    .selectFrom('voter_registrations')
    .select(['id', 'user_id', 'status', 'email', 'phone', 'preferred_language', 'social_name', 'full_name'])
    .where('id', '=', input.registrationId)
    .executeTakeFirst()
  if (!r || r.status === 'erased') return err('not_found')
  if (r.user_id) return err('already_claimed')
  const contact = contactOf(r)
  const id = contact ? parseIdentifier(contact) : null
  if (!id) return err('no_contact')
  const passwordHash = 'password' in input ? await hashPassword(input.password) : null
  try {
    return ok(
      await db.transaction().execute(async (trx) => {
        const userId = await insertAccount(trx, {
          identifier: id,
          displayName: r.social_name ?? r.full_name,
          passwordHash,
          preferredLanguage: r.preferred_language,
          consentGivenAt: now.toISOString(),
        })
        await linkInTransaction(trx, {
          registrationId: r.id,
          codeId: null,
          userId,
          status: r.status,
          now,
          actorUserId: input.actorUserId,
        })
        if (passwordHash) return { userId, setupCode: null }
        const setupCode = await issueSetupCode(trx, { userId, now })
        await appendAudit(
          trx,
          {
            actorUserId: input.actorUserId,
            action: 'account.setup_code.issue',
            entityType: 'user',
            entityId: userId,
          },
          now,
        )
        return { userId, setupCode }
      }),
    )
  } catch (error) {
    if (error === CLAIMED) return err('already_claimed')
    // The contact already has an account: the person claims with it (signed in) instead.
    if (isUniqueViolation(error)) return err('identifier_taken')
    throw error
  }
}

/**
 * A new setup code for a desk-created account still without a password (the paper was lost, the
 * code expired or was voided by wrong tries): the previous one is void. Audited.
 */
export async function reissueSetupCode(
  db: DB,
  input: { actorUserId: string; registrationId: string; now?: Date },
): Promise<Result<{ code: string; expiresAt: string }, 'not_found' | 'password_already_set'>> {
  const now = input.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom('voter_registrations as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.password_hash'])
      .where('r.id', '=', input.registrationId)
      .where('r.status', '!=', 'erased')
      .where('u.erased_at', 'is', null)
      .executeTakeFirst()
    if (!account) return err('not_found')
    if (account.password_hash) return err('password_already_set')
    const issued = await issueSetupCode(trx, { userId: account.id, now })
    await appendAudit(
      trx,
      {
        actorUserId: input.actorUserId,
        action: 'account.setup_code.issue',
        entityType: 'user',
        entityId: account.id,
      },
      now,
    )
    return ok(issued)
  })
}

/** What the desk can do about a code to set the password for this registration, if anything. */
export async function setupCodeOption(db: DB, registrationId: string): Promise<'create' | 'reissue' | null> {
  const r = await db
    .selectFrom('voter_registrations as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'r.status', 'r.email', 'r.phone', 'u.password_hash', 'u.erased_at'])
    .where('r.id', '=', registrationId)
    .executeTakeFirst()
  if (!r || r.status === 'erased') return null
  if (!r.user_id) return contactOf(r) ? 'create' : null
  return !r.password_hash && !r.erased_at ? 'reissue' : null
}

/**
 * The desk's one button: creates the account with a setup code when the registration has none, or
 * prints a new code for the desk-created account still waiting for its password.
 */
export async function deskSetupCode(
  db: DB,
  input: { actorUserId: string; registrationId: string; now?: Date },
): Promise<
  Result<{ code: string; expiresAt: string; identifier: string }, DeskAccountError | 'password_already_set'>
> {
  const option = await setupCodeOption(db, input.registrationId)
  if (option === 'reissue') {
    const issued = await reissueSetupCode(db, input)
    if (!issued.ok) return issued
    return ok({ ...issued.value, identifier: await identifierOf(db, input.registrationId) })
  }
  const created = await createAccountAtDesk(db, { ...input, setupCode: true })
  if (!created.ok) return created
  if (!created.value.setupCode) throw new Error('a setup code was asked for')
  return ok({ ...created.value.setupCode, identifier: await identifierOf(db, input.registrationId) })
}

/** The account's e-mail or phone, printed beside the code: what the person types with it. */
async function identifierOf(db: DB, registrationId: string): Promise<string> {
  const u = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.email', 'u.phone'])
    .where('r.id', '=', registrationId)
    .executeTakeFirstOrThrow()
  return u.email ?? u.phone ?? ''
}
