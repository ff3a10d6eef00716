import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { meetingsOpenData } from '../council/open-data.server'
import { openDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'council.view')
  return openDataResponse({ version: 1, meetings: await meetingsOpenData(getDb()) })
}
