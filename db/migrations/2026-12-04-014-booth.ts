import { sql, type Kysely } from 'kysely'

// Frozen. Issue #16 (items 12 and 13): the polling place.
//
// - election_poll_workers: the people the electoral commission named poll workers of ONE election.
//   Being secretariat or commission staff no longer lets anyone open booth ballots.
// - booth_devices: the devices the commission enrolled for an election. The device keeps a random
//   token in an HttpOnly cookie; only its SHA-256 is stored. A device is enrolled either directly
//   (the commission's own browser) or with a one-time code (stored hashed, short-lived) that a
//   named poll worker types on the device. Revoking sets revoked_at; nothing is deleted, so the
//   audit log's device ids keep meaning something.
// - in_person_marks: which poll worker marked which voter as having voted in person. It costs no
//   secrecy (the worker saw the voter) and holds no time and no order: no timestamp, and on SQLite
//   no rowid (WITHOUT ROWID), so storage follows the (election, registration) key.
// - booth_sessions: a device in booth state. The cookie holds a random token (its SHA-256 is the
//   key); the row names the device, the worker who opened it and, while a voter is voting, the
//   hash of that voter's one-time booth token. No staff session exists while it does.
export async function up(db: Kysely<any>): Promise<void> {
  const isSqlite =
    (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'
  const withoutRowid = isSqlite ? sql` WITHOUT ROWID` : sql``

  await db.schema
    .createTable('election_poll_workers')
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('named_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('named_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('election_poll_workers_pk', ['election_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('booth_devices')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('code_hash', 'text', (c) => c.unique())
    .addColumn('code_expires_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema.createIndex('booth_devices_election').on('booth_devices').column('election_id').execute()

  await sql`CREATE TABLE in_person_marks (
    election_id text NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    registration_id text NOT NULL,
    worker_id text NOT NULL REFERENCES users(id),
    PRIMARY KEY (election_id, registration_id)
  )${withoutRowid}`.execute(db)
  await db.schema
    .createIndex('in_person_marks_worker')
    .on('in_person_marks')
    .columns(['election_id', 'worker_id'])
    .execute()

  await sql`CREATE TABLE booth_sessions (
    token_hash text PRIMARY KEY,
    device_id text NOT NULL UNIQUE REFERENCES booth_devices(id) ON DELETE CASCADE,
    election_id text NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    worker_id text NOT NULL REFERENCES users(id),
    ballot_token_hash text
  )${withoutRowid}`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['booth_sessions', 'in_person_marks', 'booth_devices', 'election_poll_workers'])
    await db.schema.dropTable(t).ifExists().execute()
}
