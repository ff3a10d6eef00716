import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { Actor } from '../auth/permissions'
import type { DB } from '../lib/db.server'
import { newId } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { counselOn, type CounselError } from './workspace.server'

// Comments a serving member writes (issue #18): on minutes circulated to the body's members, until
// they are approved; and on monitoring updates of the plan actions the body follows. Both are read
// by the secretariat; neither is public.

export type MinutesCommentError = CounselError | 'not_found' | 'not_circulated' | 'comments_closed'

export async function commentOnMinutes(
  db: DB,
  input: { actor: Actor; meetingId: string; text: string; now?: Date },
): Promise<Result<{ id: string }, MinutesCommentError>> {
  const now = input.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('minutes as n')
      .innerJoin('meetings as m', 'm.id', 'n.meeting_id')
      .select(['n.id', 'n.status', 'm.body_id'])
      .where('n.meeting_id', '=', input.meetingId)
      .executeTakeFirst()
    if (!row) return err('not_found')
    const who = await counselOn(trx, { actor: input.actor, bodyId: row.body_id, now })
    if (!who.ok) return who
    if (row.status === 'draft') return err('not_circulated')
    if (row.status !== 'circulated') return err('comments_closed')
    return ok(
      await writeComment(trx, { on: 'minutes', parentId: row.id, who: who.value, text: input.text, now }),
    )
  })
}

/** Comments on a meeting's minutes, for the secretariat and the body's members. */
export async function minutesComments(db: DB, meetingId: string) {
  return db
    .selectFrom('minutes_comments as c')
    .innerJoin('minutes as n', 'n.id', 'c.minutes_id')
    .innerJoin('body_members as bm', 'bm.id', 'c.member_id')
    .select(['c.id', 'c.text', 'c.created_at', 'bm.display_name'])
    .where('n.meeting_id', '=', meetingId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute()
}

export type MonitoringCommentError = CounselError | 'not_found' | 'not_followed'

/**
 * A comment on a published monitoring update, by a member of a body that follows the update's plan
 * action. `bodyId` says in which capacity the member writes (a person may sit on two bodies).
 */
export async function commentOnUpdate(
  db: DB,
  input: { actor: Actor; bodyId: string; updateId: string; text: string; now?: Date },
): Promise<Result<{ id: string }, MonitoringCommentError>> {
  const now = input.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    const update = await trx
      .selectFrom('indicator_updates as u')
      .innerJoin('plan_indicators as i', 'i.id', 'u.indicator_id')
      .select(['u.id', 'i.action_id', 'u.review'])
      .where('u.id', '=', input.updateId)
      .executeTakeFirst()
    if (!update || update.review !== 'published') return err('not_found')
    const who = await counselOn(trx, { actor: input.actor, bodyId: input.bodyId, now })
    if (!who.ok) return who
    const followed = await trx
      .selectFrom('council_body_plan_actions')
      .select('action_id')
      .where('body_id', '=', input.bodyId)
      .where('action_id', '=', update.action_id)
      .executeTakeFirst()
    if (!followed) return err('not_followed')
    return ok(
      await writeComment(trx, { on: 'update', parentId: update.id, who: who.value, text: input.text, now }),
    )
  })
}

/** Where a comment goes and how its audit entry names it: minutes, or a monitoring update. */
const COMMENT_ON = {
  minutes: { action: 'council.comment_minutes', entityType: 'minutes' },
  update: { action: 'council.comment_monitoring', entityType: 'indicator_update' },
} as const

/** Stores a member's comment and its audit entry, inside the command's transaction. */
async function writeComment(
  trx: Transaction<Database>,
  input: {
    on: keyof typeof COMMENT_ON
    parentId: string
    who: { memberId: string; userId: string }
    text: string
    now: Date
  },
): Promise<{ id: string }> {
  const id = newId()
  const row = {
    id,
    member_id: input.who.memberId,
    user_id: input.who.userId,
    text: input.text,
    created_at: input.now.toISOString(),
  }
  if (input.on === 'minutes')
    await trx
      .insertInto('minutes_comments')
      .values({ ...row, minutes_id: input.parentId })
      .execute()
  else
    await trx
      .insertInto('monitoring_comments')
      .values({ ...row, update_id: input.parentId })
      .execute()
  await appendAudit(trx, {
    actorUserId: input.who.userId,
    ...COMMENT_ON[input.on],
    entityId: input.parentId,
    after: { comment: id },
  })
  return { id }
}
