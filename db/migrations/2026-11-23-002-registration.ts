import type { Kysely } from 'kysely'

// Frozen. Voter census: eligibility rules per cycle, registrations, their documents and messages.

export async function up(db: Kysely<any>): Promise<void> {
  // Eligibility rules are data, set per election cycle by the electoral commission.
  await db.schema
    .createTable('census_cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('election_day', 'text', (c) => c.notNull()) // YYYY-MM-DD: ages are computed on this day
    .addColumn('min_voter_age', 'integer', (c) => c.notNull().defaultTo(16))
    .addColumn('min_candidate_age', 'integer', (c) => c.notNull().defaultTo(18))
    .addColumn('proof_of_residence_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('document_retention_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('voter_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('protocol', 'text', (c) => c.notNull().unique())
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('census_cycles.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('channel', 'text', (c) => c.notNull()) // self | assisted | import
    .addColumn('registered_by', 'text', (c) => c.references('users.id'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('social_name', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('nationalities', 'text', (c) => c.notNull()) // JSON array of ISO 3166 codes
    .addColumn('naturalised', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('subprefecture_id', 'integer', (c) => c.notNull().references('subprefectures.id'))
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull()) // normalised
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('preferred_language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | needs_info | approved | rejected | erased
    .addColumn('decision_reason', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('duplicate_key', 'text', (c) => c.notNull())
    .addColumn('consent_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // The same document cannot register twice in a cycle: the index decides, even under concurrency.
  await db.schema
    .createIndex('voter_registrations_document_unique')
    .on('voter_registrations')
    .columns(['cycle_id', 'document_type', 'document_number'])
    .unique()
    .execute()
  // One registration per account per cycle (NULL user ids, i.e. assisted ones, do not collide).
  await db.schema
    .createIndex('voter_registrations_user_unique')
    .on('voter_registrations')
    .columns(['cycle_id', 'user_id'])
    .unique()
    .execute()
  await db.schema
    .createIndex('voter_registrations_queue')
    .on('voter_registrations')
    .columns(['cycle_id', 'status', 'created_at'])
    .execute()
  await db.schema
    .createIndex('voter_registrations_duplicate_key')
    .on('voter_registrations')
    .columns(['cycle_id', 'duplicate_key'])
    .execute()
  await db.schema
    .createIndex('voter_registrations_document_number')
    .on('voter_registrations')
    .column('document_number')
    .execute()

  await db.schema
    .createTable('registration_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) =>
      c.notNull().references('voter_registrations.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull()) // identity | residence | other
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('delete_after', 'text')
    .addColumn('deleted_at', 'text')
    .execute()
  await db.schema
    .createIndex('registration_documents_registration')
    .on('registration_documents')
    .column('registration_id')
    .execute()

  await db.schema
    .createTable('registration_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) =>
      c.notNull().references('voter_registrations.id').onDelete('cascade'),
    )
    .addColumn('author', 'text', (c) => c.notNull()) // staff | person
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  // Unfinished self-registrations, one per account, so each short step can be saved and resumed.
  await db.schema
    .createTable('registration_drafts')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'registration_drafts',
    'registration_messages',
    'registration_documents',
    'voter_registrations',
    'census_cycles',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
