import { sql } from 'kysely'
import { openPostgres } from '../../app/lib/db.server'

// On PostgreSQL every test database is a schema `t_…` on the test server. The trigram extension
// (migration 010) is per database, so it is installed once in `public`, outside those schemas,
// and they are all dropped at the end.
export async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const admin = openPostgres(url, { max: 1 })
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`.execute(admin)
  await admin.destroy()
}

export async function teardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const admin = openPostgres(url, { max: 1 })
  const schemas = await sql<{
    name: string
  }>`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 't\\_%'`.execute(admin)
  for (const { name } of schemas.rows) await sql`DROP SCHEMA IF EXISTS ${sql.id(name)} CASCADE`.execute(admin)
  await admin.destroy()
}
