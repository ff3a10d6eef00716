import type { DB } from '../../app/lib/db.server'
import type { RegistrationInput } from '../../app/registration/schemas.server'
import { nowIso } from '../../app/lib/ids.server'

export async function openCycle(
  db: DB,
  overrides: Partial<{
    election_day: string
    min_voter_age: number
    proof_of_residence_required: number
    document_retention_days: number
  }> = {},
) {
  await db
    .insertInto('census_cycles')
    .values({
      id: 'cycle-test',
      name: 'Test cycle',
      election_day: '2026-12-13',
      min_voter_age: 16,
      min_candidate_age: 18,
      proof_of_residence_required: 0,
      document_retention_days: 30,
      is_current: 1,
      created_at: nowIso(),
      ...overrides,
    })
    .execute()
}

let n = 0
export function registrationInput(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  n += 1
  return {
    fullName: `Rosa Quispe ${n}`,
    socialName: undefined,
    birthDate: '1990-05-10',
    nationality1: 'BO',
    nationality2: undefined,
    naturalised: undefined,
    gender: 'woman',
    subprefectureId: 29,
    documentType: 'crnm',
    documentNumber: `V${String(100000 + n)}X`,
    phone: undefined,
    email: undefined,
    preferredLanguage: 'es',
    consent: 'yes',
    ...overrides,
  }
}
