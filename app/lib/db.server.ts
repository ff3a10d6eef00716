import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../../db/schema'
import { getEnv } from './env.server'

export type DB = Kysely<Database>

// The only place that knows we are on SQLite. Pragmas: WAL so readers never block the writer,
// foreign keys on (off by default in SQLite), a busy timeout so concurrent writers wait instead of
// failing, and synchronous=FULL: every commit reaches the disk before the answer leaves, so a
// tracking code shown to a voter survives even a power cut (NORMAL survives process crashes only;
// SQLITE_SYNCHRONOUS=NORMAL trades that for write speed where that is acceptable).
export function openSqlite(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'}`)
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
}

const globalForDb = globalThis as unknown as { __mutiraoDb?: DB }

export function getDb(): DB {
  globalForDb.__mutiraoDb ??= openSqlite(getEnv().DATABASE_PATH)
  return globalForDb.__mutiraoDb
}
