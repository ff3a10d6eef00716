import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { publicResults } from '../../../app/elections/counting.server'
import { bulletinBoard } from '../../../app/elections/open-data.server'
import { outcomeSummary, recount } from '../../../app/elections/recount'
import { seedDemo } from '../../../db/seed'
import { DEMO_CMI_ELECTION } from '../../../db/seed/elections'
import { createTestDb } from '../../helpers/db'

// Issue #17, "done when": the demo's 2024 CMI election has 8 civil seats over segments A
// (immigrant organisations), B (supporting organisations, one with a Brazilian representative) and
// C (individuals), with 8 alternates, under the 2018 split (2 per segment + 2 most voted overall),
// and the recount of its published board still equals the published result.
describe('the demo CMI election', () => {
  it('elects organisations in A and B and people in C, fills 8 seats and 8 alternates with parity, and recounts the same', async () => {
    const db = await createTestDb()
    await seedDemo(db)
    const contests = await db
      .selectFrom('contests')
      .select(['id', 'segment', 'seats', 'alternates'])
      .where('election_id', '=', DEMO_CMI_ELECTION)
      .orderBy('position')
      .execute()
    expect(contests.map(({ segment, seats, alternates }) => ({ segment, seats, alternates }))).toEqual([
      { segment: 'A', seats: 2, alternates: 3 },
      { segment: 'B', seats: 2, alternates: 2 },
      { segment: 'C', seats: 2, alternates: 3 },
    ])
    const candidacies = await db
      .selectFrom('candidacies as c')
      .innerJoin('contests as k', 'k.id', 'c.contest_id')
      .select([
        'c.id',
        'c.kind',
        'c.organisation_name',
        'c.display_name',
        'c.alternate_representative_name',
        'k.segment',
      ])
      .where('c.election_id', '=', DEMO_CMI_ELECTION)
      .execute()
    for (const c of candidacies) {
      expect(c.kind, c.id).toBe(c.segment === 'C' ? 'person' : 'organisation')
      expect(Boolean(c.organisation_name), c.id).toBe(c.segment !== 'C')
      expect(Boolean(c.alternate_representative_name), c.id).toBe(c.segment !== 'C')
    }
    // The existing ids stay (other demo parts and tests name them).
    expect(candidacies.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'demo-cand-a1',
        'demo-cand-a5',
        'demo-cand-b1',
        'demo-cand-b3',
        'demo-cand-c1',
        'demo-cand-c3',
      ]),
    )
    expect(candidacies.find((c) => c.id === 'demo-cand-b4')).toMatchObject({
      organisation_name: 'Missão Acolhida da Paróquia Nossa Senhora da Paz',
      display_name: 'Irmã Lúcia Ferreira',
    })

    const results = (await publicResults(db, DEMO_CMI_ELECTION))!
    const outcomes = results.contests.flatMap((c) => c.candidates.map((x) => [x.id, x.outcome] as const))
    const count = (o: string) => outcomes.filter(([, outcome]) => outcome === o).length
    expect(count('elected')).toBe(6)
    expect(count('elected_overall')).toBe(2)
    expect(count('alternate')).toBe(8)
    // Parity: 3 of 8 counted towards it; the lowest-voted man (an overall seat) gave way to the most
    // voted woman not elected, the Brazilian nun of the church mission.
    expect(results.parity).toMatchObject({
      required: 4,
      achieved: 4,
      met: true,
      displacements: [{ out: 'demo-cand-c3', in: 'demo-cand-b4' }],
    })
    expect(Object.fromEntries(outcomes)).toMatchObject({
      'demo-cand-a3': 'elected_overall',
      'demo-cand-b4': 'elected_overall',
      'demo-cand-c3': 'alternate',
    })

    const board = JSON.parse(JSON.stringify(await bulletinBoard(db, DEMO_CMI_ELECTION)))
    const recounted = recount(board)
    expect(recounted.headsMatch).toEqual({ ballots: true, trackingCodes: true })
    expect(
      isDeepStrictEqual(outcomeSummary(recounted.result.contests), outcomeSummary(results.contests)),
    ).toBe(true)
    const members = await db
      .selectFrom('council_members')
      .select(['seat'])
      .where('election_id', '=', DEMO_CMI_ELECTION)
      .execute()
    expect(members.filter((m) => m.seat === 'titular')).toHaveLength(8)
    expect(members.filter((m) => m.seat === 'alternate')).toHaveLength(8)
  })
})
