import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { bulletinBoard, OPEN_DATA_VERSION } from '../elections/open-data.server'
import { openDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'

// The bulletin board: only after voting has closed and the count is done.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const board = await bulletinBoard(getDb(), params.id ?? '')
  if (!board) throw new Response('Not found', { status: 404 })
  return openDataResponse({ version: OPEN_DATA_VERSION, ...board })
}
