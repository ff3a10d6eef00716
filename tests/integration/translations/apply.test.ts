import { afterAll, describe, expect, it } from 'vitest'
import { fingerprint, originalContent, pickText } from '../../../app/i18n/content'
import { applyTranslation } from '../../../app/translations/apply.server'
import { translatableField } from '../../../app/translations/registry.server'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'
import { cmiElection } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

afterAll(dropDatabasesOfThisFile)

async function withElection(title: string) {
  const db = await createTestDb()
  await openCycle(db)
  const { electionId } = await cmiElection(db)
  await db
    .updateTable('elections')
    .set({ title_i18n: originalContent(title) })
    .where('id', '=', electionId)
    .execute()
  return { db, id: electionId }
}

describe('publishing a translation into the entity (ADR 027)', () => {
  const field = translatableField('election.title')!

  it('writes the language beside the original and readers see it', async () => {
    const { db, id } = await withElection('Eleição 2026')
    const result = await applyTranslation(db, field, id, 'ht', 'Eleksyon 2026', fingerprint('Eleição 2026'))
    expect(result.ok).toBe(true)
    const row = await db
      .selectFrom('elections')
      .select('title_i18n')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(pickText(row.title_i18n, 'ht')).toMatchObject({ text: 'Eleksyon 2026', state: 'translated' })
    expect(pickText(row.title_i18n, 'pt-BR').text).toBe('Eleição 2026')
  })

  it('refuses a translation of an original that has changed, the original itself, and a missing row', async () => {
    const { db, id } = await withElection('Eleição 2026')
    expect(await applyTranslation(db, field, id, 'ar', 'x', fingerprint('Eleição 2025'))).toMatchObject({
      ok: false,
      error: 'original_changed',
    })
    expect(await applyTranslation(db, field, id, 'pt-BR', 'x', fingerprint('Eleição 2026'))).toMatchObject({
      ok: false,
      error: 'is_original',
    })
    expect(await applyTranslation(db, field, 'nope', 'ar', 'x', fingerprint('Eleição 2026'))).toMatchObject({
      ok: false,
      error: 'not_found',
    })
  })

  it('two languages published at once both survive (or the loser is told to retry)', async () => {
    const { db, id } = await withElection('Eleição 2026')
    const basis = fingerprint('Eleição 2026')
    const [a, b] = await Promise.all([
      applyTranslation(db, field, id, 'ar', 'انتخابات 2026', basis),
      applyTranslation(db, field, id, 'zh', '2026年选举', basis),
    ])
    const row = await db
      .selectFrom('elections')
      .select('title_i18n')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const published = ['ar', 'zh'].filter((l) => pickText(row.title_i18n, l).state === 'translated')
    const succeeded = [a, b].filter((r) => r.ok).length
    expect(published.length).toBe(succeeded)
    for (const r of [a, b]) if (!r.ok) expect(r.error).toBe('changed_meanwhile')
  })
})
