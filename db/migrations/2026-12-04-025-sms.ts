import { sql, type Kysely } from 'kysely'

// Frozen. Issue #18, part 1: SMS through Kannel, and password reset by SMS code.
//
// `outbox.delivery_status` / `delivered_at`: what the SMS centre reported back about a message
// Kannel accepted (its delivery report, DLR). Null until a report arrives; `delivered` or `failed`
// are final, `buffered` / `submitted` (the SMSC has it) may be followed by either. E-mail has no
// reports and leaves both null.
//
// `password_reset_codes`: a 6-digit code sent by SMS to a phone-only account. Only its keyed hash
// is kept (the code has a million values: a plain hash would be reversed in a moment, so it is an
// HMAC with the server's secret, bound to the account). Valid ten minutes; `attempts` counts wrong
// codes tried against it and at five it is void; `used_at` marks the one use. Text and integer
// only: the same on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('delivery_status', 'text', (c) =>
      c.check(sql`delivery_status in ('delivered', 'failed', 'buffered', 'submitted')`),
    )
    .execute()
  await db.schema.alterTable('outbox').addColumn('delivered_at', 'text').execute()
  await db.schema
    .createTable('password_reset_codes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()
  await db.schema
    .createIndex('password_reset_codes_user')
    .on('password_reset_codes')
    .column('user_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_reset_codes').execute()
  await db.schema.alterTable('outbox').dropColumn('delivered_at').execute()
  await db.schema.alterTable('outbox').dropColumn('delivery_status').execute()
}
