import { sql, type Kysely } from 'kysely'

// Frozen. Issue #20 (item 6, cost of a vote): which public credentials have a ballot in an
// archive, so that casting is O(1) in the archive's size instead of re-reading every ballot.
//
// - belenios_cast_credentials: one row per Ballot event of an archive: its public credential (the
//   decimal group element the ballot is signed with) and its smart ballot tracker. Both are public
//   in the archive itself (Belenios publishes credential ↔ ballot); no voter, no time, no position.
//   The primary key (archive_uuid, credential) makes "a second ballot for this credential" a
//   constraint, checked in the transaction that appends the Ballot event. Rows are kept when the
//   private credentials are forgotten and when a voter is erased (they name no one, and the
//   archive keeps the same ballot); they go with their archive. WITHOUT ROWID on SQLite (key
//   order, not insertion order), as the other secret-ballot tables.
export async function up(db: Kysely<any>): Promise<void> {
  const isSqlite =
    (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'
  const withoutRowid = isSqlite ? sql` WITHOUT ROWID` : sql``
  await sql`CREATE TABLE belenios_cast_credentials (
    archive_uuid text NOT NULL REFERENCES belenios_archives(uuid) ON DELETE CASCADE,
    credential text NOT NULL,
    tracker text NOT NULL,
    PRIMARY KEY (archive_uuid, credential)
  )${withoutRowid}`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('belenios_cast_credentials').execute()
}
