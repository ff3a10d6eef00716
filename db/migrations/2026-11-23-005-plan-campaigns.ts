import type { Kysely } from 'kysely'

// Frozen. The Municipal Plan of Policies for the Immigrant Population and the campaigns against
// xenophobia: editions → objectives (per thematic axis) → actions → indicators, responsible bodies,
// monitoring updates that the secretariat approves before publication, and campaigns with the
// actions they serve. Consultations (006) and the conference feed actions and campaigns.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_editions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title_i18n', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text') // e.g. "Decreto nº 59.965/2020"
    .addColumn('starts_year', 'integer', (c) => c.notNull())
    .addColumn('ends_year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | in_force | concluded
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0)) // demonstration content, labelled as such
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('plan_bodies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique()) // SMDHC, SME, SMS, CMI …
    .addColumn('name_i18n', 'text', (c) => c.notNull())
    .execute()

  // Staff who report for a body (the monitoring updates they may post).
  await db.schema
    .createTable('plan_body_staff')
    .addColumn('body_id', 'text', (c) => c.notNull().references('plan_bodies.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('plan_body_staff_pk', ['body_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('plan_objectives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('plan_editions.id').onDelete('cascade'))
    .addColumn('thematic_axis_id', 'integer', (c) => c.notNull().references('thematic_axes.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title_i18n', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('plan_objectives_code', ['edition_id', 'code'])
    .execute()

  await db.schema
    .createTable('plan_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('plan_editions.id').onDelete('cascade'))
    .addColumn('objective_id', 'text', (c) =>
      c.notNull().references('plan_objectives.id').onDelete('cascade'),
    )
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title_i18n', 'text', (c) => c.notNull())
    .addColumn('description_i18n', 'text')
    .addColumn('sdg_targets', 'text') // space-separated SDG target codes, e.g. "10.7 16.b"
    .addColumn('migracidades_dimension_id', 'integer', (c) => c.references('migracidades_dimensions.id'))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('plan_actions_code', ['edition_id', 'code'])
    .execute()
  await db.schema.createIndex('plan_actions_objective').on('plan_actions').column('objective_id').execute()

  await db.schema
    .createTable('plan_action_bodies')
    .addColumn('action_id', 'text', (c) => c.notNull().references('plan_actions.id').onDelete('cascade'))
    .addColumn('body_id', 'text', (c) => c.notNull().references('plan_bodies.id'))
    .addColumn('lead', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('plan_action_bodies_pk', ['action_id', 'body_id'])
    .execute()
  await db.schema.createIndex('plan_action_bodies_body').on('plan_action_bodies').column('body_id').execute()

  await db.schema
    .createTable('plan_indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('plan_actions.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name_i18n', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('baseline', 'real', (c) => c.notNull())
    .addColumn('target', 'real', (c) => c.notNull()) // below the baseline for decreasing targets
    .addColumn('deadline', 'text') // YYYY-MM-DD
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('plan_indicators_action').on('plan_indicators').column('action_id').execute()

  // Monitoring: a body's staff post, the secretariat publishes or returns; history is every row.
  await db.schema
    .createTable('indicator_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('indicator_id', 'text', (c) =>
      c.notNull().references('plan_indicators.id').onDelete('cascade'),
    )
    .addColumn('reference_date', 'text', (c) => c.notNull()) // the date the value refers to
    .addColumn('value', 'real', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // not_started | on_track | delayed | achieved | cancelled
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('evidence_url', 'text')
    .addColumn('review', 'text', (c) => c.notNull()) // pending | published | returned
    .addColumn('review_note', 'text')
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text')
    .execute()
  await db.schema
    .createIndex('indicator_updates_indicator')
    .on('indicator_updates')
    .columns(['indicator_id', 'review', 'reference_date'])
    .execute()

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title_i18n', 'text', (c) => c.notNull())
    .addColumn('summary_i18n', 'text')
    .addColumn('theme', 'text', (c) => c.notNull()) // xenophobia | racism | religious_intolerance | rights_awareness | gender_violence | labour_rights
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull()) // space-separated language codes
    .addColumn('channels', 'text', (c) => c.notNull()) // space-separated: radio social_media posters …
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // planned | running | finished | cancelled
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('campaigns_year').on('campaigns').column('year').execute()

  await db.schema
    .createTable('campaign_materials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .execute()

  await db.schema
    .createTable('campaign_actions')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('plan_actions.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('campaign_actions_pk', ['campaign_id', 'action_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'campaign_actions',
    'campaign_materials',
    'campaigns',
    'indicator_updates',
    'plan_indicators',
    'plan_action_bodies',
    'plan_actions',
    'plan_objectives',
    'plan_body_staff',
    'plan_bodies',
    'plan_editions',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
