import { sql, type Kysely } from 'kysely'

// Frozen. Issue #16.17: likely duplicates on the voter roll are reviewed before the roll is frozen.
//
// Two approved registrations with the same `duplicate_key` (normalised name, birth date and
// nationalities, computed when the registration is written; indexed with the cycle since migration
// 002) are a likely duplicate. The secretariat answers each pair once: `distinct` (not the same
// person — remembered, so the pair is not shown again) or `same` (one registration kept, the other
// withdrawn). The domain stores the pair in a fixed order (the smaller id first), so one answer
// per pair is enforced by the primary key, also when two reviewers answer at once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('duplicate_reviews')
    .addColumn('registration_id', 'text', (c) =>
      c.notNull().references('voter_registrations.id').onDelete('cascade'),
    )
    .addColumn('other_registration_id', 'text', (c) =>
      c.notNull().references('voter_registrations.id').onDelete('cascade'),
    )
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('census_cycles.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('kept_registration_id', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('duplicate_reviews_pkey', ['registration_id', 'other_registration_id'])
    .addCheckConstraint('duplicate_reviews_outcome_check', sql`outcome in ('distinct', 'same')`)
    .execute()
  await db.schema
    .createIndex('duplicate_reviews_other')
    .on('duplicate_reviews')
    .column('other_registration_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('duplicate_reviews').execute()
}
