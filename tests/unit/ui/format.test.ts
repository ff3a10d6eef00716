import { describe, expect, it } from 'vitest'
import { formatDate } from '../../../app/ui/format'

describe('formatDate', () => {
  it('shows a calendar date as that very day, whatever the time zone', () => {
    expect(formatDate('2025-06-30', 'pt-BR')).toBe('30 de junho de 2025')
    expect(formatDate('2024-01-01', 'en')).toBe('January 1, 2024')
  })

  it('shows an instant as the day it is in São Paulo', () => {
    // 01:00 UTC on 1 July is still 30 June in São Paulo (UTC−3).
    expect(formatDate('2025-07-01T01:00:00.000Z', 'pt-BR')).toBe('30 de junho de 2025')
  })
})
