import { sql, type Kysely } from 'kysely'

// Frozen. Issue #16, item 14: ballot secrecy at rest on SQLite (ADR 005).
//
// `voter_participation` was a rowid table: SQLite numbered its rows 1, 2, 3… as voters voted, so
// a copy of the file gave the exact order of voting (and the ballots of the last voters could be
// matched to it through the order of their own storage). Rebuilt WITHOUT ROWID, the table is its
// primary-key b-tree, (election_id, registration_id): rows sit in key order, and nothing numbers
// them. Same columns, same CHECK constraint (migration 011), same primary key; nothing references
// the table, so it can be dropped and renamed with foreign keys on.
//
// PostgreSQL has no rowid; its heap order and transaction ids are dealt with when the vote closes
// (app/elections/ballot-storage.server.ts). Nothing to do there.

const isSqlite = (db: Kysely<any>) =>
  (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'

async function rebuild(db: Kysely<any>, withoutRowid: boolean): Promise<void> {
  const { rows } = await sql<{ sql: string }>`
    SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'voter_participation'`.execute(db)
  const definition = rows[0]?.sql
  if (!definition) throw new Error('Migration 2026-12-04-015-secrecy: table voter_participation not found')
  const body = definition
    .replace(/^CREATE TABLE\s+("?)voter_participation\1/i, 'CREATE TABLE "voter_participation_new"')
    .replace(/\)\s*WITHOUT ROWID\s*$/i, ')')
  if (!body.startsWith('CREATE TABLE "voter_participation_new"'))
    throw new Error('Migration 2026-12-04-015-secrecy: unexpected definition of voter_participation')
  await sql`BEGIN IMMEDIATE`.execute(db)
  try {
    await sql.raw(withoutRowid ? `${body} WITHOUT ROWID` : body).execute(db)
    // Copied in key order (the primary key's order), never in the old rowid order.
    await sql`INSERT INTO voter_participation_new (election_id, registration_id, channel)
      SELECT election_id, registration_id, channel FROM voter_participation
      ORDER BY election_id, registration_id`.execute(db)
    await sql`DROP TABLE voter_participation`.execute(db)
    await sql`ALTER TABLE voter_participation_new RENAME TO voter_participation`.execute(db)
    await sql`COMMIT`.execute(db)
  } catch (error) {
    await sql`ROLLBACK`.execute(db).catch(() => undefined)
    throw error
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await rebuild(db, true)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await rebuild(db, false)
}
