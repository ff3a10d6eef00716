import type { Transaction } from 'kysely'
import type { AnswerKind, Database } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { acceptsContributions, paragraphRef, withinEditWindow } from './text'

// Reading a consultation: the list, one consultation with its text, questions and targets, a
// paragraph, and a page of its thread. Shared by the public pages, the staff page, the report and
// the open data, which is why it is a module of its own rather than a part of any one of them.

type Tx = Transaction<Database>

export const THREAD_PAGE_SIZE = 20

/** Newest first, with the count of visible contributions and whether each takes contributions now. */
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
  return (await q.execute()).map((c) => ({
    ...c,
    contributions: Number(c.contributions ?? 0),
    accepting: acceptsContributions(c),
  }))
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

/** Paragraph id → its reference ("2.3"), for rows that name the paragraph they hang on. */
export const paragraphRefs = (sections: { paragraphs: { id: string; ref: string }[] }[]) =>
  new Map(sections.flatMap((s) => s.paragraphs.map((p) => [p.id, p.ref] as const)))

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
export function contributionLinks(db: DB, where: { consultationId: string } | { contributionIds: string[] }) {
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
export async function getParagraph(
  db: DB,
  { consultationId, paragraphId }: { consultationId: string; paragraphId: string },
) {
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

/**
 * Where a thread hangs: a published consultation and one of its paragraphs (`general` for the
 * whole text). Null when either does not exist or the consultation is still a draft.
 */
export async function findThread(db: DB, input: { consultationId: string; paragraphId: string }) {
  const found = await getConsultation(db, input.consultationId)
  if (!found || found.consultation.status === 'draft') return null
  const paragraph = await getParagraph(db, input)
  return paragraph ? { found, paragraph } : null
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
