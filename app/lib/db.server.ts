import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver } from 'kysely'
import type { Database } from '../../db/schema'
import { getEnv } from './env.server'

export type DB = Kysely<Database>

// The only place that knows we are on SQLite. Pragmas: WAL so readers never block the writer,
// foreign keys on (off by default in SQLite), a busy timeout so concurrent writers wait instead of
// failing, and synchronous=FULL: every commit reaches the disk before the answer leaves, so a
// tracking code shown to a voter survives even a power cut (NORMAL survives process crashes only;
// SQLITE_SYNCHRONOUS=NORMAL trades that for write speed where that is acceptable).
export function openSqlite(path: string, { busyTimeoutMs = 5000 } = {}): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
  sqlite.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'}`)
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) })
}

/**
 * Transactions begin IMMEDIATE: they take the write lock at the start. With several server
 * processes on one file, a deferred transaction that reads and then writes can find another
 * process's commit in between and fail at once with SQLITE_BUSY (the busy timeout does not apply
 * to that case); an immediate one waits its turn instead.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver()
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'))
    }
    return driver
  }
}

const globalForDb = globalThis as unknown as { __mutiraoDb?: DB }

export function getDb(): DB {
  globalForDb.__mutiraoDb ??= openSqlite(getEnv().DATABASE_PATH)
  return globalForDb.__mutiraoDb
}
