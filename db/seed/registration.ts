import type { Kysely } from 'kysely'
import type { Database, DocumentType, Gender } from '../schema'
import { duplicateKey } from '../../app/registration/duplicates'
import { DEMO_PHONE_VOTER, demoUserId } from './users'

// Demo census: a current cycle, the demo voter approved, and a realistic mix of registrations
// (pending, needing information, approved, rejected, one possible duplicate) so the queue, the
// statistics and the export have something to show. Deterministic: fixed ids, protocols and dates.
export const DEMO_CYCLE_ID = 'demo-cycle-2026'

const FIRST = [
  'Ana',
  'Luis',
  'Marie',
  'Jean',
  'Fatima',
  'Wei',
  'Rosa',
  'Carlos',
  'Amina',
  'Yusuf',
  'Sofia',
  'Pierre',
  'Mei',
  'José',
  'Nadia',
  'Kofi',
]
const LAST = [
  'Quispe',
  'Mamani',
  'Joseph',
  'Pierre',
  'Haddad',
  'Chen',
  'Flores',
  'Rojas',
  'Diallo',
  'Kassab',
  'Gutiérrez',
  'Louis',
  'Zhang',
  'Condori',
  'Saleh',
  'Mensah',
]
const NATIONS = ['BO', 'BO', 'BO', 'HT', 'HT', 'VE', 'PE', 'CN', 'SY', 'AO', 'PY', 'CO']
const GENDERS: Gender[] = ['woman', 'man', 'woman', 'man', 'non_binary', 'trans_woman', 'woman', 'man']
const DOCS: DocumentType[] = ['crnm', 'passport', 'refugee_protocol', 'national_id', 'rne', 'dprnm']
const SUBS = [29, 18, 29, 13, 16, 29, 18, 26]

export async function seedDemoRegistrations(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('census_cycles')
    .values({
      id: DEMO_CYCLE_ID,
      name: 'Eleições CMI e Conselhos Participativos 2026',
      election_day: '2026-12-13',
      min_voter_age: 16,
      min_candidate_age: 18,
      proof_of_residence_required: 0,
      document_retention_days: 30,
      is_current: 1,
      created_at: '2026-08-01T12:00:00.000Z',
    })
    .execute()

  const rows = []
  for (let i = 0; i < 60; i++) {
    const fullName = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`
    const year = 1960 + ((i * 13) % 48)
    const birthDate = `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`
    const nationality = NATIONS[i % NATIONS.length]
    const status = i < 44 ? 'approved' : i < 52 ? 'pending' : i < 55 ? 'needs_info' : 'rejected'
    const created = new Date(Date.UTC(2026, 8, 1 + (i % 60), 14, i % 60)).toISOString()
    rows.push({
      id: `demo-reg-${String(i).padStart(3, '0')}`,
      protocol: `CMI-2026-DEMO-${String(i).padStart(4, '0').replace(/0/g, 'Z').replace(/1/g, 'Y')}`,
      cycle_id: DEMO_CYCLE_ID,
      user_id: null,
      channel: (i % 3 === 0 ? 'assisted' : i % 5 === 0 ? 'import' : 'self') as 'assisted' | 'import' | 'self',
      registered_by: i % 3 === 0 ? demoUserId('secretariat') : null,
      full_name: fullName,
      social_name: null,
      birth_date: birthDate,
      nationalities: JSON.stringify([nationality]),
      naturalised: 0,
      gender: GENDERS[i % GENDERS.length],
      subprefecture_id: SUBS[i % SUBS.length],
      document_type: DOCS[i % DOCS.length],
      document_number: `DEMO${String(100000 + i * 37)}`,
      phone: null,
      email: null,
      preferred_language: ['es', 'ht', 'fr', 'zh', 'ar', 'pt-BR'][i % 6],
      status: status as 'approved' | 'pending' | 'needs_info' | 'rejected',
      decision_reason: status === 'rejected' ? 'document_unreadable' : null,
      decision_note: null,
      decided_by: status === 'approved' || status === 'rejected' ? demoUserId('secretariat') : null,
      decided_at: status === 'approved' || status === 'rejected' ? created : null,
      duplicate_key: duplicateKey(fullName, birthDate, [nationality]),
      consent_at: created,
      created_at: created,
      updated_at: created,
    })
  }
  // A likely duplicate of the first pending registration, registered again with another document.
  const twin = {
    ...rows[44],
    id: 'demo-reg-twin',
    protocol: 'CMI-2026-DEMO-TWIN',
    document_type: 'passport' as DocumentType,
    document_number: 'DEMOTWIN1',
    created_at: '2026-10-20T15:00:00.000Z',
  }
  rows.push(twin)
  // The demo voter's own approved registration (so the election demo can let them vote).
  rows.push({
    ...rows[0],
    id: 'demo-reg-voter',
    protocol: 'CMI-2026-VOTE-R2D2',
    user_id: demoUserId('voter'),
    channel: 'self' as const,
    registered_by: null,
    full_name: 'Jean-Baptiste Pierre',
    birth_date: '1988-05-17',
    nationalities: JSON.stringify(['HT']),
    gender: 'man' as Gender,
    subprefecture_id: 29,
    document_number: 'V1234567',
    document_type: 'crnm' as DocumentType,
    preferred_language: 'ht',
    duplicate_key: duplicateKey('Jean-Baptiste Pierre', '1988-05-17', ['HT']),
  })
  // The phone-only voter's approved registration (#18): on the open election's roll, in Sé.
  rows.push({
    ...rows[0],
    id: 'demo-reg-phone-voter',
    protocol: 'CMI-2026-PHON-E1E1',
    user_id: DEMO_PHONE_VOTER.id,
    channel: 'self' as const,
    registered_by: null,
    full_name: DEMO_PHONE_VOTER.name,
    birth_date: '1991-03-09',
    nationalities: JSON.stringify(['SY']),
    gender: 'woman' as Gender,
    subprefecture_id: 29,
    document_number: 'V7654321',
    document_type: 'crnm' as DocumentType,
    phone: DEMO_PHONE_VOTER.phone,
    preferred_language: DEMO_PHONE_VOTER.language,
    duplicate_key: duplicateKey(DEMO_PHONE_VOTER.name, '1991-03-09', ['SY']),
  })
  await db.insertInto('voter_registrations').values(rows).execute()
  await db
    .insertInto('registration_messages')
    .values({
      id: 'demo-msg-1',
      registration_id: 'demo-reg-052',
      author: 'staff',
      author_user_id: demoUserId('secretariat'),
      body: 'A foto do documento está ilegível. Envie outra, por favor.',
      created_at: '2026-10-02T12:00:00.000Z',
    })
    .execute()
}
