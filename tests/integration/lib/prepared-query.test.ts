import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Language } from '../../../db/schema'
import type { DB } from '../../../app/lib/db.server'
import { preparedQuery, type Param } from '../../../app/lib/prepared-query.server'
import { createTestDb } from '../../helpers/db'

// app/lib/prepared-query.server.ts (ADR 040): a Kysely query compiled once and run with each call's
// values must answer exactly as the query built anew would, on SQLite and on PostgreSQL.

let db: DB

beforeEach(async () => {
  db = await createTestDb()
  const at = new Date().toISOString()
  await db
    .insertInto('users')
    .values(
      ['ana', 'bia', 'caio'].map((id, i) => ({
        id,
        email: `${id}@example.org`,
        phone: null,
        display_name: id.toUpperCase(),
        password_hash: null,
        preferred_language: i === 2 ? 'es' : 'pt-BR',
        created_at: at,
        password_changed_at: null,
        erased_at: null,
      })),
    )
    .execute()
  await db
    .insertInto('user_roles')
    .values([
      { user_id: 'ana', role: 'admin', granted_by: null, granted_at: at },
      { user_id: 'ana', role: 'secretariat', granted_by: null, granted_at: at },
    ])
    .execute()
})

const byLanguage = preparedQuery((db, param: Param<{ language: Language; after: string }>) =>
  db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('preferred_language', '=', param('language'))
    .where('id', '>', param('after'))
    .orderBy('id'),
)

describe('preparedQuery', () => {
  it('answers as the query built anew, call after call, with each call’s values', async () => {
    const built = (language: Language, after: string) =>
      db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('preferred_language', '=', language)
        .where('id', '>', after)
        .orderBy('id')
        .execute()
    for (const [language, after] of [
      ['pt-BR', ''],
      ['pt-BR', 'ana'],
      ['es', ''],
      ['fr', ''],
      ['pt-BR', 'zzz'],
    ] as const) {
      const rows = await byLanguage.execute(db, { language, after })
      expect(rows).toEqual(await built(language, after))
    }
    expect(await byLanguage.executeTakeFirst(db, { language: 'es', after: '' })).toEqual({
      id: 'caio',
      display_name: 'CAIO',
    })
    expect(await byLanguage.executeTakeFirst(db, { language: 'ar', after: '' })).toBeUndefined()
  })

  it('keeps the values the builder wrote itself, and a parameter used twice gets its value twice', async () => {
    const roleOf = preparedQuery((db, param: Param<{ user: string }>) =>
      db
        .selectFrom('user_roles')
        .select('role')
        .where('role', '=', 'admin') // a fixed value, not a parameter
        .where((eb) => eb.or([eb('user_id', '=', param('user')), eb('user_id', '=', param('user'))])),
    )
    expect(await roleOf.execute(db, { user: 'ana' })).toEqual([{ role: 'admin' }])
    expect(await roleOf.execute(db, { user: 'bia' })).toEqual([])
  })

  it('runs inside a transaction and sees its writes', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ preferred_language: 'ht' }).where('id', '=', 'bia').execute()
      expect(await byLanguage.execute(trx, { language: 'ht', after: '' })).toEqual([
        { id: 'bia', display_name: 'BIA' },
      ])
    })
  })

  it('refuses a query where a value did not become a parameter (it would run with the marker)', async () => {
    const inlined = preparedQuery((db, param: Param<{ id: string }>) =>
      db
        .selectFrom('users')
        .select('id')
        .where(sql<boolean>`id = ${sql.lit(param('id'))}`),
    )
    await expect(inlined.execute(db, { id: 'ana' })).rejects.toThrow(/did not become a parameter/)
  })
})
