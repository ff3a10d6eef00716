import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { planOpenDataCsv } from '../plan/open-data.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  return new Response(await planOpenDataCsv(getDb()), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="plan.csv"',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=60',
    },
  })
}
