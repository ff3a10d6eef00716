import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import type { DB } from '../lib/db.server'

// LGPD for consultations: a person's contributions (with earlier wordings), supports, reports and
// answers to questions are in their export. On erasure, contributions stay in the public record of
// the consultation (the council answered them, the report counts them) without name or account;
// the rest is deleted.

export async function consultationDataOfUser(db: DB, userId: string) {
  const [contributions, supports, reports, answers] = await Promise.all([
    db
      .selectFrom('contributions')
      .select([
        'id',
        'consultation_id',
        'paragraph_id',
        'parent_id',
        'language',
        'body',
        'created_at',
        'edited_at',
        'answer',
        'answer_text',
      ])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('contribution_supports')
      .select(['contribution_id', 'created_at'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('contribution_reports')
      .select(['contribution_id', 'reason', 'created_at'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('question_answers')
      .select(['consultation_id', 'question_id', 'answer', 'answered_at'])
      .where('user_id', '=', userId)
      .execute(),
  ])
  const ids = contributions.map((c) => c.id)
  const revisions = ids.length
    ? await db
        .selectFrom('contribution_revisions')
        .select(['contribution_id', 'body', 'replaced_at'])
        .where('contribution_id', 'in', ids)
        .execute()
    : []
  return { contributions, earlier_wordings: revisions, supports, reports, answers_to_questions: answers }
}

export async function eraseConsultationDataOfUser(
  trx: Transaction<Database>,
  userId: string,
): Promise<string[]> {
  const kept = await trx
    .updateTable('contributions')
    .set({ user_id: null, author_name: '—' })
    .where('user_id', '=', userId)
    .executeTakeFirst()
  await trx.deleteFrom('contribution_supports').where('user_id', '=', userId).execute()
  await trx.deleteFrom('contribution_reports').where('user_id', '=', userId).execute()
  await trx.deleteFrom('question_answers').where('user_id', '=', userId).execute()
  return Number(kept.numUpdatedRows) > 0 ? ['public_contributions'] : []
}
