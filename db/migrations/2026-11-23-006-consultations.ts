import { sql, type Kysely } from 'kysely'

// Frozen. Public consultations: a draft split into sections and paragraphs (each with a stable id
// that comments anchor to, whatever the order of a translation), optional questions, threaded
// contributions with supports, reports, moderation, edit history and official answers; and the
// outcome links that say which plan action or campaign an accepted contribution (or conference
// proposal) changed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title_i18n', 'text', (c) => c.notNull())
    .addColumn('summary_i18n', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | open | closed | answered
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('min_account_age_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('consultation_sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('heading_i18n', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('consultation_paragraphs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('section_id', 'text', (c) =>
      c.notNull().references('consultation_sections.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('body_i18n', 'text', (c) => c.notNull()) // {"pt-BR": official text, "<lng>": translation}
    .execute()
  await db.schema
    .createIndex('consultation_paragraphs_consultation')
    .on('consultation_paragraphs')
    .columns(['consultation_id', 'position'])
    .execute()

  // Links to the plan actions and campaigns the consultation may affect.
  await db.schema
    .createTable('consultation_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('action_id', 'text', (c) => c.references('plan_actions.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id').onDelete('cascade'))
    .addCheckConstraint('consultation_targets_one', sql`(action_id is null) <> (campaign_id is null)`)
    .execute()
  await db.schema
    .createIndex('consultation_targets_consultation')
    .on('consultation_targets')
    .column('consultation_id')
    .execute()

  await db.schema
    .createTable('consultation_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // single | multiple | text
    .addColumn('prompt_i18n', 'text', (c) => c.notNull())
    .addColumn('options_i18n', 'text') // JSON array of {key, label: {lng: text}}
    .execute()

  await db.schema
    .createTable('question_answers')
    .addColumn('question_id', 'text', (c) =>
      c.notNull().references('consultation_questions.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('consultation_id', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull()) // JSON: option keys or free text
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_answers_pk', ['question_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('contributions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consultation_id', 'text', (c) =>
      c.notNull().references('consultations.id').onDelete('cascade'),
    )
    .addColumn('paragraph_id', 'text', (c) => c.references('consultation_paragraphs.id')) // null: the whole text
    .addColumn('parent_id', 'text', (c) => c.references('contributions.id')) // a reply in a thread
    .addColumn('user_id', 'text', (c) => c.references('users.id')) // null once the author erased their data
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('hidden_at', 'text')
    .addColumn('hidden_by', 'text', (c) => c.references('users.id'))
    .addColumn('hidden_reason', 'text')
    .addColumn('answer', 'text') // accepted | partly_accepted | not_accepted
    .addColumn('answer_text', 'text')
    .addColumn('answered_by', 'text', (c) => c.references('users.id'))
    .addColumn('answered_at', 'text')
    .execute()
  // Threads are read per paragraph, newest-last, a page at a time (keyset on created_at, id).
  await db.schema
    .createIndex('contributions_thread')
    .on('contributions')
    .columns(['consultation_id', 'paragraph_id', 'parent_id', 'created_at', 'id'])
    .execute()
  await db.schema.createIndex('contributions_parent').on('contributions').column('parent_id').execute()
  await db.schema.createIndex('contributions_user').on('contributions').column('user_id').execute()

  await db.schema
    .createTable('contribution_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contribution_id', 'text', (c) =>
      c.notNull().references('contributions.id').onDelete('cascade'),
    )
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('contribution_revisions_contribution')
    .on('contribution_revisions')
    .column('contribution_id')
    .execute()

  await db.schema
    .createTable('contribution_supports')
    .addColumn('contribution_id', 'text', (c) =>
      c.notNull().references('contributions.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contribution_supports_pk', ['contribution_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('contribution_reports')
    .addColumn('contribution_id', 'text', (c) =>
      c.notNull().references('contributions.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addPrimaryKeyConstraint('contribution_reports_pk', ['contribution_id', 'user_id'])
    .execute()

  // What a participation became: exactly one source (a contribution or a conference proposal) and
  // exactly one target (a plan action or a campaign).
  await db.schema
    .createTable('outcome_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contribution_id', 'text', (c) => c.references('contributions.id').onDelete('cascade'))
    .addColumn('proposal_id', 'text', (c) => c.references('proposals.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.references('plan_actions.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id').onDelete('cascade'))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('outcome_links_one_source', sql`(contribution_id is null) <> (proposal_id is null)`)
    .addCheckConstraint('outcome_links_one_target', sql`(action_id is null) <> (campaign_id is null)`)
    .execute()
  await db.schema
    .createIndex('outcome_links_contribution')
    .on('outcome_links')
    .column('contribution_id')
    .execute()
  await db.schema.createIndex('outcome_links_proposal').on('outcome_links').column('proposal_id').execute()
  await db.schema.createIndex('outcome_links_action').on('outcome_links').column('action_id').execute()
  await db.schema.createIndex('outcome_links_campaign').on('outcome_links').column('campaign_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'outcome_links',
    'contribution_reports',
    'contribution_supports',
    'contribution_revisions',
    'contributions',
    'question_answers',
    'consultation_questions',
    'consultation_targets',
    'consultation_paragraphs',
    'consultation_sections',
    'consultations',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
