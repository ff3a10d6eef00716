import type { ElectionPhase } from '../../db/schema'
import { fromLocalInput, toLocalInput } from '../lib/dates'

// Pure rules of the polling place (issue #16.13), beside the database code that applies them.

/** Where an instant falls against an election's voting window (issue #17, "Election day"). */
export type WindowState = 'not_open' | 'no_window' | 'before' | 'open' | 'after'

type WindowedElection = { phase: ElectionPhase; voting_starts: string | null; voting_ends: string | null }

/**
 * Ballots (online and at the booth) are accepted only while voting is open AND between the
 * election's configured start (inclusive) and end (exclusive). Fail closed: an election with no
 * window accepts no ballot, whatever its phase. Instants are compared as instants (ISO UTC), so
 * the council's clock, daylight saving or the server's zone cannot move the end.
 */
export function votingWindowState(election: WindowedElection, now: Date = new Date()): WindowState {
  if (election.phase !== 'voting_open') return 'not_open'
  if (!election.voting_starts || !election.voting_ends) return 'no_window'
  const at = now.getTime()
  if (at < Date.parse(election.voting_starts)) return 'before'
  if (at >= Date.parse(election.voting_ends)) return 'after'
  return 'open'
}

export function inVotingWindow(election: WindowedElection, now: Date = new Date()): boolean {
  return votingWindowState(election, now) === 'open'
}

/** Voting is over by the clock: the election is still voting_open but its end has passed. */
export function votingEnded(
  election: { phase: ElectionPhase; voting_ends: string | null },
  now: Date = new Date(),
): boolean {
  return (
    election.phase === 'voting_open' &&
    election.voting_ends !== null &&
    now.getTime() >= Date.parse(election.voting_ends)
  )
}

/**
 * The council's voting day by default (domain brief: in person on a Sunday, 08:00–17:00): the
 * first Sunday at least a week after `from`, on the council's clock. The calendar form starts
 * from it; each election keeps its own window (data), which the commission may change.
 */
export const DEFAULT_VOTING_HOURS = { weekday: 0, starts: '08:00', ends: '17:00', leadDays: 7 } as const

export function defaultVotingWindow(
  from: Date,
  hours: { weekday: number; starts: string; ends: string; leadDays: number } = DEFAULT_VOTING_HOURS,
): { starts: string; ends: string } {
  // The calendar date on the council's clock, then day by day to the wanted weekday (pure date
  // arithmetic in UTC, so no daylight-saving day is skipped or doubled).
  const localDay = toLocalInput(from.toISOString()).slice(0, 10)
  const day = new Date(`${localDay}T12:00:00Z`)
  day.setUTCDate(day.getUTCDate() + hours.leadDays)
  while (day.getUTCDay() !== hours.weekday) day.setUTCDate(day.getUTCDate() + 1)
  const date = day.toISOString().slice(0, 10)
  return {
    starts: fromLocalInput(`${date}T${hours.starts}`)!,
    ends: fromLocalInput(`${date}T${hours.ends}`)!,
  }
}

/** Tokens held in cookies (device, booth): 32 base32 letters, as the server makes them. */
export const COOKIE_TOKEN = /^[a-z2-7]{32}$/

/** One-time device enrolment codes: 12 base32 letters, typed in groups of four. */
export function normaliseEnrolmentCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '')
  return /^[A-Z2-7]{12}$/.test(code) ? code : null
}
