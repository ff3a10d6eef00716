import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import type { DB } from '../lib/db.server'

// LGPD for the counsellors' workspace (issue #18): the agenda items a person proposed, their
// answers to convocations and their comments on minutes and on monitoring updates are in their
// export. They were written as a member of a public body (public office, like attendance and votes
// in the minutes), so erasure keeps them with the membership and removes the link to the account;
// the membership itself loses its account link in eraseAccount.

export async function councilWorkOfUser(db: DB, userId: string) {
  const [agendaProposals, convocationAnswers, minutesComments, monitoringComments] = await Promise.all([
    db
      .selectFrom('council_agenda_proposals')
      .select(['meeting_id', 'title', 'description', 'status', 'decline_reason', 'created_at', 'decided_at'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('attendance_confirmations')
      .select(['meeting_id', 'response', 'responded_at'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('minutes_comments')
      .select(['minutes_id', 'text', 'created_at'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('monitoring_comments')
      .select(['update_id', 'text', 'created_at'])
      .where('user_id', '=', userId)
      .execute(),
  ])
  return {
    agenda_proposals: agendaProposals,
    convocation_answers: convocationAnswers,
    minutes_comments: minutesComments,
    monitoring_comments: monitoringComments,
  }
}

export async function eraseCouncilWorkOfUser(trx: Transaction<Database>, userId: string): Promise<void> {
  for (const table of [
    'council_agenda_proposals',
    'attendance_confirmations',
    'minutes_comments',
    'monitoring_comments',
  ] as const)
    await trx.updateTable(table).set({ user_id: null }).where('user_id', '=', userId).execute()
  // A proposal the person's account decided on as secretariat keeps the decision, not the link.
  await trx
    .updateTable('council_agenda_proposals')
    .set({ decided_by: null })
    .where('decided_by', '=', userId)
    .execute()
}
