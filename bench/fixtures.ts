import type { DB } from '../app/lib/db.server'
import { DEFAULT_RULES } from '../app/elections/tally'

// The rows every bench starts from: a current census cycle, a Participatory Council election open
// for voting now and for a day (the routes check the window), one subprefecture contest (Sé), and
// accepted candidacies in it. Each bench adds its own voters.

export async function insertBenchCycle(db: DB, id: string, at: string): Promise<void> {
  await db
    .insertInto('census_cycles')
    .values({
      id,
      name: 'Bench',
      election_day: '2026-12-13',
      min_voter_age: 16,
      min_candidate_age: 18,
      proof_of_residence_required: 0,
      document_retention_days: 30,
      is_current: 1,
      created_at: at,
    })
    .execute()
}

/** A CPM election in voting with one contest of 3 seats in subprefecture 29. */
export async function insertVotingElection(
  db: DB,
  input: { id: string; cycleId: string; contestId: string; ballotFormat: 'plain' | 'belenios'; at: string },
): Promise<void> {
  await db
    .insertInto('elections')
    .values({
      id: input.id,
      body: 'cpm',
      cycle_id: input.cycleId,
      title_i18n: '{"pt-BR":"Eleição de carga"}',
      description_i18n: '{}',
      phase: 'voting_open',
      ballot_format: input.ballotFormat,
      candidacy_deadline: null,
      voting_starts: new Date(Date.now() - 3_600_000).toISOString(),
      voting_ends: new Date(Date.now() + 86_400_000).toISOString(),
      gazette_reference: null,
      rules: JSON.stringify(DEFAULT_RULES),
      results: null,
      created_at: input.at,
      updated_at: input.at,
    })
    .execute()
  await db
    .insertInto('contests')
    .values({
      id: input.contestId,
      election_id: input.id,
      kind: 'subprefecture',
      segment: null,
      subprefecture_id: 29,
      seats: 3,
      alternates: 1,
      position: 1,
    })
    .execute()
  // Voting opened an hour ago and its notice to the roll went out then (issue #18's campaign): the
  // benches measure the hours after, not a server walking the roll while voters vote.
  await db
    .insertInto('notice_campaigns')
    .values({
      id: `${input.id}-voting-opened`,
      election_id: input.id,
      kind: 'voting_opened',
      job_id: null,
      cursor: null,
      total: 0,
      created_at: input.at,
      finished_at: input.at,
    })
    .execute()
}

/** `count` accepted person candidacies `cand-<i>`, each with a one-line statement when `statements`. */
export async function insertCandidates(
  db: DB,
  input: { electionId: string; contestId: string; count: number; statements: boolean; at: string },
): Promise<void> {
  const rows = Array.from({ length: input.count }, (_, i) => ({
    id: `cand-${i}`,
    election_id: input.electionId,
    contest_id: input.contestId,
    user_id: null,
    kind: 'person' as const,
    display_name: `Candidata ${i} da Silva`,
    organisation_name: null,
    representative_name: null,
    gender: i % 2 ? 'woman' : 'man',
    birth_date: `19${50 + (i % 50)}-01-01`,
    statement_i18n: input.statements
      ? JSON.stringify({ 'pt-BR': `Proposta ${i}: moradia, trabalho e português para todos.` })
      : '{}',
    photo_key: null,
    status: 'accepted' as const,
    decision_reason: null,
    appeal_text: null,
    created_at: input.at,
    updated_at: input.at,
  }))
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('candidacies')
      .values(rows.slice(i, i + 200))
      .execute()
}
