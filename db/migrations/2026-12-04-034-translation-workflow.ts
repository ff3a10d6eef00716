import { sql, type Kysely } from 'kysely'

// Frozen. Issue #19 (ADR 028): the translators' workflow.
//
// - user_roles.role admits 'translator'. The CHECK written by migration 011 names every role, so it
//   is replaced: PostgreSQL drops and re-adds the constraint; SQLite cannot alter a constraint, so
//   user_roles is rebuilt from its stored CREATE statement with the longer list (rows, indexes and
//   triggers kept). Nothing references user_roles, so foreign keys need not be turned off.
// - translator_languages: which languages a translator works in.
// - translation_submissions: a proposed translation of one authored text (kind + entity + language)
//   and its review. `basis` is the fingerprint of the original the translator worked from.
//   `pending_key` (kind|entity|language) is set only while the submission awaits review: a UNIQUE
//   column where NULLs never collide, so at most one pending submission per text and language on
//   either database. `translator_id` / `reviewer_id` are nullable: erasure removes the link, the
//   published text stays (a public contribution).

const NAME = '2026-12-04-034-translation-workflow'
const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const ROLES_BEFORE = [
  'resident',
  'voter',
  'candidate',
  'counsellor',
  'delegate',
  'secretariat',
  'electoral_commission',
  'observer',
  'admin',
  'moderator',
  'plan_reporter',
]
const ROLES_AFTER = [...ROLES_BEFORE, 'translator']
const STATUSES = ['submitted', 'published', 'returned', 'superseded']

const quoteText = (value: string) => `'${value.replace(/'/g, "''")}'`
/** As migration 011 writes it, so the SQLite definition can be found and replaced verbatim. */
const roleCheck = (roles: readonly string[]) => `"role" in (${roles.map(quoteText).join(', ')})`
const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map(quoteText).join(', ')})`)

const isSqlite = (db: Kysely<any>) =>
  (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'

async function setRoles(db: Kysely<any>, from: readonly string[], to: readonly string[]): Promise<void> {
  if (!isSqlite(db)) {
    await sql`ALTER TABLE user_roles DROP CONSTRAINT IF EXISTS user_roles_role_check`.execute(db)
    await sql`ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (${sql.raw(roleCheck(to))})`.execute(
      db,
    )
    return
  }
  await db.transaction().execute(async (trx) => {
    const objects = (
      await sql<{ type: string; name: string; sql: string }>`
        SELECT type, name, sql FROM sqlite_master
        WHERE tbl_name = 'user_roles' AND sql IS NOT NULL ORDER BY rowid`.execute(trx)
    ).rows
    const table = objects.find((o) => o.type === 'table' && o.name === 'user_roles')
    if (!table) throw new Error(`Migration ${NAME}: table user_roles not found`)
    const before = roleCheck(from)
    if (!table.sql.includes(before))
      throw new Error(`Migration ${NAME}: user_roles has not the CHECK this migration expects: ${table.sql}`)
    const create = table.sql
      .replace(/^CREATE TABLE\s+("user_roles"|user_roles)/i, 'CREATE TABLE "user_roles__rebuilt"')
      .replace(before, roleCheck(to))
    const columns = (
      await sql<{ name: string }>`SELECT name FROM pragma_table_info('user_roles')`.execute(trx)
    ).rows
      .map((c) => `"${c.name.replace(/"/g, '""')}"`)
      .join(', ')
    await sql.raw(create).execute(trx)
    await sql
      .raw(`INSERT INTO "user_roles__rebuilt" (${columns}) SELECT ${columns} FROM "user_roles"`)
      .execute(trx)
    await sql`DROP TABLE user_roles`.execute(trx)
    await sql`ALTER TABLE user_roles__rebuilt RENAME TO user_roles`.execute(trx)
    for (const o of objects.filter((o) => o.type === 'index' || o.type === 'trigger'))
      await sql.raw(o.sql).execute(trx)
  })
}

export async function up(db: Kysely<any>): Promise<void> {
  await setRoles(db, ROLES_BEFORE, ROLES_AFTER)

  await db.schema
    .createTable('translator_languages')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull().check(inList('language', LANGUAGES)))
    .addPrimaryKeyConstraint('translator_languages_pk', ['user_id', 'language'])
    .execute()

  await db.schema
    .createTable('translation_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(inList('language', LANGUAGES)))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(inList('status', STATUSES)))
    .addColumn('translator_id', 'text', (c) => c.references('users.id'))
    .addColumn('reviewer_id', 'text', (c) => c.references('users.id'))
    .addColumn('review_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('pending_key', 'text', (c) => c.unique())
    .execute()
  await db.schema
    .createIndex('translation_submissions_status_language')
    .on('translation_submissions')
    .columns(['status', 'language'])
    .execute()
  await db.schema
    .createIndex('translation_submissions_text')
    .on('translation_submissions')
    .columns(['kind', 'entity_id', 'language'])
    .execute()
  await db.schema
    .createIndex('translation_submissions_translator')
    .on('translation_submissions')
    .column('translator_id')
    .execute()
  await db.schema
    .createIndex('translation_submissions_reviewer')
    .on('translation_submissions')
    .column('reviewer_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('translation_submissions').ifExists().execute()
  await db.schema.dropTable('translator_languages').ifExists().execute()
  // The role goes with its tables: rows holding it would break the narrower CHECK.
  await db.deleteFrom('user_roles').where('role', '=', 'translator').execute()
  await setRoles(db, ROLES_AFTER, ROLES_BEFORE)
}
