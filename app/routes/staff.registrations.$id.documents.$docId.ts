import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermittedUser } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { openDocumentForReview } from '../registration/document-files.server'

// Identity documents are shown only to the secretariat, never cached, never sniffed as HTML, and
// each viewing is audited.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'registration.viewDocument')
  const doc = await openDocumentForReview(getDb(), {
    actorUserId: user.id,
    registrationId: params.id ?? '',
    documentId: params.docId ?? '',
  })
  if (!doc) throw new Response('Not found', { status: 404 })
  return new Response(new Uint8Array(doc.body), {
    headers: {
      'Content-Type': doc.mimeType,
      'Content-Disposition': 'inline',
      'Cache-Control': 'no-store, private',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    },
  })
}
