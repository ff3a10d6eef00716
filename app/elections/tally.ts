import { createHash } from 'node:crypto'

// Counting and seat allocation: pure, deterministic and idempotent (same input + seed → same
// result), so anyone can recompute the published result from the published ballots.

export type SeatRules = {
  /** Gender parity among all elected members of the election (Law 15,946/2013). */
  parity: { enabled: boolean; minShare: number; countsTowards: string[] }
  /** Extra seats for the most voted candidates not elected in their own contest (2018 rule). */
  overallSeats: number
  /** Published before the count; used only when votes and age are both tied. */
  drawSeed: string
}

export const DEFAULT_RULES: SeatRules = {
  parity: {
    enabled: true,
    minShare: 0.5,
    countsTowards: ['woman', 'trans_woman', 'trans_man', 'travesti', 'non_binary'],
  },
  overallSeats: 0,
  drawSeed: 'mutirao',
}

export type TallyCandidate = { id: string; name: string; gender: string; birthDate: string; votes: number }
export type TallyContest = {
  id: string
  seats: number
  alternates: number
  candidates: TallyCandidate[]
  blank: number
  void: number
}

export type Outcome = 'elected' | 'elected_overall' | 'alternate' | 'not_elected'
export type RankedCandidate = TallyCandidate & {
  rank: number
  outcome: Outcome
  tieBrokenBy: 'age' | 'draw' | null
  displaced: boolean
  displacedIn: boolean
}
export type ContestResult = {
  id: string
  seats: number
  emptySeats: number
  validVotes: number
  blank: number
  void: number
  total: number
  candidates: RankedCandidate[]
}
export type ElectionResult = {
  contests: ContestResult[]
  parity: {
    enabled: boolean
    required: number
    achieved: number
    met: boolean
    displacements: { out: string; in: string }[]
  }
  drawSeed: string
}

const drawKey = (seed: string, id: string) => createHash('sha256').update(`${seed}:${id}`).digest('hex')

/** Votes first; then the older candidate; then a public draw from the recorded seed. */
function compare(seed: string) {
  return (a: TallyCandidate, b: TallyCandidate) =>
    b.votes - a.votes ||
    a.birthDate.localeCompare(b.birthDate) ||
    drawKey(seed, a.id).localeCompare(drawKey(seed, b.id))
}

function tieBreak(sorted: TallyCandidate[], i: number): 'age' | 'draw' | null {
  const c = sorted[i]
  const neighbours = [sorted[i - 1], sorted[i + 1]].filter(
    (n): n is TallyCandidate => Boolean(n) && n.votes === c.votes,
  )
  if (!neighbours.length) return null
  return neighbours.some((n) => n.birthDate === c.birthDate) ? 'draw' : 'age'
}

export function tally(contests: TallyContest[], rules: SeatRules): ElectionResult {
  const cmp = compare(rules.drawSeed)
  const ranked = new Map<string, TallyCandidate[]>()
  const seatOf = new Map<string, 'contest' | 'overall'>() // candidate id → how elected
  const contestOf = new Map<string, string>()
  for (const contest of contests) {
    const sorted = [...contest.candidates].sort(cmp)
    ranked.set(contest.id, sorted)
    sorted.slice(0, contest.seats).forEach((c) => seatOf.set(c.id, 'contest'))
    for (const c of sorted) contestOf.set(c.id, contest.id)
  }
  const byId = new Map(contests.flatMap((c) => c.candidates).map((c) => [c.id, c]))
  const notElected = () => [...byId.values()].filter((c) => !seatOf.has(c.id)).sort(cmp)

  // Most-voted-overall seats go to the best of those not elected in their own contest.
  notElected()
    .slice(0, rules.overallSeats)
    .forEach((c) => seatOf.set(c.id, 'overall'))

  // Parity: replace the lowest-voted elected person who does not count towards parity with the
  // best-voted parity candidate of the same contest (any contest for an overall seat), until met.
  const counts = (c: TallyCandidate) => rules.parity.countsTowards.includes(c.gender)
  const displacements: { out: string; in: string }[] = []
  const required = rules.parity.enabled ? Math.ceil(rules.parity.minShare * seatOf.size - 1e-9) : 0
  const achieved = () => [...seatOf.keys()].filter((id) => counts(byId.get(id)!)).length
  while (rules.parity.enabled && achieved() < required) {
    const removable = [...seatOf.keys()]
      .map((id) => byId.get(id)!)
      .filter((c) => !counts(c))
      .sort(cmp)
      .reverse()
    let swapped = false
    for (const out of removable) {
      const seat = seatOf.get(out.id)!
      const replacement = notElected().find(
        (c) => counts(c) && (seat === 'overall' || contestOf.get(c.id) === contestOf.get(out.id)),
      )
      if (!replacement) continue
      seatOf.delete(out.id)
      seatOf.set(replacement.id, seat)
      displacements.push({ out: out.id, in: replacement.id })
      swapped = true
      break
    }
    if (!swapped) break // not enough parity candidates: seats stay with the most voted
  }

  const displacedOut = new Set(displacements.map((d) => d.out))
  const displacedIn = new Set(displacements.map((d) => d.in))
  const results: ContestResult[] = contests.map((contest) => {
    const sorted = ranked.get(contest.id)!
    let alternatesLeft = contest.alternates
    const candidates: RankedCandidate[] = sorted.map((c, i) => {
      const seat = seatOf.get(c.id)
      let outcome: Outcome =
        seat === 'contest' ? 'elected' : seat === 'overall' ? 'elected_overall' : 'not_elected'
      if (outcome === 'not_elected' && alternatesLeft > 0) {
        outcome = 'alternate'
        alternatesLeft -= 1
      }
      return {
        ...c,
        rank: i + 1,
        outcome,
        tieBrokenBy: tieBreak(sorted, i),
        displaced: displacedOut.has(c.id),
        displacedIn: displacedIn.has(c.id),
      }
    })
    const validVotes = contest.candidates.reduce((sum, c) => sum + c.votes, 0)
    const electedHere = candidates.filter((c) => c.outcome === 'elected').length
    return {
      id: contest.id,
      seats: contest.seats,
      emptySeats: Math.max(0, contest.seats - electedHere),
      validVotes,
      blank: contest.blank,
      void: contest.void,
      total: validVotes + contest.blank + contest.void,
      candidates,
    }
  })
  const got = achieved()
  return {
    contests: results,
    parity: { enabled: rules.parity.enabled, required, achieved: got, met: got >= required, displacements },
    drawSeed: rules.drawSeed,
  }
}
