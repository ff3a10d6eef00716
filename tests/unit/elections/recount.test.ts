import { describe, expect, it } from 'vitest'
import { chainHead } from '../../../app/elections/board'
import { outcomeSummary, recount, type PublishedBoard } from '../../../app/elections/recount'
import { DEFAULT_RULES, tally } from '../../../app/elections/tally'
import { DEFAULT_SHARE_THRESHOLDS, parseShareSteps, seatsForShare } from '../../../app/elections/seats'

const noParity = { ...DEFAULT_RULES, parity: { ...DEFAULT_RULES.parity, enabled: false } }

function board(
  ballots: PublishedBoard['ballots'],
  candidates: PublishedBoard['contests'][0]['candidates'],
): PublishedBoard {
  const codes = ballots.map((_, i) => `CODE-${i}`)
  return {
    election: 'e',
    heads: { ballots: chainHead(ballots), trackingCodes: chainHead(codes) },
    rules: noParity,
    contests: [{ id: 'A', seats: 1, alternates: 1, candidates }],
    tracking_codes: codes,
    ballots,
  }
}

describe('recount', () => {
  it('recomputes the same outcome as the count, tie-breaking by the published seniority like by birth date', () => {
    const ballots = [
      { contest: 'A', choice: 'candidate' as const, candidacy: 'young' },
      { contest: 'A', choice: 'candidate' as const, candidacy: 'old' },
      { contest: 'A', choice: 'blank' as const, candidacy: null },
    ]
    const published = board(ballots, [
      { id: 'young', name: 'Young', gender: 'man', seniority: '0002' },
      { id: 'old', name: 'Old', gender: 'man', seniority: '0001' },
    ])
    const server = tally(
      [
        {
          id: 'A',
          seats: 1,
          alternates: 1,
          blank: 1,
          void: 0,
          candidates: [
            { id: 'young', name: 'Young', gender: 'man', birthDate: '1995-01-01', votes: 1 },
            { id: 'old', name: 'Old', gender: 'man', birthDate: '1960-01-01', votes: 1 },
          ],
        },
      ],
      noParity,
    )
    const { headsMatch, result } = recount(published)
    expect(headsMatch).toEqual({ ballots: true, trackingCodes: true })
    expect(outcomeSummary(result.contests)).toEqual(outcomeSummary(server.contests))
    expect(result.contests[0].candidates.map((c) => [c.id, c.outcome])).toEqual([
      ['old', 'elected'],
      ['young', 'alternate'],
    ])
  })

  it('detects a removed or reordered ballot through the hash chain', () => {
    const ballots = [
      { contest: 'A', choice: 'candidate' as const, candidacy: 'x' },
      { contest: 'A', choice: 'blank' as const, candidacy: null },
    ]
    const published = board(ballots, [{ id: 'x', name: 'X', gender: 'woman', seniority: '0001' }])
    expect(recount({ ...published, ballots: [...ballots].reverse() }).headsMatch.ballots).toBe(false)
    expect(recount({ ...published, ballots: ballots.slice(1) }).headsMatch.ballots).toBe(false)
    expect(recount({ ...published, tracking_codes: ['CODE-0'] }).headsMatch.trackingCodes).toBe(false)
  })
})

describe('recount with paper polling places (#17)', () => {
  it("adds each place's confirmed paper count (votes, blank, void) to the ballots, outside the hash chain", () => {
    const ballots = [
      { contest: 'A', choice: 'candidate' as const, candidacy: 'x' },
      { contest: 'A', choice: 'candidate' as const, candidacy: 'x' },
      { contest: 'A', choice: 'blank' as const, candidacy: null },
    ]
    const published: PublishedBoard = {
      ...board(ballots, [
        { id: 'x', name: 'X', gender: 'man', seniority: '0001' },
        { id: 'y', name: 'Y', gender: 'man', seniority: '0002' },
      ]),
      paper_counts: [
        {
          polling_place: 'p1',
          name: 'Missão Paz',
          lines: [
            { contest: 'A', choice: 'candidate', candidacy: 'y', votes: 3 },
            { contest: 'A', choice: 'blank', candidacy: null, votes: 1 },
            { contest: 'A', choice: 'void', candidacy: null, votes: 2 },
          ],
        },
      ],
    }
    const { headsMatch, result } = recount(published)
    expect(headsMatch).toEqual({ ballots: true, trackingCodes: true })
    const [contest] = result.contests
    expect(contest.candidates.map((c) => [c.id, c.votes, c.outcome])).toEqual([
      ['y', 3, 'elected'],
      ['x', 2, 'alternate'],
    ])
    expect(contest).toMatchObject({ blank: 2, void: 2, validVotes: 5, total: 9 })
    // A board without paper counts (published before them) recounts its ballots alone.
    const { paper_counts: _paper, ...older } = published
    expect(recount(older).result.contests[0]).toMatchObject({ blank: 1, void: 0, validVotes: 2 })
  })
})

describe('Participatory Council seats from the immigrant share', () => {
  it('parses thresholds and derives seats, with the minimum when the share is unknown', () => {
    expect(parseShareSteps('>3:2; 4,5:3')).toEqual([
      { pct: 3, strict: true, seats: 2 },
      { pct: 4.5, strict: false, seats: 3 },
    ])
    expect(parseShareSteps('3 %')).toBeNull()
    // 2015 rule: at least 1 seat; 2 if immigrants are more than 3 %; 3 if 4 % or more.
    expect(seatsForShare(null, DEFAULT_SHARE_THRESHOLDS)).toBe(1)
    expect(seatsForShare(3, DEFAULT_SHARE_THRESHOLDS)).toBe(1)
    expect(seatsForShare(3.1, DEFAULT_SHARE_THRESHOLDS)).toBe(2)
    expect(seatsForShare(4, DEFAULT_SHARE_THRESHOLDS)).toBe(3)
  })
})
