import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { openDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'
import { planOpenData } from '../plan/open-data.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  return openDataResponse({ version: 1, indicators: await planOpenData(getDb()) })
}
