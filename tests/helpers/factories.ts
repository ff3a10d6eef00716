import type { Role } from '../../db/schema'
import { signUp } from '../../app/auth/accounts.server'
import { createSession } from '../../app/auth/session.server'
import type { DB } from '../../app/lib/db.server'
import { nowIso } from '../../app/lib/ids.server'

let counter = 0

export async function createUser(
  db: DB,
  {
    roles = [] as Role[],
    password = 'correct horse battery',
    email,
  }: { roles?: Role[]; password?: string; email?: string } = {},
) {
  counter += 1
  const identifier = email ?? `person${counter}-${Date.now()}@example.org`
  const result = await signUp(db, {
    identifier,
    displayName: `Person ${counter}`,
    password,
    preferredLanguage: 'pt-BR',
  })
  if (!result.ok) throw new Error(result.error)
  const userId = result.value.userId
  for (const role of roles) {
    await db
      .insertInto('user_roles')
      .values({ user_id: userId, role, granted_by: null, granted_at: nowIso() })
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
  return { id: userId, email: identifier, password }
}

/** A Request carrying a real session cookie for `userId`. */
export async function requestAs(
  db: DB,
  userId: string | null,
  url: string,
  init: RequestInit = {},
): Promise<Request> {
  const headers = new Headers(init.headers)
  if (userId) {
    const { token } = await createSession(db, { userId })
    headers.set('Cookie', `mutirao_session=${token}`)
  }
  return new Request(new URL(url, 'http://localhost').href, { ...init, headers })
}

/** The request with one more cookie (a device or booth cookie beside the session's). */
export function withCookie(request: Request, cookie: string): Request {
  const headers = new Headers(request.headers)
  const existing = headers.get('Cookie')
  headers.set('Cookie', existing ? `${existing}; ${cookie}` : cookie)
  return new Request(request, { headers })
}

export function form(values: Record<string, string>): URLSearchParams {
  return new URLSearchParams(values)
}
