import type { Transaction } from 'kysely'
import type { AnswerKind, ConsultationStatus, Database, QuestionKind } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { lockedForSeconds, recordFailure, type ThrottlePolicy } from '../auth/throttle.server'
import { pickText, type I18nText, type Language } from '../i18n/config'
import { translatorFor } from '../i18n/i18n.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { toCsv } from '../lib/csv'
import { keyedHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import { enqueueMessage } from '../mail/outbox.server'
import {
  acceptsContributions,
  applyTranslation,
  cleanContribution,
  paragraphRef,
  splitDraft,
  withinEditWindow,
} from './text'

type Tx = Transaction<Database>
const json = (value: unknown) => JSON.stringify(value)
const parseI18n = (value: string | null): I18nText => (value ? (JSON.parse(value) as I18nText) : {})

export const THREAD_PAGE_SIZE = 20
const COMMENT_POLICY: ThrottlePolicy = { maxFailures: 10, windowMs: 10 * 60_000, lockMs: 10 * 60_000 }
const ACTION_POLICY: ThrottlePolicy = { maxFailures: 120, windowMs: 10 * 60_000, lockMs: 10 * 60_000 }

// ---------- authoring (secretariat) ----------

export type Target = { kind: 'action' | 'campaign'; id: string }
export type NewConsultation = {
  title: string
  summary: string
  draft: string
  opensAt: string
  closesAt: string
  minAccountAgeDays: number
  targets: Target[]
}

export type AuthoringError = 'not_found' | 'not_draft' | 'empty_draft' | 'dates_order' | 'unknown_target'

async function checkTargets(db: DB | Tx, targets: Target[]): Promise<boolean> {
  const actions = targets.filter((t) => t.kind === 'action').map((t) => t.id)
  const campaigns = targets.filter((t) => t.kind === 'campaign').map((t) => t.id)
  const foundActions = actions.length
    ? await db.selectFrom('plan_actions').select('id').where('id', 'in', actions).execute()
    : []
  const foundCampaigns = campaigns.length
    ? await db.selectFrom('campaigns').select('id').where('id', 'in', campaigns).execute()
    : []
  return foundActions.length === new Set(actions).size && foundCampaigns.length === new Set(campaigns).size
}

async function writeDraft(trx: Tx, consultationId: string, draft: string) {
  await trx.deleteFrom('consultation_paragraphs').where('consultation_id', '=', consultationId).execute()
  await trx.deleteFrom('consultation_sections').where('consultation_id', '=', consultationId).execute()
  let position = 0
  for (const [s, section] of splitDraft(draft).entries()) {
    const sectionId = newId()
    await trx
      .insertInto('consultation_sections')
      .values({
        id: sectionId,
        consultation_id: consultationId,
        position: s + 1,
        heading_i18n: json(section.heading ? { 'pt-BR': section.heading } : {}),
      })
      .execute()
    for (const body of section.paragraphs) {
      position += 1
      await trx
        .insertInto('consultation_paragraphs')
        .values({
          id: newId(),
          consultation_id: consultationId,
          section_id: sectionId,
          position,
          body_i18n: json({ 'pt-BR': body }),
        })
        .execute()
    }
  }
}

async function writeTargets(trx: Tx, consultationId: string, targets: Target[]) {
  await trx.deleteFrom('consultation_targets').where('consultation_id', '=', consultationId).execute()
  const unique = [...new Map(targets.map((t) => [`${t.kind}:${t.id}`, t])).values()]
  for (const t of unique) {
    await trx
      .insertInto('consultation_targets')
      .values({
        id: newId(),
        consultation_id: consultationId,
        action_id: t.kind === 'action' ? t.id : null,
        campaign_id: t.kind === 'campaign' ? t.id : null,
      })
      .execute()
  }
}

export async function createConsultation(
  db: DB,
  actorUserId: string,
  input: NewConsultation,
): Promise<Result<{ id: string }, AuthoringError>> {
  if (splitDraft(input.draft).length === 0) return err('empty_draft', 'draft')
  if (input.closesAt <= input.opensAt) return err('dates_order', 'closesAt')
  if (!(await checkTargets(db, input.targets))) return err('unknown_target', 'targets')
  const id = newId()
  const at = nowIso()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('consultations')
      .values({
        id,
        title_i18n: json({ 'pt-BR': input.title }),
        summary_i18n: json({ 'pt-BR': input.summary }),
        status: 'draft',
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        min_account_age_days: input.minAccountAgeDays,
        created_by: actorUserId,
        created_at: at,
        updated_at: at,
      })
      .execute()
    await writeDraft(trx, id, input.draft)
    await writeTargets(trx, id, input.targets)
    await appendAudit(trx, {
      actorUserId,
      action: 'consultation.create',
      entityType: 'consultation',
      entityId: id,
    })
  })
  return ok({ id })
}

/** The draft's text can change only while it is a draft: once open, comments are anchored to it. */
export async function reviseDraft(
  db: DB,
  actorUserId: string,
  id: string,
  input: NewConsultation,
): Promise<Result<null, AuthoringError>> {
  if (splitDraft(input.draft).length === 0) return err('empty_draft', 'draft')
  if (input.closesAt <= input.opensAt) return err('dates_order', 'closesAt')
  if (!(await checkTargets(db, input.targets))) return err('unknown_target', 'targets')
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('consultations')
      .select(['status', 'title_i18n', 'summary_i18n'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found) return err('not_found')
    if (found.status !== 'draft') return err('not_draft')
    const title = { ...parseI18n(found.title_i18n), 'pt-BR': input.title }
    const summary = { ...parseI18n(found.summary_i18n), 'pt-BR': input.summary }
    await trx
      .updateTable('consultations')
      .set({
        title_i18n: json(title),
        summary_i18n: json(summary),
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        min_account_age_days: input.minAccountAgeDays,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute()
    await writeDraft(trx, id, input.draft)
    await writeTargets(trx, id, input.targets)
    await appendAudit(trx, {
      actorUserId,
      action: 'consultation.revise',
      entityType: 'consultation',
      entityId: id,
    })
    return ok(null)
  })
}

/**
 * Translations of the title, summary, section headings and paragraphs, keyed by id. They may be
 * added at any time (a translation arriving after opening helps late readers); the pt-BR text is the
 * official one and is not changed here.
 */
export async function saveTranslation(
  db: DB,
  actorUserId: string,
  id: string,
  language: Exclude<Language, 'pt-BR'>,
  input: {
    title: string
    summary: string
    sections: { sectionId: string; text: string }[]
    paragraphs: { paragraphId: string; text: string }[]
  },
): Promise<Result<null, 'not_found' | 'unknown_paragraph'>> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('consultations')
      .select(['title_i18n', 'summary_i18n'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found) return err('not_found')
    const paragraphs = await trx
      .selectFrom('consultation_paragraphs')
      .select(['id', 'position', 'body_i18n'])
      .where('consultation_id', '=', id)
      .execute()
    const applied = applyTranslation(
      paragraphs.map((p) => ({ id: p.id, position: p.position, body: parseI18n(p.body_i18n) })),
      language,
      input.paragraphs,
    )
    if (applied.unknownIds.length) return err('unknown_paragraph')
    for (const p of applied.paragraphs) {
      await trx
        .updateTable('consultation_paragraphs')
        .set({ body_i18n: json(p.body) })
        .where('id', '=', p.id)
        .execute()
    }
    const sections = await trx
      .selectFrom('consultation_sections')
      .select(['id', 'heading_i18n'])
      .where('consultation_id', '=', id)
      .execute()
    for (const entry of input.sections) {
      const section = sections.find((s) => s.id === entry.sectionId)
      if (!section) return err('unknown_paragraph')
      const heading = parseI18n(section.heading_i18n)
      if (entry.text.trim()) heading[language] = entry.text.trim()
      else delete heading[language]
      await trx
        .updateTable('consultation_sections')
        .set({ heading_i18n: json(heading) })
        .where('id', '=', section.id)
        .execute()
    }
    const withText = (current: string, text: string) => {
      const value = parseI18n(current)
      if (text.trim()) value[language] = text.trim()
      else delete value[language]
      return json(value)
    }
    await trx
      .updateTable('consultations')
      .set({
        title_i18n: withText(found.title_i18n, input.title),
        summary_i18n: withText(found.summary_i18n, input.summary),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute()
    await appendAudit(trx, {
      actorUserId,
      action: 'consultation.translate',
      entityType: 'consultation',
      entityId: id,
      after: { language },
    })
    return ok(null)
  })
}

export type NewQuestion = { kind: QuestionKind; prompt: string; options: string[] }

export async function addQuestion(
  db: DB,
  actorUserId: string,
  id: string,
  input: NewQuestion,
): Promise<Result<null, 'not_found' | 'not_draft' | 'options_needed'>> {
  const options = input.options.map((o) => o.trim()).filter(Boolean)
  if (input.kind !== 'text' && options.length < 2) return err('options_needed', 'options')
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('consultations')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found) return err('not_found')
    if (found.status !== 'draft') return err('not_draft')
    const last = await trx
      .selectFrom('consultation_questions')
      .select((eb) => eb.fn.max<number>('position').as('p'))
      .where('consultation_id', '=', id)
      .executeTakeFirst()
    await trx
      .insertInto('consultation_questions')
      .values({
        id: newId(),
        consultation_id: id,
        position: Number(last?.p ?? 0) + 1,
        kind: input.kind,
        prompt_i18n: json({ 'pt-BR': input.prompt }),
        options_i18n:
          input.kind === 'text'
            ? null
            : json(options.map((label, i) => ({ key: `o${i + 1}`, label: { 'pt-BR': label } }))),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId,
      action: 'consultation.question',
      entityType: 'consultation',
      entityId: id,
    })
    return ok(null)
  })
}

const NEXT_STATUS: Record<ConsultationStatus, ConsultationStatus | null> = {
  draft: 'open',
  open: 'closed',
  closed: 'answered',
  answered: null,
}

/**
 * One step: draft → open (published) → closed → answered. "Answered" requires an official answer to
 * every visible contribution that opens a thread: that is the council's duty the status announces.
 */
export async function advanceConsultation(
  db: DB,
  input: { actorUserId: string; id: string; to: ConsultationStatus },
): Promise<
  Result<{ status: ConsultationStatus }, 'not_found' | 'not_next_status' | 'unanswered_contributions'>
> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('consultations')
      .select('status')
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!found) return err('not_found')
    if (NEXT_STATUS[found.status] !== input.to) return err('not_next_status')
    if (input.to === 'answered') {
      const waiting = await trx
        .selectFrom('contributions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('consultation_id', '=', input.id)
        .where('parent_id', 'is', null)
        .where('hidden_at', 'is', null)
        .where('answer', 'is', null)
        .executeTakeFirstOrThrow()
      if (Number(waiting.n) > 0) return err('unanswered_contributions')
    }
    const moved = await trx
      .updateTable('consultations')
      .set({ status: input.to, updated_at: nowIso() })
      .where('id', '=', input.id)
      .where('status', '=', found.status)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return err('not_next_status')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.status',
      entityType: 'consultation',
      entityId: input.id,
      before: { status: found.status },
      after: { status: input.to },
    })
    return ok({ status: input.to })
  })
}

// ---------- reading ----------

export async function listConsultations(db: DB, opts: { includeDrafts?: boolean } = {}) {
  let q = db
    .selectFrom('consultations as c')
    .select(['c.id', 'c.title_i18n', 'c.summary_i18n', 'c.status', 'c.opens_at', 'c.closes_at'])
    .select((eb) =>
      eb
        .selectFrom('contributions')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('contributions.consultation_id', '=', 'c.id')
        .where('contributions.hidden_at', 'is', null)
        .as('contributions'),
    )
    .orderBy('c.opens_at', 'desc')
  if (!opts.includeDrafts) q = q.where('c.status', '!=', 'draft')
  return q.execute()
}

export async function getConsultation(db: DB | Tx, id: string) {
  const consultation = await db
    .selectFrom('consultations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!consultation) return null
  const sections = await db
    .selectFrom('consultation_sections')
    .select(['id', 'position', 'heading_i18n'])
    .where('consultation_id', '=', id)
    .orderBy('position')
    .execute()
  const paragraphs = await db
    .selectFrom('consultation_paragraphs')
    .select(['id', 'section_id', 'position', 'body_i18n'])
    .where('consultation_id', '=', id)
    .orderBy('position')
    .execute()
  const counts = await db
    .selectFrom('contributions')
    .select(['paragraph_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('consultation_id', '=', id)
    .where('hidden_at', 'is', null)
    .groupBy('paragraph_id')
    .execute()
  const countOf = (paragraphId: string | null) =>
    Number(counts.find((c) => c.paragraph_id === paragraphId)?.n ?? 0)
  const questions = await db
    .selectFrom('consultation_questions')
    .selectAll()
    .where('consultation_id', '=', id)
    .orderBy('position')
    .execute()
  const targets = await consultationTargets(db, id)
  return {
    consultation,
    accepting: acceptsContributions(consultation),
    sections: sections.map((s) => {
      const own = paragraphs.filter((p) => p.section_id === s.id)
      return {
        ...s,
        paragraphs: own.map((p, i) => ({
          ...p,
          ref: paragraphRef(s.position, i + 1),
          comments: countOf(p.id),
        })),
      }
    }),
    generalComments: countOf(null),
    questions,
    targets,
  }
}

export async function consultationTargets(db: DB | Tx, id: string) {
  return db
    .selectFrom('consultation_targets as t')
    .leftJoin('plan_actions as a', 'a.id', 't.action_id')
    .leftJoin('campaigns as c', 'c.id', 't.campaign_id')
    .select([
      't.action_id',
      't.campaign_id',
      'a.code as action_code',
      'a.title_i18n as action_title_i18n',
      'c.title_i18n as campaign_title_i18n',
      'c.year as campaign_year',
    ])
    .where('t.consultation_id', '=', id)
    .execute()
}

/** Outcome links (what a contribution changed) with the action code/title and campaign title. */
function contributionLinks(db: DB, where: { consultationId: string } | { contributionIds: string[] }) {
  let q = db
    .selectFrom('outcome_links as o')
    .innerJoin('contributions as c', 'c.id', 'o.contribution_id')
    .leftJoin('plan_actions as a', 'a.id', 'o.action_id')
    .leftJoin('campaigns as k', 'k.id', 'o.campaign_id')
    .select([
      'o.contribution_id',
      'o.action_id',
      'o.campaign_id',
      'o.note',
      'a.code as action_code',
      'a.title_i18n as action_title_i18n',
      'k.title_i18n as campaign_title_i18n',
      'k.year as campaign_year',
    ])
  q =
    'consultationId' in where
      ? q.where('c.consultation_id', '=', where.consultationId)
      : q.where('o.contribution_id', 'in', where.contributionIds)
  return q.execute()
}

/** The paragraph (or the whole text, `general`) a thread hangs on, with its reference. */
export async function getParagraph(db: DB, consultationId: string, paragraphId: string) {
  if (paragraphId === 'general') return { id: null, ref: null, body_i18n: null, heading_i18n: null }
  const p = await db
    .selectFrom('consultation_paragraphs as p')
    .innerJoin('consultation_sections as s', 's.id', 'p.section_id')
    .select([
      'p.id',
      'p.position',
      'p.body_i18n',
      's.position as section_position',
      's.heading_i18n',
      's.id as section_id',
    ])
    .where('p.id', '=', paragraphId)
    .where('p.consultation_id', '=', consultationId)
    .executeTakeFirst()
  if (!p) return null
  const before = await db
    .selectFrom('consultation_paragraphs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('section_id', '=', p.section_id)
    .where('position', '<=', p.position)
    .executeTakeFirstOrThrow()
  return {
    id: p.id,
    ref: paragraphRef(p.section_position, Number(before.n)),
    body_i18n: p.body_i18n,
    heading_i18n: p.heading_i18n,
  }
}

export type ThreadEntry = {
  id: string
  parent_id: string | null
  author_name: string
  language: string
  body: string | null
  created_at: string
  edited_at: string | null
  hidden: boolean
  hidden_reason: string | null
  answer: AnswerKind | null
  answer_text: string | null
  answered_at: string | null
  supports: number
  mine: boolean
  supportedByMe: boolean
  editable: boolean
  revisions: { body: string; replaced_at: string }[]
  outcomes: {
    action_code: string | null
    action_title_i18n: string | null
    campaign_title_i18n: string | null
    action_id: string | null
    campaign_id: string | null
  }[]
}

/**
 * One page of a thread: top-level contributions on the paragraph (oldest first, so a discussion
 * reads in order), with all their replies. The page is found through the thread index; replies,
 * supports and revisions are fetched for that page's ids only, so a thread of thousands stays cheap.
 */
export async function threadPage(
  db: DB,
  input: {
    consultationId: string
    paragraphId: string | null
    page: number | 'last'
    viewerId: string | null
    accepting: boolean
  },
) {
  const total = await db
    .selectFrom('contributions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', input.consultationId)
    .where('parent_id', 'is', null)
    .where((eb) =>
      input.paragraphId === null
        ? eb('paragraph_id', 'is', null)
        : eb('paragraph_id', '=', input.paragraphId),
    )
    .executeTakeFirstOrThrow()
  const totalThreads = Number(total.n)
  const page = input.page === 'last' ? Math.max(1, Math.ceil(totalThreads / THREAD_PAGE_SIZE)) : input.page
  const offset = (page - 1) * THREAD_PAGE_SIZE
  let top = db
    .selectFrom('contributions')
    .selectAll()
    .where('consultation_id', '=', input.consultationId)
    .where('parent_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(THREAD_PAGE_SIZE + 1)
    .offset(offset)
  top =
    input.paragraphId === null
      ? top.where('paragraph_id', 'is', null)
      : top.where('paragraph_id', '=', input.paragraphId)
  const tops = await top.execute()
  const hasMore = tops.length > THREAD_PAGE_SIZE
  const pageTops = tops.slice(0, THREAD_PAGE_SIZE)
  const topIds = pageTops.map((c) => c.id)
  const replies = topIds.length
    ? await db
        .selectFrom('contributions')
        .selectAll()
        .where('parent_id', 'in', topIds)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : []
  const all = [...pageTops, ...replies]
  const ids = all.map((c) => c.id)
  const supports = ids.length
    ? await db
        .selectFrom('contribution_supports')
        .select(['contribution_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('contribution_id', 'in', ids)
        .groupBy('contribution_id')
        .execute()
    : []
  const mySupports =
    ids.length && input.viewerId
      ? await db
          .selectFrom('contribution_supports')
          .select('contribution_id')
          .where('contribution_id', 'in', ids)
          .where('user_id', '=', input.viewerId)
          .execute()
      : []
  const revisions = ids.length
    ? await db
        .selectFrom('contribution_revisions')
        .select(['contribution_id', 'body', 'replaced_at'])
        .where('contribution_id', 'in', ids)
        .orderBy('replaced_at')
        .execute()
    : []
  const outcomes = ids.length ? await contributionLinks(db, { contributionIds: ids }) : []
  const toEntry = (c: (typeof all)[number]): ThreadEntry => {
    const hidden = c.hidden_at !== null
    const mine = input.viewerId !== null && c.user_id === input.viewerId
    return {
      id: c.id,
      parent_id: c.parent_id,
      author_name: c.author_name,
      language: c.language,
      // A hidden contribution keeps its place in the thread; its words do not reach the page.
      body: hidden ? null : c.body,
      created_at: c.created_at,
      edited_at: c.edited_at,
      hidden,
      hidden_reason: c.hidden_reason,
      answer: c.answer,
      answer_text: c.answer_text,
      answered_at: c.answered_at,
      supports: Number(supports.find((s) => s.contribution_id === c.id)?.n ?? 0),
      mine,
      supportedByMe: mySupports.some((s) => s.contribution_id === c.id),
      editable: mine && !hidden && input.accepting && withinEditWindow(c.created_at),
      revisions: hidden
        ? []
        : revisions
            .filter((r) => r.contribution_id === c.id)
            .map((r) => ({ body: r.body, replaced_at: r.replaced_at })),
      outcomes: outcomes.filter((o) => o.contribution_id === c.id),
    }
  }
  return {
    threads: pageTops.map((c) => ({
      ...toEntry(c),
      replies: replies.filter((r) => r.parent_id === c.id).map(toEntry),
    })),
    hasMore,
    page,
    totalThreads,
  }
}

// ---------- contributing ----------

export type ContributeError =
  | 'not_found'
  | 'closed'
  | 'account_too_new'
  | 'rate_limited'
  | 'unknown_paragraph'
  | 'unknown_parent'
  | 'empty'

async function contributionGate(db: DB, consultationId: string, userId: string) {
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
  const gate = await contributionGate(db, input.consultationId, input.userId)
  if (!gate.ok) return gate
  const body = cleanContribution(input.body)
  if (!body) return err('empty', 'body')
  const key = `consultation-comment:${input.userId}`
  if (await lockedForSeconds(db, [key])) return err('rate_limited')
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
  await recordFailure(db, key, COMMENT_POLICY)
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
  if (await lockedForSeconds(db, [key])) return err('rate_limited')
  try {
    await db
      .insertInto('contribution_supports')
      .values({ contribution_id: input.contributionId, user_id: input.userId, created_at: nowIso() })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_supported')
    throw error
  }
  await recordFailure(db, key, ACTION_POLICY)
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
  if (await lockedForSeconds(db, [key])) return err('rate_limited')
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
  await recordFailure(db, key, ACTION_POLICY)
  return ok(null)
}

export async function answerQuestions(
  db: DB,
  input: { userId: string; consultationId: string; answers: Record<string, string[]> },
): Promise<Result<null, ContributeError | 'invalid_answer'>> {
  const gate = await contributionGate(db, input.consultationId, input.userId)
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
      if (text) rows.push({ question_id: q.id, answer: json(text) })
      continue
    }
    const keys = (JSON.parse(q.options_i18n ?? '[]') as { key: string }[]).map((o) => o.key)
    if (given.some((g) => !keys.includes(g)) || (q.kind === 'single' && given.length > 1))
      return err('invalid_answer', `q_${q.id}`)
    rows.push({ question_id: q.id, answer: json([...new Set(given)]) })
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
  consultationId: string,
  userId: string,
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

// ---------- moderation and answers (secretariat) ----------

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
  if (input.target && !(await checkTargets(db, [input.target]))) return err('unknown_target', 'target')
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
    if (c.status !== 'open' && c.status !== 'closed') return err('wrong_status')
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
  if (done.value.userId)
    await notifyAuthor(db, done.value.userId, done.value.title, done.value.link, input.answer)
  return ok(null)
}

async function notifyAuthor(db: DB, userId: string, titleI18n: string, link: string, answer: AnswerKind) {
  const user = await db
    .selectFrom('users')
    .select(['email', 'preferred_language', 'erased_at'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user?.email || user.erased_at) return
  const t = await translatorFor(user.preferred_language, 'consultations')
  const title = pickText(titleI18n, user.preferred_language).text
  await enqueueMessage(db, {
    to: user.email,
    language: user.preferred_language,
    subject: t('mail.answeredSubject', { title }),
    body: t('mail.answeredBody', { title, answer: t(`answers.${answer}`), link }),
  })
}

/** Visible contributions still waiting for an answer, oldest first, for the secretariat. */
export async function unansweredContributions(db: DB, consultationId: string, limit = 50) {
  return db
    .selectFrom('contributions')
    .select(['id', 'paragraph_id', 'author_name', 'language', 'body', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .where('parent_id', 'is', null)
    .where('hidden_at', 'is', null)
    .where('answer', 'is', null)
    .orderBy('created_at')
    .limit(limit)
    .execute()
}

// ---------- report and open data ----------

/** Participation, per-section activity, languages, question results, answers and what changed. */
export async function consultationReport(db: DB, id: string) {
  const found = await getConsultation(db, id)
  if (!found) return null
  const visible = db
    .selectFrom('contributions')
    .where('consultation_id', '=', id)
    .where('hidden_at', 'is', null)
  const totals = await db
    .selectFrom('contributions')
    .select([
      (eb) => eb.fn.countAll<number>().as('contributions'),
      (eb) => eb.fn.count<number>('user_id').distinct().as('people'),
      (eb) => eb.fn.count<number>('hidden_at').as('hidden'),
    ])
    .where('consultation_id', '=', id)
    .executeTakeFirstOrThrow()
  const respondents = await db
    .selectFrom('question_answers')
    .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
    .where('consultation_id', '=', id)
    .executeTakeFirstOrThrow()
  const languages = await visible
    .select(['language', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('language')
    .orderBy('n', 'desc')
    .execute()
  const answers = await visible
    .select(['answer', (eb) => eb.fn.countAll<number>().as('n')])
    .where('parent_id', 'is', null)
    .groupBy('answer')
    .execute()
  const bySection = found.sections.map((s) => ({
    id: s.id,
    position: s.position,
    heading_i18n: s.heading_i18n,
    comments: s.paragraphs.reduce((sum, p) => sum + p.comments, 0),
  }))
  const answered = await db
    .selectFrom('contributions as c')
    .leftJoin('consultation_paragraphs as p', 'p.id', 'c.paragraph_id')
    .select([
      'c.id',
      'c.paragraph_id',
      'c.author_name',
      'c.language',
      'c.body',
      'c.answer',
      'c.answer_text',
      'c.answered_at',
    ])
    .where('c.consultation_id', '=', id)
    .where('c.hidden_at', 'is', null)
    .where('c.answer', 'is not', null)
    .orderBy('p.position')
    .orderBy('c.created_at')
    .execute()
  const links = await contributionLinks(db, { consultationId: id })
  const questionResults = await questionTotals(db, id, found.questions)
  const refs = new Map(found.sections.flatMap((s) => s.paragraphs.map((p) => [p.id, p.ref] as const)))
  return {
    ...found,
    totals: {
      contributions: Number(totals.contributions),
      people: Number(totals.people),
      hidden: Number(totals.hidden),
      respondents: Number(respondents.n),
    },
    languages: languages.map((l) => ({ language: l.language, n: Number(l.n) })),
    answerCounts: answers.map((a) => ({ answer: a.answer, n: Number(a.n) })),
    bySection,
    answered: answered.map((a) => ({
      ...a,
      ref: a.paragraph_id ? (refs.get(a.paragraph_id) ?? null) : null,
      links: links.filter((l) => l.contribution_id === a.id),
    })),
    changes: links,
    questionResults,
  }
}

async function questionTotals(
  db: DB,
  consultationId: string,
  questions: { id: string; kind: QuestionKind; options_i18n: string | null; prompt_i18n: string }[],
) {
  const rows = await db
    .selectFrom('question_answers')
    .select(['question_id', 'answer'])
    .where('consultation_id', '=', consultationId)
    .execute()
  return questions.map((q) => {
    const mine = rows.filter((r) => r.question_id === q.id)
    if (q.kind === 'text')
      return {
        id: q.id,
        prompt_i18n: q.prompt_i18n,
        kind: q.kind,
        responses: mine.length,
        options: [] as { key: string; label: I18nText; n: number }[],
      }
    const options = JSON.parse(q.options_i18n ?? '[]') as { key: string; label: I18nText }[]
    const tally = new Map<string, number>()
    for (const r of mine)
      for (const key of JSON.parse(r.answer) as string[]) tally.set(key, (tally.get(key) ?? 0) + 1)
    return {
      id: q.id,
      prompt_i18n: q.prompt_i18n,
      kind: q.kind,
      responses: mine.length,
      options: options.map((o) => ({ ...o, n: tally.get(o.key) ?? 0 })),
    }
  })
}

/**
 * Open data rows. Authors appear as a pseudonym stable within one consultation (an HMAC of the
 * account under the server secret and the consultation id), so threads can be followed without
 * naming anyone or linking the same person across consultations. Hidden contributions keep their
 * row with no text.
 */
export async function openDataContributions(db: DB, consultationId: string) {
  const found = await getConsultation(db, consultationId)
  if (!found || found.consultation.status === 'draft') return null
  const refs = new Map(found.sections.flatMap((s) => s.paragraphs.map((p) => [p.id, p.ref] as const)))
  const rows = await db
    .selectFrom('contributions as c')
    .select([
      'c.id',
      'c.paragraph_id',
      'c.parent_id',
      'c.user_id',
      'c.language',
      'c.body',
      'c.created_at',
      'c.edited_at',
      'c.hidden_at',
      'c.hidden_reason',
      'c.answer',
      'c.answer_text',
      'c.answered_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('contribution_supports as s')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('s.contribution_id', '=', 'c.id')
        .as('supports'),
    )
    .where('c.consultation_id', '=', consultationId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute()
  const links = await contributionLinks(db, { consultationId })
  return {
    consultation: found.consultation,
    rows: rows.map((r) => ({
      id: r.id,
      paragraph: r.paragraph_id ? (refs.get(r.paragraph_id) ?? null) : null,
      reply_to: r.parent_id,
      author: r.user_id
        ? `P-${keyedHash(`consultation:${consultationId}`, r.user_id).slice(0, 10)}`
        : 'erased',
      language: r.language,
      text: r.hidden_at ? null : r.body,
      hidden: r.hidden_at !== null,
      hidden_reason: r.hidden_reason,
      created_at: r.created_at,
      edited_at: r.edited_at,
      supports: Number(r.supports ?? 0),
      answer: r.answer,
      answer_text: r.answer_text,
      answered_at: r.answered_at,
      changed_actions: links
        .filter((l) => l.contribution_id === r.id && l.action_id)
        .map((l) => l.action_code ?? l.action_id!),
      changed_campaigns: links
        .filter((l) => l.contribution_id === r.id && l.campaign_id)
        .map((l) => l.campaign_id!),
    })),
  }
}

/** Actions and campaigns staff may link a consultation (or an answer) to. */
export async function targetOptions(db: DB) {
  const actions = await db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .innerJoin('plan_objectives as o', 'o.id', 'a.objective_id')
    .select(['a.id', 'a.code', 'a.title_i18n', 'e.starts_year', 'e.ends_year'])
    .orderBy('e.starts_year', 'desc')
    .orderBy('o.position')
    .orderBy('a.position')
    .execute()
  const campaigns = await db
    .selectFrom('campaigns')
    .select(['id', 'title_i18n', 'year'])
    .orderBy('year', 'desc')
    .execute()
  return { actions, campaigns }
}

const CSV_HEADER = [
  'id',
  'paragraph',
  'reply_to',
  'author',
  'language',
  'text',
  'hidden',
  'hidden_reason',
  'created_at',
  'edited_at',
  'supports',
  'answer',
  'answer_text',
  'answered_at',
  'changed_actions',
  'changed_campaigns',
] as const

export function contributionsCsv(
  rows: NonNullable<Awaited<ReturnType<typeof openDataContributions>>>['rows'],
): string {
  return toCsv(
    [...CSV_HEADER],
    rows.map((r) =>
      CSV_HEADER.map((h) => {
        const v = r[h]
        return Array.isArray(v) ? v.join(' ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v
      }),
    ),
  )
}
