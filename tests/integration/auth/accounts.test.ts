import { beforeEach, describe, expect, it } from 'vitest'
import { changePassword, logIn, signUp } from '../../../app/auth/accounts.server'
import {
  isResetTokenUsable,
  requestPasswordReset,
  resetPassword,
} from '../../../app/auth/password-reset.server'
import { validateSessionToken } from '../../../app/auth/session.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

const ip = '203.0.113.7'

describe('sign-up', () => {
  it('creates a resident account with a consent record and a hashed password', async () => {
    const r = await signUp(db, {
      identifier: 'Ana@Example.org',
      displayName: 'Ana',
      password: 'a long password',
      preferredLanguage: 'es',
    })
    expect(r.ok).toBe(true)
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'ana@example.org')
      .executeTakeFirstOrThrow()
    expect(user.password_hash).toMatch(/^\$argon2id\$/)
    expect(user.preferred_language).toBe('es')
    const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()
    expect(roles.map((x) => x.role)).toEqual(['resident'])
    const consents = await db.selectFrom('consents').selectAll().where('user_id', '=', user.id).execute()
    expect(consents).toHaveLength(1)
    expect(consents[0].legal_basis).toBe('lgpd_art7_i_consent')
  })

  it('refuses a second account with the same e-mail, whatever its case', async () => {
    await signUp(db, {
      identifier: 'ana@example.org',
      displayName: 'Ana',
      password: 'a long password',
      preferredLanguage: 'es',
    })
    const r = await signUp(db, {
      identifier: 'ANA@example.org',
      displayName: 'Other',
      password: 'another password',
      preferredLanguage: 'fr',
    })
    expect(r).toMatchObject({ ok: false, error: 'identifier_taken', field: 'email' })
  })

  it('two simultaneous sign-ups with one phone number create exactly one account', async () => {
    const attempt = () =>
      signUp(db, {
        identifier: '11 91234-5678',
        displayName: 'X',
        password: 'a long password',
        preferredLanguage: 'pt-BR',
      })
    const results = await Promise.all([attempt(), attempt(), attempt()])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.error === 'identifier_taken')).toHaveLength(2)
    const count = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phone', '=', '+5511912345678')
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(1)
  })
})

describe('log-in', () => {
  it('accepts the right password and creates a session whose token is not stored', async () => {
    const u = await createUser(db)
    const r = await logIn(db, { identifier: u.email, password: u.password, clientAddress: ip })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const stored = await db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()
    expect(stored).toHaveLength(1)
    expect(stored[0].id).not.toBe(r.value.token)
    expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/)
    expect((await validateSessionToken(db, { token: r.value.token }))?.user.id).toBe(u.id)
  })

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const u = await createUser(db)
    const wrong = await logIn(db, { identifier: u.email, password: 'nope nope nope', clientAddress: ip })
    const unknown = await logIn(db, {
      identifier: 'nobody@example.org',
      password: 'nope nope nope',
      clientAddress: ip,
    })
    expect(wrong).toEqual({ ok: false, error: 'invalid_credentials' })
    expect(unknown).toEqual({ ok: false, error: 'invalid_credentials' })
  })

  it('after 5 failures the next try waits a little, even with the right password, then gets in', async () => {
    const u = await createUser(db)
    const t0 = new Date('2026-11-23T10:00:00Z')
    for (let i = 0; i < 5; i++)
      await logIn(db, {
        identifier: u.email,
        password: 'wrong password',
        clientAddress: `198.51.100.${i}`,
        now: t0,
      })
    const waiting = await logIn(db, { identifier: u.email, password: u.password, clientAddress: ip, now: t0 })
    expect(waiting).toMatchObject({ ok: false, error: 'too_many_attempts' })
    expect(waiting.retryAfterSeconds).toBeGreaterThan(0)
    expect(waiting.retryAfterSeconds).toBeLessThanOrEqual(60)
    const later = await logIn(db, {
      identifier: u.email,
      password: u.password,
      clientAddress: ip,
      now: new Date(t0.getTime() + waiting.retryAfterSeconds! * 1000),
    })
    expect(later.ok).toBe(true)
  })

  it('lockout is no weapon: 50 wrong passwords from one address never keep the owner out for more than a minute, from another address or the same NAT (#16.6)', async () => {
    const u = await createUser(db)
    const attacker = '203.0.113.50'
    let clock = new Date('2026-11-23T10:00:00Z').getTime()
    let evaluated = 0
    let lastFailure = clock
    // The attacker tries every second for as long as it takes to get 50 passwords checked.
    while (evaluated < 50) {
      const r = await logIn(db, {
        identifier: u.email,
        password: `guess ${evaluated}`,
        clientAddress: attacker,
        now: new Date(clock),
      })
      if (r.ok) throw new Error('a wrong password got in')
      if (r.error === 'invalid_credentials') {
        evaluated += 1
        lastFailure = clock
      }
      clock += 1000
    }
    // Guessing stays slow: the 50 checks took more than 40 minutes (at most ~1 a minute after the
    // first few), not 50 seconds.
    expect(lastFailure - new Date('2026-11-23T10:00:00Z').getTime()).toBeGreaterThan(40 * 60_000)
    const ownerAt = new Date(lastFailure + 60_000)
    for (const address of ['192.0.2.44', attacker]) {
      const owner = await logIn(db, {
        identifier: u.email,
        password: u.password,
        clientAddress: address,
        now: ownerAt,
      })
      expect(owner.ok, address).toBe(true)
    }
  })

  it('one address trying many accounts is slowed down, not locked out; an IPv6 /64 shares one budget', async () => {
    const t0 = new Date('2026-11-23T10:00:00Z')
    for (let i = 0; i < 30; i++)
      await logIn(db, {
        identifier: `guess${i}@example.org`,
        password: 'x',
        clientAddress: `2001:db8:1:2::${i.toString(16)}`,
        now: t0,
      })
    const u = await createUser(db)
    const sameNetwork = await logIn(db, {
      identifier: u.email,
      password: u.password,
      clientAddress: '2001:0db8:0001:0002:ffff::1',
      now: t0,
    })
    expect(sameNetwork).toMatchObject({ ok: false, error: 'too_many_attempts' })
    expect(sameNetwork.retryAfterSeconds).toBeLessThanOrEqual(10)
    const otherNetwork = await logIn(db, {
      identifier: u.email,
      password: u.password,
      clientAddress: '2001:db8:1:3::1',
      now: t0,
    })
    expect(otherNetwork.ok).toBe(true)
    const afterWait = await logIn(db, {
      identifier: u.email,
      password: u.password,
      clientAddress: '2001:db8:1:2::abcd',
      now: new Date(t0.getTime() + 10_000),
    })
    expect(afterWait.ok).toBe(true)
  })

  it('counts concurrent failures without losing any', async () => {
    const u = await createUser(db)
    const t0 = new Date('2026-11-23T10:00:00Z')
    await Promise.all(
      Array.from({ length: 4 }, () =>
        logIn(db, { identifier: u.email, password: 'bad', clientAddress: ip, now: t0 }),
      ),
    )
    const rows = await db
      .selectFrom('rate_limits')
      .select(['key', 'failures'])
      .where('key', 'like', 'login:account:%')
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0].failures).toBe(4)
  })
})

describe('password change and reset', () => {
  it('changing the password signs out every other session', async () => {
    const u = await createUser(db)
    const a = await logIn(db, { identifier: u.email, password: u.password, clientAddress: ip })
    const b = await logIn(db, { identifier: u.email, password: u.password, clientAddress: ip })
    if (!a.ok || !b.ok) throw new Error('login failed')
    const r = await changePassword(db, {
      userId: u.id,
      currentPassword: u.password,
      newPassword: 'a brand new password',
    })
    expect(r.ok).toBe(true)
    expect(await validateSessionToken(db, { token: a.value.token })).toBeNull()
    expect(await validateSessionToken(db, { token: b.value.token })).toBeNull()
    if (r.ok) expect(await validateSessionToken(db, { token: r.value.token })).not.toBeNull()
    expect((await logIn(db, { identifier: u.email, password: u.password, clientAddress: ip })).ok).toBe(false)
    expect(
      (await logIn(db, { identifier: u.email, password: 'a brand new password', clientAddress: ip })).ok,
    ).toBe(true)
  })

  it('refuses a change with the wrong current password', async () => {
    const u = await createUser(db)
    const r = await changePassword(db, {
      userId: u.id,
      currentPassword: 'not it',
      newPassword: 'a brand new password',
    })
    expect(r).toMatchObject({ ok: false, error: 'wrong_password', field: 'currentPassword' })
  })

  it('sends a reset link in the person’s language; the link works once', async () => {
    await signUp(db, {
      identifier: 'jean@example.org',
      displayName: 'Jean',
      password: 'a long password',
      preferredLanguage: 'ht',
    })
    await requestPasswordReset(db, { identifier: 'jean@example.org', origin: 'http://localhost:3000' })
    const message = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow()
    expect(message.language).toBe('ht')
    expect(message.to_address).toBe('jean@example.org')
    const token = /reset-password\/([a-z2-7]+)/.exec(message.body)?.[1]
    expect(token).toBeTruthy()
    const first = resetPassword(db, { token: token!, newPassword: 'reset password one' })
    const second = resetPassword(db, { token: token!, newPassword: 'reset password two' })
    const results = await Promise.all([first, second])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'reset_link_invalid' }])
  })

  it('says nothing about unknown accounts (no message queued, no error)', async () => {
    await requestPasswordReset(db, { identifier: 'ghost@example.org', origin: 'http://localhost:3000' })
    expect(await db.selectFrom('outbox').selectAll().execute()).toHaveLength(0)
  })

  it('a reset link dies when the password is changed, and every other link dies with a reset (#16.8)', async () => {
    const u = await createUser(db)
    const linkOf = async () => {
      await requestPasswordReset(db, { identifier: u.email, origin: 'http://localhost:3000' })
      const messages = await db.selectFrom('outbox').select('body').orderBy('created_at').execute()
      return /reset-password\/([a-z2-7]+)/.exec(messages.at(-1)!.body)![1]!
    }
    const beforeChange = await linkOf()
    expect(await isResetTokenUsable(db, beforeChange)).toBe(true)
    expect(
      (await changePassword(db, { userId: u.id, currentPassword: u.password, newPassword: 'changed pw 1' }))
        .ok,
    ).toBe(true)
    expect(await isResetTokenUsable(db, beforeChange)).toBe(false)
    expect(await resetPassword(db, { token: beforeChange, newPassword: 'attacker pw' })).toEqual({
      ok: false,
      error: 'reset_link_invalid',
    })
    const one = await linkOf()
    const two = await linkOf()
    expect((await resetPassword(db, { token: one, newPassword: 'reset pw one' })).ok).toBe(true)
    expect(await resetPassword(db, { token: two, newPassword: 'reset pw two' })).toMatchObject({ ok: false })
    // Only hashes are stored: no row holds a link's token.
    const rows = await db.selectFrom('password_reset_tokens').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(two)
  })
})
