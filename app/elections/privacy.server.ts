import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { deleteUpload } from '../lib/uploads.server'
import { atLeast } from './phases'

// LGPD for candidacies: a person's candidacies are part of their data export; on erasure, a
// candidacy that was published on a candidate list stays as a public record (name only, unlinked
// from the account, no photo); anything never published is deleted.

export async function candidaciesForExport(db: DB, userId: string) {
  return db
    .selectFrom('candidacies')
    .select([
      'election_id',
      'kind',
      'display_name',
      'organisation_name',
      'statement_i18n',
      'status',
      'decision_reason',
      'appeal_text',
      'created_at',
    ])
    .where('user_id', '=', userId)
    .execute()
}

export async function eraseCandidaciesOfUser(trx: Transaction<Database>, userId: string): Promise<string[]> {
  const kept: string[] = []
  const rows = await trx
    .selectFrom('candidacies')
    .innerJoin('elections', 'elections.id', 'candidacies.election_id')
    .select(['candidacies.id', 'candidacies.status', 'candidacies.photo_key', 'elections.phase'])
    .where('candidacies.user_id', '=', userId)
    .execute()
  for (const c of rows) {
    if (c.photo_key) await deleteUpload(c.photo_key)
    const published =
      atLeast(c.phase, 'provisional_list') && (c.status === 'accepted' || c.status === 'appealed')
    if (published) {
      await trx
        .updateTable('candidacies')
        .set({ user_id: null, photo_key: null, appeal_text: null, updated_at: nowIso() })
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
