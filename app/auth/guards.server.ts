import { redirect } from '@remix-run/node'
import { hasBoothCookie } from '../elections/booth-lock'
import { getDb, type DB } from '../lib/db.server'
import { getEnv, publicOrigin } from '../lib/env.server'
import { can, type Action, type Actor } from './permissions'
import { SESSION_TTL_MS, validateSessionToken, type SessionUser } from './session.server'

// Route modules call these; they are the only bridge between a request and the permission module.

export function sessionCookieName(): string {
  // __Host- pins the cookie to this host, path / and HTTPS (browsers treat localhost as secure).
  return getEnv().cookieSecure ? '__Host-mutirao_session' : 'mutirao_session'
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}

/**
 * The session cookie. `persistent: false` ("this is a shared computer"): no Expires, so the browser
 * forgets it when it closes; the server ends that session after a working day anyway.
 */
export function sessionCookie(token: string, expiresAt: Date, { persistent = true } = {}): string {
  const attrs = [`${sessionCookieName()}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax']
  if (persistent) attrs.push(`Expires=${expiresAt.toUTCString()}`)
  if (getEnv().cookieSecure) attrs.push('Secure')
  return attrs.join('; ')
}

export function clearedSessionCookie(): string {
  const attrs = [`${sessionCookieName()}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
  if (getEnv().cookieSecure) attrs.push('Secure')
  return attrs.join('; ')
}

export function getSessionToken(request: Request): string | null {
  const token = readCookie(request, sessionCookieName())
  return token && /^[a-z2-7]{32}$/.test(token) ? token : null
}

export type CurrentSession = { user: SessionUser; refreshCookie: string | null; persistent: boolean } | null

export async function getCurrentSession(request: Request, db: DB = getDb()): Promise<CurrentSession> {
  // A device in booth state holds no session (issue #16.12): whatever session cookie it may still
  // send is ignored until the poll worker leaves the booth with their password.
  if (hasBoothCookie(request.headers.get('Cookie'))) return null
  const token = getSessionToken(request)
  if (!token) return null
  const session = await validateSessionToken(db, { token })
  if (!session) return null
  // Re-send the cookie when the session was just extended (by this or a parallel loader).
  const fresh = session.renewed || session.expiresAt.getTime() - Date.now() > SESSION_TTL_MS - 60_000
  return {
    user: session.user,
    persistent: session.persistent,
    refreshCookie: fresh ? sessionCookie(token, session.expiresAt, { persistent: session.persistent }) : null,
  }
}

export async function getActor(request: Request, db: DB = getDb()): Promise<SessionUser | null> {
  return (await getCurrentSession(request, db))?.user ?? null
}

export function toActor(user: SessionUser | null): Actor {
  return user ? { id: user.id, roles: user.roles } : null
}

export async function requireUser(request: Request, db: DB = getDb()): Promise<SessionUser> {
  const user = await getActor(request, db)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  return user
}

/**
 * Anonymous visitors are sent to log in; signed-in people without the permission get 403.
 * Returns the user (or null when the action is open to anonymous visitors).
 */
export async function requirePermission(
  request: Request,
  action: Action,
  resource?: unknown,
  db: DB = getDb(),
): Promise<SessionUser | null> {
  return permittedFor(request, await getActor(request, db), action, resource)
}

/**
 * requirePermission for a person already looked up in this request (a form post checks two
 * permissions; the session is read once, issue #22).
 */
export function permittedFor(
  request: Request,
  user: SessionUser | null,
  action: Action,
  resource?: unknown,
): SessionUser | null {
  if (can(toActor(user), action, resource)) return user
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  throw new Response('Forbidden', { status: 403 })
}

/**
 * requirePermission for permissions only a signed-in person can hold: returns the user, never null
 * (an anonymous visitor is sent to log in even if the permission were ever opened to everyone).
 */
export async function requirePermittedUser(
  request: Request,
  action: Action,
  resource?: unknown,
  db: DB = getDb(),
): Promise<SessionUser> {
  const user = await requirePermission(request, action, resource, db)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  return user
}

const hasControlOrBackslash = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true
  }
  return false
}

/**
 * Only paths on this site: an open redirect would let a phishing link borrow our domain. Browsers
 * drop tabs and newlines from URLs and read `\\` as `/`, so `/\t/evil.example` and `/\\evil` are
 * `//evil…` to them (issue #16.7): the path is resolved as a browser would, and kept only when it
 * stays on our origin; what goes out is the resolved path, never the raw text.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || to.length > 2000 || !to.startsWith('/')) return fallback
  if (to.startsWith('//') || hasControlOrBackslash(to)) return fallback
  const base = new URL(publicOrigin())
  let resolved: URL
  try {
    resolved = new URL(to, base)
  } catch {
    return fallback
  }
  if (resolved.origin !== base.origin || resolved.pathname.startsWith('//')) return fallback
  return `${resolved.pathname}${resolved.search}${resolved.hash}`
}
