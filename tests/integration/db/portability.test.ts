import { beforeEach, describe, expect, it, vi } from 'vitest'
import { isUniqueViolation } from '../../../app/lib/db-errors'
import type { DB } from '../../../app/lib/db.server'
import { sql } from 'kysely'
import { createTestDb, onPostgres, openAnotherConnection, testDialect } from '../../helpers/db'

// The same behaviour on SQLite and PostgreSQL (`npm test` runs this file on both).
let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb()
})

describe(`database behaviour the app relies on (${testDialect})`, () => {
  it('fractional numbers read back exactly as written (double precision, not float4)', async () => {
    await db.updateTable('subprefectures').set({ immigrant_share_pct: 0.1 }).where('id', '=', 1).execute()
    const row = await db
      .selectFrom('subprefectures')
      .select('immigrant_share_pct')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
    expect(row.immigrant_share_pct).toBe(0.1)
  })

  it('counts and sums are numbers', async () => {
    const row = await db
      .selectFrom('subprefectures')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('id').as('total'),
        eb.fn.max<number>('id').as('top'),
      ])
      .executeTakeFirstOrThrow()
    expect(typeof row.n).toBe('number')
    expect(typeof row.total).toBe('number')
    expect(row.total).toBe((row.top * (row.top + 1)) / 2)
  })

  it('a duplicate key is recognised as such', async () => {
    const error = await db
      .insertInto('subprefectures')
      .values({ id: 1, slug: 'again', name: 'Again', immigrant_share_pct: null })
      .execute()
      .catch((e: unknown) => e)
    expect(isUniqueViolation(error)).toBe(true)
    expect(isUniqueViolation(new Error('something else'))).toBe(false)
  })

  it('transactions that read and then write never lose an update when they run at once', async () => {
    await db
      .insertInto('rate_limits')
      .values({ key: 'k', window_started_at: '2026-01-01T00:00:00.000Z', failures: 0, locked_until: null })
      .execute()
    const increment = () =>
      db.transaction().execute(async (trx) => {
        const { failures } = await trx
          .selectFrom('rate_limits')
          .select('failures')
          .where('key', '=', 'k')
          .executeTakeFirstOrThrow()
        await new Promise((resolve) => setTimeout(resolve, 1)) // let the others read the same value
        await trx
          .updateTable('rate_limits')
          .set({ failures: failures + 1 })
          .where('key', '=', 'k')
          .execute()
      })
    await Promise.all(Array.from({ length: 10 }, increment))
    const { failures } = await db
      .selectFrom('rate_limits')
      .select('failures')
      .where('key', '=', 'k')
      .executeTakeFirstOrThrow()
    expect(failures).toBe(10)
  })

  it('accent- and case-insensitive LIKE search with literal wildcards works the same', async () => {
    const { allWordsLike } = await import('../../../app/lib/search')
    const names = async (q: string) =>
      (
        await db
          .selectFrom('subprefectures')
          .select('slug')
          .where((eb) => eb.and(allWordsLike('name', q)))
          .orderBy('slug')
          .execute()
      ).map((r) => r.slug)
    await db.updateTable('subprefectures').set({ name: 'se 100%_centro' }).where('id', '=', 1).execute()
    expect(await names('100%')).toHaveLength(1)
    expect(await names('100_')).toEqual([])
  })

  it.runIf(onPostgres)('PostgreSQL: the searched columns have trigram indexes (migration 010)', async () => {
    const { rows } = await sql<{
      indexname: string
    }>`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexdef LIKE '%gin_trgm_ops%' ORDER BY indexname`.execute(
      db,
    )
    expect(rows.map((r) => r.indexname)).toEqual([
      'minutes_search_trgm',
      'plan_actions_search_trgm',
      'proposals_search_trgm',
      'resolutions_search_trgm',
    ])
  })

  it.runIf(onPostgres)(
    'PostgreSQL: a connection the server drops does not crash the process; the next query reconnects',
    async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)
      const other = openAnotherConnection(db)
      await sql`SELECT pg_terminate_backend(${rows[0]!.pid})`.execute(other) // as a server restart would
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(logged.mock.calls.flat().join(' ')).toMatch(/connection lost/)
      expect(
        await db.selectFrom('subprefectures').select('id').where('id', '=', 1).executeTakeFirst(),
      ).toEqual({ id: 1 })
      await other.destroy()
    },
  )
})
