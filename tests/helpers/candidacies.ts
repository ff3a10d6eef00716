import type { DB } from '../../app/lib/db.server'
import { newId, nowIso } from '../../app/lib/ids.server'

/** An accepted person candidacy in a contest, written directly (no review flow): its id. */
export async function acceptedCandidacy(
  db: DB,
  electionId: string,
  contestId: string,
  name: string,
  { gender = 'woman', birthDate = '1980-01-01' }: { gender?: string; birthDate?: string } = {},
): Promise<string> {
  const id = newId()
  await db
    .insertInto('candidacies')
    .values({
      id,
      election_id: electionId,
      contest_id: contestId,
      user_id: null,
      kind: 'person',
      display_name: name,
      organisation_name: null,
      representative_name: null,
      gender,
      birth_date: birthDate,
      statement_i18n: '{}',
      photo_key: null,
      status: 'accepted',
      decision_reason: null,
      appeal_text: null,
      created_at: nowIso(),
      updated_at: nowIso(),
      organisation_key: null,
      alternate_representative_name: null,
      representative_document_type: null,
      representative_document_number: null,
      appeal_deadline: null,
    })
    .execute()
  return id
}
