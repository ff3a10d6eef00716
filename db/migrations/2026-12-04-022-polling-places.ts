import { sql, type Kysely } from 'kysely'

// Frozen. Issue #17, election day: polling places and paper ballots.
//
// - polling_places: the places the electoral commission registers for one election. Name and
//   address are authored text, shown as written, with the language they are written in
//   (`text_language`). Hours are local wall-clock times ('08:00'–'17:00' by default, the council's
//   voting day); `method` says how the place votes: the electronic booth or paper ballots.
// - polling_place_subprefectures: the subprefectures a place serves (one or several).
// - polling_place_workers: which place a named poll worker serves. Its key points at the named
//   worker (election_poll_workers), so removing the worker removes the assignment.
// - paper_count_entries / paper_count_lines: a paper place's count, typed by two different members
//   of the commission. Entry 1 is kept as typed; entry 2 exists only when it matched entry 1
//   exactly, so "seq 2 exists" is "confirmed". The primary key (place, seq) lets one second entry
//   in, however many arrive at once; (place, entered_by) keeps one person from typing both. A line
//   is one contest's votes for a candidacy, or its blank or void votes (as a ballot's choice).
// Text and integer only: the same on SQLite and PostgreSQL.
const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const quoted = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('polling_places')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('text_language', 'text', (c) =>
      c.notNull().check(sql`text_language in (${quoted(LANGUAGES)})`),
    )
    .addColumn('opens_at', 'text', (c) => c.notNull().defaultTo('08:00'))
    .addColumn('closes_at', 'text', (c) => c.notNull().defaultTo('17:00'))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('booth', 'paper')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('polling_places_election').on('polling_places').column('election_id').execute()

  await db.schema
    .createTable('polling_place_subprefectures')
    .addColumn('polling_place_id', 'text', (c) =>
      c.notNull().references('polling_places.id').onDelete('cascade'),
    )
    .addColumn('subprefecture_id', 'integer', (c) => c.notNull().references('subprefectures.id'))
    .addPrimaryKeyConstraint('polling_place_subprefectures_pk', ['polling_place_id', 'subprefecture_id'])
    .execute()

  await db.schema
    .createTable('polling_place_workers')
    .addColumn('election_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('polling_place_id', 'text', (c) =>
      c.notNull().references('polling_places.id').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('polling_place_workers_pk', ['election_id', 'user_id'])
    .addForeignKeyConstraint(
      'polling_place_workers_worker_fk',
      ['election_id', 'user_id'],
      'election_poll_workers',
      ['election_id', 'user_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('polling_place_workers_place')
    .on('polling_place_workers')
    .column('polling_place_id')
    .execute()

  await db.schema
    .createTable('paper_count_entries')
    .addColumn('polling_place_id', 'text', (c) =>
      c.notNull().references('polling_places.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq in (1, 2)`))
    .addColumn('entered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_count_entries_pk', ['polling_place_id', 'seq'])
    .addUniqueConstraint('paper_count_entries_person', ['polling_place_id', 'entered_by'])
    .execute()

  await db.schema
    .createTable('paper_count_lines')
    .addColumn('polling_place_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('contest_id', 'text', (c) => c.notNull().references('contests.id').onDelete('cascade'))
    .addColumn('choice', 'text', (c) => c.notNull().check(sql`choice in ('candidate', 'blank', 'void')`))
    .addColumn('candidacy_id', 'text', (c) => c.references('candidacies.id'))
    .addColumn('votes', 'integer', (c) => c.notNull().check(sql`votes >= 0`))
    .addForeignKeyConstraint(
      'paper_count_lines_entry_fk',
      ['polling_place_id', 'seq'],
      'paper_count_entries',
      ['polling_place_id', 'seq'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('paper_count_lines_entry')
    .on('paper_count_lines')
    .columns(['polling_place_id', 'seq'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'paper_count_lines',
    'paper_count_entries',
    'polling_place_workers',
    'polling_place_subprefectures',
    'polling_places',
  ])
    await db.schema.dropTable(t).ifExists().execute()
}
