import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { deleteUpload } from '../lib/uploads.server'
import { deleteProofsOf } from './candidacy-proofs.server'
import { atLeast } from './phases'

// LGPD for candidacies: a person's candidacies are part of their data export; on erasure, a
// candidacy that was published on a candidate list stays as a public record (name only, unlinked
// from the account, no photo, no representative's document); anything never published is deleted.
// Proof files of an organisation's work are deleted in every case.

export async function candidaciesForExport(db: DB, userId: string) {
  return db
    .selectFrom('candidacies')
    .select([
      'election_id',
      'kind',
      'display_name',
      'organisation_name',
      'alternate_representative_name',
      'representative_document_type',
      'representative_document_number',
      'statement_i18n',
      'status',
      'decision_reason',
      'appeal_text',
      'appeal_deadline',
      'created_at',
    ])
    .where('user_id', '=', userId)
    .execute()
}

/**
 * For "my data": the rolls the person is on and whether they voted in each election — participation
 * only. Nothing here reads a ballot or a tracking code: the two are never joined (ADR 005), and an
 * export must not be the first place that joins them.
 */
export async function participationOfUser(db: DB, userId: string) {
  const rows = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('voter_rolls as v', 'v.registration_id', 'r.id')
    .innerJoin('elections as e', 'e.id', 'v.election_id')
    .leftJoin('voter_participation as p', (j) =>
      j.onRef('p.election_id', '=', 'v.election_id').onRef('p.registration_id', '=', 'v.registration_id'),
    )
    .select(['e.id as election_id', 'e.title_i18n', 'v.subprefecture_id', 'p.channel'])
    .where('r.user_id', '=', userId)
    .orderBy('e.id')
    .execute()
  return rows.map((r) => ({
    election_id: r.election_id,
    election: JSON.parse(r.title_i18n) as Record<string, string>,
    on_voter_roll: true,
    subprefecture_id: r.subprefecture_id,
    voted: r.channel !== null,
    voting_channel: r.channel,
  }))
}

export async function eraseCandidaciesOfUser(trx: Transaction<Database>, userId: string): Promise<string[]> {
  const kept: string[] = []
  const rows = await trx
    .selectFrom('candidacies')
    .innerJoin('elections', 'elections.id', 'candidacies.election_id')
    .select(['candidacies.id', 'candidacies.status', 'candidacies.photo_key', 'elections.phase'])
    .where('candidacies.user_id', '=', userId)
    .execute()
  // Proofs of an organisation's work are private documents: they go whatever happens to the row.
  await deleteProofsOf(
    trx,
    rows.map((c) => c.id),
    nowIso(),
  )
  for (const c of rows) {
    if (c.photo_key) await deleteUpload(c.photo_key)
    const published =
      atLeast(c.phase, 'provisional_list') && (c.status === 'accepted' || c.status === 'appealed')
    if (published) {
      await trx
        .updateTable('candidacies')
        .set({
          user_id: null,
          photo_key: null,
          appeal_text: null,
          // A segment B representative's document identified them for the review, not for the record.
          representative_document_type: null,
          representative_document_number: null,
          updated_at: nowIso(),
        })
        .where('id', '=', c.id)
        .execute()
      kept.push('public_candidacy')
    } else {
      await trx.deleteFrom('candidacies').where('id', '=', c.id).execute()
    }
  }
  await trx.updateTable('council_members').set({ user_id: null }).where('user_id', '=', userId).execute()
  return kept
}
