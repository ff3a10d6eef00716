import { randomBytes } from 'node:crypto'
import { castVerifiable, encryptForVoter, prepareArchives } from '../app/elections/verifiable.server'
import { DEFAULT_RULES } from '../app/elections/tally'
import type { SealingKey } from '../app/lib/sealed.server'
import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/reference'
import { createScratchDatabase } from '../scripts/scratch-database'

// encrypted_vote_rps of issue #20: encrypted ballots per second through the domain cast path
// (`castVerifiable` in its own transaction per vote: the archive's head, the voter's sealed
// credential, the ballot's full verification — proofs and signature — the credential index and
// the compare-and-set append), one process, on a fresh SQLite file (or PostgreSQL with
// BENCH_DATABASE_URL). Not through HTTP: the vote route of the encrypted ballot is not on main
// yet (s31-a), and the HTTP layer adds ~1–2 ms to a ~150 ms cast. The ballots are encrypted
// beforehand (the voter's device does that), by the server's no-JavaScript path.
// Also prints the median cast time of the first and the last tenth of the votes: the archive
// grows by one ballot per vote, and a cast no longer reads the archive, so they should match.
// Usage: npx tsx bench/belenios-vote.ts [voters, default 200] [candidates, default 10] — prints
// one JSON line. One question (a Participatory Council contest): blank + the candidates.
const VOTERS = Number(process.argv[2] ?? 200)
const CANDIDATES = Number(process.argv[3] ?? 10)
const key: SealingKey = { bytes: randomBytes(32) }
const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mutirao_bench_vote')
const db = database.open()
await migrateToLatest(db)
await seedReference(db)
const at = new Date().toISOString()
await db
  .insertInto('census_cycles')
  .values({
    id: 'c',
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
await db
  .insertInto('elections')
  .values({
    id: 'e',
    body: 'cpm',
    cycle_id: 'c',
    title_i18n: '{"pt-BR":"Eleição de carga"}',
    description_i18n: '{}',
    phase: 'voting_open',
    candidacy_deadline: null,
    voting_starts: null,
    voting_ends: null,
    gazette_reference: null,
    rules: JSON.stringify(DEFAULT_RULES),
    results: null,
    created_at: at,
    updated_at: at,
  })
  .execute()
await db
  .insertInto('contests')
  .values({
    id: 'k',
    election_id: 'e',
    kind: 'subprefecture',
    segment: null,
    subprefecture_id: 29,
    seats: 3,
    alternates: 1,
    position: 1,
  })
  .execute()
const candidacies = Array.from({ length: CANDIDATES }, (_, i) => `cand-${i}`)
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
const registrations = Array.from({ length: VOTERS }, (_, i) => `reg-${String(i).padStart(6, '0')}`)
for (let i = 0; i < VOTERS; i += 200) {
  const slice = registrations.slice(i, i + 200)
  await db
    .insertInto('voter_registrations')
    .values(
      slice.map((id, k) => ({
        id,
        protocol: `CMI-V-${i + k}`,
        cycle_id: 'c',
        user_id: null,
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

console.error(`preparing the archive (${VOTERS} credentials)…`)
const prepared = await db
  .transaction()
  .execute((trx) => prepareArchives(trx, { electionId: 'e', key, commission: null, now: new Date() }))
if (!prepared.ok) throw new Error(prepared.error)

console.error(`encrypting ${VOTERS} ballots (the devices' part, not measured)…`)
const ballots: { registrationId: string; ballots: { uuid: string; json: string }[] }[] = []
for (const [i, registrationId] of registrations.entries()) {
  const choice = i % (CANDIDATES + 1) === CANDIDATES ? 'blank' : candidacies[i % CANDIDATES]!
  const encrypted = await encryptForVoter(db, {
    electionId: 'e',
    registrationId,
    key,
    choices: { k: choice },
  })
  if (!encrypted.ok) throw new Error(encrypted.error)
  ballots.push({ registrationId, ballots: encrypted.value.map(({ uuid, json }) => ({ uuid, json })) })
}

console.error(`casting ${VOTERS} ballots…`)
const times: number[] = []
const start = performance.now()
for (const b of ballots) {
  const t = performance.now()
  const cast = await db
    .transaction()
    .execute((trx) =>
      castVerifiable(trx, { electionId: 'e', registrationId: b.registrationId, key, ballots: b.ballots }),
    )
  times.push(performance.now() - t)
  if (!cast.ok) throw new Error(cast.error)
}
const seconds = (performance.now() - start) / 1000
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const tenth = Math.max(1, Math.floor(VOTERS / 10))
console.log(
  JSON.stringify({
    encrypted_vote_rps: Math.round((VOTERS / seconds) * 10) / 10,
    votes: VOTERS,
    path: 'domain (castVerifiable), one process',
    candidates: CANDIDATES,
    dialect: database.dialect,
    first_tenth_median_ms: Math.round(median(times.slice(0, tenth))),
    last_tenth_median_ms: Math.round(median(times.slice(-tenth))),
  }),
)
await db.destroy()
await database.drop()
