import { sql, type Kysely } from 'kysely'

// Frozen. Issue #10: word search on PostgreSQL at national scale.
//
// Search stays one portable query on both databases (`allWordsLike`: every word must appear in a
// lower-cased, accent-free `search_text`). On PostgreSQL, trigram GIN indexes (pg_trgm, shipped with
// PostgreSQL and a trusted extension since 13) answer exactly that LIKE '%word%' query from an index:
// `npm run bench:search` measured 119.5 → 5.1 ms for a two-word search in 100,000 proposals.
// Where the extension cannot be installed (not available, or no CREATE right on the database) the
// indexes are skipped and search scans as on SQLite — slower on very large archives, still correct.
// SQLite is untouched: a city's archives are small (2,000 proposals: 1.9 ms).
const SEARCHED = ['proposals', 'plan_actions', 'minutes', 'resolutions'] as const

const isSqlite = (db: Kysely<any>) =>
  (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'

/** The schema holding pg_trgm, installing it first if needed and allowed; null when it cannot be. */
async function trigramSchema(db: Kysely<any>): Promise<string | null> {
  const installedIn = async () =>
    (
      await sql<{
        schema: string
      }>`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`.execute(
        db,
      )
    ).rows[0]?.schema ?? null
  const existing = await installedIn()
  if (existing) return existing
  const { rows } = await sql<{ available: boolean; may_create: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS available,
           has_database_privilege(current_database(), 'CREATE') AS may_create`.execute(db)
  if (!rows[0]?.available || !rows[0].may_create) return null
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db)
  return installedIn()
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return
  const schema = await trigramSchema(db)
  if (!schema) return
  // The operator class is named with its schema: the extension may live outside the search path.
  for (const table of SEARCHED) {
    await sql`CREATE INDEX ${sql.id(`${table}_search_trgm`)} ON ${sql.table(table)} USING gin (search_text ${sql.id(schema, 'gin_trgm_ops')})`.execute(
      db,
    )
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return
  for (const table of SEARCHED) await sql`DROP INDEX IF EXISTS ${sql.id(`${table}_search_trgm`)}`.execute(db)
}
