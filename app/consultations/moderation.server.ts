import type { AnswerKind } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { notify } from '../notices/notify.server'
import { targetsExist, type Target } from './authoring.server'
import { takesAnswers } from './status'

// The secretariat and moderators after people have spoken: reported contributions hidden (with a
// reason that stays in their place) or kept, and the council's official answers.

export async function moderationQueue(db: DB, consultationId: string) {
  return db
    .selectFrom('contributions as c')
    .innerJoin('contribution_reports as r', 'r.contribution_id', 'c.id')
    .select([
      'c.id',
      'c.body',
      'c.author_name',
      'c.language',
      'c.paragraph_id',
      'c.created_at',
      (eb) => eb.fn.countAll<number>().as('reports'),
      (eb) => eb.fn.max('r.reason').as('a_reason'),
    ])
    .where('c.consultation_id', '=', consultationId)
    .where('r.resolved_at', 'is', null)
    .where('c.hidden_at', 'is', null)
    .groupBy(['c.id', 'c.body', 'c.author_name', 'c.language', 'c.paragraph_id', 'c.created_at'])
    .orderBy('reports', 'desc')
    .execute()
}

export async function hideContribution(
  db: DB,
  input: { actorUserId: string; contributionId: string; reason: string },
): Promise<Result<null, 'not_found' | 'already_hidden'>> {
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('contributions')
      .select(['hidden_at', 'consultation_id'])
      .where('id', '=', input.contributionId)
      .executeTakeFirst()
    if (!c) return err('not_found')
    if (c.hidden_at) return err('already_hidden')
    const at = nowIso()
    await trx
      .updateTable('contributions')
      .set({ hidden_at: at, hidden_by: input.actorUserId, hidden_reason: input.reason })
      .where('id', '=', input.contributionId)
      .where('hidden_at', 'is', null)
      .execute()
    await trx
      .updateTable('contribution_reports')
      .set({ resolved_at: at })
      .where('contribution_id', '=', input.contributionId)
      .where('resolved_at', 'is', null)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.hide',
      entityType: 'contribution',
      entityId: input.contributionId,
      after: { reason: input.reason },
    })
    return ok(null)
  })
}

/** A moderator keeps a reported contribution visible: its reports are closed, not deleted. */
export async function dismissReports(
  db: DB,
  input: { actorUserId: string; contributionId: string },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('contribution_reports')
      .set({ resolved_at: nowIso() })
      .where('contribution_id', '=', input.contributionId)
      .where('resolved_at', 'is', null)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) return err('not_found')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.keep',
      entityType: 'contribution',
      entityId: input.contributionId,
    })
    return ok(null)
  })
}

export type AnswerInput = {
  actorUserId: string
  contributionId: string
  answer: AnswerKind
  text: string
  target?: Target
  note?: string
  origin?: string
}
export type AnswerError =
  'not_found' | 'wrong_status' | 'hidden' | 'unknown_target' | 'target_needs_acceptance'

/**
 * The council's official answer. An accepted (or partly accepted) contribution may be linked to the
 * plan action or campaign it changed — that link is what the report and the plan's traceability show.
 * The author is told by message in their own language.
 */
export async function answerContribution(db: DB, input: AnswerInput): Promise<Result<null, AnswerError>> {
  if (input.target && input.answer === 'not_accepted') return err('target_needs_acceptance', 'target')
  if (input.target && !(await targetsExist(db, [input.target]))) return err('unknown_target', 'target')
  const done = await db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('contributions as c')
      .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
      .select([
        'c.hidden_at',
        'c.user_id',
        'c.answer',
        'c.paragraph_id',
        'k.status',
        'k.title_i18n',
        'k.id as consultation_id',
      ])
      .where('c.id', '=', input.contributionId)
      .executeTakeFirst()
    if (!c) return err('not_found')
    if (!takesAnswers(c.status)) return err('wrong_status')
    if (c.hidden_at) return err('hidden')
    const at = nowIso()
    await trx
      .updateTable('contributions')
      .set({ answer: input.answer, answer_text: input.text, answered_by: input.actorUserId, answered_at: at })
      .where('id', '=', input.contributionId)
      .execute()
    // A new answer replaces the links of the previous one, so the record says what the final answer says.
    await trx.deleteFrom('outcome_links').where('contribution_id', '=', input.contributionId).execute()
    if (input.target) {
      await trx
        .insertInto('outcome_links')
        .values({
          id: newId(),
          contribution_id: input.contributionId,
          proposal_id: null,
          action_id: input.target.kind === 'action' ? input.target.id : null,
          campaign_id: input.target.kind === 'campaign' ? input.target.id : null,
          note: input.note ?? null,
          created_by: input.actorUserId,
          created_at: at,
        })
        .execute()
    }
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.answer',
      entityType: 'contribution',
      entityId: input.contributionId,
      before: { answer: c.answer },
      after: { answer: input.answer, target: input.target ?? null },
    })
    return ok({
      userId: c.user_id,
      title: c.title_i18n,
      link: `${input.origin ?? ''}/consultations/${c.consultation_id}/p/${c.paragraph_id ?? 'general'}#c-${input.contributionId}`,
    })
  })
  if (!done.ok) return done
  const { userId, title, link } = done.value
  if (userId) await notifyAuthor(db, { userId, titleI18n: title, link, answer: input.answer })
  return ok(null)
}

async function notifyAuthor(
  db: DB,
  {
    userId,
    titleI18n,
    link,
    answer,
  }: { userId: string; titleI18n: string; link: string; answer: AnswerKind },
) {
  await notify(db, {
    userId,
    template: 'consultation_answer',
    params: { title: { i18n: titleI18n }, answer: { t: `answers.${answer}` } },
    link,
  })
}

const UNANSWERED_SHOWN = 50

/** Visible contributions still waiting for an answer, oldest first, for the secretariat. */
export async function unansweredContributions(db: DB, consultationId: string) {
  return db
    .selectFrom('contributions')
    .select(['id', 'paragraph_id', 'author_name', 'language', 'body', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .where('parent_id', 'is', null)
    .where('hidden_at', 'is', null)
    .where('answer', 'is', null)
    .orderBy('created_at')
    .limit(UNANSWERED_SHOWN)
    .execute()
}
