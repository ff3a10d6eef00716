import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { backupDatabase } from '../../../scripts/backup'
import { createTestDb, onPostgres } from '../../helpers/db'

// Another process writes to the database in a tight loop (each transaction: a user and its role)
// while the backup runs, as the server would. The copy must open, pass integrity_check, hold every
// row written before the backup started and be a consistent snapshot (no user without its role).
const WRITER = `
const Database = require('better-sqlite3')
const db = new Database(process.env.WRITER_DB)
db.pragma('busy_timeout = 5000')
const user = db.prepare("INSERT INTO users (id, email, display_name, preferred_language, created_at) VALUES (?, ?, 'Writer', 'pt-BR', '2026-01-01T00:00:00.000Z')")
const role = db.prepare("INSERT INTO user_roles (user_id, role, granted_by, granted_at) VALUES (?, 'resident', NULL, '2026-01-01T00:00:00.000Z')")
const write = db.transaction((i) => { user.run('writer-' + i, 'writer-' + i + '@example.org'); role.run('writer-' + i) })
for (let i = 0; ; i++) {
  write(i)
  if (i === 0) process.stdout.write('ready\\n')
}
`

let writer: ChildProcess | null = null
const dirs: string[] = []

afterEach(() => {
  writer?.kill('SIGKILL')
  writer = null
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function startWriter(dbPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', WRITER], {
    cwd: process.cwd(),
    env: { ...process.env, WRITER_DB: dbPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child))
    child.once('exit', (code) => reject(new Error(`writer exited (${code}): ${stderr}`)))
  })
}

const count = (db: SQLite.Database, query: string) => (db.prepare(query).get() as { n: number }).n
const WRITER_USERS = `SELECT count(*) AS n FROM users WHERE id LIKE 'writer-%'`

// The backup tool copies the embedded SQLite file; PostgreSQL deployments use pg_dump (README).
describe.skipIf(onPostgres)('online backup', () => {
  it('copies a database that another process keeps writing to, consistently', async () => {
    const db = await createTestDb({ file: true })
    const at = '2026-01-01T00:00:00.000Z'
    const filler = 'x'.repeat(200)
    for (let batch = 0; batch < 10; batch++) {
      const ids = Array.from({ length: 200 }, (_, i) => `seed-${batch}-${i}`)
      await db
        .insertInto('users')
        .values(
          ids.map((id) => ({
            id,
            email: `${id}@example.org`,
            display_name: `${id} ${filler}`,
            preferred_language: 'pt-BR',
            created_at: at,
          })),
        )
        .execute()
      await db
        .insertInto('user_roles')
        .values(
          ids.map((id) => ({ user_id: id, role: 'resident' as const, granted_by: null, granted_at: at })),
        )
        .execute()
    }
    await db.destroy()

    const dir = mkdtempSync(join(tmpdir(), 'mutirao-backup-'))
    dirs.push(dir, join(db.path, '..'))
    const dest = join(dir, 'nested', 'copy.sqlite')
    const probe = new SQLite(db.path, { readonly: true })
    writer = await startWriter(db.path)
    const before = count(probe, WRITER_USERS)
    const report = await backupDatabase(db.path, dest)
    const after = count(probe, WRITER_USERS)
    writer.kill('SIGKILL')
    probe.close()

    expect(report.integrity).toBe('ok')
    expect(report.counts.users).toBeGreaterThanOrEqual(2000 + before)
    expect(after).toBeGreaterThan(before) // the writer really was writing while the copy was made
    expect(existsSync(`${dest}.partial`)).toBe(false)
    expect(existsSync(`${dest}-wal`)).toBe(false) // one self-contained file
    expect(statSync(dest).mode & 0o077).toBe(0) // personal data: owner-only

    const copy = new SQLite(dest, { readonly: true, fileMustExist: true })
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
      expect(count(copy, `SELECT count(*) AS n FROM users WHERE id LIKE 'seed-%'`)).toBe(2000)
      // A snapshot: between what existed when the backup started and when it finished…
      const copied = count(copy, WRITER_USERS)
      expect(copied).toBeGreaterThanOrEqual(before)
      expect(copied).toBeLessThanOrEqual(after)
      // …and never half a transaction.
      expect(
        count(
          copy,
          `SELECT count(*) AS n FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id)`,
        ),
      ).toBe(0)
      expect(count(copy, `SELECT count(*) AS n FROM user_roles`)).toBe(
        count(copy, `SELECT count(*) AS n FROM users`),
      )
      // The migrations came along: the copy is a usable database, not just rows.
      expect(count(copy, `SELECT count(*) AS n FROM kysely_migration`)).toBeGreaterThan(0)
    } finally {
      copy.close()
    }
  })

  it('refuses to overwrite a file and fails on a missing database instead of copying an empty one', async () => {
    const db = await createTestDb({ file: true })
    await db.destroy()
    const dir = mkdtempSync(join(tmpdir(), 'mutirao-backup-'))
    dirs.push(dir, join(db.path, '..'))
    const dest = join(dir, 'copy.sqlite')
    await backupDatabase(db.path, dest)
    const size = statSync(dest).size
    await expect(backupDatabase(db.path, dest)).rejects.toThrow(/already exists/)
    expect(statSync(dest).size).toBe(size)
    await expect(backupDatabase(join(dir, 'missing.sqlite'), join(dir, 'other.sqlite'))).rejects.toThrow(
      /no database/,
    )
    expect(existsSync(join(dir, 'missing.sqlite'))).toBe(false)
    expect(existsSync(join(dir, 'other.sqlite'))).toBe(false)
  })
})
