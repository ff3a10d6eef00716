import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { redeemClaimCode, requestClaimCode } from '../../../app/registration/claim.server'
import {
  completePendingClaim,
  holdClaim,
  PENDING_CLAIM_TTL_MS,
  pendingClaimOf,
  purgePendingClaims,
} from '../../../app/registration/pending-claim.server'
import { action as logoutAction } from '../../../app/routes/logout'
import { action as claimAction, loader as claimLoader } from '../../../app/routes/registration.claim'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs, withCookie } from '../../helpers/factories'
import { approvedDeskRegistration, openCycle } from '../../helpers/registration'
import { routeContext, settle } from '../../helpers/routes'

// Issue #18 (ADR 021): someone not signed in who has an account verifies the claim code, logs in,
// and comes back to link the registration without typing the code again.
let db: DB
let staff: { id: string }
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
  staff = await createUser(db, { roles: ['secretariat'] })
})

let n = 0
const deskRegistration = () =>
  approvedDeskRegistration(db, {
    staffId: staff.id,
    email: `pending${++n}@example.org`,
    preferredLanguage: 'es',
  })

const address = '198.51.100.20'
const t0 = new Date('2026-12-04T12:00:00Z')
const later = (ms: number) => new Date(t0.getTime() + ms)
async function codeFor(reg: Awaited<ReturnType<typeof deskRegistration>>, now = t0) {
  await requestClaimCode(db, { ...reg.facts, clientAddress: address, now })
  const rows = await db.selectFrom('outbox').select('body').execute()
  return /\b(\d{6})\b/.exec(rows.at(-1)!.body)![1]!
}
/** A claim held for `identifier` (the e-mail or phone the person says they will sign in with). */
async function held(identifier: string) {
  const reg = await deskRegistration()
  const code = await codeFor(reg)
  const hold = await holdClaim(db, {
    ...reg.facts,
    code,
    identifier,
    clientAddress: address,
    now: later(1000),
  })
  if (!hold.ok) throw new Error(hold.error)
  return { reg, code, token: hold.value.token }
}

const userOf = async (id: string) =>
  (
    await db
      .selectFrom('voter_registrations')
      .select('user_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).user_id

describe('a verified claim waits across the login', () => {
  it('stores only a hash of the token, never the code, and completes for the account that logs in', async () => {
    const person = await createUser(db)
    const { reg, code, token } = await held(` ${person.email.toUpperCase()} `)
    const row = await db.selectFrom('pending_claims').selectAll().executeTakeFirstOrThrow()
    expect(row.token_hash).not.toBe(token)
    expect(JSON.stringify(row)).not.toContain(code)
    expect(JSON.stringify(row)).not.toContain(person.email)
    expect(row.expires_at).toBe(later(1000 + PENDING_CLAIM_TTL_MS).toISOString())
    expect(await pendingClaimOf(db, { token, userId: person.id, now: later(60_000) })).toEqual({
      protocol: reg.protocol,
    })
    // Someone else signed in on this browser is not shown it.
    expect(await pendingClaimOf(db, { token, userId: staff.id, now: later(60_000) })).toBeNull()

    expect(await completePendingClaim(db, { token, userId: person.id, now: later(60_000) })).toEqual({
      ok: true,
      value: { registrationId: reg.id },
    })
    expect(await userOf(reg.id)).toBe(person.id)
    const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', person.id).execute()
    expect(roles.map((r) => r.role)).toContain('voter')
    // Single use: the row is gone, the code spent.
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toEqual([])
    expect(await completePendingClaim(db, { token, userId: person.id, now: later(61_000) })).toEqual({
      ok: false,
      error: 'claim_pending_expired',
    })
  })

  it('a wrong code holds nothing and counts as a wrong try', async () => {
    const reg = await deskRegistration()
    const code = await codeFor(reg)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    const hold = await holdClaim(db, {
      ...reg.facts,
      code: wrong,
      identifier: 'someone@example.org',
      clientAddress: address,
      now: later(1000),
    })
    expect(hold).toEqual({ ok: false, error: 'claim_code_wrong', field: 'code' })
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toEqual([])
    const stored = await db
      .selectFrom('registration_claim_codes')
      .select('attempts')
      .executeTakeFirstOrThrow()
    expect(stored.attempts).toBe(1)
  })

  it('after 15 minutes the pending claim has expired and links nothing', async () => {
    const person = await createUser(db)
    const { reg, token } = await held(person.email)
    const at = later(1000 + PENDING_CLAIM_TTL_MS)
    expect(await pendingClaimOf(db, { token, userId: person.id, now: at })).toBeNull()
    expect(await completePendingClaim(db, { token, userId: person.id, now: at })).toEqual({
      ok: false,
      error: 'claim_pending_expired',
    })
    expect(await userOf(reg.id)).toBeNull()
    expect(await purgePendingClaims(db, at)).toBe(0) // already deleted by the attempt
  })

  it('the retention run deletes pending claims past their 15 minutes', async () => {
    await held('someone@example.org')
    expect(await purgePendingClaims(db, later(1000))).toBe(0)
    expect(await purgePendingClaims(db, later(1000 + PENDING_CLAIM_TTL_MS))).toBe(1)
  })

  it('a claim completed meanwhile with the same code (another browser) leaves this one "already claimed"', async () => {
    const person = await createUser(db)
    const { reg, code, token } = await held(person.email)
    const other = await createUser(db)
    const redeemed = await redeemClaimCode(db, {
      ...reg.facts,
      code,
      clientAddress: address,
      account: { kind: 'existing', userId: other.id },
      now: later(2000),
    })
    expect(redeemed.ok).toBe(true)
    const done = await completePendingClaim(db, { token, userId: person.id, now: later(3000) })
    expect(done.ok).toBe(false)
    expect(await userOf(reg.id)).toBe(other.id)
  })

  it('an account that already has a registration in the cycle is refused, and nothing changes', async () => {
    const person = await createUser(db)
    const { reg, token } = await held(person.email)
    const own = await deskRegistration()
    await db.updateTable('voter_registrations').set({ user_id: person.id }).where('id', '=', own.id).execute()
    expect(await completePendingClaim(db, { token, userId: person.id, now: later(2000) })).toEqual({
      ok: false,
      error: 'already_registered',
    })
    expect(await userOf(reg.id)).toBeNull()
    // The code is not spent: the person can still claim with another account.
    const codes = await db.selectFrom('registration_claim_codes').select('used_at').execute()
    expect(codes.every((c) => c.used_at === null)).toBe(true)
  })

  it('two completions at once (two tabs): one links, the other is told it has expired', async () => {
    const person = await createUser(db)
    const { reg, token } = await held(person.email)
    const results = await Promise.all([
      completePendingClaim(db, { token, userId: person.id, now: later(2000) }),
      completePendingClaim(db, { token, userId: person.id, now: later(2000) }),
    ])
    expect(results.map((r) => r.ok).sort()).toEqual([false, true])
    expect(await userOf(reg.id)).toBe(person.id)
  })

  it('a new code for the registration voids the pending claim that waited on the old one', async () => {
    const person = await createUser(db)
    const { reg, token } = await held(person.email)
    await requestClaimCode(db, { ...reg.facts, clientAddress: address, now: later(2000) })
    expect((await completePendingClaim(db, { token, userId: person.id, now: later(3000) })).ok).toBe(false)
    expect(await userOf(reg.id)).toBeNull()
  })
})

describe('a held claim is bound to the e-mail or phone given at the hold (a shared browser)', () => {
  it('someone else who signs in on the same browser is refused, the claim is deleted, nothing is linked', async () => {
    const holder = await createUser(db)
    const { reg, token } = await held(holder.email)
    const other = await createUser(db)
    expect(await completePendingClaim(db, { token, userId: other.id, now: later(60_000) })).toEqual({
      ok: false,
      error: 'claim_pending_other_account',
    })
    expect(await userOf(reg.id)).toBeNull()
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toEqual([])
    const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', other.id).execute()
    expect(roles.map((r) => r.role)).not.toContain('voter')
    // Deleted: not even the right person can finish it now (they start again with the same code).
    expect((await completePendingClaim(db, { token, userId: holder.id, now: later(61_000) })).ok).toBe(false)
    const codes = await db.selectFrom('registration_claim_codes').select('used_at').execute()
    expect(codes.every((c) => c.used_at === null)).toBe(true)
  })

  it('a phone typed as people type it matches the account that signs in with that phone', async () => {
    const holder = await createUser(db, { email: '+55 11 91234-5678' })
    const { reg, token } = await held('(11) 91234-5678')
    expect((await completePendingClaim(db, { token, userId: holder.id, now: later(60_000) })).ok).toBe(true)
    expect(await userOf(reg.id)).toBe(holder.id)
  })

  it('an identifier that is neither an e-mail nor a phone holds nothing', async () => {
    const reg = await deskRegistration()
    const code = await codeFor(reg)
    expect(
      await holdClaim(db, {
        ...reg.facts,
        code,
        identifier: 'nobody',
        clientAddress: address,
        now: later(1000),
      }),
    ).toEqual({ ok: false, error: 'identifier_invalid', field: 'identifier' })
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toEqual([])
  })

  it('the right code at the hold does not use up a try', async () => {
    const holder = await createUser(db)
    await held(holder.email)
    const stored = await db
      .selectFrom('registration_claim_codes')
      .select('attempts')
      .executeTakeFirstOrThrow()
    expect(stored.attempts).toBe(0)
  })
})

describe('a held claim needs its code still live', () => {
  it('a code voided by five wrong tries after the hold links nothing', async () => {
    const holder = await createUser(db)
    const { reg, code, token } = await held(holder.email)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 5; i++)
      await redeemClaimCode(db, {
        ...reg.facts,
        code: wrong,
        clientAddress: '203.0.113.9',
        account: { kind: 'existing', userId: staff.id },
        now: later(2000 + i * 61_000),
      })
    expect(await completePendingClaim(db, { token, userId: holder.id, now: later(6 * 61_000) })).toEqual({
      ok: false,
      error: 'claim_pending_code_void',
    })
    expect(await userOf(reg.id)).toBeNull()
  })

  it('a code that expired while the claim waited links nothing', async () => {
    const holder = await createUser(db)
    const { reg, token } = await held(holder.email)
    // The sent code works 30 minutes from t0; the hold was at t0 + 1 s. Pretend it expires sooner.
    await db
      .updateTable('registration_claim_codes')
      .set({ expires_at: later(5000).toISOString() })
      .execute()
    expect(await completePendingClaim(db, { token, userId: holder.id, now: later(6000) })).toEqual({
      ok: false,
      error: 'claim_pending_code_void',
    })
    expect(await userOf(reg.id)).toBeNull()
  })
})

describe('the routes, without JavaScript', () => {
  const post = async (userId: string | null, values: Record<string, string>, cookie?: string) => {
    const request = await requestAs(db, userId, '/registration/claim', { method: 'POST', body: form(values) })
    return settle(
      claimAction({
        request: cookie ? withCookie(request, cookie) : request,
        params: {},
        context: { ...routeContext, clientAddress: address },
      }),
    )
  }
  const load = async (userId: string | null, cookie?: string) => {
    const request = await requestAs(db, userId, '/registration/claim')
    return settle(
      claimLoader({
        request: cookie ? withCookie(request, cookie) : request,
        params: {},
        context: routeContext,
      }),
    )
  }

  it('"sign in and link" sends the person to log in with a cookie; back signed in, one post links the registration', async () => {
    const reg = await deskRegistration()
    const code = await codeFor(reg, new Date())
    const person = await createUser(db)
    const hold = await post(null, { intent: 'hold', ...reg.facts, code, identifier: person.email })
    expect(hold.status).toBe(302)
    expect(hold.headers.get('Location')).toBe('/login?redirectTo=%2Fregistration%2Fclaim')
    const setCookie = hold.headers.get('Set-Cookie')!
    expect(setCookie).toMatch(/^mutirao_claim=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=900/)
    expect(setCookie).not.toContain(code)
    const cookie = setCookie.split(';')[0]!

    const page = await load(person.id, cookie)
    expect(await page.json()).toEqual({ signedIn: true, pending: { protocol: reg.protocol } })
    // Not signed in, the page shows nothing of it.
    expect((await (await load(null, cookie)).json()).pending).toBeNull()
    // Another browser (no cookie) has nothing to complete.
    const elsewhere = await post(person.id, { intent: 'complete' })
    expect(elsewhere.status).toBe(409)
    expect((await elsewhere.json()).fieldErrors).toEqual({ form: 'claim_pending_expired' })

    const done = await post(person.id, { intent: 'complete' }, cookie)
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/registration/claim?done=linked')
    expect(done.headers.get('Set-Cookie')).toMatch(/^mutirao_claim=; .*Max-Age=0/)
    expect(await userOf(reg.id)).toBe(person.id)
  })

  it('a wrong code on "sign in and link" is answered beside the code field, values kept', async () => {
    const reg = await deskRegistration()
    const code = await codeFor(reg, new Date())
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    const response = await post(null, {
      intent: 'hold',
      ...reg.facts,
      code: wrong,
      identifier: 'a@example.org',
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.fieldErrors).toEqual({ code: 'claim_code_wrong' })
    expect(body.values.protocol).toBe(reg.facts.protocol)
  })

  it('"sign in and link" needs the e-mail or phone, answered beside its field, other values kept', async () => {
    const reg = await deskRegistration()
    const code = await codeFor(reg, new Date())
    for (const [identifier, error] of [
      [undefined, 'required'],
      ['not an address', 'identifier_invalid'],
    ] as const) {
      const values: Record<string, string> = { intent: 'hold', ...reg.facts, code }
      if (identifier !== undefined) values.identifier = identifier
      const response = await post(null, values)
      expect(response.status).toBe(400)
      const body = await response.json()
      expect(body.fieldErrors).toEqual({ identifier: error })
      expect(body.values.protocol).toBe(reg.facts.protocol)
    }
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toEqual([])
  })

  it('another person signed in on the same browser is refused with a message, and the claim is gone', async () => {
    const reg = await deskRegistration()
    const code = await codeFor(reg, new Date())
    const holder = await createUser(db)
    const hold = await post(null, { intent: 'hold', ...reg.facts, code, identifier: holder.email })
    const cookie = hold.headers.get('Set-Cookie')!.split(';')[0]!
    const other = await createUser(db)
    // The other person is not shown the waiting claim (nor its protocol)...
    expect((await (await load(other.id, cookie)).json()).pending).toBeNull()
    // ...and a post of the link button anyway is refused.
    const response = await post(other.id, { intent: 'complete' }, cookie)
    expect(response.status).toBe(409)
    expect((await response.json()).fieldErrors).toEqual({ form: 'claim_pending_other_account' })
    expect(await userOf(reg.id)).toBeNull()
    expect((await (await load(holder.id, cookie)).json()).pending).toBeNull()
  })

  it('completing needs a signed-in person', async () => {
    const { token } = await held('someone@example.org')
    const response = await post(null, { intent: 'complete' }, `mutirao_claim=${token}`)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toHaveLength(1)
  })

  it('logging out forgets the claim waiting on this browser: the next person to sign in here gets nothing', async () => {
    const holder = await createUser(db)
    const { reg, token } = await held(holder.email)
    const cookie = `mutirao_claim=${token}`
    const out = await settle(
      logoutAction({
        request: withCookie(await requestAs(db, null, '/logout', { method: 'POST' }), cookie),
        params: {},
        context: routeContext,
      }),
    )
    expect(out.headers.get('Set-Cookie')).toContain('mutirao_claim=; ')
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toEqual([])
    expect((await post(holder.id, { intent: 'complete' }, cookie)).status).toBe(409)
    expect(await userOf(reg.id)).toBeNull()
  })
})
