import { sql, type Kysely } from 'kysely'

// Frozen. Issue #18 (notices for every decision and deadline):
//
// - `notice_preferences`: one row per person and kind of notice they changed from the default
//   (no row = on, by the contact they have). `channel` is email | sms | none.
// - `notice_campaigns`: a bulk send to an election's roll ("voting opens tomorrow", "voting is
//   open", "last hours", "results published"), at most one per election and kind, so the phase
//   clock may ask for it on every tick. `cursor` is the last registration id sent to: a runner
//   that dies resumes after it. `queued` / `total` are the progress the staff page shows.
// - `notice_deliveries`: one row per campaign and recipient, written in the transaction that
//   writes the outbox message; its primary key makes a second send to one person impossible, even
//   with two runners at once.
// - `outbox.attachment_name` / `attachment_content`: a convocation e-mail carries an iCalendar file.
//
// Text, integer and named CHECK constraints only: the same statements on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_preferences_pk', ['user_id', 'kind'])
    .addCheckConstraint('notice_preferences_channel_check', sql`channel in ('email', 'sms', 'none')`)
    .execute()

  await db.schema
    .createTable('notice_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.references('jobs.id'))
    .addColumn('cursor', 'text')
    .addColumn('queued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('notice_campaigns_election_kind', ['election_id', 'kind'])
    .addCheckConstraint('notice_campaigns_queued_check', sql`queued >= 0`)
    .execute()

  await db.schema
    .createTable('notice_deliveries')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('notice_campaigns.id'))
    .addColumn('registration_id', 'text', (c) => c.notNull())
    /** Null when nothing was sent (no contact, opted out, erased): the recipient is still done. */
    .addColumn('outbox_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_deliveries_pk', ['campaign_id', 'registration_id'])
    .execute()

  await db.schema.alterTable('outbox').addColumn('attachment_name', 'text').execute()
  await db.schema.alterTable('outbox').addColumn('attachment_content', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('attachment_content').execute()
  await db.schema.alterTable('outbox').dropColumn('attachment_name').execute()
  await db.schema.dropTable('notice_deliveries').execute()
  await db.schema.dropTable('notice_campaigns').execute()
  await db.schema.dropTable('notice_preferences').execute()
}
