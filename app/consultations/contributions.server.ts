import { consumeQuota, type QuotaPolicy } from '../auth/throttle.server'
import type { Language } from '../i18n/config'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { acceptsContributions, cleanContribution, withinEditWindow } from './text'

// What residents do in an open consultation: comment on a paragraph (or the whole text), reply,
// correct their words for a short while, support, report, and answer the questions.

const COMMENT_POLICY: QuotaPolicy = { limit: 10, windowMs: 10 * 60_000 }
const ACTION_POLICY: QuotaPolicy = { limit: 120, windowMs: 10 * 60_000 }

export type ContributeError =
  | 'not_found'
  | 'closed'
  | 'account_too_new'
  | 'rate_limited'
  | 'unknown_paragraph'
  | 'unknown_parent'
  | 'empty'

/** Whether this person may contribute to this consultation now (open, in its dates, account old enough). */
async function contributionGate(
  db: DB,
  { consultationId, userId }: { consultationId: string; userId: string },
) {
  const c = await db
    .selectFrom('consultations')
    .select(['status', 'opens_at', 'closes_at', 'min_account_age_days'])
    .where('id', '=', consultationId)
    .executeTakeFirst()
  if (!c) return err('not_found' as const)
  if (!acceptsContributions(c)) return err('closed' as const)
  if (c.min_account_age_days > 0) {
    const user = await db
      .selectFrom('users')
      .select('created_at')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    if (Date.now() - new Date(user.created_at).getTime() < c.min_account_age_days * 86_400_000)
      return err('account_too_new' as const)
  }
  return ok(c)
}

export async function contribute(
  db: DB,
  input: {
    userId: string
    authorName: string
    consultationId: string
    paragraphId: string | null
    parentId?: string
    language: Language
    body: string
  },
): Promise<Result<{ id: string }, ContributeError>> {
  const gate = await contributionGate(db, input)
  if (!gate.ok) return gate
  const body = cleanContribution(input.body)
  if (!body) return err('empty', 'body')
  const key = `consultation-comment:${input.userId}`
  if (await consumeQuota(db, key, COMMENT_POLICY)) return err('rate_limited')
  let paragraphId = input.paragraphId
  let parentId: string | null = null
  if (input.parentId) {
    // Replies hang on the thread's first contribution, whatever they answer inside it.
    const parent = await db
      .selectFrom('contributions')
      .select(['id', 'parent_id', 'paragraph_id'])
      .where('id', '=', input.parentId)
      .where('consultation_id', '=', input.consultationId)
      .executeTakeFirst()
    if (!parent) return err('unknown_parent', 'parentId')
    parentId = parent.parent_id ?? parent.id
    paragraphId = parent.paragraph_id
  } else if (paragraphId !== null) {
    const p = await db
      .selectFrom('consultation_paragraphs')
      .select('id')
      .where('id', '=', paragraphId)
      .where('consultation_id', '=', input.consultationId)
      .executeTakeFirst()
    if (!p) return err('unknown_paragraph')
  }
  const id = newId()
  await db
    .insertInto('contributions')
    .values({
      id,
      consultation_id: input.consultationId,
      paragraph_id: paragraphId,
      parent_id: parentId,
      user_id: input.userId,
      author_name: input.authorName,
      language: input.language,
      body,
      created_at: nowIso(),
    })
    .execute()
  return ok({ id })
}

/** Authors may correct their words for a short while; every earlier wording is kept and shown. */
export async function editContribution(
  db: DB,
  input: { userId: string; contributionId: string; body: string },
): Promise<Result<null, 'not_found' | 'not_yours' | 'edit_window_over' | 'closed' | 'empty'>> {
  const body = cleanContribution(input.body)
  if (!body) return err('empty', 'body')
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('contributions as c')
      .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
      .select(['c.user_id', 'c.body', 'c.created_at', 'c.hidden_at', 'k.status', 'k.opens_at', 'k.closes_at'])
      .where('c.id', '=', input.contributionId)
      .executeTakeFirst()
    if (!c) return err('not_found')
    if (c.user_id !== input.userId || c.hidden_at) return err('not_yours')
    if (!acceptsContributions(c)) return err('closed')
    if (!withinEditWindow(c.created_at)) return err('edit_window_over')
    if (c.body === body) return ok(null)
    const at = nowIso()
    await trx
      .insertInto('contribution_revisions')
      .values({ id: newId(), contribution_id: input.contributionId, body: c.body, replaced_at: at })
      .execute()
    await trx
      .updateTable('contributions')
      .set({ body, edited_at: at })
      .where('id', '=', input.contributionId)
      .execute()
    return ok(null)
  })
}

/** One support per person per contribution (primary key), while the consultation is open. */
export async function supportContribution(
  db: DB,
  input: { userId: string; contributionId: string },
): Promise<Result<null, 'not_found' | 'closed' | 'already_supported' | 'rate_limited' | 'hidden'>> {
  const c = await db
    .selectFrom('contributions as c')
    .innerJoin('consultations as k', 'k.id', 'c.consultation_id')
    .select(['c.hidden_at', 'k.status', 'k.opens_at', 'k.closes_at'])
    .where('c.id', '=', input.contributionId)
    .executeTakeFirst()
  if (!c) return err('not_found')
  if (!acceptsContributions(c)) return err('closed')
  if (c.hidden_at) return err('hidden')
  const key = `consultation-action:${input.userId}`
  if (await consumeQuota(db, key, ACTION_POLICY)) return err('rate_limited')
  try {
    await db
      .insertInto('contribution_supports')
      .values({ contribution_id: input.contributionId, user_id: input.userId, created_at: nowIso() })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_supported')
    throw error
  }
  return ok(null)
}

/** Anyone signed in may report; a second report by the same person changes nothing. */
export async function reportContribution(
  db: DB,
  input: { userId: string; contributionId: string; reason: string },
): Promise<Result<null, 'not_found' | 'already_reported' | 'rate_limited'>> {
  const c = await db
    .selectFrom('contributions')
    .select('id')
    .where('id', '=', input.contributionId)
    .executeTakeFirst()
  if (!c) return err('not_found')
  const key = `consultation-action:${input.userId}`
  if (await consumeQuota(db, key, ACTION_POLICY)) return err('rate_limited')
  try {
    await db
      .insertInto('contribution_reports')
      .values({
        contribution_id: input.contributionId,
        user_id: input.userId,
        reason: cleanContribution(input.reason),
        created_at: nowIso(),
      })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_reported')
    throw error
  }
  return ok(null)
}

export async function answerQuestions(
  db: DB,
  input: { userId: string; consultationId: string; answers: Record<string, string[]> },
): Promise<Result<null, ContributeError | 'invalid_answer'>> {
  const gate = await contributionGate(db, input)
  if (!gate.ok) return gate
  const questions = await db
    .selectFrom('consultation_questions')
    .selectAll()
    .where('consultation_id', '=', input.consultationId)
    .execute()
  const rows: { question_id: string; answer: string }[] = []
  for (const q of questions) {
    const given = (input.answers[q.id] ?? []).map((v) => v.trim()).filter(Boolean)
    if (given.length === 0) continue
    if (q.kind === 'text') {
      const text = cleanContribution(given[0]!).slice(0, 2000)
      if (text) rows.push({ question_id: q.id, answer: JSON.stringify(text) })
      continue
    }
    const keys = (JSON.parse(q.options_i18n ?? '[]') as { key: string }[]).map((o) => o.key)
    if (given.some((g) => !keys.includes(g)) || (q.kind === 'single' && given.length > 1))
      return err('invalid_answer', `q_${q.id}`)
    rows.push({ question_id: q.id, answer: JSON.stringify([...new Set(given)]) })
  }
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      // A person may change their answers while the consultation is open: one row per question.
      await trx
        .insertInto('question_answers')
        .values({
          ...row,
          user_id: input.userId,
          consultation_id: input.consultationId,
          answered_at: nowIso(),
        })
        .onConflict((oc) =>
          oc.columns(['question_id', 'user_id']).doUpdateSet({ answer: row.answer, answered_at: nowIso() }),
        )
        .execute()
    }
  })
  return ok(null)
}

export async function myAnswers(
  db: DB,
  { consultationId, userId }: { consultationId: string; userId: string },
): Promise<Record<string, string[]>> {
  const rows = await db
    .selectFrom('question_answers')
    .select(['question_id', 'answer'])
    .where('consultation_id', '=', consultationId)
    .where('user_id', '=', userId)
    .execute()
  return Object.fromEntries(
    rows.map((r) => {
      const value = JSON.parse(r.answer) as string | string[]
      return [r.question_id, Array.isArray(value) ? value : [value]]
    }),
  )
}
