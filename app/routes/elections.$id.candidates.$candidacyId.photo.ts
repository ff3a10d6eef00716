import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { publicCandidatePhoto } from '../elections/candidacies.server'
import { getDb } from '../lib/db.server'
import { readUpload, sniffMimeType } from '../lib/uploads.server'

// A candidate's photo is public once their candidacy is accepted and the list is published.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const key = await publicCandidatePhoto(getDb(), params.candidacyId ?? '')
  if (!key) throw new Response('Not found', { status: 404 })
  const data = await readUpload(key)
  const mime = sniffMimeType(data)
  if (!mime?.startsWith('image/')) throw new Response('Not found', { status: 404 })
  return new Response(new Uint8Array(data), {
    headers: {
      'Content-Type': mime,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
