import { describe, expect, it } from 'vitest'
import { DEFAULT_RULES, tally, type TallyCandidate, type TallyContest } from '../../../app/elections/tally'

const c = (id: string, votes: number, gender = 'man', birthDate = '1980-01-01'): TallyCandidate => ({
  id,
  name: id,
  gender,
  birthDate,
  votes,
})
const contest = (id: string, seats: number, candidates: TallyCandidate[], alternates = 1): TallyContest => ({
  id,
  seats,
  alternates,
  candidates,
  blank: 3,
  void: 1,
})
const noParity = { ...DEFAULT_RULES, parity: { ...DEFAULT_RULES.parity, enabled: false } }
const outcomes = (r: ReturnType<typeof tally>, contestId = 'A') =>
  Object.fromEntries(r.contests.find((x) => x.id === contestId)!.candidates.map((x) => [x.id, x.outcome]))

describe('tally', () => {
  it('elects the most voted, then alternates from the ranking, and counts blank and void apart', () => {
    const r = tally([contest('A', 2, [c('a', 10), c('b', 30), c('c', 20), c('d', 5)])], noParity)
    expect(outcomes(r)).toEqual({ b: 'elected', c: 'elected', a: 'alternate', d: 'not_elected' })
    expect(r.contests[0]).toMatchObject({ validVotes: 65, blank: 3, void: 1, total: 69, emptySeats: 0 })
  })

  it('leaves seats empty when there are too few candidates', () => {
    const r = tally([contest('A', 3, [c('a', 1)])], noParity)
    expect(r.contests[0].emptySeats).toBe(2)
  })

  it('breaks a tie in favour of the older candidate', () => {
    const r = tally(
      [contest('A', 1, [c('young', 10, 'man', '1990-01-01'), c('old', 10, 'man', '1970-01-01')], 0)],
      noParity,
    )
    expect(outcomes(r)).toEqual({ old: 'elected', young: 'not_elected' })
    expect(r.contests[0].candidates[0].tieBrokenBy).toBe('age')
  })

  it('breaks a full tie by a draw that depends only on the published seed', () => {
    const tied = [c('x', 10), c('y', 10), c('z', 10)]
    const a = tally([contest('A', 1, tied, 0)], { ...noParity, drawSeed: 'seed-1' })
    const again = tally([contest('A', 1, [...tied].reverse(), 0)], { ...noParity, drawSeed: 'seed-1' })
    expect(a).toEqual(again)
    expect(a.contests[0].candidates[0].tieBrokenBy).toBe('draw')
    const winners = new Set(
      ['s1', 's2', 's3', 's4', 's5', 's6'].map(
        (seed) =>
          tally([contest('A', 1, tied, 0)], { ...noParity, drawSeed: seed }).contests[0].candidates[0].id,
      ),
    )
    expect(winners.size).toBeGreaterThan(1)
  })

  it('displaces the lowest-voted man by the best-voted woman of the same contest when parity is not met', () => {
    const r = tally(
      [contest('A', 2, [c('m1', 50), c('m2', 40), c('w1', 30, 'woman'), c('w2', 20, 'woman')])],
      DEFAULT_RULES,
    )
    expect(outcomes(r)).toEqual({ m1: 'elected', m2: 'alternate', w1: 'elected', w2: 'not_elected' })
    expect(r.parity).toMatchObject({
      required: 1,
      achieved: 1,
      met: true,
      displacements: [{ out: 'm2', in: 'w1' }],
    })
  })

  it('counts trans women, trans men, travestis and non-binary people towards parity', () => {
    for (const gender of ['trans_woman', 'trans_man', 'travesti', 'non_binary']) {
      const r = tally([contest('A', 2, [c('m1', 50), c('p', 10, gender), c('m2', 40)])], DEFAULT_RULES)
      expect(outcomes(r).p).toBe('elected')
    }
  })

  it('applies parity across contests, displacing in the contest with the lowest-voted man', () => {
    const r = tally(
      [
        contest('A', 1, [c('a-man', 90), c('a-woman', 10, 'woman')]),
        contest('B', 1, [c('b-man', 20), c('b-woman', 15, 'woman')]),
      ],
      DEFAULT_RULES,
    )
    expect(outcomes(r, 'A')['a-man']).toBe('elected')
    expect(outcomes(r, 'B')).toEqual({ 'b-woman': 'elected', 'b-man': 'alternate' })
  })

  it('keeps the seat with the most voted when no parity candidate exists, and says parity was not met', () => {
    const r = tally([contest('A', 2, [c('m1', 5), c('m2', 4)])], DEFAULT_RULES)
    expect(outcomes(r)).toEqual({ m1: 'elected', m2: 'elected' })
    expect(r.parity).toMatchObject({ met: false, required: 1, achieved: 0 })
  })

  it('gives most-voted-overall seats to the best candidates not elected in their contest (2018 rule)', () => {
    const r = tally(
      [contest('A', 1, [c('a1', 100), c('a2', 80)], 0), contest('B', 1, [c('b1', 50), c('b2', 10)], 0)],
      { ...noParity, overallSeats: 1 },
    )
    expect(outcomes(r, 'A')).toEqual({ a1: 'elected', a2: 'elected_overall' })
    expect(outcomes(r, 'B')).toEqual({ b1: 'elected', b2: 'not_elected' })
  })

  it('is idempotent: counting twice gives the same result', () => {
    const input = [contest('A', 2, [c('a', 3, 'woman'), c('b', 3), c('d', 9)])]
    expect(tally(input, DEFAULT_RULES)).toEqual(tally(input, DEFAULT_RULES))
  })
})
