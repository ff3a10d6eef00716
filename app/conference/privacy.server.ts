import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import type { DB } from '../lib/db.server'

// LGPD for the conference: a person's proposals, comments and supports are in their export. On
// erasure, proposals and comments stay as part of the public record of the conference but lose
// the link to the account (comments also lose the name); supports are deleted. A delegate's
// accreditation and priority votes are in the export too (they are not secret ballots: ADR 006).

export async function conferenceDataOfUser(db: DB, userId: string) {
  const [proposals, comments, supports, accreditations, priorityVotes] = await Promise.all([
    db
      .selectFrom('proposals')
      .select(['edition_id', 'title', 'body', 'justification', 'language', 'status', 'created_at'])
      .where('author_user_id', '=', userId)
      .execute(),
    db
      .selectFrom('proposal_comments')
      .select(['proposal_id', 'body', 'created_at'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('proposal_supports')
      .select(['proposal_id', 'created_at'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('conference_delegates as d')
      .leftJoin('preparatory_conferences as p', 'p.id', 'd.preparatory_id')
      .select(['d.edition_id', 'd.preparatory_id', 'p.name as preparatory_conference', 'd.accredited_at'])
      .where('d.user_id', '=', userId)
      .execute(),
    db
      .selectFrom('delegate_votes as v')
      .innerJoin('proposals as p', 'p.id', 'v.proposal_id')
      .select(['v.edition_id', 'v.axis_id', 'v.proposal_id', 'p.title as proposal_title'])
      .where('v.user_id', '=', userId)
      .execute(),
  ])
  return {
    proposals,
    comments,
    supports,
    delegate_accreditations: accreditations,
    priority_votes: priorityVotes,
  }
}

export async function eraseConferenceDataOfUser(
  trx: Transaction<Database>,
  userId: string,
): Promise<string[]> {
  const authored = await trx
    .updateTable('proposals')
    .set({ author_user_id: null })
    .where('author_user_id', '=', userId)
    .executeTakeFirst()
  await trx
    .updateTable('proposal_comments')
    .set({ user_id: null, author_name: '—' })
    .where('user_id', '=', userId)
    .execute()
  await trx.deleteFrom('proposal_supports').where('user_id', '=', userId).execute()
  return Number(authored.numUpdatedRows) > 0 ? ['public_proposals'] : []
}
