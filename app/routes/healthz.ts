import { sql } from 'kysely'
import { getDb } from '../lib/db.server'

// For load balancers and uptime checks: 200 only once the database answers.
export async function loader() {
  try {
    await sql`select 1`.execute(getDb())
    return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
  } catch {
    return Response.json({ status: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
  }
}
