import type { DB } from '../../app/lib/db.server'
import type { RegistrationInput } from '../../app/registration/schemas.server'
import { nowIso } from '../../app/lib/ids.server'
import { createRegistration } from '../../app/registration/registrations.server'
import { decideRegistration } from '../../app/registration/review.server'

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

/**
 * A registration taken at a desk by `staffId` and approved, without an account (issue #18): the
 * three facts a claim asks for come back with it.
 */
export async function approvedDeskRegistration(
  db: DB,
  { staffId, ...overrides }: { staffId: string } & Partial<RegistrationInput>,
) {
  const input = registrationInput(overrides)
  const created = await createRegistration(db, { input, channel: 'assisted', registeredBy: staffId })
  if (!created.ok) throw new Error(created.error)
  await decideRegistration(db, {
    actorUserId: staffId,
    registrationId: created.value.id,
    decision: { intent: 'approve' },
  })
  return {
    id: created.value.id,
    protocol: created.value.protocol,
    email: input.email,
    facts: {
      protocol: created.value.protocol,
      documentNumber: input.documentNumber,
      birthDate: input.birthDate,
    },
  }
}
