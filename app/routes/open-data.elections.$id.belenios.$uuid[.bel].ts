import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { publicArchiveFile } from '../belenios/publish.server'
import { getDb } from '../lib/db.server'
import { belArchiveResponse } from '../lib/open-data'

// An election's Belenios archive (`<uuid>.bel`, issue #20): public from its Setup on, growing as
// voting goes on; the ETag is the hash of its last event, which names the whole chain.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const uuid = params.uuid ?? ''
  const archive = await publicArchiveFile(getDb(), params.id ?? '', uuid)
  if (!archive) throw new Response('Not found', { status: 404 })
  return belArchiveResponse(request, archive.bytes, archive.lastEventHash, uuid)
}
