import { describe, expect, it } from 'vitest'
import { fromLocalInput, toLocalInput } from '../../../app/lib/dates'

// datetime-local values are the council's wall clock (America/Sao_Paulo), whatever the server's zone.
describe('local date-time inputs on the council clock', () => {
  it('reads and writes São Paulo time (UTC−3 since 2019)', () => {
    expect(fromLocalInput('2026-10-04T08:00')).toBe('2026-10-04T11:00:00.000Z')
    expect(toLocalInput('2026-10-04T11:00:00.000Z')).toBe('2026-10-04T08:00')
    expect(toLocalInput('2026-10-04T02:30:00.000Z')).toBe('2026-10-03T23:30')
  })

  it('follows the zone rules for dates when Brazil had daylight saving (UTC−2 in December 2018)', () => {
    expect(fromLocalInput('2018-12-01T08:00')).toBe('2018-12-01T10:00:00.000Z')
    expect(toLocalInput('2018-12-01T10:00:00.000Z')).toBe('2018-12-01T08:00')
  })

  it('refuses what is not a date and time', () => {
    for (const bad of ['', '2026-10-04', '2026-13-04T08:00', '04/10/2026 08:00', '2026-10-04T25:00']) {
      expect(fromLocalInput(bad), bad).toBeNull()
    }
    expect(toLocalInput(null)).toBe('')
  })
})
