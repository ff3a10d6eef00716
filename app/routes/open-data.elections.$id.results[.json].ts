import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { openResults } from '../elections/open-data.server'
import { openDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'

// Published from the preliminary result on; 404 before, so nothing leaks during the count.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const results = await openResults(getDb(), params.id ?? '', publicOrigin())
  if (!results) throw new Response('Not found', { status: 404 })
  return openDataResponse(results)
}
