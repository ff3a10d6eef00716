import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { publicResults } from '../elections/counting.server'
import { OPEN_DATA_VERSION } from '../elections/open-data.server'
import { openDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'

// Published from the preliminary result on; 404 before, so nothing leaks during the count.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const results = await publicResults(getDb(), params.id ?? '')
  if (!results) throw new Response('Not found', { status: 404 })
  return openDataResponse({ version: OPEN_DATA_VERSION, ...results })
}
