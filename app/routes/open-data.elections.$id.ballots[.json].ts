import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { bulletinBoardSnapshot } from '../elections/open-data.server'
import { storedOpenDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'

// The bulletin board: only after voting has closed and the count is done. Built once per change
// and served from the stored copy, with an ETag (#16.4).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const board = await bulletinBoardSnapshot(getDb(), params.id ?? '')
  if (!board) throw new Response('Not found', { status: 404 })
  return storedOpenDataResponse(request, board)
}
