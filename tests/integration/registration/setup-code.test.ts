import { beforeEach, describe, expect, it } from 'vitest'
import { logIn } from '../../../app/auth/accounts.server'
import { validateSessionToken } from '../../../app/auth/session.server'
import {
  MAX_SETUP_ATTEMPTS,
  purgeSetupCodes,
  setPasswordWithCode,
  SETUP_CODE_TTL_MS,
} from '../../../app/auth/setup-codes.server'
import type { DB } from '../../../app/lib/db.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import { createAccountAtDesk, deskSetupCode } from '../../../app/registration/desk-account.server'
import { action as setupAction } from '../../../app/routes/account_.setup'
import {
  action as receiptAction,
  loader as receiptLoader,
} from '../../../app/routes/staff.registrations.$id.receipt'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { approvedDeskRegistration, openCycle } from '../../helpers/registration'
import { routeContext, settle } from '../../helpers/routes'

// Issue #18 (ADR 021): the desk creates the account without a password and prints a one-time code
// on the receipt; the person chooses the password at /account/setup and is signed in.
let db: DB
let staff: { id: string }
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
  staff = await createUser(db, { roles: ['secretariat'] })
})

let n = 0
const deskRegistration = ({ phone }: { phone?: string } = {}) =>
  approvedDeskRegistration(db, {
    staffId: staff.id,
    email: phone ? undefined : `setup${++n}@example.org`,
    phone,
    preferredLanguage: 'ht',
  })

const address = '203.0.113.9'
const t0 = new Date('2026-12-04T12:00:00Z')
const later = (ms: number) => new Date(t0.getTime() + ms)
const PASSWORD = 'chosen at home'

async function withSetupCode() {
  const reg = await deskRegistration()
  const issued = await deskSetupCode(db, { actorUserId: staff.id, registrationId: reg.id, now: t0 })
  if (!issued.ok) throw new Error(issued.error)
  return { reg, ...issued.value }
}
const setUp = (identifier: string, code: string, now = later(60_000), password = PASSWORD) =>
  setPasswordWithCode(db, { identifier, code, password, clientAddress: address, now })
const wrong = (code: string) => String((Number(code) + 1) % 100_000_000).padStart(8, '0')
const accountOf = async (registrationId: string) =>
  db
    .selectFrom('voter_registrations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.password_hash', 'u.email'])
    .where('r.id', '=', registrationId)
    .executeTakeFirstOrThrow()
const signIn = (identifier: string, password: string) =>
  logIn(db, { identifier, password, clientAddress: '192.0.2.50' })

describe('the desk creates an account with a code to set the password', () => {
  it('creates the account without a password, linked and a voter, with an 8-digit code kept only as an HMAC; audited without the code', async () => {
    const { reg, code, expiresAt, identifier } = await withSetupCode()
    expect(code).toMatch(/^\d{8}$/)
    expect(identifier).toBe(reg.email)
    expect(expiresAt).toBe(later(SETUP_CODE_TTL_MS).toISOString())
    const account = await accountOf(reg.id)
    expect(account.password_hash).toBeNull()
    const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', account.id).execute()
    expect(roles.map((r) => r.role)).toEqual(expect.arrayContaining(['resident', 'voter']))
    const stored = await db.selectFrom('account_setup_codes').selectAll().executeTakeFirstOrThrow()
    expect(stored.code_hash).not.toContain(code)
    const audit = await db.selectFrom('audit_log').selectAll().execute()
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['registration.account.create', 'account.setup_code.issue']),
    )
    expect(JSON.stringify(audit)).not.toContain(code)
  })

  it('until the password is set, no password signs the account in', async () => {
    const { identifier } = await withSetupCode()
    expect((await signIn(identifier, '')).ok).toBe(false)
    expect((await signIn(identifier, 'anything at all')).ok).toBe(false)
  })

  it('the right code sets the password once and signs the person in; the password then works, the code never again', async () => {
    const { reg, code, identifier } = await withSetupCode()
    const set = await setUp(identifier.toUpperCase(), `${code.slice(0, 4)}${code.slice(4)}`)
    expect(set.ok).toBe(true)
    if (!set.ok) throw new Error(set.error)
    const session = await validateSessionToken(db, { token: set.value.session.token })
    expect(session?.user.id).toBe((await accountOf(reg.id)).id)
    expect((await signIn(identifier, PASSWORD)).ok).toBe(true)
    // Reused: refused, and the password stays the one chosen.
    expect(await setUp(identifier, code, later(120_000), 'someone else pw')).toEqual({
      ok: false,
      error: 'setup_code_invalid',
      field: 'code',
    })
    expect((await signIn(identifier, PASSWORD)).ok).toBe(true)
    expect((await db.selectFrom('audit_log').select('action').execute()).map((a) => a.action)).toContain(
      'account.password.setup',
    )
  })

  it('a wrong code is refused; five wrong codes void the code, and then even the right one fails', async () => {
    const { code, identifier } = await withSetupCode()
    for (let i = 0; i < MAX_SETUP_ATTEMPTS; i++)
      expect(await setUp(identifier, wrong(code))).toEqual({
        ok: false,
        error: 'setup_code_invalid',
        field: 'code',
      })
    expect((await setUp(identifier, code)).ok).toBe(false)
    expect((await signIn(identifier, PASSWORD)).ok).toBe(false)
  })

  it('an expired code is refused with the same answer as a wrong one, and a new code from the desk works', async () => {
    const { reg, code, identifier } = await withSetupCode()
    const expired = await setUp(identifier, code, later(SETUP_CODE_TTL_MS + 1))
    expect(expired).toEqual({ ok: false, error: 'setup_code_invalid', field: 'code' })
    const again = await deskSetupCode(db, {
      actorUserId: staff.id,
      registrationId: reg.id,
      now: later(SETUP_CODE_TTL_MS + 2),
    })
    if (!again.ok) throw new Error(again.error)
    expect((await setUp(identifier, again.value.code, later(SETUP_CODE_TTL_MS + 3))).ok).toBe(true)
  })

  it('a new code voids the previous one', async () => {
    const { reg, code, identifier } = await withSetupCode()
    const again = await deskSetupCode(db, { actorUserId: staff.id, registrationId: reg.id, now: t0 })
    if (!again.ok) throw new Error(again.error)
    expect((await setUp(identifier, code)).ok).toBe(false)
    expect((await setUp(identifier, again.value.code)).ok).toBe(true)
  })

  it('an unknown identifier, an account with a password and a wrong code all answer the same', async () => {
    const { code } = await withSetupCode()
    const someone = await createUser(db)
    const answers = [
      await setUp('nobody@example.org', code),
      await setUp(someone.email, code),
      await setUp('not an identifier', code),
    ]
    for (const a of answers) expect(a).toEqual({ ok: false, error: 'setup_code_invalid', field: 'code' })
    expect((await signIn(someone.email, someone.password)).ok).toBe(true)
  })

  it('two right posts at once: one sets the password, the other is refused', async () => {
    const { code, identifier } = await withSetupCode()
    const [a, b] = await Promise.all([
      setUp(identifier, code, later(1000), 'first password'),
      setUp(identifier, code, later(1000), 'second password'),
    ])
    expect([a.ok, b.ok].sort()).toEqual([false, true])
    const winner = a.ok ? 'first password' : 'second password'
    expect((await signIn(identifier, winner)).ok).toBe(true)
  })

  it('the desk cannot print a setup code once the password is set, nor for a registration claimed with a password', async () => {
    const { reg, code, identifier } = await withSetupCode()
    await setUp(identifier, code)
    expect(await deskSetupCode(db, { actorUserId: staff.id, registrationId: reg.id })).toEqual({
      ok: false,
      error: 'already_claimed',
    })
    const other = await deskRegistration()
    await createAccountAtDesk(db, {
      actorUserId: staff.id,
      registrationId: other.id,
      password: 'typed at desk',
    })
    expect((await deskSetupCode(db, { actorUserId: staff.id, registrationId: other.id })).ok).toBe(false)
  })

  it('a phone-only registration gets an account signed in with the phone', async () => {
    const reg = await deskRegistration({ phone: '+55 11 91234-5678' })
    const issued = await deskSetupCode(db, { actorUserId: staff.id, registrationId: reg.id, now: t0 })
    if (!issued.ok) throw new Error(issued.error)
    expect(issued.value.identifier).toBe('+5511912345678')
    expect((await setUp('(11) 91234-5678', issued.value.code)).ok).toBe(true)
  })

  it('erasing the account removes its pending setup code, and the code no longer works', async () => {
    const { reg, code, identifier } = await withSetupCode()
    await eraseAccount(db, (await accountOf(reg.id)).id)
    expect(await db.selectFrom('account_setup_codes').selectAll().execute()).toEqual([])
    expect((await setUp(identifier, code)).ok).toBe(false)
  })

  it('a used code is deleted at once; the retention run deletes expired codes, not live ones', async () => {
    await withSetupCode()
    const used = await withSetupCode()
    await setUp(used.identifier, used.code)
    expect(await db.selectFrom('account_setup_codes').selectAll().execute()).toHaveLength(1)
    expect(await purgeSetupCodes(db, later(60_000 * 5))).toBe(0)
    expect(await purgeSetupCodes(db, later(SETUP_CODE_TTL_MS))).toBe(1)
  })
})

describe('the routes', () => {
  const post = async (
    action: typeof setupAction,
    url: string,
    userId: string | null,
    values: Record<string, string>,
    params = {},
  ) =>
    settle(
      action({
        request: await requestAs(db, userId, url, { method: 'POST', body: form(values) }),
        params,
        context: { ...routeContext, clientAddress: address },
      }),
    )

  it('the receipt offers the setup code to the secretariat, shows it once, and /account/setup signs the person in', async () => {
    const reg = await deskRegistration()
    const url = `/staff/registrations/${reg.id}/receipt`
    const page = await settle(
      receiptLoader({
        request: await requestAs(db, staff.id, url),
        params: { id: reg.id },
        context: routeContext,
      }),
    )
    expect((await page.json()).setupOption).toBe('create')
    const printed = await post(receiptAction, url, staff.id, { intent: 'setup_code' }, { id: reg.id })
    expect(printed.status).toBe(200)
    const { setup } = await printed.json()
    expect(setup.identifier).toBe(reg.email)

    const refused = await post(setupAction, '/account/setup', null, {
      email: reg.email!,
      code: wrong(setup.code),
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    })
    expect(refused.status).toBe(400)
    const body = await refused.json()
    expect(body.fieldErrors).toEqual({ code: 'setup_code_invalid' })
    expect(body.values.email).toBe(reg.email)
    expect(body.values.password).toBeUndefined()

    const done = await post(setupAction, '/account/setup', null, {
      email: reg.email!,
      code: `${setup.code.slice(0, 4)} ${setup.code.slice(4)}`,
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/account/setup?done=password_set')
    expect(done.headers.get('Set-Cookie')).toMatch(/^mutirao_session=/)
  })

  it('a malformed code is answered beside the field without touching the account', async () => {
    const { code, identifier } = await withSetupCode()
    const response = await post(setupAction, '/account/setup', null, {
      email: identifier,
      code: 'abc',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    })
    expect(response.status).toBe(400)
    expect((await response.json()).fieldErrors).toEqual({ code: 'setup_code_format' })
    expect((await setUp(identifier, code)).ok).toBe(true)
  })

  it('only the secretariat prints a setup code', async () => {
    const reg = await deskRegistration()
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const url = `/staff/registrations/${reg.id}/receipt`
    const refused = await post(receiptAction, url, commission.id, { intent: 'setup_code' }, { id: reg.id })
    expect(refused.status).toBe(403)
    expect(await db.selectFrom('account_setup_codes').selectAll().execute()).toEqual([])
  })
})
