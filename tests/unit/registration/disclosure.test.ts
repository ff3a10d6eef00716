import { describe, expect, it } from 'vitest'
import { publishedCount, publishTables, type PublishedCell } from '../../../app/registration/disclosure'

// An attacker knows the rules (rounding to the nearest 5, "fewer than 5" under 5, withheld cells
// are 5 or more, every table sums to the same total) and every published number. This attacker is
// written independently of the publisher's own check: it enumerates every total and, for each
// table, every value a cell can take with the other cells inside what they show.

const MAX_TOTAL = 80
function cellValues(cell: PublishedCell): number[] {
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i)
  if (cell.hidden === 'withheld') return range(5, MAX_TOTAL)
  if (cell.count === null) return range(1, 4)
  return range(Math.max(5, cell.count - 2), cell.count + 2)
}

/** Sums the cells other than `skip` can reach. */
function reachable(cells: PublishedCell[], skip: number): Set<number> {
  let sums = new Set([0])
  cells.forEach((c, i) => {
    if (i === skip) return
    const next = new Set<number>()
    for (const s of sums) for (const v of cellValues(c)) if (s + v <= MAX_TOTAL) next.add(s + v)
    sums = next
  })
  return sums
}

/** Every value each small cell can take, over all totals consistent with everything published. */
function possibleSmallValues(published: ReturnType<typeof publishTables>): Map<string, Set<number>> {
  const totals = (
    published.total === null ? [1, 2, 3, 4] : cellValues({ key: '', count: published.total })
  ).filter((t) => published.tables.every((cells) => cells.length === 0 || reachable(cells, -1).has(t)))
  const found = new Map<string, Set<number>>()
  published.tables.forEach((cells, ti) =>
    cells.forEach((cell, i) => {
      if (cell.hidden !== 'small') return
      const others = reachable(cells, i)
      const values = new Set<number>()
      for (const t of totals) for (const v of cellValues(cell)) if (others.has(t - v)) values.add(v)
      found.set(`${ti}:${cell.key}`, values)
    }),
  )
  return found
}

const people = (spec: Record<string, number>) =>
  Object.entries(spec).flatMap(([key, n]) => Array.from({ length: n }, () => key))

describe('census statistics disclosure control', () => {
  it('rounds every count to the nearest 5 and suppresses counts under 5', () => {
    expect([1, 4, 5, 7, 8, 12, 13, 102].map(publishedCount)).toEqual([null, null, 5, 5, 10, 10, 15, 100])
  })

  it('the published total minus the other cells does not give a small cell back', () => {
    // 9 women and 1 man: with exact counts, "10 − 9" would be the man.
    const published = publishTables([people({ female: 9, male: 1 })])
    expect(published.total).toBe(10)
    expect(published.tables[0]).toEqual([
      { key: 'female', count: 10 },
      { key: 'male', count: null, hidden: 'small' },
    ])
    expect([...possibleSmallValues(published).get('0:male')!]).toEqual([1, 2, 3, 4])
  })

  it('withholds a complementary cell where rounding alone would give a small cell away', () => {
    // 17 people: women 8 and men 8 (shown as 10 each), 1 non-binary; the age table shows all 17 as
    // 15. Rounded only, "at most 17 − 8 − 8" = exactly 1 non-binary person.
    const published = publishTables([people({ female: 8, male: 8, non_binary: 1 }), people({ '18-29': 17 })])
    expect(published.tables[0].some((c) => c.hidden === 'withheld')).toBe(true)
    expect(possibleSmallValues(published).get('0:non_binary')!.size).toBeGreaterThan(1)
  })

  it('no combination of published numbers pins a small cell (randomised censuses of 5–40 people)', () => {
    let seed = 16
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    for (let trial = 0; trial < 400; trial++) {
      const total = 5 + random(36)
      const columns = Array.from({ length: 1 + random(3) }, (_, t) => {
        const keys: string[] = []
        const groups = 1 + random(4)
        for (let i = 0; i < total; i++)
          // Skewed so that small groups are common.
          keys.push(`g${t}-${random(3) === 0 ? random(groups) : 0}`)
        return keys
      })
      const published = publishTables(columns)
      for (const [cell, values] of possibleSmallValues(published))
        expect(values.size, `trial ${trial} ${cell} ${JSON.stringify(published)}`).toBeGreaterThan(1)
    }
  })

  it('publishes no table under 5 people in all', () => {
    expect(publishTables([people({ a: 3, b: 1 })])).toEqual({ total: null, tables: [[]] })
  })

  it('orders cells by published count then key, hidden ones last, never by the hidden exact count', () => {
    const cells = publishTables([people({ b: 4, a: 1, d: 7, c: 5, e: 30 })]).tables[0]
    expect(cells.map((c) => c.key)).toEqual(['e', 'c', 'd', 'a', 'b'])
  })
})
