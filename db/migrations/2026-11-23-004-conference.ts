import type { Kysely } from 'kysely'

// Frozen. The Municipal Conference: editions with their axes, preparatory conferences, proposals
// with their lineage through systematisation, supports, comments, accredited delegates and their
// priority votes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('conference_editions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title_i18n', 'text', (c) => c.notNull())
    .addColumn('motto_i18n', 'text')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('phase', 'text', (c) => c.notNull()) // preparation | proposals_open | systematisation | delegates_vote | final_report
    .addColumn('votes_per_axis', 'integer', (c) => c.notNull()) // N priorities a delegate may approve per axis
    .addColumn('approval_threshold', 'real', (c) => c.notNull()) // share of accredited delegates, e.g. 0.5
    .addColumn('delegate_quota', 'integer', (c) => c.notNull()) // default per preparatory conference
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  // The 8 thematic axes of the edition (from the reference table) and any cross-cutting ones.
  await db.schema
    .createTable('conference_axes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) =>
      c.notNull().references('conference_editions.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull()) // thematic | cross_cutting
    .addColumn('thematic_axis_id', 'integer', (c) => c.references('thematic_axes.id'))
    .addColumn('name_i18n', 'text') // cross-cutting axes carry their own name
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('conference_axes_edition').on('conference_axes').column('edition_id').execute()

  await db.schema
    .createTable('preparatory_conferences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) =>
      c.notNull().references('conference_editions.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull()) // regional | free
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organiser', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('attendance', 'integer', (c) => c.notNull())
    .addColumn('delegate_quota', 'integer', (c) => c.notNull())
    .addColumn('registered_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) =>
      c.notNull().references('conference_editions.id').onDelete('cascade'),
    )
    .addColumn('axis_id', 'text', (c) => c.notNull().references('conference_axes.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // original | consolidated
    .addColumn('origin', 'text', (c) => c.notNull()) // online | preparatory | systematisation
    .addColumn('preparatory_id', 'text', (c) => c.references('preparatory_conferences.id'))
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('justification', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('coauthors', 'text') // free text: names of people or collectives
    .addColumn('status', 'text', (c) => c.notNull()) // submitted | merged | rejected | motion | consolidated | approved | not_approved
    .addColumn('merged_into_id', 'text', (c) => c.references('proposals.id'))
    .addColumn('rejection_reason', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull()) // lower-cased, accent-free title + body for LIKE search
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('proposals_edition_axis')
    .on('proposals')
    .columns(['edition_id', 'axis_id', 'status'])
    .execute()
  await db.schema.createIndex('proposals_merged_into').on('proposals').column('merged_into_id').execute()

  await db.schema
    .createTable('proposal_supports')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_supports_pk', ['proposal_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('proposal_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('proposal_comments_proposal')
    .on('proposal_comments')
    .column('proposal_id')
    .execute()

  await db.schema
    .createTable('conference_delegates')
    .addColumn('edition_id', 'text', (c) =>
      c.notNull().references('conference_editions.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('preparatory_id', 'text', (c) => c.references('preparatory_conferences.id'))
    .addColumn('accredited_by', 'text', (c) => c.references('users.id'))
    .addColumn('accredited_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conference_delegates_pk', ['edition_id', 'user_id'])
    .execute()

  // One approval per delegate per proposal (primary key); at most N per axis through a guarded
  // counter row (UPDATE … WHERE used < N), which holds under concurrency on SQLite and PostgreSQL.
  await db.schema
    .createTable('delegate_votes')
    .addColumn('proposal_id', 'text', (c) => c.notNull().references('proposals.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('edition_id', 'text', (c) => c.notNull())
    .addColumn('axis_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delegate_votes_pk', ['proposal_id', 'user_id'])
    .execute()
  await db.schema
    .createTable('delegate_axis_usage')
    .addColumn('edition_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('axis_id', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('delegate_axis_usage_pk', ['edition_id', 'user_id', 'axis_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'delegate_axis_usage',
    'delegate_votes',
    'conference_delegates',
    'proposal_comments',
    'proposal_supports',
    'proposals',
    'preparatory_conferences',
    'conference_axes',
    'conference_editions',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
