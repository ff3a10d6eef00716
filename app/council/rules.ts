// Pure council rules: quorum with alternates, who sits and votes, what a meeting's status allows,
// vote outcomes, resolution codes. Used by the server modules and by the pages alike, so a rule is
// written once.

import type { AttendanceStatus, MeetingStatus, MinutesStatus } from '../../db/schema'

export type QuorumRule = { pct: number; strict: boolean }

/** Seats needed: "more than half" is { pct: 50, strict: true }; "at least a third" { pct: 34, strict: false }. */
export function seatsRequired(seats: number, rule: QuorumRule): number {
  const exact = (seats * rule.pct) / 100
  return Math.max(1, rule.strict ? Math.floor(exact) + 1 : Math.ceil(exact))
}

export type SeatMember = { id: string; role: 'full' | 'alternate'; alternate_for: string | null }
export type Presence = 'present' | 'absent' | 'excused' | undefined

/**
 * Seats filled at a meeting: every full member present fills their seat; an alternate present fills
 * the seat of the full member they replace when that member is not present. A seat is counted once,
 * however many of its alternates came. Alternates with no seat to fill are present but do not count.
 */
export function seatsFilled(members: readonly SeatMember[], presence: (memberId: string) => Presence) {
  const filled = new Set<string>()
  const sittingIn: { alternateId: string; forId: string }[] = []
  for (const m of members) if (m.role === 'full' && presence(m.id) === 'present') filled.add(m.id)
  for (const m of members) {
    if (m.role !== 'alternate' || presence(m.id) !== 'present' || !m.alternate_for) continue
    if (filled.has(m.alternate_for)) continue
    if (!members.some((x) => x.id === m.alternate_for)) continue
    filled.add(m.alternate_for)
    sittingIn.push({ alternateId: m.id, forId: m.alternate_for })
  }
  return { filled: filled.size, sittingIn }
}

/**
 * Who sits (and so votes) at a meeting: full members present, and alternates sitting in for an
 * absent full member (`sittingInFor`, from `seatsFilled`). An alternate whose full member came is
 * in the room but does not sit.
 */
export function sittingMembers<
  M extends { role: 'full' | 'alternate'; attendance: AttendanceStatus | null; sittingInFor: string | null },
>(members: readonly M[]): M[] {
  return members.filter((m) => (m.role === 'full' && m.attendance === 'present') || m.sittingInFor)
}

export function quorum(seats: number, filled: number, open: QuorumRule, deliberate: QuorumRule) {
  const toOpen = seatsRequired(seats, open)
  const toDeliberate = seatsRequired(seats, deliberate)
  return {
    filled,
    seats,
    toOpen,
    toDeliberate,
    canOpen: filled >= toOpen,
    canDeliberate: filled >= toDeliberate,
  }
}

/** Simple majority of the votes cast: more yes than no (abstentions do not count either way). */
export function outcomeOf(yes: number, no: number): 'approved' | 'rejected' {
  return yes > no ? 'approved' : 'rejected'
}

/** "Nº 3/CMI/2025" */
export const resolutionCode = (number: number, code: string, year: number) => `Nº ${number}/${code}/${year}`

/** The agenda can change, and the meeting be cancelled, until the session opens. */
export const agendaOpen = (status: MeetingStatus) => status === 'scheduled' || status === 'convened'

/** Attendance is taken from the convocation until the session closes. */
export const attendanceOpen = (status: MeetingStatus) => status === 'convened' || status === 'in_session'

/** The step that moves a meeting on from its status (the form's intent), if any. */
export function nextStep(status: MeetingStatus): 'convene' | 'open' | 'close' | null {
  if (status === 'scheduled') return 'convene'
  if (status === 'convened') return 'open'
  if (status === 'in_session') return 'close'
  return null
}

/** Until published, minutes are the secretariat's working document (circulated to members outside). */
export const minutesVisible = (status: MinutesStatus, canManage: boolean) =>
  canManage || status === 'published'
