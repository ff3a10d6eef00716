import { describe, expect, it } from 'vitest'
import {
  defaultVotingWindow,
  inVotingWindow,
  votingEnded,
  votingWindowState,
} from '../../../app/elections/polling-place'
import { fromLocalInput } from '../../../app/lib/dates'

// Issue #17: ballots are accepted only between the election's voting start (inclusive) and end
// (exclusive), on the instant — not while someone forgets to change the phase.
const starts = fromLocalInput('2026-12-13T08:00')! // Sunday, São Paulo
const ends = fromLocalInput('2026-12-13T17:00')!
const open = { phase: 'voting_open' as const, voting_starts: starts, voting_ends: ends }
const at = (ms: number) => new Date(ms)

describe('the voting window', () => {
  it('is São Paulo wall-clock time: 08:00–17:00 are 11:00–20:00 UTC', () => {
    expect(starts).toBe('2026-12-13T11:00:00.000Z')
    expect(ends).toBe('2026-12-13T20:00:00.000Z')
  })

  it('refuses before the start, accepts at the start and just before the end, refuses at the end', () => {
    expect(votingWindowState(open, at(Date.parse(starts) - 1))).toBe('before')
    expect(votingWindowState(open, at(Date.parse(starts)))).toBe('open')
    expect(votingWindowState(open, at(Date.parse(ends) - 1))).toBe('open')
    expect(votingWindowState(open, at(Date.parse(ends)))).toBe('after')
    expect(inVotingWindow(open, at(Date.parse(ends)))).toBe(false)
    expect(votingEnded(open, at(Date.parse(ends)))).toBe(true)
    expect(votingEnded(open, at(Date.parse(ends) - 1))).toBe(false)
  })

  it('fails closed: no window, or any other phase, accepts no ballot', () => {
    const noon = at(Date.parse('2026-12-13T15:00:00.000Z'))
    expect(votingWindowState({ ...open, voting_starts: null }, noon)).toBe('no_window')
    expect(votingWindowState({ ...open, voting_ends: null }, noon)).toBe('no_window')
    for (const phase of ['campaign', 'voting_closed', 'counted'] as const)
      expect(votingWindowState({ ...open, phase }, noon)).toBe('not_open')
  })

  it('does not depend on the server clock zone or on daylight saving (Brazil had DST until 2019)', () => {
    // December 2018: São Paulo was UTC−2, so 17:00 local was 19:00 UTC.
    const dst = {
      phase: 'voting_open' as const,
      voting_starts: fromLocalInput('2018-12-02T08:00')!,
      voting_ends: fromLocalInput('2018-12-02T17:00')!,
    }
    expect(dst.voting_ends).toBe('2018-12-02T19:00:00.000Z')
    expect(inVotingWindow(dst, at(Date.parse('2018-12-02T18:59:59.999Z')))).toBe(true)
    expect(inVotingWindow(dst, at(Date.parse('2018-12-02T19:00:00.000Z')))).toBe(false)
  })
})

describe("the calendar form's default window", () => {
  it('is the first Sunday at least a week ahead, 08:00–17:00 São Paulo time', () => {
    // Friday 4 December 2026, late evening in São Paulo (already Saturday in UTC).
    const window = defaultVotingWindow(new Date('2026-12-05T02:30:00.000Z'))
    expect(window).toEqual({ starts: '2026-12-13T11:00:00.000Z', ends: '2026-12-13T20:00:00.000Z' })
    expect(new Date(window.starts).getUTCDay()).toBe(0)
  })

  it('takes other hours as data', () => {
    const window = defaultVotingWindow(new Date('2026-12-07T12:00:00.000Z'), {
      weekday: 6,
      starts: '09:00',
      ends: '15:30',
      leadDays: 0,
    })
    expect(window).toEqual({ starts: '2026-12-12T12:00:00.000Z', ends: '2026-12-12T18:30:00.000Z' })
  })
})
