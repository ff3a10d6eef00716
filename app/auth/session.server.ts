import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { randomBytes } from 'node:crypto'
import type { Role } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'

// Lucia's documented session design (docs/decisions/001-sessions.md): a random token lives only in
// the cookie; the database keeps its SHA-256, so a leaked database cannot be replayed as cookies.
const DAY = 24 * 60 * 60 * 1000
export const SESSION_TTL_MS = 30 * DAY
const RENEW_WHEN_LEFT_MS = 15 * DAY

export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(20))
}

export function sessionIdFromToken(token: string): string {
  return sha256Hex(token)
}

export async function createSession(db: DB, { userId, now = new Date() }: { userId: string; now?: Date }) {
  const token = generateSessionToken()
  const session = {
    id: sessionIdFromToken(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  }
  await db.insertInto('sessions').values(session).execute()
  return { token, expiresAt: new Date(session.expires_at) }
}

export type SessionUser = {
  id: string
  displayName: string
  email: string | null
  phone: string | null
  preferredLanguage: string
  roles: Role[]
}

export type ValidatedSession = { user: SessionUser; expiresAt: Date; renewed: boolean }

export async function validateSessionToken(
  db: DB,
  { token, now = new Date() }: { token: string; now?: Date },
): Promise<ValidatedSession | null> {
  const id = sessionIdFromToken(token)
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.expires_at',
      'users.id as user_id',
      'users.display_name',
      'users.email',
      'users.phone',
      'users.preferred_language',
      'users.erased_at',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  let expiresAt = new Date(row.expires_at)
  if (now >= expiresAt || row.erased_at) {
    await db.deleteFrom('sessions').where('id', '=', id).execute()
    return null
  }
  let renewed = false
  if (expiresAt.getTime() - now.getTime() < RENEW_WHEN_LEFT_MS) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
    await db
      .updateTable('sessions')
      .set({ expires_at: expiresAt.toISOString() })
      .where('id', '=', id)
      .execute()
    renewed = true
  }
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', row.user_id).execute()
  return {
    user: {
      id: row.user_id,
      displayName: row.display_name,
      email: row.email,
      phone: row.phone,
      preferredLanguage: row.preferred_language,
      roles: roles.map((r) => r.role),
    },
    expiresAt,
    renewed,
  }
}

export async function invalidateSession(db: DB, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionIdFromToken(token)).execute()
}

export async function invalidateUserSessions(db: DB, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}
