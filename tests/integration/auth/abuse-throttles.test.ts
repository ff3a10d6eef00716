import { beforeEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../../../app/auth/password.server'
import { requestPasswordReset } from '../../../app/auth/password-reset.server'
import { checkSignUpQuota, requestSignUp } from '../../../app/auth/signup.server'
import type { DB } from '../../../app/lib/db.server'
import { action as forgotAction } from '../../../app/routes/forgot-password'
import { action as signupAction } from '../../../app/routes/signup'
import { createTestDb, onPostgres, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args } from '../../helpers/routes'

// #16.9: the anonymous forms that create accounts or send mail are limited per address (IPv6 by
// /64) and per target address (mail bombing), without revealing which accounts exist.
let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

describe('sign-up and reset throttles', () => {
  it('one address sends at most 10 sign-ups an hour; another address is not affected', async () => {
    const results = []
    for (let i = 0; i < 11; i++) results.push(await checkSignUpQuota(db, '2001:db8:5:6::1'))
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true)
    expect(results[10]).toEqual({ ok: false, error: 'rate_limited', field: 'email' })
    // The same /64 shares the budget; another network does not.
    expect(await checkSignUpQuota(db, '2001:db8:5:6:ffff::2')).toMatchObject({ error: 'rate_limited' })
    expect((await checkSignUpQuota(db, '198.51.100.9')).ok).toBe(true)
  })

  it('the sign-up route answers 429 beside the e-mail field, keeping what was typed', async () => {
    for (let i = 0; i < 10; i++) await checkSignUpQuota(db, '127.0.0.1')
    const request = await requestAs(db, null, '/signup', {
      method: 'POST',
      body: form({
        email: 'late@example.org',
        displayName: 'Late',
        password: 'long enough pw',
        passwordConfirm: 'long enough pw',
        preferredLanguage: 'es',
        consent: 'yes',
      }),
    })
    const response = (await signupAction(args(request))) as Response
    expect(response.status).toBe(429)
    const body = await response.json()
    expect(body.fieldErrors).toEqual({ email: 'rate_limited' })
    expect(body.values.displayName).toBe('Late')
  })

  it('reset links: at most 3 an hour to one address (the form answers the same), 10 requests an hour from one address', async () => {
    const u = await createUser(db)
    for (let i = 0; i < 5; i++)
      expect(
        await requestPasswordReset(db, {
          identifier: u.email,
          origin: 'http://x',
          clientAddress: `192.0.2.${i}`,
        }),
      ).toEqual({ ok: true, value: null })
    expect(await db.selectFrom('outbox').selectAll().execute()).toHaveLength(3)

    const post = async (email: string) =>
      (await forgotAction(
        args(await requestAs(db, null, '/forgot-password', { method: 'POST', body: form({ email }) })),
      )) as Response
    const statuses = []
    for (let i = 0; i < 11; i++) statuses.push((await post(`someone${i}@example.org`)).status)
    expect(statuses.slice(0, 10).every((s) => s === 302)).toBe(true)
    expect(statuses[10]).toBe(429)
  })
})

describe('forgot-password answers without revealing accounts (#16.10)', () => {
  it('the same answer for a known and an unknown address, given before the look-up; the owner still gets the link', async () => {
    const u = await createUser(db)
    const post = async (email: string, address: string) => {
      const request = await requestAs(db, null, '/forgot-password', { method: 'POST', body: form({ email }) })
      return (await forgotAction({
        ...args(request),
        context: { clientAddress: address, cspNonce: '' },
      })) as Response
    }
    const known = await post(u.email, '192.0.2.10')
    // Answered before the account was looked up: nothing is queued yet. Only provable on SQLite,
    // where every query settles in microtasks, before the look-up's setImmediate can run; on
    // PostgreSQL this read waits on the network and the look-up may win the race.
    if (!onPostgres) expect(await db.selectFrom('outbox').selectAll().execute()).toHaveLength(0)
    const unknown = await post('ghost@example.org', '192.0.2.11')
    const shape = async (r: Response) => ({
      status: r.status,
      location: r.headers.get('Location'),
      cookie: r.headers.get('Set-Cookie'),
      body: await r.text(),
    })
    expect(await shape(known)).toEqual(await shape(unknown))
    // The look-up runs after the answer: wait for the owner's message (bounded, not a fixed time).
    let queued = await db.selectFrom('outbox').select('to_address').execute()
    for (let waited = 0; queued.length === 0 && waited < 30_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      queued = await db.selectFrom('outbox').select('to_address').execute()
    }
    expect(queued.map((m) => m.to_address)).toEqual([u.email])
  })
})

describe('sign-up with an address that has an account (#16.10)', () => {
  it('tells the owner, in their language, at most 3 times an hour', async () => {
    const u = await createUser(db)
    await db.updateTable('users').set({ preferred_language: 'fr' }).where('id', '=', u.id).execute()
    const passwordHash = await hashPassword('a long password')
    for (let i = 0; i < 5; i++)
      await requestSignUp(db, {
        identifier: u.email,
        displayName: 'N',
        passwordHash,
        preferredLanguage: 'es',
        origin: 'https://mutirao.example',
      })
    const mails = await db.selectFrom('outbox').select(['to_address', 'language', 'subject']).execute()
    expect(mails).toHaveLength(3)
    expect(mails.every((m) => m.to_address === u.email && m.language === 'fr')).toBe(true)
    expect(await db.selectFrom('pending_signups').selectAll().execute()).toEqual([])
  })
})
