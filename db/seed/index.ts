import type { Kysely } from 'kysely'
import { ROLES, type Database } from '../schema'
import { seedDemoConference } from './conference'
import { seedDemoConsultations } from './consultations'
import { seedDemoCouncil, seedDemoCouncilComposition } from './council'
import { seedDemoElections, seedDemoPollWorkers } from './elections'
import { seedDemoPlan } from './plan'
import { seedReference } from './reference'
import { seedDemoRegistrations } from './registration'
import { DEMO_PASSWORD, demoEmail, seedDemoUsers } from './users'

export { seedReference, DEMO_PASSWORD }

export function demoLogins(): string[] {
  return ROLES.map(demoEmail)
}

/** Loads demo content into an empty database only; returns whether it did. */
/**
 * `pollWorkers: false` leaves out what needs migration 014 (the named poll worker), for tests that
 * seed a database migrated only part of the way; `composition: false` what needs migration 024 (the
 * council's composition).
 */
export async function seedDemo(
  db: Kysely<Database>,
  { pollWorkers = true, composition = true } = {},
): Promise<boolean> {
  const anyone = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyone) return false
  await db.transaction().execute(async (trx) => {
    await seedDemoUsers(trx)
    await seedDemoRegistrations(trx)
    await seedDemoElections(trx)
    if (pollWorkers) await seedDemoPollWorkers(trx)
    await seedDemoConference(trx)
    await seedDemoPlan(trx)
    await seedDemoConsultations(trx)
    await seedDemoCouncil(trx)
    if (composition) await seedDemoCouncilComposition(trx)
    // Each feature adds its demo content here as it lands (registration, elections, …).
  })
  return true
}
