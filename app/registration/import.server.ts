import { enqueueJob, getJob, takeJobInput, type JobView } from '../jobs/jobs.server'
import type { JobHandler, JobOutcome } from '../jobs/runner.server'
import { parseCsv } from '../lib/csv'
import type { DB } from '../lib/db.server'
import { err, ok, type Result } from '../lib/result'
import { getCurrentCycle } from './cycles.server'
import {
  checkRow,
  columnOf,
  missingColumns,
  subprefectureFinder,
  type PreparedRow,
  type RowProblem,
} from './import-rows.server'
import { createRegistration } from './registrations.server'

// Bulk import of registrations collected on paper at service desks, in two background jobs (see
// app/jobs). The upload is kept in the job row, never sent back through the page. A "preview" job
// checks every line and reports, in chunks, with progress; "confirm" moves the file to a "commit"
// job that checks it again and writes the valid rows in ONE transaction, so an import is never
// half-done. The file is personal data: it is cleared from the jobs as soon as nobody needs it.

export const IMPORT_PREVIEW = 'registration_import_preview'
export const IMPORT_COMMIT = 'registration_import_commit'
export const MAX_IMPORT_ROWS = 20_000
/** Lines checked between two progress reports (no transaction spans them). */
const CHUNK_ROWS = 1000

export type ImportReport =
  | { ok: true; valid: number; rejected: RowProblem[]; total: number; imported?: number }
  | { ok: false; error: 'empty' | 'bad_header' | 'too_many_rows' | 'no_open_cycle'; missing?: string[] }

type Progress = (done: number, total: number) => Promise<void>

async function prepare(
  db: DB,
  csv: string,
  progress: Progress,
): Promise<{ report: ImportReport; rows: PreparedRow[] }> {
  const table = parseCsv(csv)
  if (table.length < 2) return { report: { ok: false, error: 'empty' }, rows: [] }
  const total = table.length - 1
  if (total > MAX_IMPORT_ROWS) return { report: { ok: false, error: 'too_many_rows' }, rows: [] }
  const cycle = await getCurrentCycle(db)
  if (!cycle) return { report: { ok: false, error: 'no_open_cycle' }, rows: [] }
  const header = table[0].map((h) => h.trim().toLowerCase())
  const missing = missingColumns(header)
  if (missing.length) return { report: { ok: false, error: 'bad_header', missing }, rows: [] }

  const subprefectureId = subprefectureFinder(
    await db.selectFrom('subprefectures').select(['id', 'slug']).execute(),
  )
  const rejected: RowProblem[] = []
  const rows: PreparedRow[] = []
  const seenDocuments = new Set<string>()
  await progress(0, total)
  for (let first = 1; first < table.length; first += CHUNK_ROWS) {
    const chunk: PreparedRow[] = []
    table.slice(first, first + CHUNK_ROWS).forEach((cells, index) => {
      const line = first + index + 1
      const checked = checkRow(header, cells, line, cycle, subprefectureId)
      if ('problems' in checked) {
        rejected.push(...checked.problems)
        return
      }
      const { input } = checked.row
      const docKey = `${input.documentType}:${input.documentNumber}`
      if (seenDocuments.has(docKey)) {
        rejected.push({ line, column: 'document_number', error: 'document_repeated_in_file' })
        return
      }
      seenDocuments.add(docKey)
      chunk.push(checked.row)
    })
    // Documents already in the census: one query per 500 lines, not one per line.
    const taken = new Set<string>()
    for (let i = 0; i < chunk.length; i += 500) {
      const found = await db
        .selectFrom('voter_registrations')
        .select(['document_type', 'document_number'])
        .where('cycle_id', '=', cycle.id)
        .where(
          'document_number',
          'in',
          chunk.slice(i, i + 500).map((r) => r.input.documentNumber),
        )
        .execute()
      for (const f of found) taken.add(`${f.document_type}:${f.document_number}`)
    }
    for (const r of chunk) {
      if (taken.has(`${r.input.documentType}:${r.input.documentNumber}`))
        rejected.push({ line: r.line, column: 'document_number', error: 'document_taken' })
      else rows.push(r)
    }
    await progress(Math.min(total, first - 1 + CHUNK_ROWS), total)
  }
  rejected.sort((a, b) => a.line - b.line)
  return { report: { ok: true, valid: rows.length, rejected, total }, rows }
}

/** Checks the file line by line, writing nothing; the file is kept for "import" only if a line is valid. */
export const importPreviewJob: JobHandler = async ({ db, job, progress }) => {
  const { report } = await prepare(db, job.input ?? '', progress)
  if (!report.ok) return { ok: false, error: report.error, detail: report }
  return { ok: true, value: report, keepInput: report.valid > 0 }
}

class RollbackWith extends Error {
  constructor(readonly problems: RowProblem[]) {
    super('rollback')
  }
}

/**
 * Checks the file again (the census moved on since the preview) and imports the valid rows in one
 * transaction, finishing the job in it. If the database refuses any row — say a desk registered
 * the same document a moment ago — nothing is written and the job fails with the new report.
 */
export const importCommitJob: JobHandler = async ({ db, job, progress, finishWithin }) => {
  const { report, rows } = await prepare(db, job.input ?? '', progress)
  if (!report.ok) return { ok: false, error: report.error, detail: report }
  try {
    return await db.transaction().execute(async (trx): Promise<JobOutcome> => {
      const problems: RowProblem[] = []
      for (const row of rows) {
        const result = await createRegistration(trx, {
          input: row.input,
          channel: 'import',
          registeredBy: job.createdBy,
        })
        if (!result.ok) problems.push({ line: row.line, column: columnOf(result.field), error: result.error })
      }
      if (problems.length) throw new RollbackWith(problems)
      const value: ImportReport = { ...report, imported: rows.length }
      await finishWithin(trx, value)
      return { ok: true, value }
    })
  } catch (e) {
    if (!(e instanceof RollbackWith)) throw e
    const detail: ImportReport = {
      ...report,
      valid: rows.length - e.problems.length,
      rejected: [...report.rejected, ...e.problems].sort((a, b) => a.line - b.line),
      imported: 0,
    }
    return { ok: false, error: 'rolled_back', detail }
  }
}

/** Queues the check of an uploaded file. */
export async function startImportCheck(
  db: DB,
  input: { actorUserId: string; csv: string },
): Promise<Result<{ jobId: string }, 'empty'>> {
  if (!input.csv.trim()) return err('empty', 'file')
  const jobId = await enqueueJob(db, { kind: IMPORT_PREVIEW, createdBy: input.actorUserId, input: input.csv })
  return ok({ jobId })
}

/** One import per check: the primary key refuses a second, e.g. a double click without JavaScript. */
const commitIdOf = (previewId: string) => `${previewId}-import`

/**
 * Queues the import of a checked file, moving the file from the check to the import. Confirming
 * twice leads to the same import.
 */
export async function confirmImport(
  db: DB,
  input: { actorUserId: string; previewJobId: string },
): Promise<Result<{ jobId: string }, 'not_found' | 'not_ready' | 'import_expired'>> {
  return db.transaction().execute(async (trx) => {
    const preview = await getJob(trx, input.previewJobId)
    if (!preview || preview.kind !== IMPORT_PREVIEW) return err('not_found')
    const jobId = commitIdOf(preview.id)
    if (await getJob(trx, jobId)) return ok({ jobId })
    const report = preview.result as ImportReport | null
    if (preview.status !== 'done' || !report?.ok || report.valid === 0) return err('not_ready')
    const csv = await takeJobInput(trx, preview.id)
    if (csv === null) return err('import_expired')
    await enqueueJob(trx, { id: jobId, kind: IMPORT_COMMIT, createdBy: input.actorUserId, input: csv })
    return ok({ jobId })
  })
}

export type ImportJob = {
  id: string
  stage: 'preview' | 'commit'
  status: JobView['status']
  progress: { done: number; total: number | null }
  report: ImportReport | null
  error: string | null
  /** The import of this check, once confirmed. */
  importJobId: string | null
}

/** A check or an import, for whoever may import (colleagues follow each other's imports); null for any other job. */
export async function getImportJob(db: DB, id: string): Promise<ImportJob | null> {
  const job = await getJob(db, id)
  if (!job || (job.kind !== IMPORT_PREVIEW && job.kind !== IMPORT_COMMIT)) return null
  const confirmed = job.kind === IMPORT_PREVIEW ? await getJob(db, commitIdOf(job.id)) : null
  return {
    id: job.id,
    stage: job.kind === IMPORT_PREVIEW ? 'preview' : 'commit',
    status: job.status,
    progress: { done: job.progressDone, total: job.progressTotal },
    report: job.result as ImportReport | null,
    error: job.error,
    importJobId: confirmed?.id ?? null,
  }
}
