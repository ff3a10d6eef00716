import { decodeCsv, parseCsvLines } from '../lib/csv'
import { parseDate } from '../lib/dates'
import { slugify } from '../lib/slug'

// The file of immigrant population figures per subprefecture that the electoral commission
// imports (issue #17). Pure: the subprefectures come in as a list. The input is bounded before it
// is parsed (bytes, then lines); the parser is one pass without regular expressions on the body,
// and every value is checked by length first. A file with any wrong line is refused whole: the
// problems come back one per line and column, to be shown translated.

export const MAX_SHARE_CSV_BYTES = 64 * 1024
/** Data lines: 32 subprefectures, with room for a city that has more; never thousands. */
export const MAX_SHARE_ROWS = 100
export const MAX_SHARE_FIELD = 300

export const SHARE_COLUMNS = [
  'subprefecture',
  'immigrant_population',
  'total_population',
  'source',
  'reference_date',
] as const
export type ShareColumn = (typeof SHARE_COLUMNS)[number]

/** Header names a commission may have in its spreadsheet (compared as slugs, "_" for spaces). */
const ALIASES: Record<string, ShareColumn> = {
  subprefeitura: 'subprefecture',
  subprefectura: 'subprefecture',
  populacao_imigrante: 'immigrant_population',
  imigrantes: 'immigrant_population',
  immigrants: 'immigrant_population',
  populacao_total: 'total_population',
  fonte: 'source',
  fuente: 'source',
  data_de_referencia: 'reference_date',
  data_referencia: 'reference_date',
  data: 'reference_date',
  date: 'reference_date',
}

export type ShareRowError =
  | 'required'
  | 'too_long'
  | 'unknown_subprefecture'
  | 'duplicate_subprefecture'
  | 'not_a_number'
  | 'total_zero'
  | 'immigrant_over_total'
  | 'date_invalid'

export type ShareRowProblem = {
  line: number
  column: ShareColumn
  error: ShareRowError
  /** What the line said (cut short), to find it in the spreadsheet. */
  value?: string
  /** For a duplicate: the line that named the subprefecture first. */
  firstLine?: number
}

export type ShareRow = {
  line: number
  subprefectureId: number
  immigrant: number
  total: number
  source: string
  referenceDate: string
}

export type ShareFileError = 'empty' | 'too_large' | 'too_many_rows' | 'bad_header' | 'rows_invalid'

export type ShareCsvResult =
  | { ok: true; rows: ShareRow[] }
  | { ok: false; error: ShareFileError; missing?: ShareColumn[]; problems?: ShareRowProblem[] }

type Subprefecture = { id: number; slug: string; name: string }

/** Letters and digits only: "São Miguel Paulista", "SAO MIGUEL PAULISTA" and "sao-miguel-paulista" meet. */
const key = (value: string) => slugify(value).replaceAll('-', '')

const headerName = (cell: string): string => {
  const name = slugify(cell).replaceAll('-', '_')
  return (SHARE_COLUMNS as readonly string[]).includes(name) ? name : (ALIASES[name] ?? name)
}

const isDigit = (c: string) => c >= '0' && c <= '9'

/**
 * A whole number of people: digits, optionally grouped by thousands with ".", ",", or a space
 * ("1.234.567", "1,234,567", "1 234 567"). A decimal part or a sign is not a count.
 */
export function parseCount(raw: string): number | null {
  const s = raw.trim()
  if (s === '' || s.length > 15) return null
  const groups: string[] = []
  let current = ''
  for (const c of s) {
    if (isDigit(c)) current += c
    else if (c === '.' || c === ',' || c === ' ' || c === '\u00a0' || c === '\u202f') {
      groups.push(current)
      current = ''
    } else return null
  }
  groups.push(current)
  if (groups.length > 1) {
    if (groups[0].length < 1 || groups[0].length > 3) return null
    if (groups.slice(1).some((g) => g.length !== 3)) return null
  }
  const digits = groups.join('')
  if (digits.length === 0 || digits.length > 9) return null
  return Number(digits)
}

/** Counts line breaks without parsing: a file with far too many lines is refused before it is read. */
function lineCount(text: string): number {
  let n = 1
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++
  return n
}

const shown = (value: string) => (value.length > 60 ? `${value.slice(0, 60)}…` : value)

/** Checks an uploaded file (its bytes), bounded before anything is decoded or parsed. */
export function readShareCsv(bytes: Uint8Array, subprefectures: Subprefecture[]): ShareCsvResult {
  if (bytes.byteLength === 0) return { ok: false, error: 'empty' }
  if (bytes.byteLength > MAX_SHARE_CSV_BYTES) return { ok: false, error: 'too_large' }
  return parseShareCsv(decodeCsv(bytes).text, subprefectures)
}

export function parseShareCsv(text: string, subprefectures: Subprefecture[]): ShareCsvResult {
  if (text.length > MAX_SHARE_CSV_BYTES) return { ok: false, error: 'too_large' }
  // Header, the data lines and a few blank ones: anything longer is not this file.
  if (lineCount(text) > MAX_SHARE_ROWS + 10) return { ok: false, error: 'too_many_rows' }
  const table = parseCsvLines(text)
  if (table.length < 2) return { ok: false, error: 'empty' }
  if (table.length - 1 > MAX_SHARE_ROWS) return { ok: false, error: 'too_many_rows' }

  const header = table[0].cells.map((c) => (c.length > MAX_SHARE_FIELD ? '' : headerName(c)))
  const missing = SHARE_COLUMNS.filter((c) => !header.includes(c))
  if (missing.length) return { ok: false, error: 'bad_header', missing }
  const index = Object.fromEntries(SHARE_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    ShareColumn,
    number
  >

  const byKey = new Map<string, number>()
  for (const s of subprefectures) {
    byKey.set(key(s.name), s.id)
    byKey.set(key(s.slug), s.id)
  }
  const firstLineOf = new Map<number, number>()
  const problems: ShareRowProblem[] = []
  const rows: ShareRow[] = []

  for (const { line, cells } of table.slice(1)) {
    const before = problems.length
    const problem = (column: ShareColumn, error: ShareRowError, extra: Partial<ShareRowProblem> = {}) =>
      problems.push({ line, column, error, ...extra })
    const cell = (column: ShareColumn): string | null => {
      const value = (cells[index[column]] ?? '').trim()
      if (value.length > MAX_SHARE_FIELD) return (problem(column, 'too_long'), null)
      if (value === '') return (problem(column, 'required'), null)
      return value
    }
    const name = cell('subprefecture')
    const immigrantText = cell('immigrant_population')
    const totalText = cell('total_population')
    const source = cell('source')
    const dateText = cell('reference_date')

    let subprefectureId: number | undefined
    if (name !== null) {
      subprefectureId = byKey.get(key(name))
      if (subprefectureId === undefined)
        problem('subprefecture', 'unknown_subprefecture', { value: shown(name) })
      else if (firstLineOf.has(subprefectureId))
        problem('subprefecture', 'duplicate_subprefecture', {
          value: shown(name),
          firstLine: firstLineOf.get(subprefectureId),
        })
      else firstLineOf.set(subprefectureId, line)
    }
    const immigrant = immigrantText === null ? null : parseCount(immigrantText)
    if (immigrantText !== null && immigrant === null)
      problem('immigrant_population', 'not_a_number', { value: shown(immigrantText) })
    const total = totalText === null ? null : parseCount(totalText)
    if (totalText !== null && total === null)
      problem('total_population', 'not_a_number', { value: shown(totalText) })
    else if (total === 0) problem('total_population', 'total_zero')
    if (immigrant !== null && total !== null && total > 0 && immigrant > total)
      problem('immigrant_population', 'immigrant_over_total')
    const referenceDate = dateText === null ? null : parseDate(dateText)
    if (dateText !== null && referenceDate === null)
      problem('reference_date', 'date_invalid', { value: shown(dateText) })

    if (problems.length === before)
      rows.push({
        line,
        subprefectureId: subprefectureId!,
        immigrant: immigrant!,
        total: total!,
        source: source!,
        referenceDate: referenceDate!,
      })
  }
  if (problems.length) return { ok: false, error: 'rows_invalid', problems }
  return { ok: true, rows }
}
