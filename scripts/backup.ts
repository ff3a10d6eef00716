// `npm run db:backup [-- <destination.sqlite>]`: a consistent ONLINE copy of the SQLite database
// at DATABASE_PATH, safe while the server is running (SQLite's online backup API through
// better-sqlite3, which reads a snapshot and never blocks the server's writes in WAL mode). The
// copy is written next to its destination as "<destination>.partial", checked with
// PRAGMA integrity_check, made self-contained (journal_mode=DELETE, no -wal file) and only then
// renamed into place, so a failed backup never leaves a half-written file under the final name.
// Backups hold personal data (LGPD): the file is created owner-only (0600); see README.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import SQLite from 'better-sqlite3'

/** Tables whose row counts are printed after a backup: enough to see the copy is the real thing. */
export const KEY_TABLES = [
  'users',
  'voter_registrations',
  'elections',
  'voter_participation',
  'ballots',
  'tracking_codes',
  'audit_log',
] as const

export type BackupReport = {
  destination: string
  bytes: number
  pages: number
  integrity: string
  counts: Record<string, number | null>
}

export class BackupError extends Error {}

/** Copies the live database at `sourcePath` to `destPath` (which must not exist yet) and checks the copy. */
export async function backupDatabase(sourcePath: string, destPath: string): Promise<BackupReport> {
  const source = resolve(sourcePath)
  const destination = resolve(destPath)
  if (source === destination) throw new BackupError('the destination is the database itself')
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`)
  if (existsSync(destination))
    throw new BackupError(
      `${destination} already exists; choose another name (backups are never overwritten)`,
    )
  mkdirSync(dirname(destination), { recursive: true, mode: 0o700 })
  const partial = `${destination}.partial`
  removeWithSidecars(partial)

  // fileMustExist: a mistyped path must fail, not silently back up a brand-new empty database.
  // Not readonly: a read-only connection leaves empty -wal/-shm files behind when the server is
  // stopped; this one only reads, and as the last connection to close it tidies them up.
  const db = new SQLite(source, { fileMustExist: true })
  let pages = 0
  try {
    db.pragma('busy_timeout = 5000')
    // Owner-only from the first byte: the copy holds the voter census.
    closeSync(openSync(partial, 'wx', 0o600))
    // The first step sizes the copy; the progress callback then asks for every remaining page in
    // ONE step, read from one snapshot. With small steps, SQLite restarts the backup whenever
    // another connection writes between steps, so under steady load it could start over and over.
    const result = await db.backup(partial, { progress: () => 0x7fffffff })
    pages = result.totalPages
  } catch (error) {
    removeWithSidecars(partial)
    throw error
  } finally {
    db.close()
  }

  let integrity = 'not checked'
  const counts: Record<string, number | null> = {}
  try {
    const copy = new SQLite(partial, { fileMustExist: true })
    try {
      // One file to store and restore: the server switches it back to WAL when it opens it.
      copy.pragma('journal_mode = DELETE')
      const rows = copy.pragma('integrity_check') as { integrity_check: string }[]
      integrity = rows.map((r) => r.integrity_check).join('; ')
      const tables = new Set(
        (copy.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
          (t) => t.name,
        ),
      )
      for (const table of KEY_TABLES) {
        counts[table] = tables.has(table)
          ? (copy.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n
          : null
      }
    } finally {
      copy.close()
    }
  } catch (error) {
    removeWithSidecars(partial)
    throw error
  }
  if (integrity !== 'ok') {
    removeWithSidecars(partial)
    throw new BackupError(`integrity_check of the copy failed: ${integrity.slice(0, 500)}`)
  }
  removeWithSidecars(destination, { keepMain: true })
  renameSync(partial, destination)
  return { destination, bytes: statSync(destination).size, pages, integrity, counts }
}

function removeWithSidecars(path: string, { keepMain = false } = {}) {
  for (const p of keepMain
    ? [`${path}-wal`, `${path}-shm`, `${path}-journal`]
    : [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    rmSync(p, { force: true })
  }
}

/** backups/mutirao-2026-11-23T14-05-09Z.sqlite (UTC, no colons: valid on every file system). */
export function defaultBackupPath(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-')
  return join('backups', `mutirao-${stamp}.sqlite`)
}

async function main() {
  // Imported lazily: getEnv validates the whole configuration, which the test does not need.
  const { getEnv } = await import('../app/lib/env.server')
  if (getEnv().DATABASE_URL) {
    console.error(
      'DATABASE_URL is set: this copies the embedded SQLite file. Back up PostgreSQL with pg_dump (see README).',
    )
    process.exitCode = 1
    return
  }
  const source = getEnv().DATABASE_PATH // never print the environment: it holds SESSION_SECRET
  const destination = process.argv[2] ?? defaultBackupPath()
  const started = Date.now()
  try {
    const report = await backupDatabase(source, destination)
    console.log(`Backup of ${resolve(source)}`)
    console.log(
      `  written to ${report.destination} (${report.bytes} bytes, ${report.pages} pages, ${Date.now() - started} ms)`,
    )
    console.log(`  integrity_check: ${report.integrity}`)
    for (const [table, n] of Object.entries(report.counts))
      console.log(`  ${table.padEnd(20)} ${n ?? '(missing)'}`)
    console.log('It contains personal data (LGPD): store it encrypted and delete it when its retention ends.')
  } catch (error) {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main()
