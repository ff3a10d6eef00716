import { sql } from 'kysely'
import { getDb, type DB } from './db.server'

/**
 * Whether the database answers a trivial query, for /healthz (load balancers, uptime checks).
 * Opening the database is part of the check: a file that cannot be opened is "unavailable" too.
 */
export async function databaseAnswers(open: () => DB = getDb): Promise<boolean> {
  try {
    await sql`select 1`.execute(open())
    return true
  } catch {
    return false
  }
}
