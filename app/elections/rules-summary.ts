import type { Composition } from '../council/composition'
import { DEFAULT_RULES, type SeatRules } from './tally'

// The rules of one election as the public page states them (issue #17): what body it elects and
// how that body is made up, the seats and alternates of each contest, the most-voted-overall seats,
// parity, the tie-break, who may vote, who may stand and when. Pure: every number comes from the
// election's own data (its rules, contests, census cycle and voting window), none from the page.

/** The rules stored with an election: the seat rules plus, for the CMI, the council it fills. */
export type ElectionRules = SeatRules & { composition?: Composition }

export type RulesInput = {
  body: 'cmi' | 'cpm'
  rules: Partial<ElectionRules>
  contests: {
    id: string
    kind: 'segment' | 'subprefecture'
    segment: string | null
    subprefecture: string | null
    seats: number
    alternates: number
  }[]
  /** The census cycle the election's roll comes from (ages are counted on its election day). */
  cycle: { min_voter_age: number; min_candidate_age: number; election_day: string } | null
  voting_starts: string | null
  voting_ends: string | null
}

/** Ties are broken by votes, then the older candidate, then a draw from the published seed. */
export const TIE_BREAK = ['votes', 'older', 'draw'] as const

export function rulesSummary(input: RulesInput) {
  const rules: ElectionRules = { ...DEFAULT_RULES, ...input.rules }
  const contestSeats = input.contests.reduce((n, c) => n + c.seats, 0)
  const cmi = input.body === 'cmi'
  // The most-voted-overall seats exist only where contests are segments of one council.
  const overallSeats = cmi ? rules.overallSeats : 0
  return {
    body: input.body,
    composition: cmi ? (rules.composition ?? null) : null,
    contests: input.contests.map((c) => ({
      id: c.id,
      kind: c.kind,
      segment: c.segment,
      subprefecture: c.subprefecture,
      seats: c.seats,
      alternates: c.alternates,
    })),
    seats: { contests: contestSeats, overall: overallSeats, total: contestSeats + overallSeats },
    alternates: input.contests.reduce((n, c) => n + c.alternates, 0),
    parity: {
      enabled: rules.parity.enabled,
      minSharePct: Math.round(rules.parity.minShare * 1000) / 10,
      countsTowards: rules.parity.countsTowards,
    },
    tieBreak: TIE_BREAK,
    drawSeed: rules.drawSeed,
    voters: {
      minAge: input.cycle?.min_voter_age ?? null,
      ageOn: input.cycle?.election_day ?? null,
      // CMI voters live in the city and choose in every segment; CPM voters vote in their own
      // subprefecture, for one candidate. Migratory status never matters (Law 16,478/2016).
      livingIn: cmi ? ('city' as const) : ('subprefecture' as const),
      choices: cmi ? ('one_per_segment' as const) : ('one_in_subprefecture' as const),
    },
    candidates: {
      minAge: input.cycle?.min_candidate_age ?? null,
      rule: cmi ? ('segments' as const) : ('subprefecture' as const),
      segments: cmi
        ? [...new Set(input.contests.map((c) => c.segment).filter((s): s is string => Boolean(s)))]
        : [],
    },
    votingWindow:
      input.voting_starts && input.voting_ends
        ? { starts: input.voting_starts, ends: input.voting_ends }
        : null,
  }
}

export type RulesSummary = ReturnType<typeof rulesSummary>
