import { beforeEach, describe, expect, it } from 'vitest'
import { ACCOUNT_POLICY, consumeQuota, recordFailure, waitSeconds } from '../../../app/auth/throttle.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb } from '../../helpers/db'

// Quotas and failure counts are hit all at once by scripts (a hundred supports, a hundred guesses):
// each use must be counted exactly once, and none may fail (PostgreSQL serialization failures
// surfaced as 500s when they ran in a read-then-write transaction).
let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

describe('throttles under concurrent use', () => {
  it('50 uses of one key at once against a quota of 10: exactly 10 allowed, the rest told to wait', async () => {
    // One clock for all 50: each call's own clock could run behind the window another call opened
    // (a wait of 61 s on a busy machine), which says nothing about counting.
    const now = new Date()
    const results = await Promise.all(
      Array.from({ length: 50 }, () => consumeQuota(db, 'test:quota', { limit: 10, windowMs: 60_000 }, now)),
    )
    expect(results.filter((wait) => wait === 0)).toHaveLength(10)
    expect(results.filter((wait) => wait > 0 && wait <= 60)).toHaveLength(40)
    const row = await db
      .selectFrom('rate_limits')
      .select('failures')
      .where('key', '=', 'test:quota')
      .executeTakeFirst()
    expect(row?.failures).toBe(10)
  })

  it('30 failed passwords at once are all counted, and the wait is the one the count earns', async () => {
    const now = new Date()
    await Promise.all(
      Array.from({ length: 30 }, () => recordFailure(db, 'test:account', ACCOUNT_POLICY, now)),
    )
    const row = await db
      .selectFrom('rate_limits')
      .select(['failures', 'locked_until'])
      .where('key', '=', 'test:account')
      .executeTakeFirstOrThrow()
    expect(row.failures).toBe(30)
    // 30 failures earn the longest delay (60 s); an earlier, smaller one must not have overwritten it.
    expect(await waitSeconds(db, ['test:account'], now)).toBe(60)
  })
})
