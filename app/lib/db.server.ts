import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../../db/schema'
import { getEnv } from './env.server'

export type DB = Kysely<Database>

// The only place that knows we are on SQLite. Pragmas: WAL so readers never block the writer,
// foreign keys on (off by default in SQLite), a busy timeout so concurrent writers wait instead of
// failing, synchronous=NORMAL which is durable in WAL mode across process crashes.
export function openSqlite(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
}

const globalForDb = globalThis as unknown as { __mutiraoDb?: DB }

export function getDb(): DB {
  globalForDb.__mutiraoDb ??= openSqlite(getEnv().DATABASE_PATH)
  return globalForDb.__mutiraoDb
}
