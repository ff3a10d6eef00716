// Participatory Council seats per subprefecture from the immigrant share of its population
// (configurable per election; the default follows the 2015 rule: at least 1 seat, 2 if immigrants
// are more than 3 %, 3 if they are 4 % or more).
export type ShareStep = { pct: number; strict: boolean; seats: number }
export type ShareThresholds = { minSeats: number; steps: ShareStep[] }

export const DEFAULT_SHARE_THRESHOLDS: ShareThresholds = {
  minSeats: 1,
  steps: [
    { pct: 3, strict: true, seats: 2 },
    { pct: 4, strict: false, seats: 3 },
  ],
}

export function seatsForShare(sharePct: number | null, thresholds: ShareThresholds): number {
  let seats = thresholds.minSeats
  for (const step of thresholds.steps) {
    const reached = sharePct !== null && (step.strict ? sharePct > step.pct : sharePct >= step.pct)
    if (reached) seats = Math.max(seats, step.seats)
  }
  return seats
}

/** ">3:2; 4:3" → more than 3 %: 2 seats; 4 % or more (">=" is the default): 3 seats. */
export function parseShareSteps(raw: string): ShareStep[] | null {
  const parts = raw
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
  const steps: ShareStep[] = []
  for (const part of parts) {
    const m = /^(>=|>|≥)?\s*(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%\s*)?:\s*(\d{1,2})$/.exec(part)
    if (!m) return null
    steps.push({ pct: Number(m[2].replace(',', '.')), strict: m[1] === '>', seats: Number(m[3]) })
  }
  return steps
}

export const formatShareSteps = (steps: ShareStep[]) =>
  steps.map((s) => `${s.strict ? '>' : ''}${s.pct}:${s.seats}`).join('; ')

/** The two populations of a subprefecture, as imported (issue #17). */
export type Population = { immigrant: number; total: number }

/** The immigrant share in per cent, for display; seats are decided by `seatsForPopulation`. */
export const sharePct = (p: Population): number => (p.immigrant * 100) / p.total

/**
 * Seats from the two populations, compared exactly: "more than 3 %" is immigrant × 100 > 3 × total
 * in whole numbers, so a share of exactly 3 % never becomes 3.0000000000000004 % by a float
 * division. Thresholds have at most two decimals (parseShareSteps). No figures: the minimum.
 */
export function seatsForPopulation(p: Population | null, thresholds: ShareThresholds): number {
  let seats = thresholds.minSeats
  if (!p || p.total <= 0) return seats
  for (const step of thresholds.steps) {
    const left = p.immigrant * 10_000
    const right = Math.round(step.pct * 100) * p.total
    if (step.strict ? left > right : left >= right) seats = Math.max(seats, step.seats)
  }
  return seats
}
