import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { bumpDataVersion } from '../lib/snapshots.server'
import { deleteUpload } from '../lib/uploads.server'
import type { DraftData } from './drafts.server'
import { stripRegistrationIdentity } from './identity.server'
import { deleteDraftFiles } from './retention.server'

// LGPD: what the registration feature holds about a person, for "my data" and for erasure.

/** For "my data": every registration linked to the account, with its messages (not the files). */
export async function registrationsOfUser(db: DB, userId: string) {
  const rows = await db.selectFrom('voter_registrations').selectAll().where('user_id', '=', userId).execute()
  return Promise.all(
    rows.map(async ({ duplicate_key: _k, ...r }) => ({
      ...r,
      nationalities: JSON.parse(r.nationalities) as string[],
      documents: await db
        .selectFrom('registration_documents')
        .select(['kind', 'mime_type', 'uploaded_at', 'deleted_at'])
        .where('registration_id', '=', r.id)
        .execute(),
      messages: await db
        .selectFrom('registration_messages')
        .select(['author', 'body', 'created_at'])
        .where('registration_id', '=', r.id)
        .execute(),
    })),
  )
}

/** For "my data": the self-registration in progress, as typed, and which files it holds (not their bytes). */
export async function registrationDraftOfUser(db: DB, userId: string) {
  const row = await db
    .selectFrom('registration_drafts')
    .select(['data', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (!row) return null
  const draft = JSON.parse(row.data) as DraftData
  return {
    values: draft.values,
    files: Object.entries(draft.files ?? {})
      .filter(([, f]) => f)
      .map(([kind, f]) => ({ kind, mime_type: f!.mime, size_bytes: f!.size })),
    updated_at: row.updated_at,
  }
}

/**
 * LGPD erasure of a person's registrations. A registration approved for an election already held
 * is kept as a bare census entry (status, cycle, subprefecture — no name, birth date, document or
 * contact) because the result of that election must stay auditable; anything else is deleted.
 */
export async function eraseRegistrationsOfUser(
  trx: Transaction<Database>,
  userId: string,
  today = nowIso().slice(0, 10),
): Promise<string[]> {
  const kept: string[] = []
  const rows = await trx
    .selectFrom('voter_registrations as r')
    .innerJoin('census_cycles as c', 'c.id', 'r.cycle_id')
    .select(['r.id', 'r.status', 'c.election_day'])
    .where('r.user_id', '=', userId)
    .execute()
  for (const r of rows) {
    // On a frozen voter roll, the entry is part of that election's record even before election day.
    const onRoll = Boolean(
      await trx
        .selectFrom('voter_rolls')
        .select('registration_id')
        .where('registration_id', '=', r.id)
        .executeTakeFirst(),
    )
    const docs = await trx
      .selectFrom('registration_documents')
      .select('storage_key')
      .where('registration_id', '=', r.id)
      .execute()
    for (const d of docs) await deleteUpload(d.storage_key)
    // Claim codes (issue #18) go in both cases: a kept census entry can no longer be claimed.
    await trx.deleteFrom('registration_claim_codes').where('registration_id', '=', r.id).execute()
    // A sealed Belenios credential (issue #20, ADR 029) is the person's key to vote: it goes too.
    await trx.deleteFrom('belenios_credentials').where('registration_id', '=', r.id).execute()
    if (r.status === 'approved') await bumpDataVersion(trx, 'census')
    if (r.status === 'approved' && (r.election_day <= today || onRoll)) {
      await stripRegistrationIdentity(trx, r.id, { marker: 'ERASED', at: nowIso(), status: 'erased' })
      kept.push('census_entry_for_held_election')
    } else {
      await trx.deleteFrom('voter_registrations').where('id', '=', r.id).execute()
    }
  }
  // The draft's identity documents are files of their own, not rows: delete them with the row.
  const draft = await trx
    .selectFrom('registration_drafts')
    .select('data')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (draft) await deleteDraftFiles(draft.data)
  await trx.deleteFrom('registration_drafts').where('user_id', '=', userId).execute()
  return kept
}
