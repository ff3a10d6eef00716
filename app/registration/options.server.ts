import type { DB } from '../lib/db.server'
import { countryOptions } from './countries'
import { cycleSummary, getCurrentCycle } from './cycles.server'

export async function listSubprefectures(db: DB) {
  return db.selectFrom('subprefectures').select(['id', 'name']).orderBy('name').execute()
}

export async function registrationOptions(db: DB, language: string) {
  const [subprefectures, cycle] = await Promise.all([listSubprefectures(db), getCurrentCycle(db)])
  return { countries: countryOptions(language), subprefectures, cycle: cycleSummary(cycle) }
}
