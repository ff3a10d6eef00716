import type { IndicatorStatus } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'

// Monitoring: focal points post indicator updates for their bodies' actions; the secretariat
// publishes or returns them. Nothing shows on the public pages before it is published.

export type UpdateInput = {
  userId: string
  canReportForAnyBody: boolean
  indicatorId: string
  referenceDate: string
  value: number
  status: IndicatorStatus
  evidence: string
  evidenceUrl?: string
}

/** Reporters post for the actions their body is responsible for; the secretariat for any. */
export async function mayReportOn(
  db: DB,
  input: { userId: string; indicatorId: string; canReportForAnyBody: boolean },
): Promise<boolean> {
  if (input.canReportForAnyBody) return true
  const row = await db
    .selectFrom('plan_indicators as i')
    .innerJoin('plan_action_bodies as ab', 'ab.action_id', 'i.action_id')
    .innerJoin('plan_body_staff as s', 's.body_id', 'ab.body_id')
    .select('i.id')
    .where('i.id', '=', input.indicatorId)
    .where('s.user_id', '=', input.userId)
    .executeTakeFirst()
  return Boolean(row)
}

export async function postUpdate(
  db: DB,
  input: UpdateInput,
): Promise<Result<{ id: string }, 'not_found' | 'not_your_body' | 'edition_not_in_force'>> {
  const found = await db
    .selectFrom('plan_indicators as i')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .select(['e.status'])
    .where('i.id', '=', input.indicatorId)
    .executeTakeFirst()
  if (!found) return err('not_found')
  if (found.status !== 'in_force') return err('edition_not_in_force')
  if (!(await mayReportOn(db, input))) return err('not_your_body')
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('indicator_updates')
      .values({
        id,
        indicator_id: input.indicatorId,
        reference_date: input.referenceDate,
        value: input.value,
        status: input.status,
        evidence: input.evidence,
        evidence_url: input.evidenceUrl ?? null,
        review: 'pending',
        review_note: null,
        submitted_by: input.userId,
        submitted_at: nowIso(),
        reviewed_by: null,
        reviewed_at: null,
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.userId,
      action: 'plan.update',
      entityType: 'plan_indicator',
      entityId: input.indicatorId,
      after: { value: input.value, status: input.status, reference_date: input.referenceDate },
    })
  })
  return ok({ id })
}

export async function pendingUpdates(db: DB) {
  return db
    .selectFrom('indicator_updates as u')
    .innerJoin('plan_indicators as i', 'i.id', 'u.indicator_id')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .leftJoin('users as s', 's.id', 'u.submitted_by')
    .select([
      'u.id',
      'u.reference_date',
      'u.value',
      'u.status',
      'u.evidence',
      'u.evidence_url',
      'u.submitted_at',
      's.display_name as submitted_by_name',
      'i.id as indicator_id',
      'i.code as indicator_code',
      'i.name_i18n',
      'i.unit',
      'i.baseline',
      'i.target',
      'a.code as action_code',
    ])
    .where('u.review', '=', 'pending')
    .orderBy('u.submitted_at')
    .execute()
}

/** The secretariat publishes or returns (with a note) a pending update; two reviewers cannot both act. */
export async function reviewUpdate(
  db: DB,
  input: { actorUserId: string; updateId: string; decision: 'publish' | 'return'; note?: string },
): Promise<Result<null, 'not_found' | 'already_reviewed' | 'note_required'>> {
  if (input.decision === 'return' && !input.note) return err('note_required', 'note')
  return db.transaction().execute(async (trx) => {
    const u = await trx
      .selectFrom('indicator_updates')
      .select(['review', 'indicator_id'])
      .where('id', '=', input.updateId)
      .executeTakeFirst()
    if (!u) return err('not_found')
    const done = await trx
      .updateTable('indicator_updates')
      .set({
        review: input.decision === 'publish' ? 'published' : 'returned',
        review_note: input.note ?? null,
        reviewed_by: input.actorUserId,
        reviewed_at: nowIso(),
      })
      .where('id', '=', input.updateId)
      .where('review', '=', 'pending')
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('already_reviewed')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: `plan.${input.decision}`,
      entityType: 'indicator_update',
      entityId: input.updateId,
      after: { indicator: u.indicator_id, note: input.note ?? null },
    })
    return ok(null)
  })
}

/** Indicators a focal point reports on: those of the actions their bodies lead or share, in plans in force. */
export async function myIndicators(db: DB, userId: string) {
  return db
    .selectFrom('plan_body_staff as s')
    .innerJoin('plan_action_bodies as ab', 'ab.body_id', 's.body_id')
    .innerJoin('plan_actions as a', 'a.id', 'ab.action_id')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .innerJoin('plan_indicators as i', 'i.action_id', 'a.id')
    .innerJoin('plan_bodies as b', 'b.id', 's.body_id')
    .select(['i.id', 'i.code', 'i.name_i18n', 'a.code as action_code', 'b.code as body_code'])
    .where('s.user_id', '=', userId)
    .where('e.status', '=', 'in_force')
    .orderBy('a.code')
    .orderBy('i.position')
    .execute()
}
