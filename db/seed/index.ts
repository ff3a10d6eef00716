import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { demoTrusteeKeysDir, writeDemoTrusteeKeys } from './belenios'
import { seedDemoDeskRegistrant } from './claim'
import { seedDemoConference } from './conference'
import { seedDemoConsultations } from './consultations'
import { seedDemoCounsellors } from './counsellors'
import { seedDemoCouncil, seedDemoCouncilComposition, seedDemoTerms } from './council'
import { DEMO_CMI_ELECTION, DEMO_CPM_ELECTION, seedDemoElections, seedDemoPollWorkers } from './elections'
import { recordDemoCpmShares, seedDemoImmigrantShares } from './immigrant-shares'
import { seedDemoPlan } from './plan'
import { seedDemoCpmPollingPlaces } from './polling-places'
import { seedReference } from './reference'
import { seedDemoRegistrations } from './registration'
import { seedTranslations } from './translations'
import { DEMO_TRANSLATORS, demoTranslationPeople, seedDemoTranslators } from './translators'
import { DEMO_PASSWORD, DEMO_PHONE_VOTER, DEMO_ROLES, demoEmail, seedDemoUsers } from './users'

export { seedReference, DEMO_PASSWORD }

export function demoLogins(): string[] {
  // The phone-only voter (#18) logs in with the number.
  return [...DEMO_ROLES.map(demoEmail), DEMO_PHONE_VOTER.phone, ...DEMO_TRANSLATORS.map((t) => t.email)]
}

/**
 * Where seedDemo writes the demo election's trustee keys under the data directory (`trusteeKeysDir`):
 * DEMO keys, for a demo operator's belenios-tool; a real commission's keys never touch the server.
 */
export const demoTrusteeKeysPath = (dataDir: string) => demoTrusteeKeysDir(dataDir, DEMO_CMI_ELECTION)

/** Loads demo content into an empty database only; returns whether it did. */
/**
 * `pollWorkers: false` leaves out what needs migration 014 (the named poll worker, and the open
 * election's polling places it serves), `councilTerms: false` what needs migration 020 (swearing-in,
 * departures), `immigrantShares: false` what needs migration 021 (the imported figures) and
 * `composition: false` what needs migration 024 (the council's composition) and `counsellors: false`
 * what needs migration 028 (the counsellors' workspace), `translators: false` what needs migration
 * 034 (the translators and their languages) and `translations: false` the demo's translations
 * (db/seed/translations.ts, which write into every translatable column and the workflow), and
 * `verifiableElection: false` the 2024 election's Belenios archive and key ceremony (migrations 038
 * and 039: the election keeps plaintext ballots, tracking codes and a board, as before issue #20),
 * for tests that seed a database migrated only part of the way — or that need the demo but not
 * that archive, whose cryptography is most of the seed's time (~15–40 s on a busy 2-core machine).
 * `today` is the seed day the demo's dates count from (terms, next meetings). `trusteeKeysDir`:
 * the data directory under which the demo election's trustee keys are written once the seed is
 * committed (db/seed/belenios.ts; demo keys only — without it they are kept nowhere).
 */
export async function seedDemo(
  db: Kysely<Database>,
  {
    pollWorkers = true,
    councilTerms = true,
    immigrantShares = true,
    composition = true,
    counsellors = true,
    translators = true,
    translations = true,
    today = new Date(),
    verifiableElection = true,
    trusteeKeysDir = null as string | null,
  } = {},
): Promise<boolean> {
  const anyone = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyone) return false
  const trusteeKeys = await db.transaction().execute(async (trx) => {
    await seedDemoUsers(trx)
    await seedDemoRegistrations(trx)
    await seedDemoDeskRegistrant(trx)
    if (immigrantShares) await seedDemoImmigrantShares(trx)
    const keys = await seedDemoElections(trx, { verifiable: verifiableElection })
    if (immigrantShares) await recordDemoCpmShares(trx, DEMO_CPM_ELECTION)
    if (pollWorkers) await seedDemoPollWorkers(trx)
    if (pollWorkers) await seedDemoCpmPollingPlaces(trx)
    await seedDemoConference(trx)
    await seedDemoPlan(trx)
    await seedDemoConsultations(trx)
    await seedDemoCouncil(trx, today)
    if (composition) await seedDemoCouncilComposition(trx)
    if (councilTerms) await seedDemoTerms(trx, today)
    if (counsellors) await seedDemoCounsellors(trx, today)
    if (translators) await seedDemoTranslators(trx)
    // Each feature adds its demo content here as it lands (registration, elections, …).
    // Translations last: they are made from the originals every feature seed above has written.
    if (translations) await seedTranslations(trx, { people: demoTranslationPeople })
    return keys
  })
  if (trusteeKeysDir !== null && trusteeKeys) writeDemoTrusteeKeys(trusteeKeysDir, trusteeKeys)
  return true
}
