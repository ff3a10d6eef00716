import type { Kysely } from 'kysely'

// Frozen. Council bodies (CMI plenary, its working groups, each Participatory Council) with their
// quorum and notice rules, memberships with history (elected from council_members or appointed),
// meetings, agenda items with votes, attendance with alternates sitting in, numbered resolutions
// (per body per year, no gaps, no duplicates) and minutes with errata.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('council_bodies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // cmi_plenary | working_group | cpm
    .addColumn('name_i18n', 'text', (c) => c.notNull())
    .addColumn('subprefecture_id', 'integer', (c) => c.references('subprefectures.id'))
    .addColumn('parent_id', 'text', (c) => c.references('council_bodies.id'))
    .addColumn('seats', 'integer', (c) => c.notNull()) // full seats, the base of every quorum
    .addColumn('quorum_open_pct', 'integer', (c) => c.notNull())
    .addColumn('quorum_open_strict', 'integer', (c) => c.notNull()) // 1: more than pct %, 0: at least pct %
    .addColumn('quorum_deliberate_pct', 'integer', (c) => c.notNull())
    .addColumn('quorum_deliberate_strict', 'integer', (c) => c.notNull())
    .addColumn('notice_days', 'integer', (c) => c.notNull()) // ordinary meetings
    .addColumn('extraordinary_notice_days', 'integer', (c) => c.notNull())
    .addColumn('resolution_code', 'text', (c) => c.notNull()) // "CMI" in "Nº 3/CMI/2025"
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('body_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('council_bodies.id').onDelete('cascade'))
    .addColumn('council_member_id', 'text', (c) => c.references('council_members.id')) // when elected
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull()) // government | civil_society
    .addColumn('segment', 'text') // A | B | C for civil society at the CMI
    .addColumn('organisation', 'text') // the secretariat or organisation represented
    .addColumn('role', 'text', (c) => c.notNull()) // full | alternate
    .addColumn('alternate_for', 'text', (c) => c.references('body_members.id')) // the full member an alternate replaces
    .addColumn('term_starts', 'text', (c) => c.notNull())
    .addColumn('term_ends', 'text') // set when the membership ends: history is kept
    .addColumn('ended_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('body_members_body')
    .on('body_members')
    .columns(['body_id', 'term_starts'])
    .execute()

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('council_bodies.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // ordinary | extraordinary
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('online_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // scheduled | convened | in_session | held | cancelled
    .addColumn('convened_at', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('meetings_body_start')
    .on('meetings')
    .columns(['body_id', 'starts_at'])
    .execute()

  await db.schema
    .createTable('attendance')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('body_members.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // present | absent | excused
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_pk', ['meeting_id', 'member_id'])
    .execute()

  await db.schema
    .createTable('agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('kind', 'text', (c) => c.notNull()) // information | deliberation
    .addColumn('motion', 'text') // the text put to the vote
    .addColumn('approves_minutes_of', 'text', (c) => c.references('meetings.id')) // "approval of the minutes of …"
    .addColumn('vote_mode', 'text') // counts | named
    .addColumn('votes_yes', 'integer')
    .addColumn('votes_no', 'integer')
    .addColumn('votes_abstain', 'integer')
    .addColumn('present_at_vote', 'integer')
    .addColumn('outcome', 'text') // approved | rejected | withdrawn
    .addColumn('voted_at', 'text')
    .execute()
  await db.schema
    .createIndex('agenda_items_meeting')
    .on('agenda_items')
    .columns(['meeting_id', 'position'])
    .execute()

  await db.schema
    .createTable('item_votes')
    .addColumn('item_id', 'text', (c) => c.notNull().references('agenda_items.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('body_members.id'))
    .addColumn('vote', 'text', (c) => c.notNull()) // yes | no | abstain
    .addPrimaryKeyConstraint('item_votes_pk', ['item_id', 'member_id'])
    .execute()

  await db.schema
    .createTable('resolutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('council_bodies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull().unique().references('agenda_items.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('summary_i18n', 'text')
    .addColumn('gazette_reference', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('resolutions_number', ['body_id', 'year', 'number'])
    .execute()

  await db.schema
    .createTable('minutes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().unique().references('meetings.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // draft | circulated | approved | published
    .addColumn('record_json', 'text', (c) => c.notNull()) // attendance, items and decisions as drafted
    .addColumn('text', 'text', (c) => c.notNull()) // the secretariat's narrative
    .addColumn('summary_i18n', 'text')
    .addColumn('approved_by_item', 'text', (c) => c.references('agenda_items.id'))
    .addColumn('approved_at', 'text')
    .addColumn('circulated_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('minutes_errata')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('minutes_id', 'text', (c) => c.notNull().references('minutes.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'minutes_errata',
    'minutes',
    'resolutions',
    'item_votes',
    'agenda_items',
    'attendance',
    'meetings',
    'body_members',
    'council_bodies',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
