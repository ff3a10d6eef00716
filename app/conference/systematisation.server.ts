import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { originalContent } from '../i18n/content'
import { editedOriginal } from '../i18n/original-text'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { tellDecided, tellMerged, type ProposalOutcome } from './notices.server'
import { searchable } from './ranking'

// Systematisation: the secretariat merges similar proposals into consolidated ones and decides on
// the rest (reject with a reason, motion, keep as written, or edit the wording) before the vote.

export type SystematiseError =
  | 'not_found'
  | 'wrong_phase'
  | 'other_edition'
  | 'not_mergeable'
  | 'too_few'
  | 'unknown_axis'
  | 'already_decided'

async function inSystematisation(trx: Transaction<Database>, editionId: string) {
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
          title_i18n: originalContent(input.title),
          body_i18n: originalContent(input.body),
          justification_i18n: input.justification ? originalContent(input.justification) : null,
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
      await tellMerged(trx, {
        editionId: input.editionId,
        proposalIds: ids,
        into: { id, title: input.title },
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

const OUTCOME_OF: Record<Decision['intent'], ProposalOutcome | null> = {
  reject: 'rejected',
  motion: 'motion',
  keep: 'kept',
  edit: null,
}

/** Reject with a reason, mark as a motion, keep as written (votable), or edit the wording. */
export async function decideProposal(
  db: DB,
  input: { actorUserId: string; proposalId: string; decision: Decision },
): Promise<Result<null, SystematiseError>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('proposals')
      .select([
        'edition_id',
        'status',
        'title',
        'body',
        'justification',
        'language',
        'title_i18n',
        'body_i18n',
        'justification_i18n',
      ])
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
                // The wording is the original's: translations made before are marked outdated.
                title_i18n: editedOriginal(row.title_i18n, row.title, row.language, d.title),
                body_i18n: editedOriginal(row.body_i18n, row.body, row.language, d.body),
                justification_i18n: d.justification
                  ? editedOriginal(row.justification_i18n, row.justification, row.language, d.justification)
                  : null,
              }
    const updated = await trx
      .updateTable('proposals')
      .set({ ...set, updated_at: at })
      .where('id', '=', input.proposalId)
      .where('status', '=', row.status)
      .executeTakeFirst()
    // Someone decided in between (the status changed): this decision is refused, not audited.
    if (Number(updated.numUpdatedRows) !== 1) return err('already_decided')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: `proposal.${d.intent}`,
      entityType: 'proposal',
      entityId: input.proposalId,
      before: { status: row.status, title: row.title },
      after: set,
    })
    // A new status is a decision the author is told of; a new wording, or the same status again, is not.
    const outcome = OUTCOME_OF[d.intent]
    if (outcome && 'status' in set && set.status !== row.status)
      await tellDecided(trx, { editionId: row.edition_id, proposalId: input.proposalId, outcome })
    return ok(null)
  })
}

/** Proposals the secretariat can still merge: submitted ones and consolidations not yet merged further. */
export async function mergeableProposals(db: DB, editionId: string) {
  return db
    .selectFrom('proposals')
    .select(['id', 'axis_id', 'title', 'status', 'language'])
    .where('edition_id', '=', editionId)
    .where('status', 'in', ['submitted', 'consolidated'])
    .orderBy('axis_id')
    .orderBy('title')
    .execute()
}
