import type { DB } from '../app/lib/db.server'
import { insertBenchCycle, insertVotingElection } from './fixtures'

// The data of the encrypted-vote benches (bench/belenios-vote.ts, bench/belenios-vote-http.ts): a
// census cycle, a 'belenios' Participatory Council election in voting, one contest (Sé) with
// `candidates` accepted candidacies, `voters` approved registrations on its roll; with `withUsers`
// each registration belongs to an account `user-<i>` (the HTTP bench signs them in).
export async function loadVoteData(
  db: DB,
  { voters, candidates, withUsers = false }: { voters: number; candidates: number; withUsers?: boolean },
) {
  const at = new Date().toISOString()
  await insertBenchCycle(db, 'c', at)
  await insertVotingElection(db, { id: 'e', cycleId: 'c', contestId: 'k', ballotFormat: 'belenios', at })
  const candidacies = Array.from({ length: candidates }, (_, i) => `cand-${i}`)
  await db
    .insertInto('candidacies')
    .values(
      candidacies.map((id, i) => ({
        id,
        election_id: 'e',
        contest_id: 'k',
        user_id: null,
        kind: 'person' as const,
        display_name: `Candidata ${i}`,
        organisation_name: null,
        representative_name: null,
        gender: i % 2 ? ('woman' as const) : ('man' as const),
        birth_date: '1970-01-01',
        statement_i18n: '{}',
        photo_key: null,
        status: 'accepted' as const,
        decision_reason: null,
        appeal_text: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute()
  if (withUsers) {
    for (let i = 0; i < voters; i += 200) {
      await db
        .insertInto('users')
        .values(
          Array.from({ length: Math.min(200, voters - i) }, (_, k) => ({
            id: `user-${i + k}`,
            email: `voter${i + k}@bench.local`,
            phone: null,
            display_name: `Voter ${i + k}`,
            password_hash: null,
            preferred_language: 'pt-BR',
            created_at: at,
            password_changed_at: null,
            erased_at: null,
          })),
        )
        .execute()
    }
  }
  const registrations = Array.from({ length: voters }, (_, i) => `reg-${String(i).padStart(6, '0')}`)
  for (let i = 0; i < voters; i += 200) {
    const slice = registrations.slice(i, i + 200)
    await db
      .insertInto('voter_registrations')
      .values(
        slice.map((id, k) => ({
          id,
          protocol: `CMI-V-${i + k}`,
          cycle_id: 'c',
          user_id: withUsers ? `user-${i + k}` : null,
          channel: 'import' as const,
          registered_by: null,
          full_name: `Pessoa ${i + k}`,
          social_name: null,
          birth_date: '1990-01-01',
          nationalities: '["BO"]',
          naturalised: 0,
          gender: 'woman' as const,
          subprefecture_id: 29,
          document_type: 'crnm' as const,
          document_number: `V${String(i + k).padStart(9, '0')}`,
          phone: null,
          email: null,
          preferred_language: 'es',
          status: 'approved' as const,
          decision_reason: null,
          decision_note: null,
          decided_by: null,
          decided_at: at,
          duplicate_key: `bench-vote|${i + k}`,
          consent_at: at,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute()
    await db
      .insertInto('voter_rolls')
      .values(slice.map((id) => ({ election_id: 'e', registration_id: id, subprefecture_id: 29 })))
      .execute()
  }
  return { candidacies, registrations }
}
