import type { Kysely } from 'kysely'

// Frozen. Issue #16.4: expensive anonymous pages (/census reads the whole census, ballots.json
// builds the whole bulletin board) are computed once per change and the stored result is served.
//
// `data_versions`: a counter per data set, bumped in the same transaction as a change to it.
// `published_snapshots`: the last computed answer per (kind, key) with the version it was computed
// at and its ETag. Stored in the database, not in a process, so several server processes share
// them and a change made by one is seen by all. Text and integer only: the same on both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_versions')
    .addColumn('name', 'text', (c) => c.primaryKey().notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createTable('published_snapshots')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('published_snapshots_pk', ['kind', 'key'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('published_snapshots').execute()
  await db.schema.dropTable('data_versions').execute()
}
