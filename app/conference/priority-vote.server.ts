import { sql, type Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { delegateCount } from './delegates.server'
import { rankAxis } from './ranking'
import { storedOrPlain } from '../i18n/original-text'

// The delegates' vote: each accredited delegate approves up to N proposals per axis; the ranking
// per axis decides which are approved, and the final report freezes it.

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

export async function votesOfDelegate(
  db: DB,
  input: { editionId: string; userId: string },
): Promise<string[]> {
  return (
    await db
      .selectFrom('delegate_votes')
      .select('proposal_id')
      .where('edition_id', '=', input.editionId)
      .where('user_id', '=', input.userId)
      .execute()
  ).map((r) => r.proposal_id)
}

export async function votableProposals(db: DB, editionId: string) {
  const rows = await db
    .selectFrom('proposals')
    .select(['id', 'axis_id', 'title', 'body', 'language', 'title_i18n'])
    .where('edition_id', '=', editionId)
    .where('status', '=', 'consolidated')
    .orderBy('title')
    .orderBy('id')
    .execute()
  // The ballot shows each title in the delegate's language where translated (ADR 027).
  return rows.map((r) => ({ ...r, title_i18n: storedOrPlain(r.title_i18n, r.title, r.language) }))
}

/** Ranking per axis from the vote counts; used live during the vote and frozen at the report. */
export async function delegateResults(db: DB, editionId: string) {
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

/**
 * Entering the final report, each votable proposal becomes approved or not as the ranking says. The
 * seed builds a finished edition directly and freezes its outcomes with this same function.
 */
export async function freezeOutcomes(trx: Transaction<Database>, editionId: string) {
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
