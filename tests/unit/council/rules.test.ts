import { describe, expect, it } from 'vitest'
import {
  agendaOpen,
  attendanceOpen,
  minutesVisible,
  nextStep,
  outcomeOf,
  quorum,
  resolutionCode,
  seatsFilled,
  seatsRequired,
  sittingMembers,
  type SeatMember,
} from '../../../app/council/rules'
import { toIcs } from '../../../app/lib/icalendar'

describe('quorum', () => {
  it('counts "more than half" and "at least a share" of the seats', () => {
    expect(seatsRequired(16, { pct: 50, strict: true })).toBe(9)
    expect(seatsRequired(15, { pct: 50, strict: true })).toBe(8)
    expect(seatsRequired(16, { pct: 34, strict: false })).toBe(6)
    expect(seatsRequired(3, { pct: 0, strict: false })).toBe(1)
  })

  const members: SeatMember[] = [
    { id: 'f1', role: 'full', alternate_for: null },
    { id: 'f2', role: 'full', alternate_for: null },
    { id: 'f3', role: 'full', alternate_for: null },
    { id: 'f4', role: 'full', alternate_for: null },
    { id: 'a1', role: 'alternate', alternate_for: 'f1' },
    { id: 'a2', role: 'alternate', alternate_for: 'f2' },
    { id: 'a2b', role: 'alternate', alternate_for: 'f2' },
    { id: 'a9', role: 'alternate', alternate_for: null },
  ]
  const at =
    (present: string[], excused: string[] = []) =>
    (id: string) =>
      (present.includes(id) ? 'present' : excused.includes(id) ? 'excused' : 'absent') as
        'present' | 'absent' | 'excused'

  it('an alternate fills the seat of their absent full member, once per seat', () => {
    expect(seatsFilled(members, at(['f3', 'a1', 'a2', 'a2b'], ['f1']))).toEqual({
      filled: 3,
      sittingIn: [
        { alternateId: 'a1', forId: 'f1' },
        { alternateId: 'a2', forId: 'f2' },
      ],
    })
  })

  it('an alternate whose full member is present, or who has no seat, does not count', () => {
    expect(seatsFilled(members, at(['f1', 'a1', 'a9']))).toEqual({ filled: 1, sittingIn: [] })
  })

  it('decides whether the meeting may open and deliberate', () => {
    const q = quorum(
      4,
      seatsFilled(members, at(['f3', 'a1'])).filled,
      { pct: 50, strict: false },
      { pct: 50, strict: true },
    )
    expect(q).toEqual({
      filled: 2,
      seats: 4,
      toOpen: 2,
      toDeliberate: 3,
      canOpen: true,
      canDeliberate: false,
    })
  })
})

describe('who sits', () => {
  type M = Parameters<typeof sittingMembers>[0][number] & { id: string }
  const m = (
    id: string,
    role: M['role'],
    attendance: M['attendance'],
    sittingInFor: string | null = null,
  ): M => ({
    id,
    role,
    attendance,
    sittingInFor,
  })

  it('full members present and alternates sitting in for an absent full member, no one else', () => {
    const members = [
      m('f1', 'full', 'present'),
      m('f2', 'full', 'absent'),
      m('f3', 'full', 'excused'),
      m('f4', 'full', null),
      m('a1', 'alternate', 'present'), // their full member came: in the room, not sitting
      m('a2', 'alternate', 'present', 'f2'),
      m('a3', 'alternate', 'absent'),
    ]
    expect(sittingMembers(members).map((x) => x.id)).toEqual(['f1', 'a2'])
  })
})

describe('what a meeting status allows', () => {
  it('the agenda changes until the session opens; attendance is taken from the convocation to the close', () => {
    expect(
      ['scheduled', 'convened', 'in_session', 'held', 'cancelled'].filter((s) => agendaOpen(s as never)),
    ).toEqual(['scheduled', 'convened'])
    expect(
      ['scheduled', 'convened', 'in_session', 'held', 'cancelled'].filter((s) => attendanceOpen(s as never)),
    ).toEqual(['convened', 'in_session'])
  })

  it('moves on one step at a time; a held or cancelled meeting has no next step', () => {
    expect(nextStep('scheduled')).toBe('convene')
    expect(nextStep('convened')).toBe('open')
    expect(nextStep('in_session')).toBe('close')
    expect(nextStep('held')).toBeNull()
    expect(nextStep('cancelled')).toBeNull()
  })

  it('minutes are public once published; before that only the secretariat sees them', () => {
    expect(minutesVisible('published', false)).toBe(true)
    for (const status of ['draft', 'circulated', 'approved'] as const) {
      expect(minutesVisible(status, false)).toBe(false)
      expect(minutesVisible(status, true)).toBe(true)
    }
  })
})

describe('votes and resolutions', () => {
  it('a motion passes with more yes than no', () => {
    expect(outcomeOf(5, 4)).toBe('approved')
    expect(outcomeOf(4, 4)).toBe('rejected')
  })

  it('writes the resolution code as the council does', () => {
    expect(resolutionCode(3, 'CMI', 2025)).toBe('Nº 3/CMI/2025')
  })
})

describe('iCalendar', () => {
  it('escapes text, folds long lines and marks cancelled meetings', () => {
    const ics = toIcs('CMI', [
      {
        uid: 'm1@mutirao',
        startsAt: '2025-03-10T17:00:00.000Z',
        durationMinutes: 120,
        title: 'Reunião ordinária; março, 2025',
        description:
          'Pauta:\n1. Aprovação da ata; 2. Campanhas — imigrantes de todas as origens, em sete idiomas, com muito texto para dobrar a linha',
        location: 'Rua Líbero Badaró, 119',
        url: 'https://x/m1',
        cancelled: true,
        updatedAt: '2025-03-01T12:00:00.000Z',
      },
    ])
    expect(ics).toContain('SUMMARY:Reunião ordinária\\; março\\, 2025\r\n')
    expect(ics).toContain('DTSTART:20250310T170000Z\r\nDTEND:20250310T190000Z\r\n')
    expect(ics).toContain('STATUS:CANCELLED')
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    expect(ics.split('\r\n').some((l) => l.startsWith(' '))).toBe(true)
  })
})
