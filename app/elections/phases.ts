import { ELECTION_PHASES, type CandidacyStatus, type ElectionPhase } from '../../db/schema'

// The calendar is a straight line; only the electoral commission moves it, one step at a time.
export function nextPhase(phase: ElectionPhase): ElectionPhase | null {
  const i = ELECTION_PHASES.indexOf(phase)
  return i >= 0 && i < ELECTION_PHASES.length - 1 ? ELECTION_PHASES[i + 1] : null
}

export const atLeast = (phase: ElectionPhase, min: ElectionPhase) =>
  ELECTION_PHASES.indexOf(phase) >= ELECTION_PHASES.indexOf(min)

/** Candidates are public from the provisional list on. */
export const candidatesPublic = (phase: ElectionPhase) => atLeast(phase, 'provisional_list')
export const resultsPublic = (phase: ElectionPhase) => atLeast(phase, 'preliminary_result')
export const boardPublic = (phase: ElectionPhase) => atLeast(phase, 'counted')
export const canWithdraw = (phase: ElectionPhase) => !atLeast(phase, 'voting_open')

/** The commission decides submitted candidacies in review, and appealed ones in the appeals phase. */
export const canDecide = (phase: ElectionPhase, status: CandidacyStatus) =>
  (phase === 'review' && status === 'submitted') || (phase === 'appeals' && status === 'appealed')

/**
 * Phases in which a rejected candidate may appeal. A rejection with a deadline (migration 029) may
 * be appealed from the moment it is told until that deadline, while the list is not final: a
 * window counted from the notice must not wait for the appeals phase, or it could close before it
 * opened. The commission still decides appeals in the appeals phase. A rejection from before
 * migration 029 has no deadline: the appeals phase alone bounds it, as before.
 */
export const canAppeal = (phase: ElectionPhase, deadline: string | null) =>
  deadline ? atLeast(phase, 'review') && !atLeast(phase, 'final_list') : phase === 'appeals'

/** Days a rejected candidate may be given to appeal (`elections.candidacy_appeal_days`, CHECK). */
export const APPEAL_DAYS_RANGE = { min: 1, max: 60 } as const
