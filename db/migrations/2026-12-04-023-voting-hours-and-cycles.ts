import { sql, type Kysely } from 'kysely'

// Frozen. Issue #17, "Election day": the census cycle is per election. The secretariat closes a
// cycle and opens the next; the closed cycle's registrations are read-only, and its identity data
// (names, document numbers, contacts, birth dates, documents, messages) is purged once its own
// retention after closing has passed — never while an election of that cycle is still before its
// official result.
//
// census_cycles.closed_at: when the cycle was closed (null while it is open; is_current still says
//   which one new registrations go to).
// census_cycles.identity_retention_days: how long after closing the identity data is kept (data per
//   cycle; 365 by default, configurable — no rule was found, see ADR 018).
// census_cycles.identity_purged_at: when that purge ran (null until then).
// Voting hours need no new column: elections.voting_starts / voting_ends already hold the window.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('census_cycles').addColumn('closed_at', 'text').execute()
  await db.schema
    .alterTable('census_cycles')
    .addColumn('identity_retention_days', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(365)
        .check(sql`identity_retention_days >= 0`),
    )
    .execute()
  await db.schema.alterTable('census_cycles').addColumn('identity_purged_at', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('census_cycles').dropColumn('identity_purged_at').execute()
  await db.schema.alterTable('census_cycles').dropColumn('identity_retention_days').execute()
  await db.schema.alterTable('census_cycles').dropColumn('closed_at').execute()
}
