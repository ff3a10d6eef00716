// Disclosure control for the public census statistics (ADR 004, 2026-12-04 hardening #16).
//
// Suppressing only the cells under 5 is not enough: a table lists the total and the other cells,
// and the total minus the others gives the suppressed cell back. So:
// 1. every published count is rounded to the nearest multiple of 5 (the total on its own);
// 2. counts under 5 are shown as "fewer than 5" (`small`);
// 3. the publisher then attacks its own tables the way a reader could — interval reasoning over
//    every table and the total together (`attackerBounds`) — and while some small cell is pinned to
//    a single value, it withholds the smallest published cell of that table (`withheld`:
//    secondary suppression), and as a last resort the whole table.
// The rounding is deterministic, so refreshing the page gives nothing new.

/** Counts under this are shown as "fewer than 5" (`null`), never as a number. */
export const SMALL_CELL = 5
export const ROUNDING_BASE = 5

/** A true count as published: `null` when under SMALL_CELL, else rounded to the nearest 5. */
export function publishedCount(count: number): number | null {
  if (count < SMALL_CELL) return null
  return Math.round(count / ROUNDING_BASE) * ROUNDING_BASE
}

/** `small`: fewer than 5 people; `withheld`: 5 or more, not shown so that a small cell stays hidden. */
export type PublishedCell = { key: string; count: number | null; hidden?: 'small' | 'withheld' }
type Range = [number, number]

/** What a reader knows about a true count from its published cell. */
export function rangeOf(cell: Pick<PublishedCell, 'count' | 'hidden'>): Range {
  if (cell.hidden === 'withheld') return [SMALL_CELL, Number.POSITIVE_INFINITY]
  if (cell.count === null) return [1, SMALL_CELL - 1]
  return [Math.max(SMALL_CELL, cell.count - 2), cell.count + 2]
}

/**
 * The tightest bounds a reader can derive for every cell, given all the tables (each sums to the
 * same total) and the published total: interval propagation to a fixed point. For one sum of
 * integer intervals these bounds are exact (every value inside is reachable).
 */
export function attackerBounds(tables: PublishedCell[][], total: number | null): Range[][] {
  let t: Range = total === null ? [1, SMALL_CELL - 1] : rangeOf({ count: total })
  const bounds = tables.map((cells) => cells.map(rangeOf))
  for (let changed = true, rounds = 0; changed && rounds < 100; rounds++) {
    changed = false
    for (const b of bounds) {
      if (b.length === 0) continue
      const lo = b.reduce((s, r) => s + r[0], 0)
      const hi = b.reduce((s, r) => s + r[1], 0)
      const next: Range = [Math.max(t[0], lo), Math.min(t[1], hi)]
      if (next[0] !== t[0] || next[1] !== t[1]) {
        t = next
        changed = true
      }
      b.forEach((r, i) => {
        const cellLo = Math.max(r[0], t[0] - (hi - r[1]))
        const cellHi = Math.min(r[1], t[1] - (lo - r[0]))
        if (cellLo !== r[0] || cellHi !== r[1]) {
          b[i] = [cellLo, cellHi]
          changed = true
        }
      })
    }
  }
  return bounds
}

const byCountThenKey = (a: PublishedCell, b: PublishedCell) =>
  (b.count ?? 0) - (a.count ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/**
 * Publishes several tables over the same people (each a list of one key per person), and their
 * total. Cells are ordered by published count then key, so the order says nothing finer than the
 * numbers; hidden cells come last, by key.
 */
export function publishTables(columns: string[][]): { total: number | null; tables: PublishedCell[][] } {
  const people = columns[0]?.length ?? 0
  const total = publishedCount(people)
  // Under 5 people in all, even the list of groups would say too much.
  if (total === null) return { total, tables: columns.map(() => []) }
  const tables = columns.map((keys) => {
    const counts = new Map<string, number>()
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1)
    return [...counts.entries()].map(([key, n]): PublishedCell => {
      const count = publishedCount(n)
      return count === null ? { key, count, hidden: 'small' } : { key, count }
    })
  })
  for (let guard = 0; guard < 1000; guard++) {
    const bounds = attackerBounds(tables, total)
    const exposed = tables.findIndex((cells, t) =>
      cells.some((c, i) => c.hidden === 'small' && bounds[t][i][0] === bounds[t][i][1]),
    )
    if (exposed === -1) break
    const shown = tables[exposed].filter((c) => !c.hidden).sort(byCountThenKey)
    const smallest = shown[shown.length - 1]
    if (smallest) Object.assign(smallest, { count: null, hidden: 'withheld' })
    else tables[exposed] = []
  }
  const order = (a: PublishedCell, b: PublishedCell) =>
    Number(!!a.hidden) - Number(!!b.hidden) || byCountThenKey(a, b)
  return { total, tables: tables.map((cells) => [...cells].sort(order)) }
}
