import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openPostgres, openSqlite, type DB } from '../app/lib/db.server'

/**
 * A fresh, empty database for one benchmark run: a SQLite file in a temporary directory, or —
 * with BENCH_DATABASE_URL=postgres://… (any database on the server; it is only used to connect) —
 * a new PostgreSQL database created for the run and dropped after it.
 */
export type BenchDatabase = { dialect: 'sqlite' | 'postgres'; open(): DB; serverEnv: Record<string, string>; drop(): Promise<void> }

export async function freshBenchDatabase(): Promise<BenchDatabase> {
  const server = process.env.BENCH_DATABASE_URL
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), 'mutirao-bench-'))
    const path = join(dir, 'bench.sqlite')
    return { dialect: 'sqlite', open: () => openSqlite(path), serverEnv: { DATABASE_PATH: path, DATABASE_URL: '' }, drop: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const name = `mutirao_bench_${process.pid}_${Date.now()}`
  const admin = openPostgres(server, { max: 1 })
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin)
  await admin.destroy()
  const url = new URL(server)
  url.pathname = `/${name}`
  return {
    dialect: 'postgres',
    open: () => openPostgres(url.toString()),
    serverEnv: { DATABASE_URL: url.toString() },
    drop: async () => {
      const again = openPostgres(server, { max: 1 })
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(again)
      await again.destroy()
    },
  }
}
