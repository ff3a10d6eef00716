import { sql, type Kysely } from 'kysely'

// Frozen. Issue #18 (the counsellors' workspace): what a serving member of a council body writes or
// answers through the platform. Every row names the membership (`member_id`, public office) and the
// account that acted (`user_id`, nullable: erasure removes the link and keeps the public record).
//
// - council_agenda_proposals: an agenda item a member proposes for an upcoming meeting; the
//   secretariat accepts it (it becomes `agenda_item_id`) or declines it with a reason. The same
//   member cannot propose the same title twice for one meeting (UNIQUE, so two identical posts at
//   once leave one row).
// - attendance_confirmations: a member's answer to a convocation (confirmed / excused), before the
//   session opens; the secretariat still records real presence in `attendance`.
// - minutes_comments: comments on minutes circulated to members, before their approval.
// - council_body_plan_actions: the Municipal Plan actions a body follows; monitoring_comments are a
//   member's comments on those actions' monitoring updates.
// Plain text, integers and CHECKs only: the same on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('council_agenda_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('body_members.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'accepted', 'declined')`),
    )
    .addColumn('decline_reason', 'text')
    .addColumn('agenda_item_id', 'text', (c) => c.references('agenda_items.id').onDelete('set null'))
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('council_agenda_proposals_once', ['meeting_id', 'member_id', 'title'])
    .execute()
  await db.schema
    .createIndex('council_agenda_proposals_user')
    .on('council_agenda_proposals')
    .column('user_id')
    .execute()

  await db.schema
    .createTable('attendance_confirmations')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('body_members.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('response', 'text', (c) => c.notNull().check(sql`response in ('confirmed', 'excused')`))
    .addColumn('responded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attendance_confirmations_pk', ['meeting_id', 'member_id'])
    .execute()
  await db.schema
    .createIndex('attendance_confirmations_user')
    .on('attendance_confirmations')
    .column('user_id')
    .execute()

  await db.schema
    .createTable('minutes_comments')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('minutes_id', 'text', (c) => c.notNull().references('minutes.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('body_members.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('minutes_comments_minutes')
    .on('minutes_comments')
    .column('minutes_id')
    .execute()
  await db.schema.createIndex('minutes_comments_user').on('minutes_comments').column('user_id').execute()

  await db.schema
    .createTable('council_body_plan_actions')
    .addColumn('body_id', 'text', (c) => c.notNull().references('council_bodies.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('plan_actions.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('council_body_plan_actions_pk', ['body_id', 'action_id'])
    .execute()

  await db.schema
    .createTable('monitoring_comments')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('update_id', 'text', (c) => c.notNull().references('indicator_updates.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('body_members.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('monitoring_comments_update')
    .on('monitoring_comments')
    .column('update_id')
    .execute()
  await db.schema
    .createIndex('monitoring_comments_user')
    .on('monitoring_comments')
    .column('user_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'monitoring_comments',
    'council_body_plan_actions',
    'minutes_comments',
    'attendance_confirmations',
    'council_agenda_proposals',
  ])
    await db.schema.dropTable(table).execute()
}
