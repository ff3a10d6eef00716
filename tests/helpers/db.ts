import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqlite, type DB } from '../../app/lib/db.server'
import { migrateToLatest } from '../../db/migrate'
import { seedReference } from '../../db/seed/reference'

/** A real, migrated SQLite database. File-backed when a test needs several connections. */
export async function createTestDb({ file = false } = {}): Promise<DB & { path: string }> {
  const path = file ? join(mkdtempSync(join(tmpdir(), 'mutirao-test-')), 'test.sqlite') : ':memory:'
  const db = openSqlite(path)
  await migrateToLatest(db)
  await seedReference(db)
  return Object.assign(db, { path })
}

/** Route modules use the app's database singleton; point it at the test database. */
export function useAsAppDb(db: DB): void {
  ;(globalThis as unknown as { __mutiraoDb?: DB }).__mutiraoDb = db
}
