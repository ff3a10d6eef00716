import { sql, type Kysely } from 'kysely'

// Frozen. Issue #18: a registration taken at a desk or imported from a paper list has no account;
// the person claims it with a one-time code (ADR 021).
//
// `registration_claim_codes`: one row per code issued. Only an HMAC of the code under the server
// secret is kept (a 6-digit code hashed without a key is found by trying a million values).
// `channel` says where the code went: `email` or `sms` (sent to the registration's contact) or
// `paper` (printed on the desk's receipt). `expires_at`: 30 minutes for a sent code, 30 days for a
// paper one. `attempts` counts wrong codes typed for the registration; at 5 the code is void.
// `used_at` is set once, by the claim that linked the registration (the conditional update is the
// guard between two claims at once). Deleted with the registration (erasure, retention).
// Text and integer only: the same on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registration_claim_codes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('registration_id', 'text', (c) =>
      c.notNull().references('voter_registrations.id').onDelete('cascade'),
    )
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'sms', 'paper')`))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('registration_claim_codes_registration')
    .on('registration_claim_codes')
    .column('registration_id')
    .execute()
  await db.schema
    .createIndex('registration_claim_codes_expires')
    .on('registration_claim_codes')
    .column('expires_at')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registration_claim_codes').execute()
}
