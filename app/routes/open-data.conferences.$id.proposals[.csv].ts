import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { conferenceOpenData, proposalsCsv } from '../conference/open-data.server'
import { getDb } from '../lib/db.server'
import { csvStyle, openDataCsvResponse } from '../lib/open-data'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  const data = await conferenceOpenData(getDb(), params.id ?? '')
  if (!data) throw new Response('Not found', { status: 404 })
  return openDataCsvResponse(
    proposalsCsv(data, csvStyle(request)),
    `conference-${data.edition.id}-proposals.csv`,
  )
}
