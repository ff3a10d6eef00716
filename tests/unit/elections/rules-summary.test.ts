import { describe, expect, it } from 'vitest'
import { CMI_COMPOSITION } from '../../../app/council/composition'
import { rulesSummary } from '../../../app/elections/rules-summary'
import { DEFAULT_RULES } from '../../../app/elections/tally'

// The public page states an election's rules from its data (issue #17): these numbers must come
// from the election, its contests and its census cycle, never from the page.

const cycle = { min_voter_age: 16, min_candidate_age: 18, election_day: '2026-12-13' }
const segment = (s: string, seats: number, alternates: number) => ({
  id: `c-${s}`,
  kind: 'segment' as const,
  segment: s,
  subprefecture: null,
  seats,
  alternates,
})

describe('rulesSummary', () => {
  it('CMI (2018 split): the council, seats and alternates per segment, overall seats, parity, tie-break, voters, candidates, hours', () => {
    const summary = rulesSummary({
      body: 'cmi',
      rules: { ...DEFAULT_RULES, overallSeats: 2, drawSeed: 'DOC 2026-11-01', composition: CMI_COMPOSITION },
      contests: [segment('A', 2, 3), segment('B', 2, 3), segment('C', 2, 2)],
      cycle,
      voting_starts: '2026-12-13T11:00:00.000Z',
      voting_ends: '2026-12-13T20:00:00.000Z',
    })
    expect(summary).toEqual({
      body: 'cmi',
      composition: { seats: 16, governmentSeats: 8, civilSocietySeats: 8, alternatesPerSeat: 1 },
      contests: [segment('A', 2, 3), segment('B', 2, 3), segment('C', 2, 2)],
      seats: { contests: 6, overall: 2, total: 8 },
      alternates: 8,
      parity: {
        enabled: true,
        minSharePct: 50,
        countsTowards: ['woman', 'trans_woman', 'trans_man', 'travesti', 'non_binary'],
      },
      tieBreak: ['votes', 'older', 'draw'],
      drawSeed: 'DOC 2026-11-01',
      voters: { minAge: 16, ageOn: '2026-12-13', livingIn: 'city', choices: 'one_per_segment' },
      candidates: { minAge: 18, rule: 'segments', segments: ['A', 'B', 'C'] },
      votingWindow: { starts: '2026-12-13T11:00:00.000Z', ends: '2026-12-13T20:00:00.000Z' },
    })
  })

  it('CMI (2025-like split, other parity data, older election without a stored composition)', () => {
    const summary = rulesSummary({
      body: 'cmi',
      rules: {
        overallSeats: 0,
        parity: { enabled: true, minShare: 0.4, countsTowards: ['woman', 'non_binary'] },
        drawSeed: 'x',
      },
      contests: [segment('A', 3, 3), segment('B', 2, 2), segment('C', 3, 3)],
      cycle: { ...cycle, min_voter_age: 18 },
      voting_starts: null,
      voting_ends: null,
    })
    expect(summary.composition).toBeNull()
    expect(summary.seats).toEqual({ contests: 8, overall: 0, total: 8 })
    expect(summary.parity).toEqual({ enabled: true, minSharePct: 40, countsTowards: ['woman', 'non_binary'] })
    expect(summary.voters.minAge).toBe(18)
    expect(summary.votingWindow).toBeNull()
  })

  it('CPM: seats and alternates per subprefecture, voters and candidates of the subprefecture, no overall seats', () => {
    const sub = (id: number, name: string, seats: number) => ({
      id: `s${id}`,
      kind: 'subprefecture' as const,
      segment: null,
      subprefecture: name,
      seats,
      alternates: 1,
    })
    const summary = rulesSummary({
      body: 'cpm',
      // overallSeats in the rules means nothing to a CPM election: the contests are separate councils.
      rules: { ...DEFAULT_RULES, overallSeats: 3, parity: { ...DEFAULT_RULES.parity, enabled: false } },
      contests: [sub(29, 'Sé', 3), sub(18, 'Mooca', 2), sub(1, 'Perus', 1)],
      cycle,
      voting_starts: '2026-12-13T11:00:00.000Z',
      voting_ends: '2026-12-13T20:00:00.000Z',
    })
    expect(summary.composition).toBeNull()
    expect(summary.seats).toEqual({ contests: 6, overall: 0, total: 6 })
    expect(summary.alternates).toBe(3)
    expect(summary.contests.map((c) => [c.subprefecture, c.seats, c.alternates])).toEqual([
      ['Sé', 3, 1],
      ['Mooca', 2, 1],
      ['Perus', 1, 1],
    ])
    expect(summary.parity.enabled).toBe(false)
    expect(summary.voters).toEqual({
      minAge: 16,
      ageOn: '2026-12-13',
      livingIn: 'subprefecture',
      choices: 'one_in_subprefecture',
    })
    expect(summary.candidates).toEqual({ minAge: 18, rule: 'subprefecture', segments: [] })
  })
})

describe('defaultSplit and splitError', () => {
  it('starts from the 2018 split and refuses what does not fit the composition', async () => {
    const { defaultSplit, splitError } = await import('../../../app/elections/seat-split')
    const start = defaultSplit(CMI_COMPOSITION)
    expect(start).toEqual({ seats: { A: 2, B: 2, C: 2 }, overallSeats: 2, alternates: { A: 3, B: 3, C: 2 } })
    expect(splitError(start, CMI_COMPOSITION)).toBeNull()
    expect(defaultSplit(CMI_COMPOSITION, 0).seats).toEqual({ A: 3, B: 3, C: 2 })
    expect(splitError({ ...start, seats: { A: 3, B: 2, C: 1 }, overallSeats: 2 }, CMI_COMPOSITION)).toBeNull()
    expect(splitError({ ...start, overallSeats: 3 }, CMI_COMPOSITION)).toEqual({
      error: 'seats_do_not_add_up',
      field: 'seatSplit',
    })
    expect(splitError({ ...start, alternates: { A: 3, B: 3, C: 3 } }, CMI_COMPOSITION)).toEqual({
      error: 'too_many_alternates',
      field: 'alternateSplit',
    })
  })
})
