import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openSqlite } from '../../../app/lib/db.server'
import { onPostgres } from '../../helpers/db'

// #16.8: the SQLite files hold the census and the ballots; they are the owner's alone, whatever
// the umask. (Backups: tests/integration/reliability/backup.test.ts; uploads are written 0600.)
const mode = (path: string) => statSync(path).mode & 0o777

describe.skipIf(onPostgres)('SQLite data files are owner-only', () => {
  it('a new database, its -wal and -shm files are created 0600 even with a permissive umask', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mutirao-perm-')), 'data')
    const path = join(dir, 'new.sqlite')
    const previous = process.umask(0o022)
    try {
      const db = openSqlite(path)
      await sql`create table t (x integer)`.execute(db)
      await sql`insert into t values (1)`.execute(db)
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(mode(file), file).toBe(0o600)
      expect(mode(dir)).toBe(0o700)
      await db.destroy()
    } finally {
      process.umask(previous)
    }
  })

  it('an existing world-readable file (from an older version) is tightened when opened', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mutirao-perm-')), 'old.sqlite')
    writeFileSync(path, '')
    chmodSync(path, 0o644)
    const db = openSqlite(path)
    await sql`select 1`.execute(db)
    expect(mode(path)).toBe(0o600)
    await db.destroy()
  })
})
