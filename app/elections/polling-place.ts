import type { ElectionPhase } from '../../db/schema'

// Pure rules of the polling place (issue #16.13), beside the database code that applies them.

/**
 * Booth ballots open only while voting is open AND inside the published voting hours, when the
 * election has them: a poll worker cannot open ballots the night before or after the close.
 */
export function inVotingWindow(
  election: { phase: ElectionPhase; voting_starts: string | null; voting_ends: string | null },
  now: Date = new Date(),
): boolean {
  if (election.phase !== 'voting_open') return false
  const at = now.toISOString()
  if (election.voting_starts && at < election.voting_starts) return false
  if (election.voting_ends && at >= election.voting_ends) return false
  return true
}

/** Tokens held in cookies (device, booth): 32 base32 letters, as the server makes them. */
export const COOKIE_TOKEN = /^[a-z2-7]{32}$/

/** One-time device enrolment codes: 12 base32 letters, typed in groups of four. */
export function normaliseEnrolmentCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '')
  return /^[A-Z2-7]{12}$/.test(code) ? code : null
}
