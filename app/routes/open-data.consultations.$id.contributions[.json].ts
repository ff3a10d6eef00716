import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { openDataContributions } from '../consultations/consultations.server'
import { openDataResponse } from '../elections/open-data.server'
import { getDb } from '../lib/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'consultations.view')
  const data = await openDataContributions(getDb(), params.id ?? '')
  if (!data) throw new Response('Not found', { status: 404 })
  const c = data.consultation
  return openDataResponse({
    version: 1,
    consultation: {
      id: c.id,
      title: JSON.parse(c.title_i18n) as Record<string, string>,
      status: c.status,
      opens_at: c.opens_at,
      closes_at: c.closes_at,
    },
    authors: 'pseudonymised per consultation',
    contributions: data.rows,
  })
}
