import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { notify } from '../notices/notify.server'

// What the conference tells the authors of proposals (issue #18, ADR 023). Called inside the
// transaction of the decision, so a notice exists if and only if the decision committed. The events:
//
// - merged (systematisation): each merged proposal's author is told which proposal it joined;
// - decided in the systematisation: rejected, turned into a motion, or kept for the delegates' vote
//   — only when the status changes (rewording is not a decision; deciding the same twice says
//   nothing new);
// - decided by the delegates' vote, when the final report freezes it: approved or not approved.
//
// A consolidated proposal has no author of its own: the authors of the proposals merged into it (at
// any depth) are told about it instead, each naming their own proposal. Co-authors are free-text
// names, not accounts, so only the author's account is told.

type Trx = Transaction<Database>

export type ProposalOutcome = 'rejected' | 'motion' | 'kept' | 'approved' | 'not_approved'

type Authored = { proposalId: string; title: string; userId: string }

/** The authors behind these proposals: their own, and those of every proposal merged into them. */
async function authorsBehind(trx: Trx, proposalIds: string[]): Promise<Authored[]> {
  const authored: Authored[] = []
  const seen = new Set<string>()
  let frontier = [...new Set(proposalIds)]
  while (frontier.length > 0) {
    frontier.forEach((id) => seen.add(id))
    const rows = await trx
      .selectFrom('proposals')
      .select(['id', 'title', 'author_user_id'])
      .where((eb) => eb.or([eb('id', 'in', frontier), eb('merged_into_id', 'in', frontier)]))
      .orderBy('id')
      .execute()
    for (const r of rows)
      if (frontier.includes(r.id) && r.author_user_id)
        authored.push({ proposalId: r.id, title: r.title, userId: r.author_user_id })
    frontier = rows.map((r) => r.id).filter((id) => !seen.has(id))
  }
  return authored
}

/** The proposals in `proposalIds` were merged into `into`. */
export async function tellMerged(
  trx: Trx,
  input: { editionId: string; proposalIds: string[]; into: { id: string; title: string } },
): Promise<void> {
  for (const a of await authorsBehind(trx, input.proposalIds))
    await notify(trx, {
      userId: a.userId,
      template: 'conference_proposal_merged',
      params: { title: a.title, into: input.into.title },
      link: `/conference/${input.editionId}/proposals/${input.into.id}`,
    })
}

/** The proposal was decided (`outcome`): its authors (or those of its sources) are told. */
export async function tellDecided(
  trx: Trx,
  input: { editionId: string; proposalId: string; outcome: ProposalOutcome },
): Promise<void> {
  for (const a of await authorsBehind(trx, [input.proposalId]))
    await notify(trx, {
      userId: a.userId,
      template: 'conference_proposal_decided',
      params: { title: a.title, outcome: { t: `outcomes.${input.outcome}` } },
      link: `/conference/${input.editionId}/proposals/${input.proposalId}`,
    })
}

/** The final report froze the delegates' vote: every votable proposal's authors are told its fate. */
export async function tellFinalOutcomes(trx: Trx, editionId: string): Promise<void> {
  const decided = await trx
    .selectFrom('proposals')
    .select(['id', 'status'])
    .where('edition_id', '=', editionId)
    .where('status', 'in', ['approved', 'not_approved'])
    .orderBy('id')
    .execute()
  for (const p of decided)
    await tellDecided(trx, {
      editionId,
      proposalId: p.id,
      outcome: p.status === 'approved' ? 'approved' : 'not_approved',
    })
}

/** A delegate was accredited: told with the conference's name and where the vote happens. */
export async function tellAccredited(
  trx: Trx,
  input: { editionId: string; userId: string; titleI18n: string },
): Promise<void> {
  await notify(trx, {
    userId: input.userId,
    template: 'conference_accreditation',
    params: { conference: { i18n: input.titleI18n } },
    link: `/conference/${input.editionId}`,
  })
}
