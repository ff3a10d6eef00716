import { randomBytes } from 'node:crypto'
import { castVerifiable, encryptForVoter, prepareArchives } from '../app/elections/verifiable.server'
import type { SealingKey } from '../app/lib/sealed.server'
import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/reference'
import { createScratchDatabase } from '../scripts/scratch-database'
import { loadVoteData } from './belenios-vote-data'

// encrypted_vote_rps of issue #20: encrypted ballots per second through the domain cast path
// (`castVerifiable` in its own transaction per vote: the archive's head, the voter's sealed
// credential, the ballot's full verification — proofs and signature — the credential index and
// the compare-and-set append), one process, on a fresh SQLite file (or PostgreSQL with
// BENCH_DATABASE_URL). The same votes through the app's HTTP routes: bench/belenios-vote-http.ts.
// The ballots are encrypted beforehand (the voter's device does that), by the server's
// no-JavaScript path.
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
const { candidacies, registrations } = await loadVoteData(db, { voters: VOTERS, candidates: CANDIDATES })

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
