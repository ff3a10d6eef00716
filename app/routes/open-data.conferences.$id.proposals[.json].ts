import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { conferenceOpenData } from '../conference/open-data.server'
import { openDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  const data = await conferenceOpenData(getDb(), params.id ?? '')
  if (!data) throw new Response('Not found', { status: 404 })
  return openDataResponse(data)
}
