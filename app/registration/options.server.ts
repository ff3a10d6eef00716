import type { DB } from '../lib/db.server'
import { countryOptions } from './countries'
import { getCurrentCycle } from './registrations.server'

export async function registrationOptions(db: DB, language: string) {
  const [subprefectures, cycle] = await Promise.all([
    db.selectFrom('subprefectures').select(['id', 'name']).orderBy('name').execute(),
    getCurrentCycle(db),
  ])
  return {
    countries: countryOptions(language),
    subprefectures,
    cycle: cycle
      ? {
          name: cycle.name,
          electionDay: cycle.election_day,
          minVoterAge: cycle.min_voter_age,
          proofRequired: cycle.proof_of_residence_required === 1,
        }
      : null,
  }
}
