import { sql, type Kysely } from 'kysely'

// Frozen. Issue #20 (ADRs 029, 033): where an election's Belenios archives live.
//
// - belenios_archives: one Belenios election (uuid) per contest group of a Mutirão election (the
//   segments together, each subprefecture contest alone). `questions_map` says which contest each
//   question is and which candidacy each answer is. `blocks`, `events` and `last_event_hash` are
//   the append point: appending is a compare-and-set on `blocks`, so two writers never interleave.
//   `server_key_sealed` is the server's mandatory trustee key, sealed under the configured key.
// - belenios_blocks: the archive's files in archive order (seq), data or event, named by the
//   SHA-256 of their exact bytes; the `.bel` is rendered from these rows. The order is the
//   archive's public order; nothing here names a voter.
// - belenios_credentials: a voter's private credential for one archive, sealed (AES-256-GCM) under
//   the configured key with the row's identity as associated data. No time, no order (WITHOUT
//   ROWID on SQLite, as the other secret-ballot tables); deleted when the result is published.
const BLOCK_KINDS = ['data', 'event']

export async function up(db: Kysely<any>): Promise<void> {
  const isSqlite =
    (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'
  const withoutRowid = isSqlite ? sql` WITHOUT ROWID` : sql``

  await db.schema
    .createTable('belenios_archives')
    .addColumn('uuid', 'text', (c) => c.primaryKey().notNull())
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('questions_map', 'text', (c) => c.notNull())
    .addColumn('header_timestamp', 'integer', (c) => c.notNull())
    .addColumn('server_key_sealed', 'text')
    .addColumn('blocks', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`blocks >= 0`),
    )
    .addColumn('events', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`events >= 0`),
    )
    .addColumn('last_event_hash', 'text')
    .addUniqueConstraint('belenios_archives_group', ['election_id', 'group_key'])
    .execute()

  await db.schema
    .createTable('belenios_blocks')
    .addColumn('archive_uuid', 'text', (c) =>
      c.notNull().references('belenios_archives.uuid').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq >= 0`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql.raw(`kind IN (${BLOCK_KINDS.map((k) => `'${k}'`).join(', ')})`)),
    )
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('belenios_blocks_pk', ['archive_uuid', 'seq'])
    .execute()
  await db.schema
    .createIndex('belenios_blocks_hash')
    .on('belenios_blocks')
    .columns(['archive_uuid', 'hash'])
    .execute()

  await sql`CREATE TABLE belenios_credentials (
    archive_uuid text NOT NULL REFERENCES belenios_archives(uuid) ON DELETE CASCADE,
    registration_id text NOT NULL,
    credential_sealed text NOT NULL,
    PRIMARY KEY (archive_uuid, registration_id)
  )${withoutRowid}`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('belenios_credentials').execute()
  await db.schema.dropTable('belenios_blocks').execute()
  await db.schema.dropTable('belenios_archives').execute()
}
