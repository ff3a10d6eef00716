import type { Actor } from '../auth/permissions'
import { consumeQuota, type QuotaPolicy } from '../auth/throttle.server'
import type { Language } from '../i18n/config'
import { decodeCsv } from '../lib/csv'
import { yieldToEventLoop } from '../lib/event-loop.server'
import type { DB } from '../lib/db.server'
import { err, ok, type Result } from '../lib/result'
import { MAX_BATCH_BYTES, parseBatch, toBatchCsv, toXliff, type BatchItem } from './batch'
import { MAX_TRANSLATION_LENGTH } from './fields'
import { exportItems, submit, type LanguageError } from './workflow.server'

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
    | 'duplicate'
    | 'too_many'
}

/** Rows submitted from one upload at most; the rest are reported `too_many` (send them again). */
export const MAX_IMPORTED_ROWS = 500
/** Uploads per translator: each may write MAX_IMPORTED_ROWS submissions and their audit rows. */
export const IMPORT_POLICY: QuotaPolicy = { limit: 20, windowMs: 60 * 60_000 }
/** The import gives the event loop back every this many rows (other requests are served meanwhile). */
export const YIELD_EVERY = 50

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
  LanguageError | 'file_too_large' | 'not_xliff' | 'no_header' | 'too_many_rows' | 'empty' | 'throttled'

/**
 * Reads an uploaded batch and submits its filled-in rows. A file that cannot be read at all is
 * refused whole (nothing written); otherwise every row gets its own result. Bounded (security
 * review of #19): a translator uploads at most IMPORT_POLICY files an hour, a text filled in twice
 * counts once (its last row), at most MAX_IMPORTED_ROWS rows are submitted per upload, and the loop
 * yields to the event loop every YIELD_EVERY rows.
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
  if (actor && (await consumeQuota(db, `translation-import:${actor.id}`, IMPORT_POLICY, now)))
    return err('throttled', 'file')
  const parsed = parseBatch(decodeCsv(bytes).text)
  if (!parsed.ok) return err(parsed.error, 'file')
  // A text filled in on several rows: the last row is the translator's final word.
  const lastRowOf = new Map<string, number>()
  parsed.rows.forEach((row, index) => {
    if (!('malformed' in row) && row.target.trim()) lastRowOf.set(`${row.kind}|${row.id}`, index)
  })
  const results: RowResult[] = []
  let submittedRows = 0
  for (const [index, row] of parsed.rows.entries()) {
    if (index > 0 && index % YIELD_EVERY === 0) await yieldToEventLoop()
    if ('malformed' in row) {
      results.push({ line: row.line, kind: null, id: null, result: 'malformed' })
      continue
    }
    const base = { line: row.line, kind: row.kind.slice(0, 100), id: row.id.slice(0, 100) }
    if (!row.target.trim()) {
      results.push({ ...base, result: 'skipped' })
      continue
    }
    if (lastRowOf.get(`${row.kind}|${row.id}`) !== index) {
      results.push({ ...base, result: 'duplicate' })
      continue
    }
    if (row.target.length > MAX_TRANSLATION_LENGTH) {
      results.push({ ...base, result: 'too_long' })
      continue
    }
    if (submittedRows >= MAX_IMPORTED_ROWS) {
      results.push({ ...base, result: 'too_many' })
      continue
    }
    submittedRows++
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
