import { sql, type Kysely } from 'kysely'

// Frozen. Issue #16.10, the sign-up oracle. The sign-up form answers the same whether or not the
// address already has an account: a new address gets a link to confirm it, and the account is only
// created when that link is used. Until then the sign-up waits here.
//
// `pending_signups`: one row per sign-up sent (several may wait for one address: different links).
// Only the link's hash is kept (sha256 of a random token, like reset links). `identifier` is the
// normalised e-mail or phone, `identifier_kind` which of the two. The password is already hashed.
// `created_at` is when the form was sent (the consent's date); `expires_at` 24 hours later, after
// which the hourly retention run deletes the row (a name, an address and a password hash kept for
// at most a day). Text and integer only: the same on SQLite and PostgreSQL.
// The languages at the time of this migration (a frozen copy, as migration 011 keeps).
const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const quoted = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pending_signups')
    .addColumn('token_hash', 'text', (c) => c.primaryKey().notNull())
    .addColumn('identifier_kind', 'text', (c) =>
      c.notNull().check(sql`identifier_kind in ('email', 'phone')`),
    )
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('preferred_language', 'text', (c) =>
      c.notNull().check(sql`preferred_language in (${quoted(LANGUAGES)})`),
    )
    .addColumn('consent_text_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  // Confirming one sign-up deletes the others for the same address; retention looks by expiry.
  await db.schema
    .createIndex('pending_signups_identifier')
    .on('pending_signups')
    .column('identifier')
    .execute()
  await db.schema.createIndex('pending_signups_expires').on('pending_signups').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pending_signups').execute()
}
