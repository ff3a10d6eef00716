import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { contributionsCsv, openDataContributions } from '../consultations/open-data.server'
import { getDb } from '../lib/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'consultations.view')
  const data = await openDataContributions(getDb(), params.id ?? '')
  if (!data) throw new Response('Not found', { status: 404 })
  return new Response(contributionsCsv(data.rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="consultation-${data.consultation.id}-contributions.csv"`,
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=60',
    },
  })
}
