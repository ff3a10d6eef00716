import { describe, expect, it } from 'vitest'
import { CONSULTATION_STATUSES } from '../../../db/schema'
import { nextStatus, reportReady, takesAnswers } from '../../../app/consultations/status'

describe('consultation status', () => {
  it('moves one step at a time, draft → open → closed → answered, and stops there', () => {
    expect(CONSULTATION_STATUSES.map((s) => [s, nextStatus(s)])).toEqual([
      ['draft', 'open'],
      ['open', 'closed'],
      ['closed', 'answered'],
      ['answered', null],
    ])
  })

  it('takes official answers while open or closed; shows the report once closed', () => {
    expect(CONSULTATION_STATUSES.filter(takesAnswers)).toEqual(['open', 'closed'])
    expect(CONSULTATION_STATUSES.filter(reportReady)).toEqual(['closed', 'answered'])
  })
})
