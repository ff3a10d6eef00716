import { sql, type Kysely } from 'kysely'

// Frozen. Issue #18 (ADR 021, "A code to set the password"; "No retyping after login").
//
// `account_setup_codes`: the desk creates an account without a password and prints a one-time code
// on the receipt; the person chooses the password later with it. Only an HMAC of the code under the
// server secret is kept, bound to the account. `attempts` counts wrong codes typed for the account;
// at 5 the code is void. `used_at` is set once (the conditional update is the guard between two
// posts at once). Deleted with the account's erasure and, used or expired, by the retention run.
//
// `pending_claims`: a claim whose code was verified by someone not signed in, waiting 15 minutes
// for them to log in. The browser holds a random token in a cookie; only its SHA-256 is stored
// here, never the code. Gone with the registration or its code (cascade), when used, or expired.
// `identifier_hash` binds the claim to the e-mail or phone the person said they would sign in with
// (an HMAC of the normalised identifier under the server secret): only that account can finish it.
// Text and integer only: the same on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_setup_codes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
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
    .createIndex('account_setup_codes_user')
    .on('account_setup_codes')
    .column('user_id')
    .execute()
  await db.schema
    .createIndex('account_setup_codes_expires')
    .on('account_setup_codes')
    .column('expires_at')
    .execute()

  await db.schema
    .createTable('pending_claims')
    .addColumn('token_hash', 'text', (c) => c.primaryKey().notNull())
    .addColumn('registration_id', 'text', (c) =>
      c.notNull().references('voter_registrations.id').onDelete('cascade'),
    )
    .addColumn('code_id', 'text', (c) =>
      c.notNull().references('registration_claim_codes.id').onDelete('cascade'),
    )
    .addColumn('identifier_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('pending_claims_expires').on('pending_claims').column('expires_at').execute()
  await db.schema.createIndex('pending_claims_code').on('pending_claims').column('code_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pending_claims').execute()
  await db.schema.dropTable('account_setup_codes').execute()
}
