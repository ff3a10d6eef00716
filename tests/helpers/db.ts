import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { dialectOf, openPostgres, openSqlite, type DB, type DialectName } from '../../app/lib/db.server'
import { migrateToLatest } from '../../db/migrate'
import { seedReference } from '../../db/seed/reference'

/**
 * Which database the integration tests run against: SQLite unless TEST_DATABASE_URL points at a
 * PostgreSQL server (`npm test` runs them once on each when it is set; see scripts/test-all.ts).
 */
export const testDialect: DialectName = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'
export const onPostgres = testDialect === 'postgres'

/**
 * A real, migrated database. SQLite: in memory, or a file when a test needs several connections.
 * PostgreSQL: a fresh schema of its own on the test server (dropped after the run); idle
 * connections close after a second so thousands of test databases do not exhaust the server.
 */
export async function createTestDb({ file = false } = {}): Promise<DB & { path: string }> {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const { db, schema } = await createEmptyPostgresSchema()
    await migrateToLatest(db, { schema })
    await seedReference(db)
    return Object.assign(db, { path: `${url}#${schema}` })
  }
  const path = file ? join(mkdtempSync(join(tmpdir(), 'mutirao-test-')), 'test.sqlite') : ':memory:'
  const db = openSqlite(path)
  await migrateToLatest(db)
  await seedReference(db)
  return Object.assign(db, { path })
}

/** A second connection (pool) to the same test database, as another server process would have. */
export function openAnotherConnection(
  db: DB & { path: string },
  options: { busyTimeoutMs?: number } = {},
): DB {
  if (dialectOf(db) === 'sqlite') return openSqlite(db.path, options)
  const [url, schema] = db.path.split('#')
  const other = openPostgres(url!, { schema, idleTimeoutMs: 1000 })
  return other
}

/** Route modules use the app's database singleton; point it at the test database. */
export function useAsAppDb(db: DB): void {
  ;(globalThis as unknown as { __mutiraoDb?: DB }).__mutiraoDb = db
}

/** Makes every insert into `table` whose `column` equals `value` fail, as a full disk would. */
export async function failInsertsWhere(
  db: DB,
  table: string,
  column: string,
  value: string,
  message: string,
): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} WHEN NEW.${column} = '${value}' BEGIN SELECT RAISE(ABORT, '${message}'); END`,
      )
      .execute(db)
    return
  }
  await sql
    .raw(
      `CREATE FUNCTION fail_${table}() RETURNS trigger AS $$ BEGIN IF NEW.${column} = '${value}' THEN RAISE EXCEPTION '${message}'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    )
    .execute(db)
  await sql
    .raw(
      `CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_${table}()`,
    )
    .execute(db)
}

/** What someone with direct database access could do: remove the audit log's append-only guard. */
export async function dropAuditLogGuards(db: DB): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`DROP TRIGGER audit_log_no_update`.execute(db)
    await sql`DROP TRIGGER audit_log_no_delete`.execute(db)
  } else {
    await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(db)
  }
}

/** PostgreSQL only: an empty schema (no tables) and a pool whose tables resolve there. */
export async function createEmptyPostgresSchema(): Promise<{ db: DB; schema: string }> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_DATABASE_URL is not set')
  const schema = `t_${randomBytes(6).toString('hex')}`
  const db = openPostgres(url, { schema, max: 12, idleTimeoutMs: 1000 })
  await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(db)
  return { db, schema }
}
