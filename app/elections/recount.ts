import { chainHead, type BoardBallot } from './board'
import { tally, type ElectionResult, type SeatRules, type TallyContest } from './tally'

// What anyone can do with the published bulletin board: check that both lists match their hash
// heads and recount the anonymous ballots with the same seat rules. No database, no server.

export type PublishedBoard = {
  election: string
  heads: { ballots: string; trackingCodes: string }
  rules: SeatRules
  contests: {
    id: string
    seats: number
    alternates: number
    candidates: { id: string; name: string; gender: string; seniority: string }[]
  }[]
  tracking_codes: string[]
  ballots: BoardBallot[]
  /** Confirmed counts of paper polling places (#17); absent on boards published before them. */
  paper_counts?: {
    polling_place: string
    name: string
    lines: { contest: string; choice: string; candidacy: string | null; votes: number }[]
  }[]
}

export type RecountOutcome = {
  headsMatch: { ballots: boolean; trackingCodes: boolean }
  result: ElectionResult
}

export function recount(board: PublishedBoard): RecountOutcome {
  const counts = new Map<string, number>()
  const key = (contest: string, choice: string, candidacy: string | null) =>
    `${contest}|${choice}|${candidacy ?? ''}`
  const add = (k: string, n: number) => counts.set(k, (counts.get(k) ?? 0) + n)
  for (const b of board.ballots) add(key(b.contest, b.choice, b.candidacy), 1)
  // Paper ballots are not on the hash-chained list (they were never electronic ballots): their
  // confirmed counts per polling place are published beside it and added here.
  for (const place of board.paper_counts ?? [])
    for (const l of place.lines) add(key(l.contest, l.choice, l.candidacy), l.votes)
  const contests: TallyContest[] = board.contests.map((c) => ({
    id: c.id,
    seats: c.seats,
    alternates: c.alternates,
    blank: counts.get(key(c.id, 'blank', null)) ?? 0,
    void: counts.get(key(c.id, 'void', null)) ?? 0,
    candidates: c.candidates.map((cand) => ({
      id: cand.id,
      name: cand.name,
      gender: cand.gender,
      birthDate: cand.seniority,
      votes: counts.get(key(c.id, 'candidate', cand.id)) ?? 0,
    })),
  }))
  return {
    headsMatch: {
      ballots: chainHead(board.ballots) === board.heads.ballots,
      trackingCodes: chainHead(board.tracking_codes) === board.heads.trackingCodes,
    },
    result: tally(contests, board.rules),
  }
}

type ComparableContest = {
  id: string
  blank: number
  void: number
  candidates: { id: string; votes: number; outcome: string }[]
}

/** The part of a result that a recount must reproduce exactly: votes and outcomes per contest. */
export function outcomeSummary(contests: ComparableContest[]) {
  return contests.map((c) => ({
    id: c.id,
    blank: c.blank,
    void: c.void,
    candidates: c.candidates.map((x) => ({ id: x.id, votes: x.votes, outcome: x.outcome })),
  }))
}
