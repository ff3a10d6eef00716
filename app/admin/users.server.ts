import { sql } from 'kysely'
import { appendAudit } from '../audit/audit.server'
import type { Role } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'

export async function listUsers(
  db: DB,
  { q, page, pageSize = 25 }: { q?: string; page: number; pageSize?: number },
) {
  let query = db.selectFrom('users').where('erased_at', 'is', null)
  if (q) {
    const like = `%${q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`
    // ESCAPE is explicit: SQLite has no default escape character for LIKE.
    query = query.where(
      sql<boolean>`(lower(display_name) like ${like} escape '\\' or email like ${like} escape '\\' or phone like ${like} escape '\\')`,
    )
  }
  const users = await query
    .select(['id', 'display_name', 'email', 'phone', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute()
  const ids = users.map((u) => u.id)
  const roles = ids.length
    ? await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', ids).execute()
    : []
  return {
    users: users
      .slice(0, pageSize)
      .map((u) => ({ ...u, roles: roles.filter((r) => r.user_id === u.id).map((r) => r.role) })),
    hasMore: users.length > pageSize,
  }
}

export async function setRole(
  db: DB,
  input: { actorUserId: string; userId: string; role: Role; grant: boolean },
): Promise<Result<{ changed: boolean }, 'user_not_found' | 'cannot_remove_own_admin'>> {
  if (!input.grant && input.role === 'admin' && input.userId === input.actorUserId) {
    // Guards against locking every admin out by accident.
    return err('cannot_remove_own_admin')
  }
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.userId)
      .where('erased_at', 'is', null)
      .executeTakeFirst()
    if (!user) return err('user_not_found')
    const changed = input.grant
      ? (
          await trx
            .insertInto('user_roles')
            .values({
              user_id: input.userId,
              role: input.role,
              granted_by: input.actorUserId,
              granted_at: nowIso(),
            })
            .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
            .executeTakeFirst()
        ).numInsertedOrUpdatedRows === 1n
      : Number(
          (
            await trx
              .deleteFrom('user_roles')
              .where('user_id', '=', input.userId)
              .where('role', '=', input.role)
              .executeTakeFirst()
          ).numDeletedRows,
        ) === 1
    if (changed) {
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: input.grant ? 'role.grant' : 'role.revoke',
        entityType: 'user',
        entityId: input.userId,
        before: { role: input.role, held: !input.grant },
        after: { role: input.role, held: input.grant },
      })
    }
    return ok({ changed })
  })
}
