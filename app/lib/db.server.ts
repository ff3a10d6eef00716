import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  sql,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type Transaction,
  type TransactionBuilder,
} from 'kysely'
import pg from 'pg'
import type { Database } from '../../db/schema'
import { getEnv } from './env.server'

export type DB = Kysely<Database>
export type DialectName = 'sqlite' | 'postgres'

// The only module that knows which database is underneath. Everything else writes portable
// Kysely; where behaviour must differ (pragmas, how a transaction begins, retries) it is here.

/** SQLite (the embedded default) or PostgreSQL, chosen by DATABASE_URL. */
export function openDatabase({ url, path }: { url?: string; path: string }): DB {
  return url ? openPostgres(url) : openSqlite(path)
}

// Pragmas: WAL so readers never block the writer, foreign keys on (off by default in SQLite), a
// busy timeout so concurrent writers wait instead of failing, and synchronous=FULL: every commit
// reaches the disk before the answer leaves, so a tracking code shown to a voter survives even a
// power cut (NORMAL survives process crashes only; SQLITE_SYNCHRONOUS=NORMAL trades that for write
// speed where that is acceptable: its commits reach the disk at the next checkpoint, up to 25 ms
// after a vote is answered under load, ADR 041).
export function openSqlite(path: string | Buffer, { busyTimeoutMs = 5000 } = {}): DB {
  // A Buffer is a serialized database image, opened in memory (tests start from a migrated template).
  if (typeof path === 'string' && path !== ':memory:') ownerOnlyFiles(path)
  const sqlite = new SQLite(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
  sqlite.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'}`)
  // Ballot secrecy at rest (ADR 005, issue #16): deleted rows are overwritten with zeros instead of
  // lingering in free space; the WAL file shrinks back to nothing whenever it is reset, so old frames
  // (a voter's participation row next to their ballot) do not survive in its unused tail; temporary
  // tables (the ballot rewrite's copy) stay in memory, never in a file outside the data folder.
  sqlite.pragma('secure_delete = ON')
  sqlite.pragma('journal_size_limit = 0')
  sqlite.pragma('temp_store = MEMORY')
  const db: DB = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({
      database: cachingStatements(sqlite, () => closedDatabases.add(db)),
    }),
  })
  return db
}

const closedDatabases = new WeakSet<Kysely<any>>()

/**
 * True once an SQLite handle was destroyed: work deferred on a timer (the vote writer's checkpoint)
 * is dropped instead of failing on a closed connection.
 */
export function isClosed(db: Kysely<any>): boolean {
  return closedDatabases.has(db)
}

/** Prepared statements kept per process (issue #22): the SQL texts an application runs are few. */
export const STATEMENT_CACHE_SIZE = 500

/**
 * Kysely prepares every query it runs; preparing costs more than running the indexed lookups of a
 * request. The connection given to Kysely keeps each SQL text's statement and reuses it (the least
 * recently used go past STATEMENT_CACHE_SIZE: `IN (…)` lists of varying length make new texts). A
 * statement still being iterated (a streamed query) is never handed out twice: a fresh one is.
 * Schema changes need nothing: SQLite prepares a statement again when the schema it read changed.
 */
function cachingStatements(sqlite: SQLite.Database, onClose: () => void): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    close: () => {
      onClose()
      statements.clear()
      sqlite.close()
    },
    prepare: (text: string) => {
      const cached = statements.get(text)
      if (cached && !cached.busy) {
        // Most recently used last: Map keeps insertion order.
        statements.delete(text)
        statements.set(text, cached)
        return cached
      }
      const statement = sqlite.prepare(text)
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!)
        statements.set(text, statement)
      }
      return statement
    },
  }
}

/**
 * The database holds the census and the ballots: its files are the owner's alone (0600, folder
 * 0700), whatever the umask (#16.8). The file is created here before SQLite opens it; SQLite gives
 * the -wal and -shm files it creates the database file's permissions; files left 0644 by an
 * older version are tightened.
 */
function ownerOnlyFiles(path: string): void {
  const dir = dirname(path)
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 })
  closeSync(openSync(path, 'a', 0o600))
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600)
    } catch {
      // absent (no -wal yet), or not ours to change: SQLite reports a real problem when it opens
    }
  }
}

/**
 * SQLite: copies every frame of the WAL into the database file and truncates the WAL to zero bytes,
 * so a copy of the data folder no longer holds the frames of recent transactions (a vote's
 * participation row and ballot rows are written together; ADR 005). It never waits: a reader in
 * another process (a second server, a backup) that still uses the WAL makes it give up at once
 * (`ok: false`) instead of blocking this process for the busy timeout; the caller tries again
 * later. A no-op on PostgreSQL, whose WAL the server manages (ADR 011).
 */
export async function truncateWal(db: Kysely<any>): Promise<{ ok: boolean }> {
  if (dialectOf(db) !== 'sqlite') return { ok: true }
  // One connection for the three statements: nothing else may run with the busy timeout at zero.
  return db.connection().execute(async (connection) => {
    const [current] = (await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(connection)).rows
    await sql`PRAGMA busy_timeout = 0`.execute(connection)
    try {
      const [result] = (
        await sql<{ busy: number; log: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(connection)
      ).rows
      return { ok: Number(result?.busy) === 0 }
    } catch (error) {
      // SQLITE_BUSY / SQLITE_LOCKED from a writer in another process: the same answer, try later.
      if (/busy|locked/i.test(String((error as { code?: unknown }).code))) return { ok: false }
      throw error
    } finally {
      await sql.raw(`PRAGMA busy_timeout = ${Math.max(0, Number(current?.timeout) || 0)}`).execute(connection)
    }
  })
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

// Counts and sums come back from PostgreSQL as int8/numeric, which `pg` returns as strings to
// avoid precision loss. Our counts stay far below 2^53: read them as numbers, as SQLite does.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v))

export type PostgresOptions = {
  /** Connections per process (default 10, PG_POOL_MAX). Several processes share one server. */
  max?: number
  /** Tables live in this schema (tests give each database its own). */
  schema?: string
  /** Idle connections close after this long (default 10 s). */
  idleTimeoutMs?: number
}

/**
 * PostgreSQL through a connection pool. Every transaction runs SERIALIZABLE, and is re-run when
 * PostgreSQL reports a serialization failure or a deadlock: the same guarantee SQLite's single
 * writer gives (each transaction behaves as if alone), so the read-check-write transactions
 * written for SQLite (guarded status steps, the audit chain, numbering) stay correct here too.
 */
export function openPostgres(url: string, { max, schema, idleTimeoutMs }: PostgresOptions = {}): DB {
  const pool = new pg.Pool({
    connectionString: url,
    max: max ?? (Number(process.env.PG_POOL_MAX) || 10),
    idleTimeoutMillis: idleTimeoutMs ?? 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // An idle connection dropped by the server (restart, failover) must not crash the process: the
  // pool replaces it on the next query. Only the error code is logged (messages can carry data).
  pool.on('error', (error: Error & { code?: string }) =>
    console.error(`PostgreSQL connection lost (${error.code ?? 'unknown'}); the pool will reconnect`),
  )
  return new SerializableKysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

const RETRYABLE = new Set(['40001', '40P01']) // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 12

class SerializableKysely<T> extends Kysely<T> {
  override transaction(): TransactionBuilder<T> {
    const begin = () => super.transaction().setIsolationLevel('serializable')
    return Object.assign(Object.create(begin()) as TransactionBuilder<T>, {
      execute: <R>(callback: (trx: Transaction<T>) => Promise<R>) =>
        retryOnConflict(() => begin().execute(callback)),
    })
  }
}

async function retryOnConflict<R>(run: () => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error
      // Back off a little, with jitter, so the transactions that collided do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)))
    }
  }
}

export function dialectOf(db: Kysely<any>): DialectName {
  return (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'
    ? 'sqlite'
    : 'postgres'
}

const globalForDb = globalThis as unknown as { __mutiraoDb?: DB }

export function getDb(): DB {
  const env = getEnv()
  globalForDb.__mutiraoDb ??= openDatabase({ url: env.DATABASE_URL, path: env.DATABASE_PATH })
  return globalForDb.__mutiraoDb
}
