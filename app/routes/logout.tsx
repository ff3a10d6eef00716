import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { clearedSessionCookie, getSessionToken } from '../auth/guards.server'
import { invalidateSession } from '../auth/session.server'
import { getDb } from '../lib/db.server'

// Logging out is always allowed (even with an expired session) and only by POST, so a link or an
// image on another site cannot sign anyone out.
export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const token = getSessionToken(request)
  if (token) await invalidateSession(getDb(), token)
  return redirect('/', { headers: { 'Set-Cookie': clearedSessionCookie() } })
}
