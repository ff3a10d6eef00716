import { describe, expect, it } from 'vitest'
import { DOCUMENT_TYPES } from '../../../db/schema'
import { ageOn, candidateAgeOk, voterEligibility } from '../../../app/registration/eligibility'

const rules = { electionDay: '2026-12-13', minVoterAge: 16, minCandidateAge: 18 }
const person = {
  birthDate: '1990-01-01',
  nationalities: ['BO'],
  naturalised: false,
  documentType: 'passport' as const,
}

describe('ageOn', () => {
  it('counts a birthday on the day itself', () => {
    expect(ageOn('2010-12-13', '2026-12-13')).toBe(16)
    expect(ageOn('2010-12-14', '2026-12-13')).toBe(15)
  })
  it('handles 29 February', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17)
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18)
  })
})

describe('voterEligibility', () => {
  it('accepts someone who turns 16 exactly on election day', () => {
    expect(voterEligibility({ ...person, birthDate: '2010-12-13' }, rules)).toEqual({ eligible: true })
  })
  it('refuses someone who turns 16 the day after', () => {
    expect(voterEligibility({ ...person, birthDate: '2010-12-14' }, rules)).toEqual({
      eligible: false,
      reasons: ['under_age'],
    })
  })
  it('follows the cycle’s minimum age, not a constant', () => {
    expect(voterEligibility({ ...person, birthDate: '2009-01-01' }, { ...rules, minVoterAge: 18 })).toEqual({
      eligible: false,
      reasons: ['under_age'],
    })
  })
  it('accepts naturalised Brazilians and refuses Brazilians who are not', () => {
    expect(voterEligibility({ ...person, nationalities: ['BR'], naturalised: true }, rules)).toEqual({
      eligible: true,
    })
    expect(voterEligibility({ ...person, nationalities: ['BR'], naturalised: false }, rules)).toEqual({
      eligible: false,
      reasons: ['not_immigrant'],
    })
  })
  it('treats a pending naturalisation request as naturalised', () => {
    expect(
      voterEligibility({ ...person, nationalities: ['BR'], documentType: 'naturalisation_request' }, rules),
    ).toEqual({ eligible: true })
  })
  it('accepts dual nationals and stateless people', () => {
    expect(voterEligibility({ ...person, nationalities: ['BR', 'HT'] }, rules)).toEqual({ eligible: true })
    expect(voterEligibility({ ...person, nationalities: ['XX'] }, rules)).toEqual({ eligible: true })
  })
  it('never decides by document type: every type is accepted', () => {
    for (const documentType of DOCUMENT_TYPES)
      expect(voterEligibility({ ...person, documentType }, rules)).toEqual({ eligible: true })
  })
  it('refuses a birth date after election day', () => {
    expect(voterEligibility({ ...person, birthDate: '2027-01-01' }, rules)).toEqual({
      eligible: false,
      reasons: ['born_in_future'],
    })
  })
})

describe('candidateAgeOk', () => {
  it('uses the candidate minimum (18 for Participatory Council seats)', () => {
    expect(candidateAgeOk('2008-12-13', rules)).toBe(true)
    expect(candidateAgeOk('2008-12-14', rules)).toBe(false)
  })
})
