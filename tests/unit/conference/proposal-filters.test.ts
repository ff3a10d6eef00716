import { describe, expect, it } from 'vitest'
import { ProposalFiltersSchema } from '../../../app/conference/schemas.server'
import { DEMO_EDITION_2026 } from '../../../db/seed/conference'

describe('the proposals list filters', () => {
  it("keep the demo's axis ids (51 characters: a 40-character bound dropped them, so the filter did nothing)", () => {
    const axis = `${DEMO_EDITION_2026}-axis-social_assistance_housing`
    expect(axis.length).toBeGreaterThan(40)
    expect(ProposalFiltersSchema.parse({ axis, q: 'moradia' })).toMatchObject({ axis, q: 'moradia', page: 1 })
  })

  it('drop an over-long axis or search and bad values instead of failing the page', () => {
    expect(ProposalFiltersSchema.parse({ axis: 'x'.repeat(101), q: 'y'.repeat(101), page: '0' })).toEqual({
      axis: undefined,
      q: undefined,
      page: 1,
    })
  })
})
