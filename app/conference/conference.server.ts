import { sql, type Transaction } from 'kysely'
import { CONFERENCE_PHASES, type ConferencePhase, type Database, type ProposalStatus } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { lockedForSeconds, recordFailure, type ThrottlePolicy } from '../auth/throttle.server'
import type { I18nText } from '../i18n/config'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { allWordsLike } from '../lib/search'
import { err, ok, type Result } from '../lib/result'
import { originsOf, rankAxis, searchable } from './ranking'

type Tx = Transaction<Database>

export const nextConferencePhase = (phase: ConferencePhase): ConferencePhase | null =>
  CONFERENCE_PHASES[CONFERENCE_PHASES.indexOf(phase) + 1] ?? null

// ---------- editions ----------

export async function listEditions(db: DB) {
  return db
    .selectFrom('conference_editions')
    .select(['id', 'title_i18n', 'motto_i18n', 'phase', 'starts_on', 'ends_on'])
    .orderBy('created_at', 'desc')
    .execute()
}

export async function getEdition(db: DB | Tx, id: string) {
  const edition = await db
    .selectFrom('conference_editions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!edition) return null
  const axes = await db
    .selectFrom('conference_axes as a')
    .leftJoin('thematic_axes as t', 't.id', 'a.thematic_axis_id')
    .select(['a.id', 'a.kind', 'a.position', 'a.name_i18n', 't.code'])
    .where('a.edition_id', '=', id)
    .orderBy('a.position')
    .execute()
  return { edition, axes }
}

export type NewEdition = {
  title: I18nText
  motto: I18nText
  startsOn?: string
  endsOn?: string
  votesPerAxis: number
  approvalThreshold: number
  delegateQuota: number
  crossCutting: string[]
}

/** A new edition in preparation, with the 8 thematic axes and any cross-cutting ones. */
export async function createEdition(db: DB, actorUserId: string, input: NewEdition): Promise<{ id: string }> {
  const id = newId()
  const at = nowIso()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('conference_editions')
      .values({
        id,
        title_i18n: JSON.stringify(input.title),
        motto_i18n: Object.keys(input.motto).length ? JSON.stringify(input.motto) : null,
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        phase: 'preparation',
        votes_per_axis: input.votesPerAxis,
        approval_threshold: input.approvalThreshold,
        delegate_quota: input.delegateQuota,
        created_at: at,
        updated_at: at,
      })
      .execute()
    const thematic = await trx
      .selectFrom('thematic_axes')
      .select(['id', 'position'])
      .orderBy('position')
      .execute()
    const rows = [
      ...thematic.map((t) => ({
        id: newId(),
        edition_id: id,
        kind: 'thematic' as const,
        thematic_axis_id: t.id,
        name_i18n: null,
        position: t.position,
      })),
      ...input.crossCutting.map((name, i) => ({
        id: newId(),
        edition_id: id,
        kind: 'cross_cutting' as const,
        thematic_axis_id: null,
        name_i18n: JSON.stringify({ 'pt-BR': name }),
        position: 100 + i,
      })),
    ]
    await trx.insertInto('conference_axes').values(rows).execute()
    await appendAudit(trx, {
      actorUserId,
      action: 'conference.create',
      entityType: 'conference_edition',
      entityId: id,
    })
  })
  return { id }
}

/**
 * One step forward, by the secretariat. Entering the delegates' vote turns every proposal the
 * systematisation left untouched into a votable one, as written; the final report freezes outcomes.
 */
export async function advanceConferencePhase(
  db: DB,
  input: { actorUserId: string; editionId: string; to: ConferencePhase },
): Promise<Result<{ phase: ConferencePhase }, 'not_found' | 'not_next_phase'>> {
  return db.transaction().execute(async (trx) => {
    const edition = await trx
      .selectFrom('conference_editions')
      .select(['phase'])
      .where('id', '=', input.editionId)
      .executeTakeFirst()
    if (!edition) return err('not_found')
    if (nextConferencePhase(edition.phase) !== input.to) return err('not_next_phase')
    const moved = await trx
      .updateTable('conference_editions')
      .set({ phase: input.to, updated_at: nowIso() })
      .where('id', '=', input.editionId)
      .where('phase', '=', edition.phase)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return err('not_next_phase')
    if (input.to === 'delegates_vote') {
      await trx
        .updateTable('proposals')
        .set({ status: 'consolidated', updated_at: nowIso() })
        .where('edition_id', '=', input.editionId)
        .where('status', '=', 'submitted')
        .execute()
    }
    if (input.to === 'final_report') await freezeOutcomes(trx, input.editionId)
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'conference.phase',
      entityType: 'conference_edition',
      entityId: input.editionId,
      before: { phase: edition.phase },
      after: { phase: input.to },
    })
    return ok({ phase: input.to })
  })
}

/** The seed builds a finished edition directly; it freezes outcomes the same way the phase change does. */
export const freezeOutcomesForSeed = (trx: Tx, editionId: string) => freezeOutcomes(trx, editionId)

async function freezeOutcomes(trx: Tx, editionId: string) {
  const results = await delegateResults(trx, editionId)
  for (const axis of results.axes) {
    for (const p of axis.proposals) {
      await trx
        .updateTable('proposals')
        .set({ status: p.approved ? 'approved' : 'not_approved', updated_at: nowIso() })
        .where('id', '=', p.id)
        .execute()
    }
  }
}

// ---------- preparatory conferences and delegates ----------

export type NewPreparatory = {
  kind: 'regional' | 'free'
  name: string
  organiser: string
  heldOn: string
  place: string
  attendance: number
  delegateQuota?: number
}

export async function registerPreparatory(
  db: DB,
  actorUserId: string,
  editionId: string,
  input: NewPreparatory,
): Promise<Result<{ id: string }, 'not_found' | 'wrong_phase'>> {
  const found = await db
    .selectFrom('conference_editions')
    .select(['phase', 'delegate_quota'])
    .where('id', '=', editionId)
    .executeTakeFirst()
  if (!found) return err('not_found')
  if (!['preparation', 'proposals_open'].includes(found.phase)) return err('wrong_phase')
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('preparatory_conferences')
      .values({
        id,
        edition_id: editionId,
        kind: input.kind,
        name: input.name,
        organiser: input.organiser,
        held_on: input.heldOn,
        place: input.place,
        attendance: input.attendance,
        delegate_quota: input.delegateQuota ?? found.delegate_quota,
        registered_by: actorUserId,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId,
      action: 'conference.preparatory',
      entityType: 'conference_edition',
      entityId: editionId,
      after: { name: input.name },
    })
  })
  return ok({ id })
}

export async function preparatoryConferences(db: DB, editionId: string) {
  const rows = await db
    .selectFrom('preparatory_conferences')
    .selectAll()
    .where('edition_id', '=', editionId)
    .orderBy('held_on')
    .execute()
  const counts = await db
    .selectFrom('proposals')
    .select(['preparatory_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('edition_id', '=', editionId)
    .where('preparatory_id', 'is not', null)
    .groupBy('preparatory_id')
    .execute()
  const delegates = await db
    .selectFrom('conference_delegates')
    .select(['preparatory_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('edition_id', '=', editionId)
    .groupBy('preparatory_id')
    .execute()
  return rows.map((r) => ({
    ...r,
    proposals: Number(counts.find((c) => c.preparatory_id === r.id)?.n ?? 0),
    delegates: Number(delegates.find((d) => d.preparatory_id === r.id)?.n ?? 0),
  }))
}

export type AccreditError = 'not_found' | 'unknown_person' | 'already_delegate' | 'quota_full' | 'wrong_phase'

/** The secretariat accredits a delegate (by their account's e-mail or phone), within the quota. */
export async function accreditDelegate(
  db: DB,
  input: { actorUserId: string; editionId: string; identifier: string; preparatoryId?: string },
): Promise<Result<null, AccreditError>> {
  const edition = await db
    .selectFrom('conference_editions')
    .select('phase')
    .where('id', '=', input.editionId)
    .executeTakeFirst()
  if (!edition) return err('not_found')
  if (edition.phase === 'final_report') return err('wrong_phase')
  const identifier = input.identifier.trim().toLowerCase()
  const user = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('email', '=', identifier), eb('phone', '=', identifier.replace(/[^\d+]/g, ''))]))
    .where('erased_at', 'is', null)
    .executeTakeFirst()
  if (!user) return err('unknown_person', 'identifier')
  try {
    return await db.transaction().execute(async (trx) => {
      if (input.preparatoryId) {
        const prep = await trx
          .selectFrom('preparatory_conferences')
          .select('delegate_quota')
          .where('id', '=', input.preparatoryId)
          .where('edition_id', '=', input.editionId)
          .executeTakeFirst()
        if (!prep) return err('not_found', 'preparatoryId')
        const used = await trx
          .selectFrom('conference_delegates')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('preparatory_id', '=', input.preparatoryId)
          .executeTakeFirstOrThrow()
        if (Number(used.n) >= prep.delegate_quota) return err('quota_full', 'preparatoryId')
      }
      await trx
        .insertInto('conference_delegates')
        .values({
          edition_id: input.editionId,
          user_id: user.id,
          preparatory_id: input.preparatoryId ?? null,
          accredited_by: input.actorUserId,
          accredited_at: nowIso(),
        })
        .execute()
      await trx
        .insertInto('user_roles')
        .values({ user_id: user.id, role: 'delegate', granted_by: input.actorUserId, granted_at: nowIso() })
        .onConflict((oc) => oc.doNothing())
        .execute()
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: 'conference.accredit',
        entityType: 'conference_edition',
        entityId: input.editionId,
        after: { user: user.id },
      })
      return ok(null)
    })
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_delegate', 'identifier')
    throw error
  }
}

export async function delegateCount(db: DB | Tx, editionId: string): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('conference_delegates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('edition_id', '=', editionId)
        .executeTakeFirstOrThrow()
    ).n,
  )
}

export async function isDelegate(db: DB, editionId: string, userId: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('conference_delegates')
      .select('user_id')
      .where('edition_id', '=', editionId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  )
}

// ---------- proposals ----------

export type NewProposal = {
  axisId: string
  title: string
  body: string
  justification?: string
  language: string
  coauthors?: string
  preparatoryId?: string
}
export type ProposalError = 'not_found' | 'wrong_phase' | 'unknown_axis' | 'unknown_preparatory'

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
  const id = newId()
  const at = nowIso()
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
  axisId?: string
  origin?: 'online' | 'preparatory' | 'systematisation'
  status?: ProposalStatus
  q?: string
  page: number
}
export const PAGE_SIZE = 20

export async function listProposals(db: DB, editionId: string, filters: ProposalFilters) {
  let query = db.selectFrom('proposals').where('edition_id', '=', editionId)
  if (filters.axisId) query = query.where('axis_id', '=', filters.axisId)
  if (filters.origin) query = query.where('origin', '=', filters.origin)
  if (filters.status) query = query.where('status', '=', filters.status)
  if (filters.q) {
    for (const condition of allWordsLike('search_text', filters.q)) query = query.where(condition)
  }
  const [rows, total] = await Promise.all([
    query
      .select(['id', 'axis_id', 'kind', 'origin', 'title', 'language', 'status', 'created_at'])
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
  return { rows: rows.map((r) => ({ ...r, supports: Number(r.supports ?? 0) })), total: Number(total.n) }
}

export async function getProposal(db: DB, id: string) {
  const proposal = await db
    .selectFrom('proposals as p')
    .leftJoin('preparatory_conferences as c', 'c.id', 'p.preparatory_id')
    .leftJoin('users as u', 'u.id', 'p.author_user_id')
    .selectAll('p')
    .select(['c.name as preparatory_name', 'u.display_name as author_name'])
    .where('p.id', '=', id)
    .executeTakeFirst()
  if (!proposal) return null
  const [originals, mergedInto, supports, comments, all] = await Promise.all([
    db
      .selectFrom('proposals')
      .select(['id', 'title', 'status'])
      .where('merged_into_id', '=', id)
      .orderBy('created_at')
      .execute(),
    proposal.merged_into_id
      ? db
          .selectFrom('proposals')
          .select(['id', 'title', 'status'])
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
  return {
    proposal,
    originals,
    mergedInto: mergedInto ?? null,
    allOrigins: originsOf(id, all).length,
    supports: Number(supports.n),
    comments,
  }
}

// Supports and comments: limits per person, so one account cannot flood a debate.
const SUPPORT_POLICY: ThrottlePolicy = { maxFailures: 60, windowMs: 10 * 60_000, lockMs: 10 * 60_000 }
const COMMENT_POLICY: ThrottlePolicy = { maxFailures: 10, windowMs: 10 * 60_000, lockMs: 10 * 60_000 }

async function debateOpen(db: DB, proposalId: string) {
  const row = await db
    .selectFrom('proposals')
    .innerJoin('conference_editions as e', 'e.id', 'proposals.edition_id')
    .select(['e.phase', 'proposals.status'])
    .where('proposals.id', '=', proposalId)
    .executeTakeFirst()
  return row ? ['proposals_open', 'systematisation'].includes(row.phase) : null
}

export async function supportProposal(
  db: DB,
  input: { userId: string; proposalId: string },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'already_supported' | 'rate_limited'>> {
  const open = await debateOpen(db, input.proposalId)
  if (open === null) return err('not_found')
  if (!open) return err('wrong_phase')
  const key = `support:${input.userId}`
  if (await lockedForSeconds(db, [key])) return err('rate_limited')
  try {
    await db
      .insertInto('proposal_supports')
      .values({ proposal_id: input.proposalId, user_id: input.userId, created_at: nowIso() })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_supported')
    throw error
  }
  await recordFailure(db, key, SUPPORT_POLICY)
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
  if (await lockedForSeconds(db, [key])) return err('rate_limited')
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
  await recordFailure(db, key, COMMENT_POLICY)
  return ok(null)
}

// ---------- systematisation ----------

export type SystematiseError =
  'not_found' | 'wrong_phase' | 'other_edition' | 'not_mergeable' | 'too_few' | 'unknown_axis'

async function inSystematisation(trx: Tx, editionId: string) {
  const e = await trx
    .selectFrom('conference_editions')
    .select('phase')
    .where('id', '=', editionId)
    .executeTakeFirst()
  return e ? e.phase === 'systematisation' : null
}

/**
 * Merges several proposals into one consolidated proposal. The originals stay, marked `merged`
 * with a link to it, so every original shows where it went and the consolidated shows its sources.
 */
export async function mergeProposals(
  db: DB,
  input: {
    actorUserId: string
    editionId: string
    proposalIds: string[]
    axisId: string
    title: string
    body: string
    justification?: string
  },
): Promise<Result<{ id: string }, SystematiseError>> {
  const ids = [...new Set(input.proposalIds)]
  if (ids.length < 2) return err('too_few', 'proposalIds')
  return db
    .transaction()
    .execute(async (trx) => {
      const open = await inSystematisation(trx, input.editionId)
      if (open === null) return err('not_found')
      if (!open) return err('wrong_phase')
      const rows = await trx
        .selectFrom('proposals')
        .select(['id', 'edition_id', 'status'])
        .where('id', 'in', ids)
        .execute()
      if (rows.length !== ids.length) return err('not_found', 'proposalIds')
      if (rows.some((r) => r.edition_id !== input.editionId)) return err('other_edition', 'proposalIds')
      if (rows.some((r) => r.status !== 'submitted' && r.status !== 'consolidated'))
        return err('not_mergeable', 'proposalIds')
      const axis = await trx
        .selectFrom('conference_axes')
        .select('id')
        .where('id', '=', input.axisId)
        .where('edition_id', '=', input.editionId)
        .executeTakeFirst()
      if (!axis) return err('unknown_axis', 'axisId')
      const id = newId()
      const at = nowIso()
      await trx
        .insertInto('proposals')
        .values({
          id,
          edition_id: input.editionId,
          axis_id: input.axisId,
          kind: 'consolidated',
          origin: 'systematisation',
          preparatory_id: null,
          author_user_id: null,
          title: input.title,
          body: input.body,
          justification: input.justification ?? null,
          language: 'pt-BR',
          coauthors: null,
          status: 'consolidated',
          merged_into_id: null,
          rejection_reason: null,
          search_text: searchable(input.title, input.body, input.justification),
          created_at: at,
          updated_at: at,
        })
        .execute()
      // Guarded by status: a proposal merged or rejected meanwhile by a colleague is not merged twice.
      const moved = await trx
        .updateTable('proposals')
        .set({ status: 'merged', merged_into_id: id, updated_at: at })
        .where('id', 'in', ids)
        .where('status', 'in', ['submitted', 'consolidated'])
        .executeTakeFirst()
      if (Number(moved.numUpdatedRows) !== ids.length) throw new MergeConflict()
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: 'proposal.merge',
        entityType: 'proposal',
        entityId: id,
        after: { originals: ids },
      })
      return ok({ id })
    })
    .catch((error: unknown) => {
      if (error instanceof MergeConflict) return err('not_mergeable', 'proposalIds')
      throw error
    })
}

class MergeConflict extends Error {}

export type Decision =
  | { intent: 'reject'; reason: string }
  | { intent: 'motion' }
  | { intent: 'keep' }
  | { intent: 'edit'; title: string; body: string; justification?: string }

/** Reject with a reason, mark as a motion, keep as written (votable), or edit the wording. */
export async function decideProposal(
  db: DB,
  input: { actorUserId: string; proposalId: string; decision: Decision },
): Promise<Result<null, SystematiseError>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('proposals')
      .select(['edition_id', 'status', 'title', 'body'])
      .where('id', '=', input.proposalId)
      .executeTakeFirst()
    if (!row) return err('not_found')
    if (!(await inSystematisation(trx, row.edition_id))) return err('wrong_phase')
    if (row.status === 'merged') return err('not_mergeable')
    const d = input.decision
    const at = nowIso()
    const set =
      d.intent === 'reject'
        ? { status: 'rejected' as const, rejection_reason: d.reason }
        : d.intent === 'motion'
          ? { status: 'motion' as const, rejection_reason: null }
          : d.intent === 'keep'
            ? { status: 'consolidated' as const, rejection_reason: null }
            : {
                title: d.title,
                body: d.body,
                justification: d.justification ?? null,
                search_text: searchable(d.title, d.body, d.justification),
              }
    await trx
      .updateTable('proposals')
      .set({ ...set, updated_at: at })
      .where('id', '=', input.proposalId)
      .where('status', '=', row.status)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: `proposal.${d.intent}`,
      entityType: 'proposal',
      entityId: input.proposalId,
      before: { status: row.status, title: row.title },
      after: set,
    })
    return ok(null)
  })
}

// ---------- delegates' vote ----------

export type VoteError =
  'not_found' | 'wrong_phase' | 'not_a_delegate' | 'not_votable' | 'already_voted' | 'axis_limit'

export async function castPriorityVote(
  db: DB,
  input: { userId: string; editionId: string; proposalId: string },
): Promise<Result<null, VoteError>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const edition = await trx
        .selectFrom('conference_editions')
        .select(['phase', 'votes_per_axis'])
        .where('id', '=', input.editionId)
        .executeTakeFirst()
      if (!edition) return err('not_found')
      if (edition.phase !== 'delegates_vote') return err('wrong_phase')
      const delegate = await trx
        .selectFrom('conference_delegates')
        .select('user_id')
        .where('edition_id', '=', input.editionId)
        .where('user_id', '=', input.userId)
        .executeTakeFirst()
      if (!delegate) return err('not_a_delegate')
      const proposal = await trx
        .selectFrom('proposals')
        .select(['axis_id', 'status'])
        .where('id', '=', input.proposalId)
        .where('edition_id', '=', input.editionId)
        .executeTakeFirst()
      if (!proposal || proposal.status !== 'consolidated') return err('not_votable')
      const usage = { edition_id: input.editionId, user_id: input.userId, axis_id: proposal.axis_id }
      await trx
        .insertInto('delegate_axis_usage')
        .values({ ...usage, used: 0 })
        .onConflict((oc) => oc.columns(['edition_id', 'user_id', 'axis_id']).doNothing())
        .execute()
      // The guarded increment is the limit: of two concurrent last votes, only one finds used < N.
      const counted = await trx
        .updateTable('delegate_axis_usage')
        .set({ used: sql`used + 1` })
        .where('edition_id', '=', usage.edition_id)
        .where('user_id', '=', usage.user_id)
        .where('axis_id', '=', usage.axis_id)
        .where('used', '<', edition.votes_per_axis)
        .executeTakeFirst()
      if (Number(counted.numUpdatedRows) !== 1) return err('axis_limit')
      await trx
        .insertInto('delegate_votes')
        .values({
          proposal_id: input.proposalId,
          user_id: input.userId,
          edition_id: input.editionId,
          axis_id: proposal.axis_id,
        })
        .execute()
      return ok(null)
    })
  } catch (error) {
    // The primary key refused a second vote for the same proposal; the transaction (and its
    // counter increment) rolled back.
    if (isUniqueViolation(error)) return err('already_voted')
    throw error
  }
}

export async function votesOfDelegate(db: DB, editionId: string, userId: string): Promise<string[]> {
  return (
    await db
      .selectFrom('delegate_votes')
      .select('proposal_id')
      .where('edition_id', '=', editionId)
      .where('user_id', '=', userId)
      .execute()
  ).map((r) => r.proposal_id)
}

export async function votableProposals(db: DB, editionId: string) {
  return db
    .selectFrom('proposals')
    .select(['id', 'axis_id', 'title', 'body', 'language'])
    .where('edition_id', '=', editionId)
    .where('status', '=', 'consolidated')
    .orderBy('title')
    .execute()
}

/** Ranking per axis from the vote counts; used live during the vote and frozen at the report. */
export async function delegateResults(db: DB | Tx, editionId: string) {
  const edition = await db
    .selectFrom('conference_editions')
    .select(['approval_threshold', 'votes_per_axis'])
    .where('id', '=', editionId)
    .executeTakeFirstOrThrow()
  const delegates = await delegateCount(db, editionId)
  const proposals = await db
    .selectFrom('proposals')
    .select(['id', 'axis_id', 'title'])
    .select((eb) =>
      eb
        .selectFrom('delegate_votes')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('delegate_votes.proposal_id', '=', 'proposals.id')
        .as('votes'),
    )
    .where('edition_id', '=', editionId)
    .where('status', 'in', ['consolidated', 'approved', 'not_approved'])
    .execute()
  const axes = await db
    .selectFrom('conference_axes')
    .select(['id', 'position'])
    .where('edition_id', '=', editionId)
    .orderBy('position')
    .execute()
  return {
    delegates,
    threshold: edition.approval_threshold,
    axes: axes.map((a) => ({
      axisId: a.id,
      proposals: rankAxis(
        proposals.filter((p) => p.axis_id === a.id).map((p) => ({ id: p.id, votes: Number(p.votes ?? 0) })),
        delegates,
        edition.approval_threshold,
      ).map((r) => ({ ...r, title: proposals.find((p) => p.id === r.id)!.title })),
    })),
  }
}

// ---------- report ----------

export async function conferenceFigures(db: DB, editionId: string) {
  const count = (status?: ProposalStatus[], kind?: 'original' | 'consolidated') => {
    let q = db
      .selectFrom('proposals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('edition_id', '=', editionId)
    if (status) q = q.where('status', 'in', status)
    if (kind) q = q.where('kind', '=', kind)
    return q.executeTakeFirstOrThrow().then((r) => Number(r.n))
  }
  const [originals, votable, approved, motions, prep, delegates, voters] = await Promise.all([
    count(undefined, 'original'),
    count(['consolidated', 'approved', 'not_approved']),
    count(['approved']),
    count(['motion']),
    db
      .selectFrom('preparatory_conferences')
      .select([
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.sum<number>('attendance').as('people'),
      ])
      .where('edition_id', '=', editionId)
      .executeTakeFirstOrThrow(),
    delegateCount(db, editionId),
    db
      .selectFrom('delegate_votes')
      .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
      .where('edition_id', '=', editionId)
      .executeTakeFirstOrThrow(),
  ])
  return {
    originals,
    votable,
    approved,
    motions,
    preparatory: Number(prep.n),
    attendance: Number(prep.people ?? 0),
    delegates,
    delegatesWhoVoted: Number(voters.n),
  }
}

/** Rows for the report and the open data: every proposal with its outcome and lineage. */
export async function reportRows(db: DB, editionId: string) {
  const rows = await db
    .selectFrom('proposals as p')
    .innerJoin('conference_axes as a', 'a.id', 'p.axis_id')
    .leftJoin('thematic_axes as t', 't.id', 'a.thematic_axis_id')
    .leftJoin('preparatory_conferences as c', 'c.id', 'p.preparatory_id')
    .select([
      'p.id',
      'p.kind',
      'p.origin',
      'p.title',
      'p.body',
      'p.justification',
      'p.language',
      'p.status',
      'p.merged_into_id',
      'p.rejection_reason',
      'a.position as axis_position',
      't.code as axis_code',
      'a.name_i18n as axis_name',
      'c.name as preparatory',
    ])
    .select((eb) =>
      eb
        .selectFrom('delegate_votes')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('delegate_votes.proposal_id', '=', 'p.id')
        .as('votes'),
    )
    .select((eb) =>
      eb
        .selectFrom('proposal_supports')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('proposal_supports.proposal_id', '=', 'p.id')
        .as('supports'),
    )
    .where('p.edition_id', '=', editionId)
    .orderBy('a.position')
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute()
  return rows.map((r) => ({ ...r, votes: Number(r.votes ?? 0), supports: Number(r.supports ?? 0) }))
}
