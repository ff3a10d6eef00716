import { sql, type Kysely } from 'kysely'

// Frozen. Issue #22 (ADR 037): a version counter per table that cached public pages read, bumped
// by a trigger in the same transaction as every write to the table — from every process, every
// code path and every dialect, with nothing for domain code to remember. The HTTP edge keeps a
// rendered page with the versions of its tables and serves it again only while they are equal.
//
// - table_versions (not the existing data_versions, whose counters domain code bumps for data sets
//   such as the census): one row per table, created here at 0.
// - SQLite: AFTER INSERT / UPDATE / DELETE row triggers, one upsert each (a bulk write bumps once
//   per row: it only needs to change). PostgreSQL: one plpgsql function and a statement-level
//   trigger per table (also on TRUNCATE). Every write to one of these tables updates one counter
//   row, so concurrent writers to the same table wait for each other at that row until commit —
//   fine for these low-write tables, and why no table of the vote path is here (ballots, tracking
//   codes, participation, Belenios cast tables, booth tokens, sessions, rate limits, audit log,
//   outbox, jobs): pages that read those are not cached.
// The list is frozen with this migration; a later migration that caches a page reading another
// table adds that table's trigger (tests/integration/lib/page-cache-coverage.test.ts says so).
const VERSIONED_TABLES = [
  'body_members',
  'campaign_actions',
  'campaigns',
  'candidacies',
  'census_cycles',
  'conference_axes',
  'conference_editions',
  'consultation_paragraphs',
  'consultation_questions',
  'consultation_sections',
  'consultation_targets',
  'consultations',
  'contests',
  'contributions',
  'council_bodies',
  'elections',
  'indicator_updates',
  'meetings',
  'minutes',
  'outcome_links',
  'plan_action_bodies',
  'plan_actions',
  'plan_bodies',
  'plan_editions',
  'plan_indicators',
  'plan_objectives',
  'proposal_supports',
  'proposals',
  'question_answers',
  'resolutions',
  'subprefectures',
  'thematic_axes',
]

function isSqlite(db: Kysely<any>): boolean {
  return (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('table_versions')
    .addColumn('table_name', 'text', (c) => c.primaryKey().notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db
    .insertInto('table_versions')
    .values(VERSIONED_TABLES.map((table_name) => ({ table_name, version: 0 })))
    .execute()
  if (isSqlite(db)) {
    for (const table of VERSIONED_TABLES)
      for (const event of ['INSERT', 'UPDATE', 'DELETE'])
        await sql
          .raw(
            `CREATE TRIGGER ${`table_version_${table}_${event.toLowerCase()}`} AFTER ${event} ON ${table} ` +
              `BEGIN INSERT INTO table_versions (table_name, version) VALUES ('${table}', 1) ` +
              `ON CONFLICT (table_name) DO UPDATE SET version = version + 1; END`,
          )
          .execute(db)
    return
  }
  await sql`CREATE FUNCTION bump_table_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO table_versions (table_name, version) VALUES (TG_TABLE_NAME, 1)
        ON CONFLICT (table_name) DO UPDATE SET version = table_versions.version + 1;
      RETURN NULL;
    END $$`.execute(db)
  for (const table of VERSIONED_TABLES)
    await sql
      .raw(
        `CREATE TRIGGER table_version_${table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} ` +
          `FOR EACH STATEMENT EXECUTE FUNCTION bump_table_version()`,
      )
      .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const table of VERSIONED_TABLES)
      for (const event of ['insert', 'update', 'delete'])
        await sql.raw(`DROP TRIGGER IF EXISTS table_version_${table}_${event}`).execute(db)
  } else {
    for (const table of VERSIONED_TABLES)
      await sql.raw(`DROP TRIGGER IF EXISTS table_version_${table} ON ${table}`).execute(db)
    await sql`DROP FUNCTION IF EXISTS bump_table_version()`.execute(db)
  }
  await db.schema.dropTable('table_versions').execute()
}
