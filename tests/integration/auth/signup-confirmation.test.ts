import { beforeEach, describe, expect, it, vi } from 'vitest'
import { hashPassword } from '../../../app/auth/password.server'
import { confirmSignUp, requestSignUp } from '../../../app/auth/signup.server'
import { validateSessionToken } from '../../../app/auth/session.server'
import { languageCookie } from '../../../app/i18n/i18n.server'
import type { DB } from '../../../app/lib/db.server'
import { runRetention } from '../../../app/registration/retention.server'
import { action as signupAction } from '../../../app/routes/signup'
import { action as confirmAction, loader as confirmLoader } from '../../../app/routes/signup_.confirm.$token'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { routeContext, settle } from '../../helpers/routes'

// #16.10: the sign-up form tells nobody whether an address has an account. Everyone gets "we sent
// a message"; a new address gets a link that creates the account, a taken one a note to its owner.
let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

const fields = (email: string, extra: Record<string, string> = {}) => ({
  email,
  displayName: 'Maria',
  password: 'long enough pw',
  passwordConfirm: 'long enough pw',
  preferredLanguage: 'es',
  consent: 'yes',
  ...extra,
})

async function postSignUp(values: Record<string, string>, clientAddress = '192.0.2.1') {
  const request = await requestAs(db, null, '/signup', { method: 'POST', body: form(values) })
  return settle(signupAction({ request, params: {}, context: { ...routeContext, clientAddress } }))
}

/** Everything a visitor can observe of an answer. */
async function observable(response: Response) {
  return {
    status: response.status,
    location: response.headers.get('Location'),
    cookies: response.headers.getSetCookie().map((c) => c.split('=')[0]),
    setCookie: response.headers.getSetCookie(),
    body: await response.text(),
  }
}

const messages = () => db.selectFrom('outbox').select(['to_address', 'language', 'subject', 'body']).execute()
const pending = () => db.selectFrom('pending_signups').selectAll().execute()
const tokenIn = (body: string) => /\/signup\/confirm\/([a-z2-7]+)/.exec(body)?.[1]

const confirmGet = async (token: string, userId: string | null = null) =>
  settle(
    confirmLoader({
      request: await requestAs(db, userId, `/signup/confirm/${token}`),
      params: { token },
      context: routeContext,
    }),
  )
const confirmPost = async (token: string, userId: string | null = null) =>
  settle(
    confirmAction({
      request: await requestAs(db, userId, `/signup/confirm/${token}`, { method: 'POST', body: form({}) }),
      params: { token },
      context: routeContext,
    }),
  )

/** Signs up `email` through the form and returns the token of the link mailed to it. */
async function signUpAndReadLink(email: string, clientAddress = '192.0.2.1') {
  const to = email.toLowerCase()
  const before = (await messages()).filter((m) => m.to_address === to).length
  await postSignUp(fields(email), clientAddress)
  let token: string | undefined
  await vi.waitFor(async () => {
    const sent = (await messages()).filter((m) => m.to_address === to)
    expect(sent.length).toBeGreaterThan(before)
    token = tokenIn(sent.at(-1)!.body)
  })
  expect(token).toBeTruthy()
  return token!
}

describe('the sign-up form answers the same for a taken and a new address (#16.10)', () => {
  it('same status, Location, cookies and body; no session; answered before any look-up', async () => {
    const owner = await createUser(db)
    const taken = await postSignUp(fields(owner.email), '192.0.2.10')
    // The answer came before the address was looked up: nothing stored or queued yet.
    expect(await messages()).toHaveLength(0)
    expect(await pending()).toHaveLength(0)
    const fresh = await postSignUp(fields('new-person@example.org'), '192.0.2.11')
    const a = await observable(taken)
    expect(a).toEqual(await observable(fresh))
    expect(a.status).toBe(302)
    expect(a.location).toBe('/signup?done=check')
    expect(a.cookies).toEqual(['lng'])
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0)
    await vi.waitFor(async () => expect(await messages()).toHaveLength(2))
  })

  it('a taken address: its owner is told, in their language, how to sign in or reset; nothing waits', async () => {
    const owner = await createUser(db)
    await db.updateTable('users').set({ preferred_language: 'fr' }).where('id', '=', owner.id).execute()
    await postSignUp(fields(owner.email.toUpperCase()))
    await vi.waitFor(async () => expect(await messages()).toHaveLength(1))
    const [mail] = await messages()
    expect(mail).toMatchObject({ to_address: owner.email, language: 'fr' })
    expect(mail.body).toContain('/login')
    expect(mail.body).toContain('/forgot-password')
    expect(tokenIn(mail.body)).toBeUndefined()
    expect(await pending()).toEqual([])
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(1)
  })

  it('a new address: a pending sign-up, a link in the chosen language; GET changes nothing; POST creates the account and signs in; the link works once', async () => {
    const token = await signUpAndReadLink('Nova@Example.org')
    const [mail] = await messages()
    expect(mail).toMatchObject({ to_address: 'nova@example.org', language: 'es' })
    const [row] = await pending()
    expect(row).toMatchObject({
      identifier_kind: 'email',
      identifier: 'nova@example.org',
      display_name: 'Maria',
    })
    expect(row.token_hash).not.toContain(token)
    expect(row.password_hash).not.toContain('long enough pw')
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(0)

    // A mail scanner fetching the link creates nothing.
    for (let i = 0; i < 3; i++) {
      const page = await confirmGet(token)
      expect(page.status).toBe(200)
      expect(await page.json()).toEqual({ usable: true })
    }
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(0)
    expect(await pending()).toHaveLength(1)

    const created = await confirmPost(token)
    expect(created.status).toBe(302)
    expect(created.headers.get('Location')).toBe('/?done=welcome')
    const cookies = created.headers.getSetCookie()
    expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['lng', 'mutirao_session'])
    expect(await languageCookie.parse(cookies.find((c) => c.startsWith('lng='))!)).toBe('es')
    const sessionToken = /mutirao_session=([a-z2-7]+)/.exec(cookies.join(';'))![1]
    const session = await validateSessionToken(db, { token: sessionToken })
    const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow()
    expect(session?.user.id).toBe(user.id)
    expect(user).toMatchObject({ email: 'nova@example.org', display_name: 'Maria', preferred_language: 'es' })
    const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()
    expect(roles).toEqual([{ role: 'resident' }])
    const consent = await db
      .selectFrom('consents')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow()
    // Consent was given when the form was sent.
    expect(consent.given_at).toBe(row.created_at)
    expect(await pending()).toEqual([])

    // Used once: the link now says so, in a page (not a 500 or a bare 404).
    expect(await (await confirmGet(token)).json()).toEqual({ usable: false })
    const again = await confirmPost(token)
    expect(again.status).toBe(409)
    expect((await again.json()).fieldErrors).toEqual({ form: 'signup_link_invalid' })
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(1)
  })

  it('a phone number gets the link by SMS', async () => {
    await postSignUp(fields('11 91234-5678'))
    await vi.waitFor(async () => expect(await messages()).toHaveLength(1))
    const sms = await db.selectFrom('outbox').select(['to_address', 'channel']).executeTakeFirstOrThrow()
    expect(sms).toEqual({ to_address: '+5511912345678', channel: 'sms' })
    expect(await pending()).toMatchObject([{ identifier_kind: 'phone', identifier: '+5511912345678' }])
  })

  it('an expired or unknown link creates nothing', async () => {
    const passwordHash = await hashPassword('long enough pw')
    await requestSignUp(db, {
      identifier: 'late@example.org',
      displayName: 'Late',
      passwordHash,
      preferredLanguage: 'pt-BR',
      origin: 'https://mutirao.example',
      now: new Date(Date.now() - 25 * 3600_000),
    })
    const token = tokenIn((await messages())[0].body)!
    expect(await (await confirmGet(token)).json()).toEqual({ usable: false })
    expect((await confirmPost(token)).status).toBe(409)
    expect(await (await confirmGet('a'.repeat(32))).json()).toEqual({ usable: false })
    expect((await confirmPost('not-a-token')).status).toBe(409)
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(0)
  })

  it('two posts of the link at once create exactly one account', async () => {
    const token = await signUpAndReadLink('twice@example.org')
    const results = await Promise.all([confirmPost(token), confirmPost(token), confirmPost(token)])
    expect(results.map((r) => r.status).sort()).toEqual([302, 409, 409])
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(1)
    expect(await db.selectFrom('consents').selectAll().execute()).toHaveLength(1)
  })

  it('an address that got an account meanwhile: the link is invalid, nothing is duplicated, its waiting sign-ups go', async () => {
    const token = await signUpAndReadLink('meanwhile@example.org')
    await createUser(db, { email: 'meanwhile@example.org' })
    expect(await (await confirmGet(token)).json()).toEqual({ usable: false })
    const r = await confirmPost(token)
    expect(r.status).toBe(409)
    expect((await r.json()).fieldErrors).toEqual({ form: 'signup_link_invalid' })
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(1)
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0)
    expect(await pending()).toEqual([])
  })

  it('several links for one address may wait; using one makes the others invalid', async () => {
    const first = await signUpAndReadLink('many@example.org', '192.0.2.20')
    const second = await signUpAndReadLink('many@example.org', '192.0.2.21')
    expect(first).not.toBe(second)
    expect(await pending()).toHaveLength(2)
    expect((await confirmPost(second)).status).toBe(302)
    expect(await pending()).toEqual([])
    expect((await confirmPost(first)).status).toBe(409)
    expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(1)
  })

  it('at most 3 confirmation messages an hour to one address (mail bombing), with the same answer', async () => {
    const statuses = []
    for (let i = 0; i < 5; i++)
      statuses.push((await postSignUp(fields('target@example.org'), `192.0.2.${30 + i}`)).status)
    expect(statuses).toEqual([302, 302, 302, 302, 302])
    await vi.waitFor(async () => expect(await messages()).toHaveLength(3))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await messages()).toHaveLength(3)
    expect(await pending()).toHaveLength(3)
  })

  it('a signed-in person visiting a link is sent home; their post is refused', async () => {
    const token = await signUpAndReadLink('someone@example.org')
    const u = await createUser(db)
    const page = await confirmGet(token, u.id)
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toBe('/')
    expect((await confirmPost(token, u.id)).status).toBe(403)
    expect(await pending()).toHaveLength(1)
  })

  it('bad input: 400 beside the field, what was typed kept, nothing sent or stored', async () => {
    const r = await postSignUp(fields('not an address', { password: 'short', passwordConfirm: 'short' }))
    expect(r.status).toBe(400)
    const body = await r.json()
    expect(body.fieldErrors.email).toBe('identifier_invalid')
    expect(body.values).toMatchObject({
      email: 'not an address',
      displayName: 'Maria',
      preferredLanguage: 'es',
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await messages()).toHaveLength(0)
    expect(await pending()).toHaveLength(0)
  })

  it('the hourly retention run deletes sign-ups whose link has expired, and only those', async () => {
    const passwordHash = await hashPassword('long enough pw')
    const ask = (identifier: string, now: Date) =>
      requestSignUp(db, {
        identifier,
        displayName: 'X',
        passwordHash,
        preferredLanguage: 'en',
        origin: 'https://mutirao.example',
        now,
      })
    const now = new Date()
    await ask('old@example.org', new Date(now.getTime() - 25 * 3600_000))
    await ask('fresh@example.org', new Date(now.getTime() - 3600_000))
    const run = await runRetention(db, now)
    expect(run.signUps).toBe(1)
    expect((await pending()).map((p) => p.identifier)).toEqual(['fresh@example.org'])
  })

  it('the domain: confirmSignUp with a used token is signup_link_invalid', async () => {
    const token = await signUpAndReadLink('domain@example.org')
    expect((await confirmSignUp(db, { token })).ok).toBe(true)
    expect(await confirmSignUp(db, { token })).toEqual({ ok: false, error: 'signup_link_invalid' })
  })
})
