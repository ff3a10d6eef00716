import type { DocumentType } from '../../db/schema'

// Rules come from the census cycle (data set by the electoral commission), never constants here.
export type EligibilityRules = { electionDay: string; minVoterAge: number; minCandidateAge: number }

export type Person = {
  birthDate: string
  nationalities: string[]
  naturalised: boolean
  documentType: DocumentType
}

/** Whole years completed on `day` (both YYYY-MM-DD). Someone born on 29 Feb turns a year older on 1 Mar in non-leap years. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number)
  const [y, m, d] = day.split('-').map(Number)
  let age = y - by
  if (m < bm || (m === bm && d < bd)) age -= 1
  return age
}

export type IneligibleReason = 'under_age' | 'not_immigrant' | 'born_in_future'

/**
 * Immigrants of any migratory or documentary status vote (Law 16,478/2016): anyone with a
 * nationality other than Brazilian, stateless people, and naturalised Brazilians. A person who is
 * only Brazilian and not naturalised is not an immigrant. Document type never decides eligibility.
 */
export function voterEligibility(
  person: Person,
  rules: EligibilityRules,
): { eligible: true } | { eligible: false; reasons: IneligibleReason[] } {
  const reasons: IneligibleReason[] = []
  if (person.birthDate > rules.electionDay) reasons.push('born_in_future')
  else if (ageOn(person.birthDate, rules.electionDay) < rules.minVoterAge) reasons.push('under_age')
  const foreign = person.nationalities.some((n) => n !== 'BR')
  const naturalised = person.naturalised || person.documentType === 'naturalisation_request'
  if (!foreign && !naturalised) reasons.push('not_immigrant')
  return reasons.length ? { eligible: false, reasons } : { eligible: true }
}

export function candidateAgeOk(birthDate: string, rules: EligibilityRules): boolean {
  return ageOn(birthDate, rules.electionDay) >= rules.minCandidateAge
}
