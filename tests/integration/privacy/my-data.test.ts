import { beforeEach, describe, expect, it } from 'vitest'
import { logIn } from '../../../app/auth/accounts.server'
import { validateSessionToken } from '../../../app/auth/session.server'
import { verifyAuditChain } from '../../../app/audit/audit.server'
import type { DB } from '../../../app/lib/db.server'
import { eraseAccount, eraseOwnAccount, exportMyData } from '../../../app/privacy/my-data.server'
import { enqueueMessage } from '../../../app/mail/outbox.server'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

describe('my data (LGPD)', () => {
  it('exports the account, roles and consents, never the password hash', async () => {
    const u = await createUser(db, { roles: ['delegate'] })
    const data = await exportMyData(db, u.id)
    expect(data.account.email).toBe(u.email)
    expect(data.roles.map((r) => r.role).sort()).toEqual(['delegate', 'resident'])
    expect(data.consents[0].purpose).toBe('account')
    expect(JSON.stringify(data)).not.toMatch(/argon2|password_hash/)
  })

  it('erasure removes identifiers, signs out everywhere and blocks log-in, leaving an audit trace', async () => {
    const u = await createUser(db)
    const session = await logIn(db, { identifier: u.email, password: u.password, clientAddress: 'x' })
    if (!session.ok) throw new Error('login failed')
    const outcome = await eraseAccount(db, u.id)
    expect(outcome.kept).toContain('pseudonymous_id_for_audit')
    const row = await db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ email: null, phone: null, password_hash: null })
    expect(row.display_name).not.toContain('Person')
    expect(await validateSessionToken(db, { token: session.value.token })).toBeNull()
    expect((await logIn(db, { identifier: u.email, password: u.password, clientAddress: 'x' })).ok).toBe(
      false,
    )
    expect(await db.selectFrom('consents').selectAll().where('user_id', '=', u.id).execute()).toHaveLength(0)
    const audit = await db.selectFrom('audit_log').selectAll().execute()
    expect(audit.map((a) => a.action)).toEqual(['privacy.erase'])
    expect(JSON.stringify(audit)).not.toContain(u.email)
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  it('erasing twice is harmless', async () => {
    const u = await createUser(db)
    await eraseAccount(db, u.id)
    await eraseAccount(db, u.id)
    expect(await db.selectFrom('erasure_requests').selectAll().execute()).toHaveLength(1)
  })

  it('the freed e-mail can sign up again as a new person', async () => {
    const u = await createUser(db)
    await eraseAccount(db, u.id)
    const again = await createUser(db, { email: u.email })
    expect(again.id).not.toBe(u.id)
  })
})

describe('the password asked again before erasure (#16.9)', () => {
  it('wrong answers from a stolen session slow the next ones down; the owner still gets through after the wait', async () => {
    const u = await createUser(db)
    const t0 = new Date()
    for (let i = 0; i < 5; i++)
      expect(await eraseOwnAccount(db, { userId: u.id, password: `guess ${i}` })).toMatchObject({
        ok: false,
        error: 'wrong_password',
        field: 'password',
      })
    const waiting = await eraseOwnAccount(db, { userId: u.id, password: u.password })
    expect(waiting).toMatchObject({ ok: false, error: 'too_many_attempts', field: 'password' })
    if (waiting.ok || !('retryAfterSeconds' in waiting)) throw new Error('expected a wait')
    expect(waiting.retryAfterSeconds).toBeLessThanOrEqual(60)
    // Nothing was erased while waiting.
    expect(
      (await db.selectFrom('users').select('erased_at').where('id', '=', u.id).executeTakeFirst())?.erased_at,
    ).toBeNull()
    await db
      .updateTable('rate_limits')
      .set({ locked_until: new Date(t0.getTime() - 1).toISOString() })
      .execute()
    expect((await eraseOwnAccount(db, { userId: u.id, password: u.password })).ok).toBe(true)
  })
})

describe('the outbox in export and erasure', () => {
  it('the export lists the messages sent to the person; erasure deletes them and leaves others’', async () => {
    const u = await createUser(db)
    const other = await createUser(db)
    await enqueueMessage(db, { to: u.email, language: 'en', subject: 'for you', body: 'hello' })
    await enqueueMessage(db, { to: other.email, language: 'en', subject: 'for them', body: 'hi' })
    const data = await exportMyData(db, u.id)
    expect(data.messages_sent_to_you).toEqual([
      expect.objectContaining({
        to_address: u.email,
        subject: 'for you',
        channel: 'email',
        status: 'pending',
      }),
    ])
    await eraseAccount(db, u.id)
    const left = await db.selectFrom('outbox').select('to_address').execute()
    expect(left.map((m) => m.to_address)).toEqual([other.email])
  })
})
