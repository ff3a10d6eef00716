import { json, type ActionFunctionArgs } from '@remix-run/node'
import { requirePermission } from '../auth/guards.server'
import { inBoothState, readBoothToken, readDeviceToken } from '../elections/booth-cookies.server'
import { currentBooth } from '../elections/booth.server'
import { boothEncryptionInput } from '../elections/voting.server'
import { getDb } from '../lib/db.server'

// The booth's encryption input (issue #20, ADR 036): as /elections/$id/vote/encryption, for the one
// voter whose ballot the poll worker opened on this device. POST (same-origin check), no-store; the
// booth and device cookies are the credential, as on /booth. No loader: a GET is answered 405.

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, 'elections.booth')
  const db = getDb()
  const booth = inBoothState(request)
    ? await currentBooth(db, { boothToken: readBoothToken(request), deviceToken: readDeviceToken(request) })
    : null
  if (!booth?.ballot) return json({ error: 'booth_closed' }, { status: 409, headers: NO_STORE })
  const found = await boothEncryptionInput(db, {
    electionId: booth.electionId,
    tokenHash: booth.ballot.tokenHash,
  })
  if (!found.ok) return json({ error: found.error }, { status: 409, headers: NO_STORE })
  return json(found.value, { headers: NO_STORE })
}
