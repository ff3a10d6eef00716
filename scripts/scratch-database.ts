import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openPostgres, openSqlite, type DB } from '../app/lib/db.server'

/**
 * A fresh, empty database for one run of a benchmark or a proof: a SQLite file in a temporary
 * directory, or — given a PostgreSQL URL (any database on that server; it is only used to connect)
 * — a new PostgreSQL database created for the run and dropped after it.
 */
export type ScratchDatabase = {
  dialect: 'sqlite' | 'postgres'
  open(): DB
  serverEnv: Record<string, string>
  drop(): Promise<void>
}

export async function createScratchDatabase(
  server: string | undefined,
  prefix = 'mutirao_scratch',
): Promise<ScratchDatabase> {
  if (!server) {
    const dir = mkdtempSync(join(tmpdir(), `${prefix.replace(/_/g, '-')}-`))
    const path = join(dir, 'mutirao.sqlite')
    return {
      dialect: 'sqlite',
      open: () => openSqlite(path),
      serverEnv: { DATABASE_PATH: path, DATABASE_URL: '' },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  }
  const name = `${prefix}_${process.pid}_${Date.now()}`
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
