import { sql, type Kysely } from 'kysely'

// Frozen. Elections, contests, candidacies, the frozen voter roll, who voted, and — separately,
// with no link to voters — what was voted.

export async function up(db: Kysely<any>): Promise<void> {
  const isSqlite =
    (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'

  await db.schema
    .createTable('elections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull()) // cmi | cpm
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('census_cycles.id'))
    .addColumn('title_i18n', 'text', (c) => c.notNull())
    .addColumn('description_i18n', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('candidacy_deadline', 'text')
    .addColumn('voting_starts', 'text')
    .addColumn('voting_ends', 'text')
    .addColumn('gazette_reference', 'text')
    .addColumn('rules', 'text', (c) => c.notNull()) // JSON seat rules
    .addColumn('results', 'text') // JSON, written by the count
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('contests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // segment | subprefecture
    .addColumn('segment', 'text') // A | B | C
    .addColumn('subprefecture_id', 'integer', (c) => c.references('subprefectures.id'))
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('alternates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('contests_election').on('contests').column('election_id').execute()

  await db.schema
    .createTable('candidacies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('contest_id', 'text', (c) => c.notNull().references('contests.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // person | organisation
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('organisation_name', 'text')
    .addColumn('representative_name', 'text') // organisations name who sits for them, later
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('statement_i18n', 'text', (c) => c.notNull())
    .addColumn('photo_key', 'text') // uploaded file key; shown publicly only once accepted
    .addColumn('status', 'text', (c) => c.notNull()) // submitted | accepted | rejected | appealed | withdrawn
    .addColumn('decision_reason', 'text')
    .addColumn('appeal_text', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // A person stands in one place only per election.
  await db.schema
    .createIndex('candidacies_one_per_person')
    .on('candidacies')
    .columns(['election_id', 'user_id'])
    .unique()
    .execute()
  await db.schema
    .createIndex('candidacies_contest')
    .on('candidacies')
    .columns(['contest_id', 'status'])
    .execute()

  // The approved census, frozen when voting opens: later approvals do not change it.
  await db.schema
    .createTable('voter_rolls')
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('registration_id', 'text', (c) => c.notNull().references('voter_registrations.id'))
    .addColumn('subprefecture_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('voter_rolls_pk', ['election_id', 'registration_id'])
    .execute()

  // WHO voted. No timestamp, no ballot reference. The primary key is the one-ballot-per-voter rule
  // across both channels (online and in person).
  await db.schema
    .createTable('voter_participation')
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull()) // online | in_person
    .addPrimaryKeyConstraint('voter_participation_pk', ['election_id', 'registration_id'])
    .execute()

  // WHAT was voted: one row per contest choice, random id, no voter, no time. In SQLite the table
  // has no rowid (WITHOUT ROWID), so storage order follows the random key, not insertion time.
  const withoutRowid = isSqlite ? sql` WITHOUT ROWID` : sql``
  await sql`CREATE TABLE ballots (
    id text PRIMARY KEY,
    election_id text NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    contest_id text NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    choice text NOT NULL,
    candidacy_id text
  )${withoutRowid}`.execute(db)
  // Covering index for the count: a GROUP BY over it never touches the table rows.
  await db.schema
    .createIndex('ballots_count')
    .on('ballots')
    .columns(['election_id', 'contest_id', 'choice', 'candidacy_id'])
    .execute()

  await sql`CREATE TABLE tracking_codes (
    code text PRIMARY KEY,
    election_id text NOT NULL REFERENCES elections(id) ON DELETE CASCADE
  )${withoutRowid}`.execute(db)

  // One-time in-person ballots opened by a poll worker: they carry the subprefecture (which
  // contests to show) and nothing about the voter.
  await sql`CREATE TABLE booth_tokens (
    token_hash text PRIMARY KEY,
    election_id text NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    subprefecture_id integer NOT NULL
  )${withoutRowid}`.execute(db)

  await db.schema
    .createTable('bulletin_boards')
    .addColumn('election_id', 'text', (c) => c.primaryKey().references('elections.id').onDelete('cascade'))
    .addColumn('ballots_head', 'text', (c) => c.notNull())
    .addColumn('codes_head', 'text', (c) => c.notNull())
    .addColumn('ballot_count', 'integer', (c) => c.notNull())
    .addColumn('code_count', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute()

  // Who sits on which council, from an official election result (or added by hand later): the
  // minutes feature takes attendance and quorum from here.
  await db.schema
    .createTable('council_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull()) // cmi | cpm
    .addColumn('subprefecture_id', 'integer', (c) => c.references('subprefectures.id'))
    .addColumn('segment', 'text')
    .addColumn('election_id', 'text', (c) => c.references('elections.id'))
    .addColumn('candidacy_id', 'text', (c) => c.references('candidacies.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('seat', 'text', (c) => c.notNull()) // titular | alternate
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('term_starts', 'text', (c) => c.notNull())
    .addColumn('term_ends', 'text')
    .execute()
  await db.schema
    .createIndex('council_members_candidacy')
    .on('council_members')
    .column('candidacy_id')
    .unique()
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'council_members',
    'bulletin_boards',
    'booth_tokens',
    'tracking_codes',
    'ballots',
    'voter_participation',
    'voter_rolls',
    'candidacies',
    'contests',
    'elections',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
