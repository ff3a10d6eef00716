// Pure council arithmetic: quorum with alternates, vote outcomes, resolution codes, iCalendar.

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
