import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { contributionsDocument } from '../consultations/open-data.server'
import { openDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'consultations.view')
  const document = await contributionsDocument(getDb(), params.id ?? '')
  if (!document) throw new Response('Not found', { status: 404 })
  return openDataResponse(document)
}
