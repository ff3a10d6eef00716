// Pure monitoring arithmetic, shared by the dashboard, the reports and the open data.

/**
 * Share of the way from baseline to target, clamped to [0, 1]. Works for decreasing targets (fewer
 * complaints unanswered: baseline 40 %, target 5 %) because the direction comes from the sign of
 * (target − baseline). A target equal to its baseline is met when the value is at or beyond it in
 * either direction only if equal — there is no direction to move in.
 */
export function progressTowardsTarget(baseline: number, target: number, value: number): number {
  if (!Number.isFinite(baseline) || !Number.isFinite(target) || !Number.isFinite(value)) return 0
  if (target === baseline) return value === target ? 1 : 0
  const share = (value - baseline) / (target - baseline)
  return Math.min(1, Math.max(0, share))
}

export type IndicatorState = { baseline: number; target: number; value: number | null; status: string | null }

/** Mean progress of the indicators that have a published value, and how many have one. */
export function summarise(indicators: readonly IndicatorState[]) {
  const reported = indicators.filter((i) => i.value !== null && i.status !== 'cancelled')
  const progress = reported.length
    ? reported.reduce((sum, i) => sum + progressTowardsTarget(i.baseline, i.target, i.value!), 0) /
      reported.length
    : null
  const byStatus: Record<string, number> = {}
  for (const i of indicators) {
    const key = i.status ?? 'no_data'
    byStatus[key] = (byStatus[key] ?? 0) + 1
  }
  return { total: indicators.length, reported: reported.length, progress, byStatus }
}

export const CAMPAIGNS_PER_YEAR = 2

/**
 * The city's pledge: two campaigns a year against xenophobia and discrimination. A cancelled
 * campaign does not count; a planned one counts only as planned. Years run from the first to the
 * last given, so a year with no campaign shows as a gap rather than disappearing.
 */
export function pledgeByYear(
  campaigns: readonly { year: number; status: string }[],
  fromYear: number,
  toYear: number,
) {
  const years = []
  for (let year = fromYear; year <= toYear; year++) {
    const own = campaigns.filter((c) => c.year === year && c.status !== 'cancelled')
    const delivered = own.filter((c) => c.status === 'running' || c.status === 'finished').length
    const planned = own.filter((c) => c.status === 'planned').length
    years.push({
      year,
      delivered,
      planned,
      met: delivered >= CAMPAIGNS_PER_YEAR,
      onCourse: delivered + planned >= CAMPAIGNS_PER_YEAR,
    })
  }
  return years
}

/** Numbers as people type them in pt-BR spreadsheets ("1.500,5") or plainly ("1500.5"). */
export function parseNumber(raw: string): number | null {
  let v = raw.trim().replace(/\s/g, '')
  if (!v) return null
  if (/^-?\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(v)) v = v.replace(/\./g, '').replace(',', '.')
  else if (/^-?\d+,\d+$/.test(v)) v = v.replace(',', '.')
  if (!/^-?\d+(?:\.\d+)?$/.test(v)) return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

export type AssessmentLevel = 'gap' | 'planned' | 'initial' | 'developing' | 'advanced'

/**
 * A MigraCidades-style level for one governance dimension: no action is a gap, actions without a
 * published value are only planned, and progress decides the rest (a quarter, three quarters).
 */
export function assessmentLevel(d: { actions: number; progress: number | null }): AssessmentLevel {
  if (d.actions === 0) return 'gap'
  if (d.progress === null) return 'planned'
  if (d.progress >= 0.75) return 'advanced'
  if (d.progress >= 0.25) return 'developing'
  return 'initial'
}
