import { parseCsv } from '../lib/csv'
import { parseDate } from '../lib/dates'
import { parseNumber } from './progress'

// The plan's matrix as the city keeps it in a spreadsheet: one row per indicator (an action with no
// indicator yet has one row with the indicator columns empty). Parsing is pure and reports every
// problem with its line and column; the import writes nothing unless every row is good, because
// half a plan is worse than none.

export const MATRIX_COLUMNS = [
  'axis',
  'objective_code',
  'objective_title',
  'action_code',
  'action_title',
  'bodies',
  'sdg_targets',
  'migracidades_dimension',
  'indicator_code',
  'indicator_name',
  'unit',
  'baseline',
  'target',
  'deadline',
] as const
const REQUIRED = [
  'axis',
  'objective_code',
  'objective_title',
  'action_code',
  'action_title',
  'bodies',
] as const
export const MAX_MATRIX_ROWS = 5_000

export type MatrixProblem = { line: number; column: string; error: string }
export type MatrixIndicator = {
  code: string
  name: string
  unit: string
  baseline: number
  target: number
  deadline: string | null
}
export type MatrixAction = {
  code: string
  title: string
  bodies: string[]
  sdgTargets: string | null
  dimensionId: number | null
  indicators: MatrixIndicator[]
}
export type MatrixObjective = { code: string; title: string; axisId: number; actions: MatrixAction[] }
export type ParsedMatrix =
  | {
      ok: true
      objectives: MatrixObjective[]
      bodies: string[]
      counts: { objectives: number; actions: number; indicators: number }
    }
  | { ok: false; error: 'empty' | 'bad_header' | 'too_many_rows'; missing?: string[] }
  | { ok: false; error: 'bad_rows'; problems: MatrixProblem[] }

type Reference = {
  axes: { id: number; code: string; position: number }[]
  dimensions: { id: number; code: string; position: number }[]
}

const CODE = /^[0-9A-Z][0-9A-Z.-]{0,19}$/i

export function parseMatrix(csv: string, ref: Reference): ParsedMatrix {
  const table = parseCsv(csv)
  if (table.length < 2) return { ok: false, error: 'empty' }
  if (table.length - 1 > MAX_MATRIX_ROWS) return { ok: false, error: 'too_many_rows' }
  const header = table[0]!.map((h) => h.trim().toLowerCase())
  const missing = MATRIX_COLUMNS.filter((c) => !header.includes(c))
  if (missing.length) return { ok: false, error: 'bad_header', missing }
  const problems: MatrixProblem[] = []
  const objectives = new Map<string, MatrixObjective>()
  const actions = new Map<string, { action: MatrixAction; objective: string }>()
  const bodies = new Set<string>()

  table.slice(1).forEach((cells, index) => {
    const line = index + 2
    const get = (column: (typeof MATRIX_COLUMNS)[number]) => (cells[header.indexOf(column)] ?? '').trim()
    const problem = (column: string, error: string) => problems.push({ line, column, error })
    for (const column of REQUIRED) if (!get(column)) problem(column, 'required')

    const axisRaw = get('axis')
    const axis = ref.axes.find((a) => a.code === axisRaw || String(a.position) === axisRaw)
    if (axisRaw && !axis) problem('axis', 'unknown_axis')
    for (const column of ['objective_code', 'action_code'] as const) {
      if (get(column) && !CODE.test(get(column))) problem(column, 'code_invalid')
    }
    const dimensionRaw = get('migracidades_dimension')
    const dimension = dimensionRaw
      ? ref.dimensions.find((d) => d.code === dimensionRaw || String(d.position) === dimensionRaw)
      : undefined
    if (dimensionRaw && !dimension) problem('migracidades_dimension', 'unknown_dimension')
    const bodyCodes = get('bodies')
      .split(/[\s;,]+/)
      .map((b) => b.toUpperCase())
      .filter(Boolean)
    if (bodyCodes.some((b) => !/^[A-Z0-9-]{2,20}$/.test(b))) problem('bodies', 'code_invalid')
    const sdg = get('sdg_targets')
      .split(/[\s;,]+/)
      .filter(Boolean)
    if (sdg.some((s) => !/^\d{1,2}\.[0-9a-z]{1,2}$/.test(s))) problem('sdg_targets', 'sdg_invalid')

    // Indicator columns: all or nothing.
    const indicatorCode = get('indicator_code')
    const anyIndicator = ['indicator_code', 'indicator_name', 'unit', 'baseline', 'target', 'deadline'].some(
      (c) => get(c as (typeof MATRIX_COLUMNS)[number]),
    )
    let indicator: MatrixIndicator | null = null
    if (anyIndicator) {
      for (const column of ['indicator_code', 'indicator_name', 'unit', 'baseline', 'target'] as const)
        if (!get(column)) problem(column, 'required')
      const baseline = parseNumber(get('baseline'))
      const target = parseNumber(get('target'))
      if (get('baseline') && baseline === null) problem('baseline', 'number_invalid')
      if (get('target') && target === null) problem('target', 'number_invalid')
      const deadline = get('deadline') ? parseDate(get('deadline')) : null
      if (get('deadline') && !deadline) problem('deadline', 'date_invalid')
      if (indicatorCode && !CODE.test(indicatorCode)) problem('indicator_code', 'code_invalid')
      if (baseline !== null && target !== null && get('indicator_name') && get('unit')) {
        indicator = {
          code: indicatorCode,
          name: get('indicator_name'),
          unit: get('unit'),
          baseline,
          target,
          deadline,
        }
      }
    }
    if (problems.some((p) => p.line === line) || !axis) return

    const objectiveCode = get('objective_code')
    let objective = objectives.get(objectiveCode)
    if (!objective) {
      objective = { code: objectiveCode, title: get('objective_title'), axisId: axis.id, actions: [] }
      objectives.set(objectiveCode, objective)
    } else if (objective.title !== get('objective_title') || objective.axisId !== axis.id) {
      return problem('objective_title', 'conflicting_repeat')
    }
    const actionCode = get('action_code')
    let entry = actions.get(actionCode)
    if (!entry) {
      entry = {
        objective: objectiveCode,
        action: {
          code: actionCode,
          title: get('action_title'),
          bodies: bodyCodes,
          sdgTargets: sdg.length ? sdg.join(' ') : null,
          dimensionId: dimension?.id ?? null,
          indicators: [],
        },
      }
      actions.set(actionCode, entry)
      objective.actions.push(entry.action)
    } else if (entry.objective !== objectiveCode || entry.action.title !== get('action_title')) {
      return problem('action_title', 'conflicting_repeat')
    }
    if (indicator) {
      if (entry.action.indicators.some((i) => i.code === indicator!.code))
        return problem('indicator_code', 'duplicate_code')
      entry.action.indicators.push(indicator)
    }
    for (const b of bodyCodes) bodies.add(b)
  })

  if (problems.length) return { ok: false, error: 'bad_rows', problems }
  const list = [...objectives.values()]
  return {
    ok: true,
    objectives: list,
    bodies: [...bodies].sort(),
    counts: {
      objectives: list.length,
      actions: actions.size,
      indicators: list.reduce((n, o) => n + o.actions.reduce((m, a) => m + a.indicators.length, 0), 0),
    },
  }
}
