import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { readArchive } from '../../../app/belenios/archive'
import { archivesOfElection } from '../../../app/belenios/store.server'
import { publicResults, tallyInput } from '../../../app/elections/counting.server'
import { outcomeSummary } from '../../../app/elections/recount'
import { recordOfEntries } from '../../../app/belenios/record'
import { tally } from '../../../app/elections/tally'
import {
  renderArchive,
  withVerifiableCounts,
  type ContestCount,
} from '../../../app/elections/verifiable.server'
import { seedDemo } from '../../../db/seed'
import { DEMO_CMI_ELECTION } from '../../../db/seed/elections'
import { createTestDb } from '../../helpers/db'

// Issue #17, "done when": the demo's 2024 CMI election has 8 civil seats over segments A
// (immigrant organisations), B (supporting organisations, one with a Brazilian representative) and
// C (individuals), with 8 alternates, under the 2018 split (2 per segment + 2 most voted overall),
// and the recount of its published archive (issue #20: the votes are the Belenios archive's Result,
// plus the paper count) still equals the published result. The archive's proofs and the Result's
// agreement with them are checked in tests/integration/belenios/demo-archive.test.ts.
describe('the demo CMI election', () => {
  it(
    'elects organisations in A and B and people in C, fills 8 seats and 8 alternates with parity, and recounts the same',
    { timeout: 600_000 },
    async () => {
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

      // The seats again from the archive's Result (mapped by its questions map) and the paper count.
      const counts: ContestCount[] = []
      for (const archive of await archivesOfElection(db, DEMO_CMI_ELECTION)) {
        const read = readArchive((await renderArchive(db, archive.uuid))!)
        if (!read.ok) throw new Error(read.error)
        const record = recordOfEntries(read.entries, { final: true })
        if (!record.ok) throw new Error(record.error)
        const { result } = JSON.parse(record.value.result!) as { result: number[][] }
        archive.questionsMap.forEach((q, i) =>
          counts.push({
            contestId: q.contestId,
            blank: result[i]![0]!,
            votes: Object.fromEntries(q.answers.map((id, j) => [id, result[i]![j + 1]!])),
          }),
        )
      }
      expect(counts.map((c) => c.contestId)).toEqual(['demo-cmi-A', 'demo-cmi-B', 'demo-cmi-C'])
      const input = await tallyInput(db, DEMO_CMI_ELECTION) // no plaintext ballots: the paper count only
      const recounted = tally(withVerifiableCounts(input.contests, counts), input.rules)
      expect(isDeepStrictEqual(outcomeSummary(recounted.contests), outcomeSummary(results.contests))).toBe(
        true,
      )
      const members = await db
        .selectFrom('council_members')
        .select(['seat'])
        .where('election_id', '=', DEMO_CMI_ELECTION)
        .execute()
      expect(members.filter((m) => m.seat === 'titular')).toHaveLength(8)
      expect(members.filter((m) => m.seat === 'alternate')).toHaveLength(8)
    },
  )
})
