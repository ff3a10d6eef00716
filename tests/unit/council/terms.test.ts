import { describe, expect, it } from 'vitest'
import {
  addMonths,
  servingOn,
  successorFor,
  swearingInRefusal,
  termEnd,
  type SeatHolder,
} from '../../../app/council/terms'

describe('terms', () => {
  it('last the body’s months from the swearing-in, on the same day or the month’s last', () => {
    expect(termEnd('2025-01-15', 24)).toBe('2027-01-15')
    expect(termEnd('2025-01-15', 36)).toBe('2028-01-15')
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28')
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29')
    expect(addMonths('2025-11-30', 2)).toBe('2026-01-30')
    expect(addMonths('2025-03-10', -24)).toBe('2023-03-10')
  })

  it('a member sits from the start of the term until the day before it ends', () => {
    const m = { term_starts: '2025-01-15', term_ends: '2027-01-15' }
    expect(servingOn(m, '2025-01-14')).toBe(false)
    expect(servingOn(m, '2025-01-15')).toBe(true)
    expect(servingOn(m, '2027-01-14')).toBe(true)
    expect(servingOn(m, '2027-01-15')).toBe(false)
    expect(servingOn({ ...m, term_ends: null }, '2099-01-01')).toBe(true)
  })

  it('the swearing-in needs the gazette publication and cannot precede it', () => {
    expect(swearingInRefusal(null, '2025-01-15')).toBe('gazette_not_recorded')
    expect(swearingInRefusal('2025-01-20', '2025-01-15')).toBe('before_gazette')
    expect(swearingInRefusal('2025-01-15', '2025-01-15')).toBeNull()
    expect(swearingInRefusal('2024-12-20', '2025-01-15')).toBeNull()
  })
})

const member = (id: string, over: Partial<SeatHolder> = {}): SeatHolder => ({
  id,
  role: 'alternate',
  segment: 'A',
  alternate_for: null,
  term_starts: '2025-01-15',
  term_ends: '2027-01-15',
  election_id: 'e1',
  alternate_rank: null,
  display_name: id,
  ...over,
})

describe('succession', () => {
  const left = member('T2', { role: 'full', term_ends: '2025-06-01' })
  it('an elected seat goes to the first alternate of the same election and segment still serving', () => {
    const members = [
      left,
      member('T1', { role: 'full' }),
      member('A2', { alternate_rank: 2, alternate_for: 'T2' }),
      member('A1', { alternate_rank: 1, alternate_for: 'T1' }),
      member('B1', { segment: 'B', alternate_rank: 1 }),
      member('X1', { election_id: 'e0', alternate_rank: 1 }),
    ]
    expect(successorFor(left, members, '2025-06-01')?.id).toBe('A1')
    // A1 already left (or took another seat) before that day: the next in rank.
    const a1Gone = members.map((m) => (m.id === 'A1' ? { ...m, term_ends: '2025-05-01' } : m))
    expect(successorFor(left, a1Gone, '2025-06-01')?.id).toBe('A2')
  })

  it('no alternate of the segment left: the seat stays vacant', () => {
    const members = [left, member('B1', { segment: 'B', alternate_rank: 1 })]
    expect(successorFor(left, members, '2025-06-01')).toBeNull()
    // A full member of the segment is not a successor.
    expect(
      successorFor(left, [left, member('T1', { role: 'full', alternate_rank: 1 })], '2025-06-01'),
    ).toBeNull()
  })

  it('an appointed seat goes to that member’s own alternate', () => {
    const gov = member('G1', { role: 'full', segment: null, election_id: null, term_ends: '2025-06-01' })
    const members = [
      gov,
      member('G2-alt', { segment: null, election_id: null, alternate_for: 'G2' }),
      member('G1-alt', { segment: null, election_id: null, alternate_for: 'G1' }),
    ]
    expect(successorFor(gov, members, '2025-06-01')?.id).toBe('G1-alt')
    expect(successorFor(gov, members.slice(0, 2), '2025-06-01')).toBeNull()
  })
})
