import type { DB } from '../lib/db.server'
import { getElection } from './lifecycle.server'
import { rulesSummary, type ElectionRules, type RulesSummary } from './rules-summary'

/** The rules of an election as its public page states them; null when there is no such election. */
export async function electionRules(db: DB, electionId: string): Promise<RulesSummary | null> {
  const found = await getElection(db, electionId)
  if (!found) return null
  const cycle = await db
    .selectFrom('census_cycles')
    .select(['min_voter_age', 'min_candidate_age', 'election_day'])
    .where('id', '=', found.election.cycle_id)
    .executeTakeFirst()
  return rulesSummary({
    body: found.election.body,
    rules: found.rules as Partial<ElectionRules>,
    contests: found.contests,
    cycle: cycle ?? null,
    voting_starts: found.election.voting_starts,
    voting_ends: found.election.voting_ends,
  })
}
