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
async function held() {
  const reg = await deskRegistration()
  const code = await codeFor(reg)
  const hold = await holdClaim(db, { ...reg.facts, code, clientAddress: address, now: later(1000) })
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
    const { reg, code, token } = await held()
    const row = await db.selectFrom('pending_claims').selectAll().executeTakeFirstOrThrow()
    expect(row.token_hash).not.toBe(token)
    expect(JSON.stringify(row)).not.toContain(code)
    expect(row.expires_at).toBe(later(1000 + PENDING_CLAIM_TTL_MS).toISOString())
    expect(await pendingClaimOf(db, { token, now: later(60_000) })).toEqual({ protocol: reg.protocol })

    const person = await createUser(db)
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
    const hold = await holdClaim(db, { ...reg.facts, code: wrong, clientAddress: address, now: later(1000) })
    expect(hold).toEqual({ ok: false, error: 'claim_code_wrong', field: 'code' })
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toEqual([])
    const stored = await db
      .selectFrom('registration_claim_codes')
      .select('attempts')
      .executeTakeFirstOrThrow()
    expect(stored.attempts).toBe(1)
  })

  it('after 15 minutes the pending claim has expired and links nothing', async () => {
    const { reg, token } = await held()
    const person = await createUser(db)
    const at = later(1000 + PENDING_CLAIM_TTL_MS)
    expect(await pendingClaimOf(db, { token, now: at })).toBeNull()
    expect(await completePendingClaim(db, { token, userId: person.id, now: at })).toEqual({
      ok: false,
      error: 'claim_pending_expired',
    })
    expect(await userOf(reg.id)).toBeNull()
    expect(await purgePendingClaims(db, at)).toBe(0) // already deleted by the attempt
  })

  it('the retention run deletes pending claims past their 15 minutes', async () => {
    await held()
    expect(await purgePendingClaims(db, later(1000))).toBe(0)
    expect(await purgePendingClaims(db, later(1000 + PENDING_CLAIM_TTL_MS))).toBe(1)
  })

  it('a claim completed meanwhile with the same code (another browser) leaves this one "already claimed"', async () => {
    const { reg, code, token } = await held()
    const other = await createUser(db)
    const redeemed = await redeemClaimCode(db, {
      ...reg.facts,
      code,
      clientAddress: address,
      account: { kind: 'existing', userId: other.id },
      now: later(2000),
    })
    expect(redeemed.ok).toBe(true)
    const person = await createUser(db)
    const done = await completePendingClaim(db, { token, userId: person.id, now: later(3000) })
    expect(done.ok).toBe(false)
    expect(await userOf(reg.id)).toBe(other.id)
  })

  it('an account that already has a registration in the cycle is refused, and nothing changes', async () => {
    const { reg, token } = await held()
    const person = await createUser(db)
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
    const { reg, token } = await held()
    const person = await createUser(db)
    const results = await Promise.all([
      completePendingClaim(db, { token, userId: person.id, now: later(2000) }),
      completePendingClaim(db, { token, userId: person.id, now: later(2000) }),
    ])
    expect(results.map((r) => r.ok).sort()).toEqual([false, true])
    expect(await userOf(reg.id)).toBe(person.id)
  })

  it('a new code for the registration voids the pending claim that waited on the old one', async () => {
    const { reg, token } = await held()
    await requestClaimCode(db, { ...reg.facts, clientAddress: address, now: later(2000) })
    const person = await createUser(db)
    expect((await completePendingClaim(db, { token, userId: person.id, now: later(3000) })).ok).toBe(false)
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
    const hold = await post(null, { intent: 'hold', ...reg.facts, code })
    expect(hold.status).toBe(302)
    expect(hold.headers.get('Location')).toBe('/login?redirectTo=%2Fregistration%2Fclaim')
    const setCookie = hold.headers.get('Set-Cookie')!
    expect(setCookie).toMatch(/^mutirao_claim=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=900/)
    expect(setCookie).not.toContain(code)
    const cookie = setCookie.split(';')[0]!

    const person = await createUser(db)
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
    const response = await post(null, { intent: 'hold', ...reg.facts, code: wrong })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.fieldErrors).toEqual({ code: 'claim_code_wrong' })
    expect(body.values.protocol).toBe(reg.facts.protocol)
  })

  it('completing needs a signed-in person', async () => {
    const { token } = await held()
    const response = await post(null, { intent: 'complete' }, `mutirao_claim=${token}`)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    expect(await db.selectFrom('pending_claims').selectAll().execute()).toHaveLength(1)
  })

  it('logging out forgets the claim waiting on this browser: the next person to sign in here gets nothing', async () => {
    const { reg, token } = await held()
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
    const next = await createUser(db)
    expect((await post(next.id, { intent: 'complete' }, cookie)).status).toBe(409)
    expect(await userOf(reg.id)).toBeNull()
  })
})
