import { sql, type Kysely } from 'kysely'

// Frozen. Issue #19 (ADR 026, "Review"): a second reader's review of one easy-read guide in one
// language, recorded through the product instead of typed into a locale file.
//
// - `text_fingerprint` is the fingerprint of the guide's text in that language as it was shipped
//   when the review was made: when the locale text changes, the latest approval no longer matches
//   and the guide reads "waiting to be checked" again.
// - `review_number` numbers the reviews of one guide in one language (1, 2, 3 …). UNIQUE (guide, language,
//   review_number): two reviews recorded at once for the same guide and language cannot both be the next
//   one, so the rule "never the same person twice in a row" cannot be raced on either database.
// - `reviewer_id` is nullable: erasing the account removes the link, the review stays.
// - `note` is bounded (2,000 characters) by a CHECK that reads the same on SQLite and PostgreSQL.

const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const GUIDES = ['registration', 'ballot', 'results', 'polling-place']
const OUTCOMES = ['approved', 'changes_requested']

const quoteText = (value: string) => `'${value.replace(/'/g, "''")}'`
const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map(quoteText).join(', ')})`)

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('easy_read_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('guide', 'text', (c) => c.notNull().check(inList('guide', GUIDES)))
    .addColumn('language', 'text', (c) => c.notNull().check(inList('language', LANGUAGES)))
    .addColumn('review_number', 'integer', (c) => c.notNull().check(sql`review_number >= 1`))
    .addColumn('text_fingerprint', 'text', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(inList('outcome', OUTCOMES)))
    .addColumn('note', 'text', (c) => c.check(sql`note IS NULL OR length(note) <= 2000`))
    .addUniqueConstraint('easy_read_reviews_number', ['guide', 'language', 'review_number'])
    .execute()
  await db.schema
    .createIndex('easy_read_reviews_reviewer')
    .on('easy_read_reviews')
    .column('reviewer_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('easy_read_reviews').ifExists().execute()
}
