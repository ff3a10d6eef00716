import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { beleniosBoardPointer, bulletinBoardSnapshot } from '../elections/open-data.server'
import { openDataResponse, storedOpenDataResponse } from '../lib/open-data'
import { getDb } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'

// The bulletin board: only after voting has closed and the count is done. Built once per change
// and served from the stored copy, with an ETag (#16.4). A 'belenios' election has no plaintext
// board: the answer names its public archives instead (ADR 034).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const db = getDb()
  const pointer = await beleniosBoardPointer(db, params.id ?? '', publicOrigin())
  if (pointer) return openDataResponse(pointer)
  const board = await bulletinBoardSnapshot(db, params.id ?? '')
  if (!board) throw new Response('Not found', { status: 404 })
  return storedOpenDataResponse(request, board)
}
