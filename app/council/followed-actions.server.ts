import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { err, ok, type Result } from '../lib/result'
import { getBody } from './bodies.server'

// The Municipal Plan actions a council body follows (issue #18, ADR 022): chosen by the secretariat
// on the body's page; the body's serving members see them, with their published monitoring, in
// their workspace and may comment there. Only actions of a plan edition in force can be added.

export type FollowError = 'not_found' | 'unknown_action' | 'already_followed' | 'not_followed'

/** The actions the body follows, by code. */
export async function followedBy(db: DB, bodyId: string) {
  return db
    .selectFrom('council_body_plan_actions as f')
    .innerJoin('plan_actions as a', 'a.id', 'f.action_id')
    .select(['a.id', 'a.code', 'a.title_i18n'])
    .where('f.body_id', '=', bodyId)
    .orderBy('a.code')
    .execute()
}

/** The actions the body follows, and the in-force actions it could add (by code). */
export async function bodyPlanActions(db: DB, bodyId: string) {
  const followed = await followedBy(db, bodyId)
  const available = await db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .select(['a.id', 'a.code', 'a.title_i18n'])
    .where('e.status', '=', 'in_force')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('council_body_plan_actions as f')
            .select('f.action_id')
            .where('f.body_id', '=', bodyId)
            .whereRef('f.action_id', '=', 'a.id'),
        ),
      ),
    )
    .orderBy('a.code')
    .execute()
  return { followed, available }
}

export async function followPlanAction(
  db: DB,
  input: { actorUserId: string; bodyId: string; actionId: string },
): Promise<Result<null, FollowError>> {
  return db.transaction().execute(async (trx) => {
    if (!(await getBody(trx, input.bodyId))) return err('not_found')
    const action = await trx
      .selectFrom('plan_actions as a')
      .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
      .select('a.id')
      .where('a.id', '=', input.actionId)
      .where('e.status', '=', 'in_force')
      .executeTakeFirst()
    if (!action) return err('unknown_action', 'actionId')
    // The primary key decides between two identical posts at once.
    const added = await trx
      .insertInto('council_body_plan_actions')
      .values({ body_id: input.bodyId, action_id: action.id })
      .onConflict((oc) => oc.columns(['body_id', 'action_id']).doNothing())
      .executeTakeFirst()
    if (Number(added.numInsertedOrUpdatedRows ?? 0n) !== 1) return err('already_followed', 'actionId')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.follow_action',
      entityType: 'council_body',
      entityId: input.bodyId,
      after: { action: action.id },
    })
    return ok(null)
  })
}

/** The body stops following the action; members' comments already written stay with the updates. */
export async function unfollowPlanAction(
  db: DB,
  input: { actorUserId: string; bodyId: string; actionId: string },
): Promise<Result<null, FollowError>> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('council_body_plan_actions')
      .where('body_id', '=', input.bodyId)
      .where('action_id', '=', input.actionId)
      .executeTakeFirst()
    if (Number(removed.numDeletedRows) !== 1) return err('not_followed')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.unfollow_action',
      entityType: 'council_body',
      entityId: input.bodyId,
      before: { action: input.actionId },
    })
    return ok(null)
  })
}
