import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermittedUser } from '../auth/guards.server'
import { openProofForReview } from '../elections/candidacy-proofs.server'
import { getDb } from '../lib/db.server'

// An organisation's proof of work in the city (#17) is shown only to the electoral commission,
// never cached, never sniffed as HTML, and each opening is audited (like identity documents).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'elections.viewCandidacyProof')
  const proof = await openProofForReview(getDb(), {
    actorUserId: user.id,
    electionId: params.id ?? '',
    candidacyId: params.candidacyId ?? '',
    proofId: params.proofId ?? '',
  })
  if (!proof.ok) throw new Response('Not found', { status: 404 })
  return new Response(new Uint8Array(proof.value.body), {
    headers: {
      'Content-Type': proof.value.mimeType,
      'Content-Disposition': 'inline',
      'Cache-Control': 'no-store, private',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    },
  })
}
