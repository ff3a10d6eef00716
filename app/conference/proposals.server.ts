import type { ProposalStatus } from '../../db/schema'
import { consumeQuota, type QuotaPolicy } from '../auth/throttle.server'
import { DEFAULT_LANGUAGE, isLanguage } from '../i18n/config'
import { originalContent } from '../i18n/content'
import { storedOrPlain } from '../i18n/original-text'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { allWordsLike } from '../lib/search'
import { getEdition } from './editions.server'
import { originsOf, searchable } from './ranking'
import { isDebateOpen, type PROPOSAL_ORIGINS } from './rules'

// Proposals: written online by anyone signed in (or entered by the secretariat for a preparatory
// conference), listed and searched, supported and debated in comments.

export type NewProposal = {
  axisId: string
  title: string
  body: string
  justification?: string
  language: string
  coauthors?: string
  preparatoryId?: string
}
export type ProposalError =
  'not_found' | 'wrong_phase' | 'unknown_axis' | 'unknown_preparatory' | 'rate_limited'

export async function submitProposal(
  db: DB,
  input: NewProposal & { editionId: string; userId: string; bySecretariat?: boolean },
): Promise<Result<{ id: string }, ProposalError>> {
  const found = await getEdition(db, input.editionId)
  if (!found) return err('not_found')
  if (found.edition.phase !== 'proposals_open') return err('wrong_phase')
  if (!found.axes.some((a) => a.id === input.axisId)) return err('unknown_axis', 'axisId')
  // Proposals approved at a preparatory conference are entered by the secretariat on its behalf.
  if (input.preparatoryId) {
    if (!input.bySecretariat) return err('unknown_preparatory', 'preparatoryId')
    const prep = await db
      .selectFrom('preparatory_conferences')
      .select('id')
      .where('id', '=', input.preparatoryId)
      .where('edition_id', '=', input.editionId)
      .executeTakeFirst()
    if (!prep) return err('unknown_preparatory', 'preparatoryId')
  }
  // The secretariat enters many on behalf of preparatory conferences: only people are limited.
  if (!input.bySecretariat && (await consumeQuota(db, `proposal:${input.userId}`, PROPOSAL_POLICY)))
    return err('rate_limited')
  const id = newId()
  const at = nowIso()
  const language = isLanguage(input.language) ? input.language : DEFAULT_LANGUAGE
  await db
    .insertInto('proposals')
    .values({
      id,
      edition_id: input.editionId,
      axis_id: input.axisId,
      kind: 'original',
      origin: input.preparatoryId ? 'preparatory' : 'online',
      preparatory_id: input.preparatoryId ?? null,
      author_user_id: input.preparatoryId ? null : input.userId,
      title: input.title,
      body: input.body,
      justification: input.justification ?? null,
      language: input.language,
      title_i18n: originalContent(input.title, language),
      body_i18n: originalContent(input.body, language),
      justification_i18n: input.justification ? originalContent(input.justification, language) : null,
      coauthors: input.coauthors ?? null,
      status: 'submitted',
      merged_into_id: null,
      rejection_reason: null,
      search_text: searchable(input.title, input.body, input.justification),
      created_at: at,
      updated_at: at,
    })
    .execute()
  return ok({ id })
}

export type ProposalFilters = {
  editionId: string
  axisId?: string
  origin?: (typeof PROPOSAL_ORIGINS)[number]
  status?: ProposalStatus
  q?: string
  page: number
}
export const PAGE_SIZE = 20

export async function listProposals(db: DB, filters: ProposalFilters) {
  let query = db.selectFrom('proposals').where('edition_id', '=', filters.editionId)
  if (filters.axisId) query = query.where('axis_id', '=', filters.axisId)
  if (filters.origin) query = query.where('origin', '=', filters.origin)
  if (filters.status) query = query.where('status', '=', filters.status)
  if (filters.q) {
    for (const condition of allWordsLike('search_text', filters.q)) query = query.where(condition)
  }
  const [rows, total] = await Promise.all([
    query
      .select(['id', 'axis_id', 'kind', 'origin', 'title', 'title_i18n', 'language', 'status', 'created_at'])
      .select((eb) =>
        eb
          .selectFrom('proposal_supports')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('proposal_supports.proposal_id', '=', 'proposals.id')
          .as('supports'),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(PAGE_SIZE)
      .offset((filters.page - 1) * PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map((r) => ({
      ...r,
      title_i18n: storedOrPlain(r.title_i18n, r.title, r.language),
      supports: Number(r.supports ?? 0),
    })),
    total: Number(total.n),
  }
}

/** A proposal as the public sees it (its author by name, never by account), with lineage and debate. */
export async function getProposal(db: DB, id: string) {
  const proposal = await db
    .selectFrom('proposals as p')
    .leftJoin('preparatory_conferences as c', 'c.id', 'p.preparatory_id')
    .leftJoin('users as u', 'u.id', 'p.author_user_id')
    .select([
      'p.id',
      'p.edition_id',
      'p.axis_id',
      'p.kind',
      'p.origin',
      'p.preparatory_id',
      'p.title',
      'p.body',
      'p.justification',
      'p.language',
      'p.title_i18n',
      'p.body_i18n',
      'p.justification_i18n',
      'p.coauthors',
      'p.status',
      'p.merged_into_id',
      'p.rejection_reason',
      'p.created_at',
      'p.updated_at',
    ])
    .select(['c.name as preparatory_name', 'u.display_name as author_name'])
    .where('p.id', '=', id)
    .executeTakeFirst()
  if (!proposal) return null
  // Rows written before migration 035 read their plain columns as the original.
  proposal.title_i18n = storedOrPlain(proposal.title_i18n, proposal.title, proposal.language)
  proposal.body_i18n = storedOrPlain(proposal.body_i18n, proposal.body, proposal.language)
  proposal.justification_i18n = storedOrPlain(
    proposal.justification_i18n,
    proposal.justification,
    proposal.language,
  )
  const [originals, mergedInto, supports, comments, all] = await Promise.all([
    db
      .selectFrom('proposals')
      .select(['id', 'title', 'title_i18n', 'language', 'status'])
      .where('merged_into_id', '=', id)
      .orderBy('created_at')
      .execute(),
    proposal.merged_into_id
      ? db
          .selectFrom('proposals')
          .select(['id', 'title', 'title_i18n', 'language', 'status'])
          .where('id', '=', proposal.merged_into_id)
          .executeTakeFirst()
      : undefined,
    db
      .selectFrom('proposal_supports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('proposal_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('proposal_comments')
      .select(['id', 'author_name', 'body', 'created_at'])
      .where('proposal_id', '=', id)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('proposals')
      .select(['id', 'merged_into_id'])
      .where('edition_id', '=', proposal.edition_id)
      .where('merged_into_id', 'is not', null)
      .execute(),
  ])
  const linked = <T extends { title: string; title_i18n: string | null; language: string }>(p: T) => ({
    ...p,
    title_i18n: storedOrPlain(p.title_i18n, p.title, p.language),
  })
  return {
    proposal,
    originals: originals.map(linked),
    mergedInto: mergedInto ? linked(mergedInto) : null,
    allOrigins: originsOf(id, all).length,
    supports: Number(supports.n),
    comments,
  }
}

// Supports and comments: limits per person, so one account cannot flood a debate.
const SUPPORT_POLICY: QuotaPolicy = { limit: 60, windowMs: 10 * 60_000 }
const COMMENT_POLICY: QuotaPolicy = { limit: 10, windowMs: 10 * 60_000 }
/** New proposals per person (#16.9): enough for a real contributor, not for a flood. */
const PROPOSAL_POLICY: QuotaPolicy = { limit: 10, windowMs: 60 * 60_000 }

async function debateOpen(db: DB, proposalId: string) {
  const row = await db
    .selectFrom('proposals')
    .innerJoin('conference_editions as e', 'e.id', 'proposals.edition_id')
    .select(['e.phase', 'proposals.status'])
    .where('proposals.id', '=', proposalId)
    .executeTakeFirst()
  return row ? isDebateOpen(row.phase) : null
}

export async function hasSupported(db: DB, input: { userId: string; proposalId: string }): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('proposal_supports')
      .select('user_id')
      .where('proposal_id', '=', input.proposalId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst(),
  )
}

export async function supportProposal(
  db: DB,
  input: { userId: string; proposalId: string },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'already_supported' | 'rate_limited'>> {
  const open = await debateOpen(db, input.proposalId)
  if (open === null) return err('not_found')
  if (!open) return err('wrong_phase')
  const key = `support:${input.userId}`
  if (await consumeQuota(db, key, SUPPORT_POLICY)) return err('rate_limited')
  try {
    await db
      .insertInto('proposal_supports')
      .values({ proposal_id: input.proposalId, user_id: input.userId, created_at: nowIso() })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_supported')
    throw error
  }
  return ok(null)
}

export async function commentOnProposal(
  db: DB,
  input: { userId: string; authorName: string; proposalId: string; body: string },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'rate_limited'>> {
  const open = await debateOpen(db, input.proposalId)
  if (open === null) return err('not_found')
  if (!open) return err('wrong_phase')
  const key = `comment:${input.userId}`
  if (await consumeQuota(db, key, COMMENT_POLICY)) return err('rate_limited')
  await db
    .insertInto('proposal_comments')
    .values({
      id: newId(),
      proposal_id: input.proposalId,
      user_id: input.userId,
      author_name: input.authorName,
      body: input.body,
      created_at: nowIso(),
    })
    .execute()
  return ok(null)
}
