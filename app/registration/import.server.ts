import type { DB } from '../lib/db.server'
import { parseCsv } from '../lib/csv'
import { slugify } from '../lib/slug'
import { RegistrationSchema, type RegistrationInput } from './schemas.server'
import { voterEligibility } from './eligibility'
import { createRegistration, getCurrentCycle } from './registrations.server'

// Bulk import of registrations collected on paper at service desks. Every row is validated and
// reported; the valid rows are then written in ONE transaction, so an import is never half-done.
export const IMPORT_COLUMNS = [
  'full_name',
  'social_name',
  'birth_date',
  'nationality',
  'nationality_2',
  'naturalised',
  'gender',
  'subprefecture',
  'document_type',
  'document_number',
  'phone',
  'email',
  'preferred_language',
  'consent',
] as const

const FIELD_OF: Record<(typeof IMPORT_COLUMNS)[number], string> = {
  full_name: 'fullName',
  social_name: 'socialName',
  birth_date: 'birthDate',
  nationality: 'nationality1',
  nationality_2: 'nationality2',
  naturalised: 'naturalised',
  gender: 'gender',
  subprefecture: 'subprefectureId',
  document_type: 'documentType',
  document_number: 'documentNumber',
  phone: 'phone',
  email: 'email',
  preferred_language: 'preferredLanguage',
  consent: 'consent',
}
const COLUMN_OF = Object.fromEntries(Object.entries(FIELD_OF).map(([c, f]) => [f, c]))

export const MAX_IMPORT_ROWS = 20_000

export type RowProblem = { line: number; column: string; error: string }
export type ImportReport =
  | { ok: true; valid: number; rejected: RowProblem[]; total: number }
  | { ok: false; error: 'empty' | 'bad_header' | 'too_many_rows' | 'no_open_cycle'; missing?: string[] }

type Prepared = { line: number; input: RegistrationInput }

async function prepare(db: DB, csv: string): Promise<{ report: ImportReport; rows: Prepared[] }> {
  const table = parseCsv(csv)
  if (table.length < 2) return { report: { ok: false, error: 'empty' }, rows: [] }
  if (table.length - 1 > MAX_IMPORT_ROWS) return { report: { ok: false, error: 'too_many_rows' }, rows: [] }
  const cycle = await getCurrentCycle(db)
  if (!cycle) return { report: { ok: false, error: 'no_open_cycle' }, rows: [] }
  const header = table[0].map((h) => h.trim().toLowerCase())
  const missing = IMPORT_COLUMNS.filter(
    (c) =>
      !['social_name', 'nationality_2', 'naturalised', 'phone', 'email', 'preferred_language'].includes(c) &&
      !header.includes(c),
  )
  if (missing.length) return { report: { ok: false, error: 'bad_header', missing }, rows: [] }

  const subprefectures = await db.selectFrom('subprefectures').select(['id', 'slug', 'name']).execute()
  const subprefectureId = (value: string) => {
    const v = slugify(value)
    return subprefectures.find((s) => s.slug === v || String(s.id) === value.trim())?.id
  }
  const rejected: RowProblem[] = []
  const rows: Prepared[] = []
  const seenDocuments = new Map<string, number>()
  table.slice(1).forEach((cells, index) => {
    const line = index + 2
    const raw: Record<string, string> = {}
    header.forEach((h, i) => {
      const field = FIELD_OF[h as (typeof IMPORT_COLUMNS)[number]]
      if (field) raw[field] = (cells[i] ?? '').trim()
    })
    raw.preferredLanguage ||= 'pt-BR'
    raw.nationality1 = (raw.nationality1 ?? '').toUpperCase()
    raw.nationality2 = (raw.nationality2 ?? '').toUpperCase()
    raw.naturalised = /^(yes|sim|s|y|1|true)$/i.test(raw.naturalised ?? '') ? 'yes' : ''
    raw.consent = /^(yes|sim|s|y|1|true)$/i.test(raw.consent ?? '') ? 'yes' : ''
    raw.gender = (raw.gender ?? '').toLowerCase()
    raw.documentType = (raw.documentType ?? '').toLowerCase()
    const sid = subprefectureId(raw.subprefectureId ?? '')
    raw.subprefectureId = sid ? String(sid) : ''
    const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''))
    const parsed = RegistrationSchema.safeParse(cleaned)
    if (!parsed.success) {
      const seen = new Set<string>()
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '')
        if (seen.has(field)) continue
        seen.add(field)
        rejected.push({
          line,
          column: COLUMN_OF[field] ?? field,
          error: issue.code === 'invalid_type' ? 'required' : issue.message,
        })
      }
      return
    }
    const input = parsed.data
    const nationalities = [input.nationality1, input.nationality2].filter((n): n is string => Boolean(n))
    const eligibility = voterEligibility(
      {
        birthDate: input.birthDate,
        nationalities,
        naturalised: input.naturalised === 'yes',
        documentType: input.documentType,
      },
      {
        electionDay: cycle.election_day,
        minVoterAge: cycle.min_voter_age,
        minCandidateAge: cycle.min_candidate_age,
      },
    )
    if (!eligibility.eligible) {
      rejected.push({
        line,
        column: eligibility.reasons.includes('not_immigrant') ? 'nationality' : 'birth_date',
        error: `ineligible_${eligibility.reasons[0]}`,
      })
      return
    }
    const docKey = `${parsed.data.documentType}:${parsed.data.documentNumber}`
    const earlier = seenDocuments.get(docKey)
    if (earlier) {
      rejected.push({ line, column: 'document_number', error: 'document_repeated_in_file' })
      return
    }
    seenDocuments.set(docKey, line)
    rows.push({ line, input: parsed.data })
  })
  // Documents already in the census: one query per chunk, not one per row.
  const taken = new Set<string>()
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    const found = await db
      .selectFrom('voter_registrations')
      .select(['document_type', 'document_number'])
      .where('cycle_id', '=', cycle.id)
      .where(
        'document_number',
        'in',
        chunk.map((r) => r.input.documentNumber),
      )
      .execute()
    for (const f of found) taken.add(`${f.document_type}:${f.document_number}`)
  }
  const fresh = rows.filter((r) => {
    if (!taken.has(`${r.input.documentType}:${r.input.documentNumber}`)) return true
    rejected.push({ line: r.line, column: 'document_number', error: 'document_taken' })
    return false
  })
  rejected.sort((a, b) => a.line - b.line)
  return { report: { ok: true, valid: fresh.length, rejected, total: table.length - 1 }, rows: fresh }
}

export async function previewImport(db: DB, csv: string): Promise<ImportReport> {
  return (await prepare(db, csv)).report
}

class RollbackWith extends Error {
  constructor(readonly problems: RowProblem[]) {
    super('rollback')
  }
}

/**
 * Imports the valid rows (rejected rows are reported and skipped) in one transaction. If the
 * database refuses any of them — say a desk registered the same document a moment ago — nothing is
 * written and the new report is returned.
 */
export async function runImport(
  db: DB,
  actorUserId: string,
  csv: string,
): Promise<ImportReport & { imported?: number }> {
  const { report, rows } = await prepare(db, csv)
  if (!report.ok) return report
  try {
    return await db.transaction().execute(async (trx) => {
      const problems: RowProblem[] = []
      for (const row of rows) {
        const result = await createRegistration(trx, {
          input: row.input,
          channel: 'import',
          registeredBy: actorUserId,
        })
        if (!result.ok)
          problems.push({
            line: row.line,
            column: COLUMN_OF[result.field ?? ''] ?? 'row',
            error: result.error,
          })
      }
      if (problems.length) throw new RollbackWith(problems)
      return { ...report, imported: rows.length }
    })
  } catch (e) {
    if (e instanceof RollbackWith) {
      return {
        ...report,
        valid: rows.length - e.problems.length,
        rejected: [...report.rejected, ...e.problems].sort((a, b) => a.line - b.line),
        imported: 0,
      }
    }
    throw e
  }
}
