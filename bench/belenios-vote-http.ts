import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createSession } from '../app/auth/session.server'
import { createBallot } from '../app/belenios/ballot'
import { parseElection } from '../app/belenios/election'
import { prepareArchives } from '../app/elections/verifiable.server'
import type { EncryptionInput } from '../app/elections/voting.server'
import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/reference'
import { createScratchDatabase } from '../scripts/scratch-database'
import { loadVoteData } from './belenios-vote-data'
import { startAppServer } from './app-server'
import { runLoad, type LoadResult } from './load'

// encrypted_vote_rps through HTTP (issue #20's bench key): the production server (`npx remix
// build` first) on a fresh SQLite file (or PostgreSQL with BENCH_DATABASE_URL), distinct voters
// each with their own session, through the ballot page's real form posts:
//  - server: the no-JavaScript path, `intent=cast` with the choice; the server encrypts with the
//    voter's credential, verifies and appends (encrypted_vote_http_server_rps);
//  - device: `intent=cast_encrypted` with ballots made in this client, as the browser makes them
//    (the encryption input fetched from /vote/encryption, the ballot encrypted and signed with the
//    voter's credential), before the clock starts; the server verifies and appends
//    (encrypted_vote_http_device_rps).
// Half the voters each. A vote counts when its answer is the receipt (`step: 'done'`) with a tracker.
// Knobs: BENCH_HTTP_CONNECTIONS (default 2), WEB_CONCURRENCY (default 2), BENCH_PORT (4431).
// Usage: npx tsx bench/belenios-vote-http.ts [voters, default 100] [candidates, default 10] — one JSON line.
const VOTERS = Number(process.argv[2] ?? 100)
const CANDIDATES = Number(process.argv[3] ?? 10)
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 2)
const WORKERS = Number(process.env.WEB_CONCURRENCY ?? 2)
const PORT = Number(process.env.BENCH_PORT ?? 4431)
const SESSION_COOKIE = 'mutirao_session'
if (!existsSync('build/server/index.js') && !existsSync('build/index.js'))
  throw new Error('run `npx remix build` first')

const keyBytes = randomBytes(32)
const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mutirao_bench_vote_http')
const db = database.open()
await migrateToLatest(db)
await seedReference(db)
const { candidacies } = await loadVoteData(db, { voters: VOTERS, candidates: CANDIDATES, withUsers: true })
console.error(`preparing the archive (${VOTERS} credentials)…`)
const prepared = await db
  .transaction()
  .execute((trx) =>
    prepareArchives(trx, { electionId: 'e', key: { bytes: keyBytes }, commission: null, now: new Date() }),
  )
if (!prepared.ok) throw new Error(prepared.error)
const cookies: string[] = []
for (let i = 0; i < VOTERS; i++) {
  const token = (await createSession(db, { userId: `user-${i}` })).token
  cookies.push(`${SESSION_COOKIE}=${token}; __Host-${SESSION_COOKIE}=${token}`)
}
const choiceOf = (i: number) => (i % (CANDIDATES + 1) === CANDIDATES ? 'blank' : candidacies[i % CANDIDATES]!)

const app = await startAppServer({
  port: PORT,
  env: {
    PUBLIC_ORIGIN: `http://127.0.0.1:${PORT}`,
    ...database.serverEnv,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    CREDENTIALS_KEY: keyBytes.toString('hex'),
    WEB_CONCURRENCY: String(WORKERS),
  },
})
const stop = () => app.stop('SIGTERM')

const origin = `http://127.0.0.1:${PORT}`
const VOTE = '/elections/e/vote?_data=routes%2Felections.%24id.vote'
const post = (i: number, body: string) => ({
  method: 'POST' as const,
  path: VOTE,
  headers: { Cookie: cookies[i]!, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
  body,
})
const half = Math.floor(VOTERS / 2)
const serverVoters = Array.from({ length: half }, (_, i) => i)
const deviceVoters = Array.from({ length: VOTERS - half }, (_, i) => half + i)

// The devices' part, not measured: fetch the encryption input, encrypt and sign in this client.
console.error(`encrypting ${deviceVoters.length} ballots in the client (the devices' part, not measured)…`)
const deviceBodies = new Map<number, string>()
for (const i of deviceVoters) {
  const res = await fetch(`${origin}/elections/e/vote/encryption`, {
    method: 'POST',
    headers: { Cookie: cookies[i]!, Origin: origin },
  })
  if (!res.ok) throw new Error(`encryption input: ${res.status} ${await res.text()}`)
  const input = (await res.json()) as EncryptionInput
  const ballots = input.archives.map((a) => {
    const election = parseElection(a.electionJson)
    if (!election.ok) throw new Error(election.error)
    const plaintext = a.questionsMap.map((q) => {
      const c = choiceOf(i)
      return [c === 'blank' ? 1 : 0, ...q.answers.map((id) => (id === c ? 1 : 0))]
    })
    const made = createBallot(election.value, a.credential, plaintext)
    if (!made.ok) throw new Error(made.error)
    return { uuid: a.uuid, json: made.value.json }
  })
  deviceBodies.set(
    i,
    new URLSearchParams({ intent: 'cast_encrypted', ballots: JSON.stringify(ballots) }).toString(),
  )
}

const acknowledged = (r: LoadResult) =>
  r.bodies.filter((b) => {
    try {
      const body = JSON.parse(b) as { step?: string; receipt?: { trackers?: unknown[] } }
      return body.step === 'done' && (body.receipt?.trackers?.length ?? 0) > 0
    } catch {
      return false
    }
  }).length

const measure = async (label: string, voters: number[], bodyOf: (i: number) => string) => {
  console.error(`casting ${voters.length} ballots through HTTP (${label})…`)
  const r = await runLoad({
    port: PORT,
    connections: CONNECTIONS,
    durationMs: 3_600_000,
    limit: voters.length,
    keepBodies: true,
    next: (n) => (n < voters.length ? post(voters[n]!, bodyOf(voters[n]!)) : null),
  })
  return { ...r, acknowledged: acknowledged(r) }
}
const server = await measure('server encrypts, no JavaScript', serverVoters, (i) =>
  new URLSearchParams({ intent: 'cast', contest_k: choiceOf(i) }).toString(),
)
const device = await measure('device ballots', deviceVoters, (i) => deviceBodies.get(i)!)
stop()

const stored = Number(
  (
    await db
      .selectFrom('belenios_cast_credentials')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
)
const round = (x: number) => Math.round(x * 10) / 10
console.log(
  JSON.stringify({
    encrypted_vote_http_server_rps: round(server.acknowledged / server.seconds),
    encrypted_vote_http_server_p50_ms: Math.round(server.p50),
    encrypted_vote_http_device_rps: round(device.acknowledged / device.seconds),
    encrypted_vote_http_device_p50_ms: Math.round(device.p50),
    acknowledged: server.acknowledged + device.acknowledged,
    stored,
    votes: VOTERS,
    statuses: { server: server.statuses, device: device.statuses },
    candidates: CANDIDATES,
    connections: CONNECTIONS,
    workers: WORKERS,
    dialect: database.dialect,
  }),
)
await db.destroy()
await database.drop()
process.exit(0)
