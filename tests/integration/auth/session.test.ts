import { beforeEach, describe, expect, it } from 'vitest'
import {
  ABSOLUTE_TTL_MS,
  createSession,
  invalidateSession,
  SESSION_TTL_MS,
  SHORT_ABSOLUTE_TTL_MS,
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
const HOUR = 3_600_000

describe('sessions', () => {
  it('expire after 14 days without use', async () => {
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
    const early = await validateSessionToken(db, { token, now: new Date(t0.getTime() + 3 * DAY) })
    expect(early?.renewed).toBe(false)
    const late = await validateSessionToken(db, { token, now: new Date(t0.getTime() + 10 * DAY) })
    expect(late?.renewed).toBe(true)
    expect(late!.expiresAt.getTime()).toBe(t0.getTime() + 10 * DAY + SESSION_TTL_MS)
    expect(await validateSessionToken(db, { token, now: new Date(t0.getTime() + 20 * DAY) })).not.toBeNull()
  })

  it('end 30 days after they began however often they are used (#16.8)', async () => {
    const u = await createUser(db)
    const t0 = new Date('2026-01-01T00:00:00Z')
    const { token } = await createSession(db, { userId: u.id, now: t0 })
    for (let day = 6; day < 30; day += 6)
      expect(
        await validateSessionToken(db, { token, now: new Date(t0.getTime() + day * DAY) }),
      ).not.toBeNull()
    const last = await validateSessionToken(db, { token, now: new Date(t0.getTime() + 29 * DAY) })
    expect(last!.expiresAt.getTime()).toBe(t0.getTime() + ABSOLUTE_TTL_MS)
    expect(
      await validateSessionToken(db, { token, now: new Date(t0.getTime() + ABSOLUTE_TTL_MS) }),
    ).toBeNull()
  })

  it('of staff, and shared-computer sessions, end after a working day (#16.8)', async () => {
    const t0 = new Date('2026-01-01T08:00:00Z')
    const staff = await createUser(db, { roles: ['secretariat'] })
    const resident = await createUser(db)
    const s1 = await createSession(db, { userId: staff.id, now: t0 })
    const s2 = await createSession(db, { userId: resident.id, now: t0, persistent: false })
    const s3 = await createSession(db, { userId: resident.id, now: t0 })
    expect(s2.persistent).toBe(false)
    const at = (ms: number) => new Date(t0.getTime() + ms)
    expect((await validateSessionToken(db, { token: s2.token, now: at(HOUR) }))?.persistent).toBe(false)
    for (const s of [s1, s2])
      expect(await validateSessionToken(db, { token: s.token, now: at(SHORT_ABSOLUTE_TTL_MS) })).toBeNull()
    expect(await validateSessionToken(db, { token: s3.token, now: at(SHORT_ABSOLUTE_TTL_MS) })).not.toBeNull()
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
