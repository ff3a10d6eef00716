import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appendAudit, verifyAuditChain } from '../../../app/audit/audit.server'
import { openSqlite } from '../../../app/lib/db.server'
import { migrateToLatest } from '../../../db/migrate'
import { seedDemo, seedReference } from '../../../db/seed/index'
import { CopyError, copySqliteToPostgres } from '../../../scripts/db-copy'
import { createEmptyPostgresSchema, onPostgres } from '../../helpers/db'

async function demoSqliteFile(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'mutirao-copy-')), 'demo.sqlite')
  const db = openSqlite(path)
  await migrateToLatest(db)
  await seedReference(db)
  expect(await seedDemo(db)).toBe(true)
  for (const action of ['role.grant', 'election.phase']) {
    await db.transaction().execute((trx) =>
      appendAudit(trx, {
        actorUserId: 'demo-secretariat',
        action,
        entityType: 'x',
        after: { note: 'ação' },
      }),
    )
  }
  await db.destroy()
  return path
}

// `npm run db:copy`: needs a PostgreSQL server, so it runs in the PostgreSQL pass of `npm test`.
describe.runIf(onPostgres)('db:copy from SQLite to PostgreSQL', () => {
  it('copies the whole demo deployment: same rows, audit chain intact, and the app goes on writing', async () => {
    const path = await demoSqliteFile()
    const { db: target, schema } = await createEmptyPostgresSchema()
    const report = await copySqliteToPostgres({ sqlitePath: path, target, schema })
    const source = openSqlite(path)
    for (const table of [
      'users',
      'voter_registrations',
      'ballots',
      'tracking_codes',
      'voter_participation',
      'contributions',
      'resolutions',
      'audit_log',
    ] as const) {
      const a = await source.selectFrom(table).selectAll().execute()
      const b = await target.selectFrom(table).selectAll().execute()
      const sortKey = (row: object) => JSON.stringify(row)
      expect(b.map(sortKey).sort(), table).toEqual(a.map(sortKey).sort())
      expect(report.tables.find((t) => t.table === table)?.rows).toBe(a.length)
    }
    expect(report.tables.reduce((n, t) => n + t.rows, 0)).toBeGreaterThan(1000)
    // Every entry of the source's chain: the demo's own (the shares import) and the two added here.
    const sourceEntries = (await source.selectFrom('audit_log').select('seq').execute()).length
    expect(sourceEntries).toBeGreaterThanOrEqual(2)
    expect(report.auditEntries).toBe(sourceEntries)
    // The next audit entry continues the copied chain.
    await target
      .transaction()
      .execute((trx) => appendAudit(trx, { actorUserId: null, action: 'after.copy', entityType: 'x' }))
    expect(await verifyAuditChain(target)).toMatchObject({ ok: true, entries: report.auditEntries + 1 })
    await source.destroy()
    await target.destroy()
  })

  it('refuses a target that already holds data, and leaves it as it was', async () => {
    const path = await demoSqliteFile()
    const { db: target, schema } = await createEmptyPostgresSchema()
    await migrateToLatest(target, { schema })
    await seedReference(target)
    const before = await target.selectFrom('subprefectures').selectAll().execute()
    await expect(copySqliteToPostgres({ sqlitePath: path, target, schema })).rejects.toThrow(CopyError)
    await expect(copySqliteToPostgres({ sqlitePath: path, target, schema })).rejects.toThrow(
      /already holds data/,
    )
    expect(await target.selectFrom('subprefectures').selectAll().execute()).toEqual(before)
    expect(await target.selectFrom('users').selectAll().execute()).toEqual([])
    await target.destroy()
  })

  it('refuses a missing source file instead of copying an empty database', async () => {
    const { db: target, schema } = await createEmptyPostgresSchema()
    await expect(
      copySqliteToPostgres({ sqlitePath: '/nonexistent/mutirao.sqlite', target, schema }),
    ).rejects.toThrow()
    await target.destroy()
  })
})
