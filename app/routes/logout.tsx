import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { clearedSessionCookie, getSessionToken } from '../auth/guards.server'
import { invalidateSession } from '../auth/session.server'
import { getDb } from '../lib/db.server'
import { dropPendingClaim, pendingClaimCookie, pendingClaimToken } from '../registration/pending-claim.server'

// Logging out is always allowed (even with an expired session) and only by POST, so a link or an
// image on another site cannot sign anyone out.
export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const token = getSessionToken(request)
  if (token) await invalidateSession(getDb(), token)
  const headers = new Headers({ 'Set-Cookie': clearedSessionCookie() })
  // A claim verified on this browser (issue #18) must not wait for whoever signs in here next.
  const claim = pendingClaimToken(request)
  if (claim) {
    await dropPendingClaim(getDb(), claim)
    headers.append('Set-Cookie', pendingClaimCookie(null))
  }
  return redirect('/', { headers })
}
