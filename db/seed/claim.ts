import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { duplicateKey } from '../../app/registration/duplicates'
import { DEMO_CYCLE_ID } from './registration'
import { demoUserId } from './users'

// Issue #18: a person registered at a service desk, approved, with an e-mail contact and no
// account. Seeded before the elections, so the open demo election's roll (frozen from the current
// cycle) includes her: she claims the registration online (/registration/claim) and votes.
export const DEMO_DESK_REGISTRANT = {
  id: 'demo-reg-desk-claim',
  protocol: 'CMI-2026-DESK-C4AM',
  documentNumber: 'DESK2026',
  birthDate: '1992-03-08',
  email: 'amelie.desk@demo.mutirao.local',
} as const

export async function seedDemoDeskRegistrant(db: Kysely<Database>): Promise<void> {
  const at = '2026-10-05T13:00:00.000Z'
  await db
    .insertInto('voter_registrations')
    .values({
      id: DEMO_DESK_REGISTRANT.id,
      protocol: DEMO_DESK_REGISTRANT.protocol,
      cycle_id: DEMO_CYCLE_ID,
      user_id: null,
      channel: 'assisted',
      registered_by: demoUserId('secretariat'),
      full_name: 'Amélie Joseph',
      social_name: null,
      birth_date: DEMO_DESK_REGISTRANT.birthDate,
      nationalities: JSON.stringify(['HT']),
      naturalised: 0,
      gender: 'woman',
      subprefecture_id: 29,
      document_type: 'crnm',
      document_number: DEMO_DESK_REGISTRANT.documentNumber,
      phone: null,
      email: DEMO_DESK_REGISTRANT.email,
      preferred_language: 'fr',
      status: 'approved',
      decision_reason: null,
      decision_note: null,
      decided_by: demoUserId('secretariat'),
      decided_at: at,
      duplicate_key: duplicateKey('Amélie Joseph', DEMO_DESK_REGISTRANT.birthDate, ['HT']),
      consent_at: at,
      created_at: at,
      updated_at: at,
    })
    .execute()
}
