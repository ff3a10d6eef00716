import { sql, type Kysely } from 'kysely'

// Frozen. Issue #21: background jobs, first used by the census CSV import (a 20,000-line file is
// checked and imported in the background, with progress, instead of inside one request).
//
// A job is claimed before it runs (`claimed_by`, `claimed_until`), as outbox messages are
// (migration 009): several server processes polling at once never run one job twice, and the claim
// of a process that died expires so the job runs again (`attempts` stops a job that keeps killing
// its process). `input` may be personal data (a CSV of registrations) and is cleared as soon as the
// job no longer needs it; `result` is JSON; `error` is a code, never a message.
//
// The same statements on SQLite and PostgreSQL: text, integer and a named CHECK constraint mean the
// same on both, so unlike migrations 009 and 010 nothing branches on the dialect.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('input', 'text')
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer')
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addCheckConstraint('jobs_status_check', sql`status in ('queued', 'running', 'done', 'failed')`)
    .execute()
  // What a runner looks for every second: queued jobs, and running ones whose claim has expired.
  await db.schema.createIndex('jobs_claimable').on('jobs').columns(['status', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute()
}
