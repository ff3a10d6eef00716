import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { randomBytes } from 'node:crypto'
import type { Role } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'
import { preparedQuery, type Param } from '../lib/prepared-query.server'

// Lucia's documented session design (docs/decisions/001-sessions.md): a random token lives only in
// the cookie; the database keeps its SHA-256, so a leaked database cannot be replayed as cookies.
//
// Lifetimes (issue #16.8, ADR 001): a session ends after SESSION_TTL_MS without use (sliding: used in
// the second half of that time, it is extended), and in any case ABSOLUTE_TTL_MS after it began,
// however much it is used. Staff roles, who can see and change other people's data, get a working
// day; a "shared computer" session (`persistent` false: its cookie ends with the browser) too.
const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
export const SESSION_TTL_MS = 14 * DAY
const RENEW_WHEN_LEFT_MS = 7 * DAY
export const ABSOLUTE_TTL_MS = 30 * DAY
export const SHORT_ABSOLUTE_TTL_MS = 12 * HOUR
export const STAFF_ROLES: readonly Role[] = ['admin', 'secretariat', 'electoral_commission', 'moderator']

function absoluteTtlMs({ persistent, roles }: { persistent: boolean; roles: readonly Role[] }): number {
  return !persistent || roles.some((r) => STAFF_ROLES.includes(r)) ? SHORT_ABSOLUTE_TTL_MS : ABSOLUTE_TTL_MS
}

// Read at every signed-in request: compiled once (app/lib/prepared-query.server.ts).
const rolesOfUser = preparedQuery((db, param: Param<{ userId: string }>) =>
  db.selectFrom('user_roles').select('role').where('user_id', '=', param('userId')),
)

async function rolesOf(db: DB, userId: string): Promise<Role[]> {
  const rows = await rolesOfUser.execute(db, { userId })
  return rows.map((r) => r.role)
}

// The session, its person and their roles in one read (a row per role; one with a null role for a
// person without any): the first query of every signed-in request.
const sessionWithUser = preparedQuery((db, param: Param<{ id: string }>) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select([
      'sessions.expires_at',
      'sessions.created_at',
      'sessions.persistent',
      'users.id as user_id',
      'users.display_name',
      'users.email',
      'users.phone',
      'users.preferred_language',
      'users.erased_at',
      'user_roles.role',
    ])
    .where('sessions.id', '=', param('id')),
)

export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20))
}

export function sessionIdFromToken(token: string): string {
  return sha256Hex(token)
}

export async function createSession(
  db: DB,
  { userId, now = new Date(), persistent = true }: { userId: string; now?: Date; persistent?: boolean },
) {
  const token = generateSessionToken()
  const ttl = Math.min(SESSION_TTL_MS, absoluteTtlMs({ persistent, roles: await rolesOf(db, userId) }))
  const session = {
    id: sessionIdFromToken(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ttl).toISOString(),
    persistent: persistent ? 1 : 0,
  }
  await db.insertInto('sessions').values(session).execute()
  return { token, expiresAt: new Date(session.expires_at), persistent }
}

export type SessionUser = {
  id: string
  displayName: string
  email: string | null
  phone: string | null
  preferredLanguage: string
  roles: Role[]
}

export type ValidatedSession = { user: SessionUser; expiresAt: Date; renewed: boolean; persistent: boolean }

export async function validateSessionToken(
  db: DB,
  { token, now = new Date() }: { token: string; now?: Date },
): Promise<ValidatedSession | null> {
  const id = sessionIdFromToken(token)
  const rows = await sessionWithUser.execute(db, { id })
  const row = rows[0]
  if (!row) return null
  const persistent = row.persistent !== 0
  const roles = rows.flatMap((r) => (r.role === null ? [] : [r.role]))
  // Roles are read at each request: a session that gains a staff role is shortened from then on.
  const endsAt = new Date(row.created_at).getTime() + absoluteTtlMs({ persistent, roles })
  let expiresAt = new Date(row.expires_at)
  if (now >= expiresAt || now.getTime() >= endsAt || row.erased_at) {
    await db.deleteFrom('sessions').where('id', '=', id).execute()
    return null
  }
  let renewed = false
  const extended = Math.min(now.getTime() + SESSION_TTL_MS, endsAt)
  if (expiresAt.getTime() - now.getTime() < RENEW_WHEN_LEFT_MS && extended > expiresAt.getTime()) {
    expiresAt = new Date(extended)
    await db
      .updateTable('sessions')
      .set({ expires_at: expiresAt.toISOString() })
      .where('id', '=', id)
      .execute()
    renewed = true
  }
  return {
    user: {
      id: row.user_id,
      displayName: row.display_name,
      email: row.email,
      phone: row.phone,
      preferredLanguage: row.preferred_language,
      roles,
    },
    expiresAt,
    renewed,
    persistent,
  }
}

export async function invalidateSession(db: DB, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionIdFromToken(token)).execute()
}

export async function invalidateUserSessions(db: DB, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}
