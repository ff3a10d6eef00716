import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import type { Language } from '../i18n/config'
import { fingerprint, MAX_JSON, parseContent, withTranslation } from '../i18n/content'
import { err, ok, type Result } from '../lib/result'
import type { TranslatableField } from './fields'

export type ApplyError = 'not_found' | 'original_changed' | 'is_original' | 'changed_meanwhile' | 'too_long'

/**
 * Writes a published translation into the entity's own JSON column (ADR 027). `basis` is the
 * fingerprint of the original the translator worked from: if the original changed since, the
 * translation is refused rather than published already outdated. The write is a compare-and-set
 * on the whole column, so two publications at once cannot drop each other's language: the loser
 * is told `changed_meanwhile` and may simply retry.
 */
export async function applyTranslation(
  db: Kysely<Database>,
  field: TranslatableField,
  id: string,
  language: Language,
  text: string,
  basis: string,
): Promise<Result<{ stored: string }, ApplyError>> {
  // The registry names tables and columns from code, never from input: dynamic but closed.
  const anyDb = db as unknown as Kysely<Record<string, Record<string, string | null>>>
  const row = await anyDb
    .selectFrom(field.table)
    .select(`${field.column} as stored`)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return err('not_found')
  const before = (row as { stored: string | null }).stored
  const content = parseContent(before)
  if (language === content.original) return err('is_original')
  if (fingerprint(content.texts[content.original] ?? '') !== basis) return err('original_changed')
  const stored = withTranslation(before, language, text, basis)
  // Past what parseContent reads, the whole column would read as empty for every reader.
  if (stored.length > MAX_JSON) return err('too_long')
  let update = anyDb
    .updateTable(field.table)
    .set({ [field.column]: stored })
    .where('id', '=', id)
  update = before === null ? update.where(field.column, 'is', null) : update.where(field.column, '=', before)
  const result = await update.executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return err('changed_meanwhile')
  return ok({ stored })
}
