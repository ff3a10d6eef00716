import { Migrator, type Kysely, type MigrationProvider } from 'kysely'
import { migrations } from './migrations/index'

const provider: MigrationProvider = { getMigrations: async () => migrations }

/**
 * Runs the migrations not yet applied. On PostgreSQL, `schema` names the schema that holds the
 * tables (and Kysely's bookkeeping tables) when it is not the default one.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  { schema }: { schema?: string } = {},
): Promise<string[]> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
