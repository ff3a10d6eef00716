import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { TRANSLATABLE_FIELDS } from '../../../app/translations/registry.server'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'

afterAll(dropDatabasesOfThisFile)

describe('the registry of translatable fields (ADR 027)', () => {
  it('kinds are unique and each names itself for translators in the translations namespace', () => {
    const kinds = TRANSLATABLE_FIELDS.map((f) => f.kind)
    expect(new Set(kinds).size).toBe(kinds.length)
    const labels = JSON.parse(readFileSync('locales/pt-BR/translations.json', 'utf8')) as Record<
      string,
      unknown
    >
    for (const field of TRANSLATABLE_FIELDS) {
      expect(field.kind).toMatch(/^[a-z_]+\.[a-z_]+$/)
      const label = field.labelKey
        .split('.')
        .reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], labels)
      expect(typeof label, `${field.kind}: ${field.labelKey}`).toBe('string')
    }
  })

  it('each field reads its rows from a migrated database, and narrows to the ids asked for', async () => {
    const db = await createTestDb()
    for (const field of TRANSLATABLE_FIELDS) {
      const column = await db
        .selectFrom(field.table as 'elections')
        .select(`${field.column} as x` as 'id')
        .limit(1)
        .execute()
      expect(Array.isArray(column)).toBe(true)
      expect(await field.rows(db, [])).toEqual([])
      expect(Array.isArray(await field.rows(db))).toBe(true)
    }
  })
})
