import { sql, type Kysely } from 'kysely'

// Frozen. Issue #18 (the last notices wired to their events):
//
// - `notice_runs`: a bulk notice about one subject that is not an election roll — first "a
//   consultation you took part in closed", which may reach thousands of people. At most one run per
//   template and subject (the unique key): closing twice, a date moved and passed again, the time
//   tick and the secretariat's move at once, two servers ticking — all find the run there and add
//   nothing. It is sent by a job (app/jobs); `cursor` is the last user id sent to, so a runner that
//   dies resumes after it; `queued` / `total` are its progress. A job that failed with an error (not
//   a dead process: its claim expires and it runs again) is restarted by the tick, `restarts` times
//   at most, from the cursor.
// - `notice_run_deliveries`: one row per run and person, written in the transaction that writes the
//   outbox message; its primary key makes a second message to one person impossible, even with two
//   runners at once. `outbox_id` is null when nothing was sent (erased, opted out, no contact).
//   Personal data: in the person's export, deleted on erasure (app/notices/runs.server.ts).
//
// Text, integer and named CHECK constraints only: the same statements on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_runs')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.references('jobs.id'))
    .addColumn('cursor', 'text')
    .addColumn('queued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer')
    .addColumn('restarts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('notice_runs_template_subject', ['template', 'subject_id'])
    .addCheckConstraint('notice_runs_counts_check', sql`queued >= 0 and restarts >= 0`)
    .execute()

  await db.schema
    .createTable('notice_run_deliveries')
    .addColumn('run_id', 'text', (c) => c.notNull().references('notice_runs.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('outbox_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_run_deliveries_pk', ['run_id', 'user_id'])
    .execute()
  // Erasure and the export look a person's rows up.
  await db.schema
    .createIndex('notice_run_deliveries_user')
    .on('notice_run_deliveries')
    .column('user_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_run_deliveries').execute()
  await db.schema.dropTable('notice_runs').execute()
}
