import type { VoteChoice } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { meetingQuorum } from './attendance.server'
import { outcomeOf, sittingMembers } from './rules'

// Votes on deliberative agenda items: by counts or by name, only with the quorum to deliberate.

export type VoteInput =
  | { actorUserId: string; itemId: string; mode: 'counts'; yes: number; no: number; abstain: number }
  | { actorUserId: string; itemId: string; mode: 'named'; votes: { memberId: string; vote: VoteChoice }[] }
export type VoteError =
  | 'not_found'
  | 'wrong_status'
  | 'not_deliberative'
  | 'already_voted'
  | 'no_quorum'
  | 'too_many_votes'
  | 'not_sitting'
  | 'minutes_not_circulated'
  | 'no_votes'

/**
 * Records the vote on an item while the meeting is in session and has the quorum to deliberate.
 * Counts cannot exceed the seats filled; named votes only from members sitting (full members
 * present, or alternates sitting in), at least one. An item that approves earlier minutes approves them when it
 * passes, in the same transaction.
 */
export async function recordVote(
  db: DB,
  input: VoteInput,
): Promise<Result<{ outcome: 'approved' | 'rejected' }, VoteError>> {
  if (input.mode === 'named' && input.votes.length === 0) return err('no_votes')
  return db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom('agenda_items as i')
      .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
      .select(['i.kind', 'i.outcome', 'i.meeting_id', 'i.approves_minutes_of', 'm.status'])
      .where('i.id', '=', input.itemId)
      .executeTakeFirst()
    if (!item) return err('not_found')
    if (item.status !== 'in_session') return err('wrong_status')
    if (item.kind !== 'deliberation') return err('not_deliberative')
    if (item.outcome) return err('already_voted')
    const q = (await meetingQuorum(trx, item.meeting_id))!
    if (!q.canDeliberate) return err('no_quorum')
    let yes: number, no: number, abstain: number
    if (input.mode === 'counts') {
      ;({ yes, no, abstain } = input)
      if (yes + no + abstain > q.filled) return err('too_many_votes')
    } else {
      const sitting = new Set(sittingMembers(q.members).map((m) => m.id))
      if (
        input.votes.some((v) => !sitting.has(v.memberId)) ||
        new Set(input.votes.map((v) => v.memberId)).size !== input.votes.length
      )
        return err('not_sitting')
      yes = input.votes.filter((v) => v.vote === 'yes').length
      no = input.votes.filter((v) => v.vote === 'no').length
      abstain = input.votes.filter((v) => v.vote === 'abstain').length
      for (const v of input.votes)
        await trx
          .insertInto('item_votes')
          .values({ item_id: input.itemId, member_id: v.memberId, vote: v.vote })
          .execute()
    }
    const outcome = outcomeOf(yes, no)
    if (item.approves_minutes_of && outcome === 'approved') {
      const approved = await trx
        .updateTable('minutes')
        .set({
          status: 'approved',
          approved_by_item: input.itemId,
          approved_at: nowIso(),
          updated_at: nowIso(),
        })
        .where('meeting_id', '=', item.approves_minutes_of)
        .where('status', '=', 'circulated')
        .executeTakeFirst()
      if (Number(approved.numUpdatedRows) !== 1) return err('minutes_not_circulated')
    }
    const done = await trx
      .updateTable('agenda_items')
      .set({
        vote_mode: input.mode,
        votes_yes: yes,
        votes_no: no,
        votes_abstain: abstain,
        present_at_vote: q.filled,
        outcome,
        voted_at: nowIso(),
      })
      .where('id', '=', input.itemId)
      .where('outcome', 'is', null)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('already_voted')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.vote',
      entityType: 'agenda_item',
      entityId: input.itemId,
      after: { yes, no, abstain, outcome },
    })
    return ok({ outcome })
  })
}
