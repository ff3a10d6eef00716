import { sql, type Kysely } from 'kysely'

// Frozen. Issue #18 (honest progress of a notice campaign): `queued` counted everyone the campaign
// went through, including people it sent nothing to. The staff page now shows what was sent, what
// was not and why, and what remains; these counters are written in the batch's own transaction
// (with the cursor and the `notice_deliveries` rows), so a runner that dies and resumes keeps them
// right:
// - `sent`: people an outbox message was written for;
// - `not_sent_no_contact`, `not_sent_opted_out`, `not_sent_erased`: people the campaign went
//   through without a message, by reason.
// `queued` stays the number gone through (sent + not sent); remaining is `total - queued`.
// Campaigns from before this migration get `sent` from their deliveries; their reasons were not
// recorded (the page shows the difference as "not sent" without a reason).
// Integer columns with a default and a correlated subquery: the same on SQLite and PostgreSQL.
const COUNTERS = ['sent', 'not_sent_no_contact', 'not_sent_opted_out', 'not_sent_erased'] as const

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of COUNTERS) {
    await db.schema
      .alterTable('notice_campaigns')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  }
  await sql`
    update notice_campaigns set sent = (
      select count(*) from notice_deliveries d
      where d.campaign_id = notice_campaigns.id and d.outbox_id is not null
    )
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...COUNTERS].reverse()) {
    await db.schema.alterTable('notice_campaigns').dropColumn(column).execute()
  }
}
