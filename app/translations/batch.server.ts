import type { Actor } from '../auth/permissions'
import type { Language } from '../i18n/config'
import { decodeCsv } from '../lib/csv'
import type { DB } from '../lib/db.server'
import { err, ok, type Result } from '../lib/result'
import { MAX_BATCH_BYTES, parseBatch, toBatchCsv, toXliff, type BatchItem } from './batch'
import { exportItems, MAX_TRANSLATION_LENGTH, submit, type LanguageError } from './workflow.server'

// Import and export of offline batches (issue #19, ADR 028): the queue goes out as a file, rows
// come back as submissions — each row through the same `submit` as the editor, so the same rules
// (language, basis, one pending per text) hold for both.

export type RowResult = {
  line: number
  kind: string | null
  id: string | null
  result:
    | 'accepted'
    | 'original_changed'
    | 'unknown'
    | 'too_long'
    | 'malformed'
    | 'already_pending'
    | 'is_original'
    | 'skipped'
}

export async function exportBatch(
  db: DB,
  actor: Actor,
  language: Language,
  format: 'csv' | 'xliff',
): Promise<Result<string, LanguageError>> {
  const items = await exportItems(db, actor, language)
  if (!items.ok) return items
  const batch: BatchItem[] = items.value.map((i) => ({
    kind: i.kind,
    id: i.id,
    basis: i.basis,
    source: i.original.text,
    sourceLang: i.original.lang,
    context: i.context,
  }))
  return ok(format === 'csv' ? toBatchCsv(batch) : toXliff(batch, language))
}

export type ImportError =
  LanguageError | 'file_too_large' | 'not_xliff' | 'no_header' | 'too_many_rows' | 'empty'

/**
 * Reads an uploaded batch and submits its filled-in rows. A file that cannot be read at all is
 * refused whole (nothing written); otherwise every row gets its own result.
 */
export async function importBatch(
  db: DB,
  actor: Actor,
  { language, bytes }: { language: Language; bytes: Uint8Array },
  now = new Date(),
): Promise<Result<{ rows: RowResult[] }, ImportError>> {
  if (bytes.byteLength > MAX_BATCH_BYTES) return err('file_too_large', 'file')
  const exported = await exportItems(db, actor, language) // the language check, before reading
  if (!exported.ok) return exported
  const parsed = parseBatch(decodeCsv(bytes).text)
  if (!parsed.ok) return err(parsed.error, 'file')
  const results: RowResult[] = []
  for (const row of parsed.rows) {
    if ('malformed' in row) {
      results.push({ line: row.line, kind: null, id: null, result: 'malformed' })
      continue
    }
    const base = { line: row.line, kind: row.kind.slice(0, 100), id: row.id.slice(0, 100) }
    if (!row.target.trim()) {
      results.push({ ...base, result: 'skipped' })
      continue
    }
    if (row.target.length > MAX_TRANSLATION_LENGTH) {
      results.push({ ...base, result: 'too_long' })
      continue
    }
    const submitted = await submit(
      db,
      actor,
      { kind: row.kind, id: row.id, language, text: row.target, basis: row.basis },
      now,
    )
    if (submitted.ok) results.push({ ...base, result: 'accepted' })
    else if (
      submitted.error === 'original_changed' ||
      submitted.error === 'already_pending' ||
      submitted.error === 'is_original'
    )
      results.push({ ...base, result: submitted.error })
    else if (submitted.error === 'too_long') results.push({ ...base, result: 'too_long' })
    else results.push({ ...base, result: 'unknown' })
  }
  return ok({ rows: results })
}
