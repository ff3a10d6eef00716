import { databaseAnswers } from '../lib/health.server'

// For load balancers and uptime checks: 200 only once the database answers.
export async function loader() {
  if (await databaseAnswers())
    return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
  return Response.json({ status: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
}
