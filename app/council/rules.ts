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

const icsText = (s: string) =>
  s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
const icsDate = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '')

/** Folds lines at 75 octets as RFC 5545 asks (continuation lines start with a space). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8')
  if (bytes.length <= 75) return line
  const parts: string[] = []
  let current = ''
  for (const ch of line) {
    if (Buffer.byteLength(current + ch, 'utf8') > (parts.length ? 74 : 75)) {
      parts.push(current)
      current = ''
    }
    current += ch
  }
  parts.push(current)
  return parts.join('\r\n ')
}

export type IcsEvent = {
  uid: string
  startsAt: string
  durationMinutes: number
  title: string
  description: string
  location: string | null
  url: string
  cancelled: boolean
  updatedAt: string
}

export function toIcs(calendarName: string, events: readonly IcsEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Mutirão//Council meetings//PT',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${icsText(calendarName)}`,
  ]
  for (const e of events) {
    const end = new Date(new Date(e.startsAt).getTime() + e.durationMinutes * 60_000).toISOString()
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsDate(e.updatedAt)}`,
      `DTSTART:${icsDate(e.startsAt)}`,
      `DTEND:${icsDate(end)}`,
      `SUMMARY:${icsText(e.title)}`,
      `DESCRIPTION:${icsText(e.description)}`,
      ...(e.location ? [`LOCATION:${icsText(e.location)}`] : []),
      `URL:${e.url}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR')
  return lines.map(fold).join('\r\n') + '\r\n'
}
