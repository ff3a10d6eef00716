import { beforeEach, describe, expect, it } from 'vitest'
import {
  createSession,
  invalidateSession,
  SESSION_TTL_MS,
  validateSessionToken,
} from '../../../app/auth/session.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

const DAY = 86_400_000

describe('sessions', () => {
  it('expire after 30 days without use', async () => {
    const u = await createUser(db)
    const t0 = new Date('2026-01-01T00:00:00Z')
    const { token } = await createSession(db, { userId: u.id, now: t0 })
    expect(
      await validateSessionToken(db, { token, now: new Date(t0.getTime() + SESSION_TTL_MS + 1) }),
    ).toBeNull()
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0)
  })

  it('slide forward when used in their second half, not before', async () => {
    const u = await createUser(db)
    const t0 = new Date('2026-01-01T00:00:00Z')
    const { token } = await createSession(db, { userId: u.id, now: t0 })
    const early = await validateSessionToken(db, { token, now: new Date(t0.getTime() + 5 * DAY) })
    expect(early?.renewed).toBe(false)
    const late = await validateSessionToken(db, { token, now: new Date(t0.getTime() + 20 * DAY) })
    expect(late?.renewed).toBe(true)
    expect(late!.expiresAt.getTime()).toBe(t0.getTime() + 20 * DAY + SESSION_TTL_MS)
    expect(await validateSessionToken(db, { token, now: new Date(t0.getTime() + 45 * DAY) })).not.toBeNull()
  })

  it('carry the person’s roles and end on logout', async () => {
    const u = await createUser(db, { roles: ['secretariat'] })
    const { token } = await createSession(db, { userId: u.id })
    expect((await validateSessionToken(db, { token }))?.user.roles.sort()).toEqual([
      'resident',
      'secretariat',
    ])
    await invalidateSession(db, token)
    expect(await validateSessionToken(db, { token })).toBeNull()
  })

  it('reject a token that was never issued', async () => {
    expect(await validateSessionToken(db, { token: 'a'.repeat(32) })).toBeNull()
  })
})
