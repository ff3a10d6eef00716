import type { LoaderFunctionArgs } from '@remix-run/node'
import { appendAudit } from '../audit/audit.server'
import { requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { readUpload } from '../lib/uploads.server'
import { getDocumentForReview } from '../registration/registrations.server'

// Identity documents are shown only to the secretariat, never cached, never sniffed as HTML, and
// each viewing is audited.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = (await requirePermission(request, 'registration.viewDocument'))!
  const db = getDb()
  const doc = await getDocumentForReview(db, params.id ?? '', params.docId ?? '')
  if (!doc) throw new Response('Not found', { status: 404 })
  const body = await readUpload(doc.storage_key).catch(() => null)
  if (!body) throw new Response('Not found', { status: 404 })
  await appendAudit(db, {
    actorUserId: actor.id,
    action: 'registration.document.view',
    entityType: 'voter_registration',
    entityId: params.id ?? null,
    after: { kind: doc.kind },
  })
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': doc.mime_type,
      'Content-Disposition': 'inline',
      'Cache-Control': 'no-store, private',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    },
  })
}
