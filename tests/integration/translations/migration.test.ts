import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import * as migration from '../../../db/migrations/2026-12-04-034-translation-workflow'
import { nowIso } from '../../../app/lib/ids.server'
import { createTestDb, dropDatabasesOfThisFile, onPostgres } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

afterAll(dropDatabasesOfThisFile)

// Migration 034 widens user_roles' CHECK to admit 'translator' (a rebuild on SQLite): rows, the
// primary key and the other rules survive both ways.
describe('migration 034: the translator role', () => {
  it('down and up keep every other role row and the CHECK; down removes the role it added', async () => {
    const db = await createTestDb()
    const person = await createUser(db, { roles: ['secretariat', 'translator'] })
    const roles = async () =>
      (await db.selectFrom('user_roles').select('role').where('user_id', '=', person.id).execute())
        .map((r) => r.role)
        .sort()
    const grant = (role: string) =>
      db
        .insertInto('user_roles')
        .values({ user_id: person.id, role: role as 'admin', granted_by: null, granted_at: nowIso() })
        .execute()
    const indexes = async () =>
      onPostgres
        ? []
        : (
            await sql<{
              name: string
            }>`SELECT name FROM sqlite_master WHERE tbl_name = 'user_roles' ORDER BY name`.execute(db)
          ).rows.map((r) => r.name)
    const before = await indexes()
    expect(await roles()).toEqual(['resident', 'secretariat', 'translator'])

    await migration.down(db)
    expect(await roles()).toEqual(['resident', 'secretariat'])
    await expect(grant('translator')).rejects.toThrow()
    expect(await indexes()).toEqual(before)

    await migration.up(db)
    await grant('translator')
    await expect(grant('bogus')).rejects.toThrow()
    await expect(grant('translator')).rejects.toThrow() // the primary key survived the rebuild
    expect(await roles()).toEqual(['resident', 'secretariat', 'translator'])
    expect(await indexes()).toEqual(before)
  })
})
