import type { Transaction } from 'kysely'
import type { Database, RegistrationStatus } from '../../db/schema'

/**
 * Strips a registration of everything that identifies the person — its documents' rows, its
 * messages, name, birth date, contact, document number and account link — and keeps the row, so
 * a held election's roll still adds up. Used when identity data's retention ends (the cycle's
 * purge) and when the person erases their account (LGPD). The stored files are the caller's to
 * delete: the purge deletes them after its commit, the erasure with it.
 */
export async function stripRegistrationIdentity(
  trx: Transaction<Database>,
  id: string,
  { marker, at, status }: { marker: 'PURGED' | 'ERASED'; at: string; status?: RegistrationStatus },
): Promise<void> {
  await trx.deleteFrom('registration_documents').where('registration_id', '=', id).execute()
  await trx.deleteFrom('registration_messages').where('registration_id', '=', id).execute()
  await trx.deleteFrom('registration_claim_codes').where('registration_id', '=', id).execute()
  await trx
    .updateTable('voter_registrations')
    .set({
      full_name: '—',
      social_name: null,
      birth_date: null,
      phone: null,
      email: null,
      user_id: null,
      decision_note: null,
      document_number: `${marker}${id}`,
      duplicate_key: `${marker.toLowerCase()}|${id}`,
      updated_at: at,
      ...(status ? { status } : {}),
    })
    .where('id', '=', id)
    .execute()
}
