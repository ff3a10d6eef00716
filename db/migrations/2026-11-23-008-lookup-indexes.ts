import type { Kysely } from 'kysely'

// Frozen. Found by the benchmark (issue #9): the voter's roll entry is looked up by account, and
// with a census of 500,000 the (cycle, user) index could not serve a lookup by user alone.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('voter_registrations_user')
    .on('voter_registrations')
    .column('user_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('voter_registrations_user').ifExists().execute()
}
