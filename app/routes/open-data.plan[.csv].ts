import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { csvStyle, openDataCsvResponse } from '../lib/open-data'
import { planOpenDataCsv } from '../plan/open-data.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  return openDataCsvResponse(await planOpenDataCsv(getDb(), csvStyle(request)), 'plan.csv')
}
