import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { contributionsCsv, openDataContributions } from '../consultations/open-data.server'
import { getDb } from '../lib/db.server'
import { csvStyle, openDataCsvResponse } from '../lib/open-data'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'consultations.view')
  const data = await openDataContributions(getDb(), params.id ?? '')
  if (!data) throw new Response('Not found', { status: 404 })
  return openDataCsvResponse(
    contributionsCsv(data.rows, csvStyle(request)),
    `consultation-${data.consultation.id}-contributions.csv`,
  )
}
