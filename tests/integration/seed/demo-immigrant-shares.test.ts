import { describe, expect, it } from 'vitest'
import { sharePreview } from '../../../app/elections/shares.server'
import { DEFAULT_SHARE_THRESHOLDS } from '../../../app/elections/seats'
import { seedDemo } from '../../../db/seed'
import { DEMO_CPM_ELECTION } from '../../../db/seed/elections'
import { DEMO_SHARE_SOURCE } from '../../../db/seed/immigrant-shares'
import { createTestDb } from '../../helpers/db'

// Issue #17: the demo's immigrant shares are illustrative, say so, and give 38 CPM seats as in 2019.
describe('demo immigrant shares', () => {
  it('label every subprefecture as illustrative and give the demo CPM election 38 seats', async () => {
    const db = await createTestDb()
    // Without the 2024 election's Belenios archive (most of the seed's time; tests/integration/belenios/demo-archive.test.ts has it).
    expect(await seedDemo(db, { verifiableElection: false })).toBe(true)
    const preview = await sharePreview(db, DEFAULT_SHARE_THRESHOLDS)
    expect(preview.rows).toHaveLength(32)
    expect(preview.rows.every((r) => r.source === DEMO_SHARE_SOURCE)).toBe(true)
    expect(DEMO_SHARE_SOURCE).toMatch(/Ilustrativo.*não oficial/)
    expect(preview.totalSeats).toBe(38)
    const contests = await db
      .selectFrom('contests')
      .innerJoin('subprefectures', 'subprefectures.id', 'contests.subprefecture_id')
      .select([
        'subprefectures.name',
        'contests.seats',
        'contests.share_source',
        'contests.immigrant_population',
      ])
      .where('election_id', '=', DEMO_CPM_ELECTION)
      .execute()
    expect(contests).toHaveLength(32)
    expect(contests.reduce((n, c) => n + c.seats, 0)).toBe(38)
    expect(Object.fromEntries(contests.filter((c) => c.seats > 1).map((c) => [c.name, c.seats]))).toEqual({
      Sé: 3,
      Mooca: 3,
      'Casa Verde/Cachoeirinha': 2,
      'Vila Maria/Vila Guilherme': 2,
    })
    // The election shows the same figures as the preview.
    const seats = Object.fromEntries(preview.rows.map((r) => [r.name, r.seats]))
    expect(contests.every((c) => c.seats === seats[c.name] && c.share_source === DEMO_SHARE_SOURCE)).toBe(
      true,
    )
  })
})
