import { json, type ActionFunctionArgs } from '@remix-run/node'
import { requirePermittedUser } from '../auth/guards.server'
import { ballotEncryptionInput } from '../elections/voting.server'
import { getDb } from '../lib/db.server'

// What the ballot page's script needs to encrypt on the voter's device (issue #20, ADR 036): per
// archive the election, the question → candidacy map and the voter's PRIVATE credential. It is never
// in the ballot page's HTML (which shared caches or a shoulder-surfed "view source" could keep): it
// is fetched by the script, with POST (so the server's same-origin check applies, and no cache or
// prefetch ever stores it), `no-store`, and the ballot page's own permission and voter checks.
// No loader: a GET is answered 405 by Remix.

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermittedUser(request, 'elections.vote')
  const found = await ballotEncryptionInput(getDb(), { electionId: params.id ?? '', userId: user.id })
  if (!found.ok) return json({ error: found.error }, { status: 409, headers: NO_STORE })
  return json(found.value, { headers: NO_STORE })
}
