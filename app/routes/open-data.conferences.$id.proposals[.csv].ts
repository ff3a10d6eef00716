import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { conferenceOpenData, proposalsCsv } from '../conference/open-data.server'
import { getDb } from '../lib/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  const data = await conferenceOpenData(getDb(), params.id ?? '')
  if (!data) throw new Response('Not found', { status: 404 })
  return new Response(proposalsCsv(data), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="conference-${data.edition.id}-proposals.csv"`,
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=60',
    },
  })
}
