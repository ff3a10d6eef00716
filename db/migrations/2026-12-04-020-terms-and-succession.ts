import { sql, type Kysely } from 'kysely'

// Frozen. Issue #17, seats, alternates and terms (ADR 016).
//
// 1. `council_bodies.term_months`: how long a member's term lasts, counted from the swearing-in
//    (the CMI's two years by default). Data per body, never a constant in code.
// 2. `elections.gazette_published_on`: the date the official result appeared in the gazette (DOC),
//    beside the reference the election already keeps.
// 3. `body_swearings`: the swearing-in of an election's elected members on a body (one per body and
//    election: each subprefecture's council is sworn in on its own day). Seating the elected needs
//    it, and their terms start on that date.
// 4. `body_members.leave_reason` / `leave_act`: why and by which act (e.g. "Portaria 12/2025") a
//    member left before the end of the term. `successor_id`: on a full member who left, the
//    membership of the alternate who took the seat; set once by a conditional update (two
//    confirmations at once seat one person), and unique (one membership succeeds one seat).
// The same statements on SQLite and PostgreSQL (ADD COLUMN with an inline CHECK works on both).
// The reasons at the time of this migration (a frozen copy, as migration 011 keeps).
const LEAVE_REASONS = ['resignation', 'death', 'removal', 'other']
const quoted = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('council_bodies')
    .addColumn('term_months', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(24)
        .check(sql`term_months between 1 and 240`),
    )
    .execute()
  await db.schema.alterTable('elections').addColumn('gazette_published_on', 'text').execute()
  await db.schema
    .alterTable('body_members')
    .addColumn('leave_reason', 'text', (c) => c.check(sql`leave_reason in (${quoted(LEAVE_REASONS)})`))
    .execute()
  await db.schema.alterTable('body_members').addColumn('leave_act', 'text').execute()
  await db.schema.alterTable('body_members').addColumn('successor_id', 'text').execute()
  await db.schema
    .createIndex('body_members_successor_unique')
    .on('body_members')
    .column('successor_id')
    .unique()
    .execute()
  await db.schema
    .createTable('body_swearings')
    .addColumn('body_id', 'text', (c) => c.notNull().references('council_bodies.id').onDelete('cascade'))
    .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
    .addColumn('sworn_in_on', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('body_swearings_pk', ['body_id', 'election_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('body_swearings').execute()
  await db.schema.dropIndex('body_members_successor_unique').execute()
  for (const column of ['successor_id', 'leave_act', 'leave_reason'])
    await db.schema.alterTable('body_members').dropColumn(column).execute()
  await db.schema.alterTable('elections').dropColumn('gazette_published_on').execute()
  await db.schema.alterTable('council_bodies').dropColumn('term_months').execute()
}
