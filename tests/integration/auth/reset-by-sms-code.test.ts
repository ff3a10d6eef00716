import { beforeEach, describe, expect, it } from 'vitest'
import {
  MAX_CODE_ATTEMPTS,
  requestPasswordReset,
  resetPasswordWithCode,
} from '../../../app/auth/password-reset.server'
import { verifyPassword } from '../../../app/auth/password.server'
import { createSession, validateSessionToken } from '../../../app/auth/session.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb, openAnotherConnection } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

// Issue #18: a phone-only account resets its password with a 6-digit code sent by SMS, valid ten
// minutes, five tries, one use. Every failure answers the same `reset_code_invalid`.

let db: DB & { path: string }
let seq = 0
const origin = 'https://mutirao.example.org'

beforeEach(async () => {
  db = await createTestDb({ file: true })
})

async function phonePerson(language = 'ht') {
  const phone = `+55119${String(Date.now() % 1_000_000).padStart(6, '0')}${String(++seq).padStart(2, '0')}`
  const person = await createUser(db, { email: phone })
  await db.updateTable('users').set({ preferred_language: language }).where('id', '=', person.id).execute()
  return { ...person, phone }
}

/** The code in the SMS waiting in the outbox (no transport runs in these tests). */
async function codeSentTo(phone: string): Promise<string> {
  const rows = await db
    .selectFrom('outbox')
    .select(['body', 'channel'])
    .where('to_address', '=', phone)
    .orderBy('created_at', 'desc')
    .execute()
  expect(rows[0]?.channel).toBe('sms')
  return /\b(\d{6})\b/.exec(rows[0]!.body)![1]!
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')
const invalid = { ok: false, error: 'reset_code_invalid', field: 'code' }

describe('password reset by SMS code (#18)', () => {
  it('sends a short SMS in the person’s language with a 6-digit code that says it expires in 10 minutes; stores only a keyed hash', async () => {
    const p = await phonePerson('ht')
    await requestPasswordReset(db, { identifier: p.phone, origin })
    const [sms] = await db.selectFrom('outbox').selectAll().where('to_address', '=', p.phone).execute()
    expect(sms).toMatchObject({ channel: 'sms', language: 'ht', status: 'pending' })
    expect(sms!.body).toMatch(/kòd/) // Haitian Creole
    expect(sms!.body).toContain('10 minit')
    expect(sms!.body).not.toContain('http') // a code, never a link
    expect(sms!.body.length).toBeLessThanOrEqual(140)
    const code = await codeSentTo(p.phone)
    const stored = await db.selectFrom('password_reset_codes').selectAll().execute()
    expect(stored).toHaveLength(1)
    expect(stored[0]!.code_hash).not.toContain(code)
    expect(new Date(stored[0]!.expires_at).getTime() - new Date(stored[0]!.created_at).getTime()).toBe(
      10 * 60_000,
    )
  })

  it('the right code sets the new password, ends every session and cannot be used again', async () => {
    const p = await phonePerson()
    const session = await createSession(db, { userId: p.id })
    expect(await validateSessionToken(db, { token: session.token })).not.toBeNull()
    await requestPasswordReset(db, { identifier: p.phone, origin })
    const code = await codeSentTo(p.phone)
    expect(
      await resetPasswordWithCode(db, { phone: p.phone, code, newPassword: 'first new password' }),
    ).toEqual({
      ok: true,
      value: { userId: p.id },
    })
    expect(await validateSessionToken(db, { token: session.token })).toBeNull()
    const again = await resetPasswordWithCode(db, {
      phone: p.phone,
      code,
      newPassword: 'second new password',
    })
    expect(again).toEqual(invalid)
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow()
    expect(await verifyPassword(user.password_hash!, 'first new password')).toBe(true)
  })

  it('a number typed the local way (11 9…) finds the same account', async () => {
    const p = await phonePerson()
    await requestPasswordReset(db, { identifier: p.phone.replace('+55', ''), origin })
    const code = await codeSentTo(p.phone)
    const local = `${p.phone.slice(3, 5)} ${p.phone.slice(5)}`
    expect((await resetPasswordWithCode(db, { phone: local, code, newPassword: 'a new password!' })).ok).toBe(
      true,
    )
  })

  it('a wrong code is refused and the password stays; the right one still works within the tries', async () => {
    const p = await phonePerson()
    await requestPasswordReset(db, { identifier: p.phone, origin })
    const code = await codeSentTo(p.phone)
    expect(
      await resetPasswordWithCode(db, { phone: p.phone, code: wrong(code), newPassword: 'new password 1' }),
    ).toEqual(invalid)
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow()
    expect(await verifyPassword(user.password_hash!, p.password)).toBe(true)
    expect(
      (await resetPasswordWithCode(db, { phone: p.phone, code, newPassword: 'new password 2' })).ok,
    ).toBe(true)
  })

  it(`after ${MAX_CODE_ATTEMPTS} wrong tries the code is void, even the right one`, async () => {
    const p = await phonePerson()
    await requestPasswordReset(db, { identifier: p.phone, origin })
    const code = await codeSentTo(p.phone)
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++)
      expect(
        await resetPasswordWithCode(db, { phone: p.phone, code: wrong(code), newPassword: 'new password 1' }),
      ).toEqual(invalid)
    expect(await resetPasswordWithCode(db, { phone: p.phone, code, newPassword: 'new password 1' })).toEqual(
      invalid,
    )
  })

  it('many wrong tries at once spend at most five tries: the right code after them fails', async () => {
    const p = await phonePerson()
    await requestPasswordReset(db, { identifier: p.phone, origin })
    const code = await codeSentTo(p.phone)
    const other = openAnotherConnection(db)
    const tries = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        resetPasswordWithCode(i % 2 ? db : other, {
          phone: p.phone,
          code: wrong(code),
          newPassword: 'new password 1',
        }),
      ),
    )
    expect(tries.every((r) => !r.ok)).toBe(true)
    const row = await db.selectFrom('password_reset_codes').select('attempts').executeTakeFirstOrThrow()
    expect(row.attempts).toBe(MAX_CODE_ATTEMPTS)
    expect(
      (await resetPasswordWithCode(db, { phone: p.phone, code, newPassword: 'new password 1' })).ok,
    ).toBe(false)
    await other.destroy()
  })

  it('an expired code (past 10 minutes) is refused', async () => {
    const p = await phonePerson()
    const then = new Date(Date.now() - 11 * 60_000)
    await requestPasswordReset(db, { identifier: p.phone, origin, now: then })
    const code = await codeSentTo(p.phone)
    expect(await resetPasswordWithCode(db, { phone: p.phone, code, newPassword: 'new password 1' })).toEqual(
      invalid,
    )
    // Still inside its ten minutes, it works.
    const inTime = new Date(then.getTime() + 9 * 60_000)
    expect(
      (await resetPasswordWithCode(db, { phone: p.phone, code, newPassword: 'new password 1', now: inTime }))
        .ok,
    ).toBe(true)
  })

  it('a new code replaces the one sent before', async () => {
    const p = await phonePerson()
    await requestPasswordReset(db, { identifier: p.phone, origin })
    const first = await codeSentTo(p.phone)
    await new Promise((resolve) => setTimeout(resolve, 5)) // a later created_at for the outbox order
    await requestPasswordReset(db, { identifier: p.phone, origin })
    const second = await codeSentTo(p.phone)
    if (first !== second)
      expect(
        await resetPasswordWithCode(db, { phone: p.phone, code: first, newPassword: 'new password 1' }),
      ).toEqual(invalid)
    expect(
      (await resetPasswordWithCode(db, { phone: p.phone, code: second, newPassword: 'new password 1' })).ok,
    ).toBe(true)
  })

  it('an unknown number gets the same answer and no SMS; a code for it is refused like a wrong one', async () => {
    const unknown = '+5511900000001'
    expect(await requestPasswordReset(db, { identifier: unknown, origin })).toEqual({ ok: true, value: null })
    expect(await db.selectFrom('outbox').selectAll().execute()).toEqual([])
    expect(
      await resetPasswordWithCode(db, { phone: unknown, code: '123456', newPassword: 'new password 1' }),
    ).toEqual(invalid)
    // Not a phone at all, or not six digits: the same answer.
    expect(
      await resetPasswordWithCode(db, { phone: 'a@b.org', code: '123456', newPassword: 'new password 1' }),
    ).toEqual(invalid)
  })

  it('an erased account gets no code', async () => {
    const p = await phonePerson()
    await db
      .updateTable('users')
      .set({ erased_at: new Date().toISOString() })
      .where('id', '=', p.id)
      .execute()
    await requestPasswordReset(db, { identifier: p.phone, origin })
    expect(await db.selectFrom('outbox').selectAll().execute()).toEqual([])
  })

  it('requests are throttled per number like reset links: past three an hour, no more SMS', async () => {
    const p = await phonePerson()
    for (let i = 0; i < 5; i++) await requestPasswordReset(db, { identifier: p.phone, origin })
    expect(
      await db.selectFrom('outbox').selectAll().where('to_address', '=', p.phone).execute(),
    ).toHaveLength(3)
  })

  it('two submissions of one code at once: exactly one succeeds', async () => {
    const p = await phonePerson()
    await requestPasswordReset(db, { identifier: p.phone, origin })
    const code = await codeSentTo(p.phone)
    const other = openAnotherConnection(db)
    const [a, b] = await Promise.all([
      resetPasswordWithCode(db, { phone: p.phone, code, newPassword: 'password from A' }),
      resetPasswordWithCode(other, { phone: p.phone, code, newPassword: 'password from B' }),
    ])
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow()
    const winner = a.ok ? 'password from A' : 'password from B'
    expect(await verifyPassword(user.password_hash!, winner)).toBe(true)
    await other.destroy()
  })
})
