import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { dialectOf, openPostgres, openSqlite, type DB, type DialectName } from '../../app/lib/db.server'
import { databaseUrl } from './global-setup'

/**
 * Which database the integration tests run against: SQLite unless TEST_DATABASE_URL points at a
 * PostgreSQL server (`npm test` runs them once on each when it is set; see scripts/test-all.ts).
 */
export const testDialect: DialectName = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'
export const onPostgres = testDialect === 'postgres'

/**
 * A real, migrated database, copied from the run's template (tests/helpers/global-setup.ts).
 * SQLite: in memory, or a file when a test needs several connections. PostgreSQL: a database of
 * its own on the test server (dropped after the run); idle connections close after a second so
 * thousands of test databases do not exhaust the server.
 */
export async function createTestDb({ file = false } = {}): Promise<DB & { path: string }> {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const template = process.env.TEST_PG_TEMPLATE
    const run = process.env.TEST_PG_RUN
    if (!template || !run) throw new Error('TEST_PG_TEMPLATE is not set: run through tests/vitest.config.ts')
    const name = `t_${run}_${randomBytes(6).toString('hex')}`
    await createDatabaseFromTemplate(url, name, template)
    const path = databaseUrl(url, name)
    const db = Object.assign(openPostgres(path, { max: 12, idleTimeoutMs: 1000 }), { path })
    createdHere.push({ name, db })
    return db
  }
  const template = process.env.TEST_SQLITE_TEMPLATE
  if (!template) throw new Error('TEST_SQLITE_TEMPLATE is not set: run through tests/vitest.config.ts')
  templateImage ??= readFileSync(template)
  if (!file) return Object.assign(openSqlite(templateImage), { path: ':memory:' })
  const path = join(mkdtempSync(join(tmpdir(), 'mutirao-test-')), 'test.sqlite')
  writeFileSync(path, templateImage)
  return Object.assign(openSqlite(path), { path })
}

let templateImage: Buffer | undefined
let admin: Promise<pg.Client> | undefined

const createdHere: { name: string; db: DB }[] = []

/**
 * After a test file (tests/helpers/setup.ts): closes the pools of the PostgreSQL databases it
 * made and drops them, while the other worker goes on testing, so the run's teardown has little
 * left to do (a DROP DATABASE costs a checkpoint).
 */
export async function dropDatabasesOfThisFile(): Promise<void> {
  const client = admin
  admin = undefined
  if (!client) return
  const connection = await client
  for (const { name, db } of createdHere.splice(0)) {
    await db.destroy().catch(() => undefined) // the test may have closed it already
    await connection.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
  await connection.end()
}

async function createDatabaseFromTemplate(url: string, name: string, template: string): Promise<void> {
  admin ??= (async () => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    return client
  })()
  // FILE_COPY copies the template's files at once: ~50 ms for the migrated schema, where the
  // default WAL_LOG strategy writes every block to the WAL.
  await (await admin).query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`)
}

/** A second connection (pool) to the same test database, as another server process would have. */
export function openAnotherConnection(
  db: DB & { path: string },
  options: { busyTimeoutMs?: number } = {},
): DB {
  if (dialectOf(db) === 'sqlite') return openSqlite(db.path, options)
  return openPostgres(db.path, { idleTimeoutMs: 1000 })
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

/** PostgreSQL only: an empty schema (no tables) in the server's main database, and a pool whose tables resolve there. */
export async function createEmptyPostgresSchema(): Promise<{ db: DB; schema: string }> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_DATABASE_URL is not set')
  const schema = `t_${process.env.TEST_PG_RUN ?? 'x'}_${randomBytes(6).toString('hex')}`
  const db = openPostgres(url, { schema, max: 12, idleTimeoutMs: 1000 })
  await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(db)
  return { db, schema }
}
