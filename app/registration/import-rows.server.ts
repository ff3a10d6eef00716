import type { CensusCycle } from '../../db/schema'
import { slugify } from '../lib/slug'
import { voterEligibility } from './eligibility'
import { RegistrationSchema, type RegistrationInput } from './schemas.server'

// One line of an import file: its cells read as the registration form's fields, validated by the
// same schema and eligibility rules as every other registration, and each problem reported with
// the line and column a person can find in their spreadsheet.

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
type Column = (typeof IMPORT_COLUMNS)[number]

const OPTIONAL_COLUMNS: Column[] = [
  'social_name',
  'nationality_2',
  'naturalised',
  'phone',
  'email',
  'preferred_language',
]

const FIELD_OF: Record<Column, string> = {
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

/** The column a person sees for a form field (`documentNumber` → `document_number`). */
export const columnOf = (field: string | undefined): string => COLUMN_OF[field ?? ''] ?? 'row'

export type RowProblem = { line: number; column: string; error: string }
export type PreparedRow = { line: number; input: RegistrationInput }

/** The required columns missing from a header line (already trimmed and lower-cased). */
export function missingColumns(header: string[]): string[] {
  return IMPORT_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !header.includes(c))
}

const YES = /^(?:yes|sim|[sy1]|true)$/i

/** Checks one line; `subprefectureId` resolves a name, slug or id to the subprefecture's id. */
export function checkRow(
  header: string[],
  cells: string[],
  line: number,
  cycle: CensusCycle,
  subprefectureId: (value: string) => number | undefined,
): { row: PreparedRow } | { problems: RowProblem[] } {
  const raw: Record<string, string> = {}
  header.forEach((h, i) => {
    const field = FIELD_OF[h as Column]
    if (field) raw[field] = (cells[i] ?? '').trim()
  })
  raw.preferredLanguage ||= 'pt-BR'
  raw.nationality1 = (raw.nationality1 ?? '').toUpperCase()
  raw.nationality2 = (raw.nationality2 ?? '').toUpperCase()
  raw.naturalised = YES.test(raw.naturalised ?? '') ? 'yes' : ''
  raw.consent = YES.test(raw.consent ?? '') ? 'yes' : ''
  raw.gender = (raw.gender ?? '').toLowerCase()
  raw.documentType = (raw.documentType ?? '').toLowerCase()
  const sid = subprefectureId(raw.subprefectureId ?? '')
  raw.subprefectureId = sid ? String(sid) : ''
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''))
  const parsed = RegistrationSchema.safeParse(cleaned)
  if (!parsed.success) {
    const seen = new Set<string>()
    const problems: RowProblem[] = []
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '')
      if (seen.has(field)) continue
      seen.add(field)
      problems.push({
        line,
        column: COLUMN_OF[field] ?? field,
        error: issue.code === 'invalid_type' ? 'required' : issue.message,
      })
    }
    return { problems }
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
    return {
      problems: [
        {
          line,
          column: eligibility.reasons.includes('not_immigrant') ? 'nationality' : 'birth_date',
          error: `ineligible_${eligibility.reasons[0]}`,
        },
      ],
    }
  }
  return { row: { line, input } }
}

/** Finds a subprefecture by its name (as a slug) or its number. */
export function subprefectureFinder(subprefectures: { id: number; slug: string }[]) {
  return (value: string) => {
    const v = slugify(value)
    return subprefectures.find((s) => s.slug === v || String(s.id) === value.trim())?.id
  }
}
