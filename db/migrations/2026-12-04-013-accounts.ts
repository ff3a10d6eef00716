import { sql, type Kysely } from 'kysely'

// Frozen. Issue #16 (hardening), the accounts and mail items.
//
// 1. The outbox (#16.15). A message goes to an e-mail address or to a phone (`channel`): a phone
//    number is never handed to SMTP. Delivery has a retry budget: `attempts` counts the tries,
//    `next_attempt_at` is when the next one may run (exponential back-off; null = now), and after
//    the budget the message is `failed`. `status` is the message's state; `sent_at` stays as when.
//    Existing rows: a phone-looking address (+digits) is sms; a row with sent_at is sent, and its
//    body (perhaps a reset link) is emptied.
// 2. Registrations (#16.10): the same document may now be entered twice in a cycle, so that a
//    signed-in person is not told whether a document is on the census (the second registration
//    goes to the secretariat's review, shown as a possible duplicate). De-duplication moves to the
//    decision: a partial unique index allows one APPROVED registration per document and cycle.
// 3. Sessions (#16.8): `persistent` = 0 is a "shared computer" session, whose cookie has no expiry
//    (it ends with the browser) and whose server-side lifetime is short.
//
// The same statements on SQLite and PostgreSQL (ADD COLUMN with an inline CHECK works on both).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('channel', 'text', (c) =>
      c
        .notNull()
        .defaultTo('email')
        .check(sql`channel in ('email', 'sms')`),
    )
    .execute()
  await db.schema
    .alterTable('outbox')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sent', 'failed')`),
    )
    .execute()
  await db.schema
    .alterTable('outbox')
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .execute()
  await db.schema.alterTable('outbox').addColumn('next_attempt_at', 'text').execute()
  // Sent messages' bodies may hold reset links: they are not kept (#16.8).
  await db.updateTable('outbox').set({ status: 'sent', body: '' }).where('sent_at', 'is not', null).execute()
  await db.updateTable('outbox').set({ channel: 'sms' }).where('to_address', 'like', '+%').execute()
  // What delivery looks for: pending messages of a channel, soonest due first.
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['status', 'channel', 'next_attempt_at'])
    .execute()

  await db.schema.dropIndex('voter_registrations_document_unique').execute()
  await db.schema
    .createIndex('voter_registrations_document_approved_unique')
    .on('voter_registrations')
    .columns(['cycle_id', 'document_type', 'document_number'])
    .unique()
    .where(sql.ref('status'), '=', sql.lit('approved'))
    .execute()

  await db.schema
    .alterTable('sessions')
    .addColumn('persistent', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`persistent in (0, 1)`),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('persistent').execute()
  await db.schema.dropIndex('voter_registrations_document_approved_unique').execute()
  await db.schema
    .createIndex('voter_registrations_document_unique')
    .on('voter_registrations')
    .columns(['cycle_id', 'document_type', 'document_number'])
    .unique()
    .execute()
  await db.schema.dropIndex('outbox_due').execute()
  for (const column of ['next_attempt_at', 'attempts', 'status', 'channel'])
    await db.schema.alterTable('outbox').dropColumn(column).execute()
}
