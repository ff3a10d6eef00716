import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { openPostgres, openSqlite } from '../../app/lib/db.server'
import { migrateToLatest } from '../../db/migrate'
import { seedReference } from '../../db/seed/reference'

// Test databases start from a template migrated once per run (the migrations themselves are
// proved by tests that migrate from empty: tests/integration/db). Migrating took ~35 ms per SQLite
// database and ~300 ms per PostgreSQL one, for about a thousand databases a run; a copy of the
// template takes ~1 ms (SQLite image in memory) and ~50 ms (CREATE DATABASE … TEMPLATE).
//
// The names carry a per-run id, so two runs against one PostgreSQL server (two checkouts) never
// touch each other's databases; teardown drops this run's.

let sqliteDir: string | undefined

export async function setup(): Promise<void> {
  sqliteDir = mkdtempSync(join(tmpdir(), 'mutirao-template-'))
  const templatePath = join(sqliteDir, 'template.sqlite')
  const template = openSqlite(templatePath)
  await migrateToLatest(template)
  await seedReference(template)
  // A rollback-journal header: an image opened in memory cannot have a WAL file beside it.
  await sql`PRAGMA journal_mode = DELETE`.execute(template)
  await template.destroy()
  process.env.TEST_SQLITE_TEMPLATE = templatePath

  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const run = randomBytes(4).toString('hex')
  const name = `tmpl_${run}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const db = openPostgres(databaseUrl(url, name), { max: 1 })
  // The trigram extension (migration 010) is per database: created in the template, copied with it.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db)
  await migrateToLatest(db)
  await seedReference(db)
  await db.destroy()
  process.env.TEST_PG_TEMPLATE = name
  process.env.TEST_PG_RUN = run
}

export async function teardown(): Promise<void> {
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true })
  const url = process.env.TEST_DATABASE_URL
  const run = process.env.TEST_PG_RUN
  if (!url || !run) return
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const { rows } = await admin.query<{ name: string }>(
    `SELECT datname AS name FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
    [`t\\_${run}\\_%`, `tmpl_${run}`],
  )
  for (const { name } of rows) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  // Empty schemas made in the main database (createEmptyPostgresSchema, for db:copy).
  const schemas = await admin.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1`,
    [`t\\_${run}\\_%`],
  )
  for (const { name } of schemas.rows) await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
  await admin.end()
}

/** The same server, another database. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
