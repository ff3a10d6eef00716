import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import {
  ceremonyCertificates,
  memberDecryptionKey,
  memberVinput,
  trusteeUserIds,
} from '../elections/trustees.server'
import { getDb } from '../lib/db.server'

// The files a commission member downloads in the key ceremony and at the count (issue #20, ADR
// 035): certs.jsons (everyone's certificates), mine.vinput (their step-5 input) and mine.dkey
// (their encrypted share, served only to them). A resource route: the member page's links and its
// device panel fetch them; a page route's loader cannot answer a document request with a file.

const download = (name: string, body: string) =>
  new Response(body, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const electionId = params.id ?? ''
  const db = getDb()
  const trustees = await trusteeUserIds(db, electionId)
  const user = (await requirePermission(request, 'elections.trustee', { trusteeUserIds: trustees }))!
  const file = params.file
  const body =
    file === 'certs.jsons'
      ? await ceremonyCertificates(db, electionId)
      : file === 'mine.vinput'
        ? await memberVinput(db, electionId, user.id)
        : file === 'mine.dkey'
          ? await memberDecryptionKey(db, electionId, user.id)
          : null
  if (!body) throw new Response('Not found', { status: 404 })
  return download(file!, body)
}
