// Where a vote's time goes (issue #22). Two parts, on a fresh database each:
//
//   npx tsx bench/vote-profile.ts steps   the domain steps of one plain online vote, timed one by one in
//                                         this process (sequential, no contention): medians per step
//   npx tsx bench/vote-profile.ts writes  the write alone, 32 at a time in this process: one transaction and
//                                         one checkpoint per vote (before ADR 039) against the group writer
//   npx tsx bench/vote-profile.ts http    the same HTTP vote as bench/run.ts (production build, 2 workers,
//                                         32 connections, distinct voters with sessions), repeated
//                                         VOTE_RUNS times: ballots/s, p50, p99, lost (medians of the runs)
//
// Knobs: VOTE_VOTERS (default 3000), VOTE_CENSUS (default 100000: the roll lookup is two indexed
// lookups, its cost does not grow with the roll), VOTE_RUNS (default 3), WEB_CONCURRENCY (default 2),
// SQLITE_SYNCHRONOUS, VOTE_WRITER, BENCH_DATABASE_URL (PostgreSQL), VOTE_CPU_PROF=<dir> (V8 CPU
// profiles of the server's processes, written when it stops: open them in Chrome's DevTools),
// VOTE_KEEP_LOG=1 (prints where the server's log is). Each run prints the server's CPU per vote,
// split between the primary and the workers. Build first (`npx remix build`) for `http`.
// The machine is shared: read medians and ratios, never single numbers.
import { sql } from 'kysely'
import { createSession, validateSessionToken } from '../app/auth/session.server'
import { can } from '../app/auth/permissions'
import { BALLOT_SHAPE, BallotSchema } from '../app/elections/schemas.server'
import { inVotingWindow } from '../app/elections/polling-place'
import { rollEntryOfUser } from '../app/elections/voting.server'
import {
  batchesWritten,
  submitPlainVote,
  writeBatch,
  writerIdle,
  type PlainVote,
} from '../app/elections/vote-writer.server'
import { insertBenchCycle, insertCandidates, insertVotingElection } from './fixtures'
import { truncateWal, type DB } from '../app/lib/db.server'
import { parseForm } from '../app/lib/forms'
import { formObject } from '../app/lib/form-object'
import { newId } from '../app/lib/ids.server'
import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/reference'
import { createScratchDatabase, type ScratchDatabase } from '../scripts/scratch-database'
import { groupCpuByProcess, groupCpuSeconds, startAppServer } from './app-server'
import { median, runLoad } from './load'

const MODE = process.argv[2] ?? 'http'
const VOTERS = Number(process.env.VOTE_VOTERS ?? 3000)
const CENSUS = Math.max(VOTERS, Number(process.env.VOTE_CENSUS ?? 100_000))
const RUNS = Number(process.env.VOTE_RUNS ?? 3)
const WORKERS = Number(process.env.WEB_CONCURRENCY ?? 2)
const CONNECTIONS = 32
const PROFILE_DIR = process.env.VOTE_CPU_PROF
const APP_PORT = Number(process.env.VOTE_PORT ?? 3296)
const SESSION_COOKIE = 'mutirao_session'
const ELECTION = 'bench-election'
const CONTEST = 'bench-contest'

const log = (s: string) => console.log(`· ${s}`)

/** The same election as bench/run.ts: one contest of 500 candidates, a roll of CENSUS, VOTERS with sessions. */
async function load(db: DB): Promise<string[]> {
  await migrateToLatest(db)
  await seedReference(db)
  const at = new Date().toISOString()
  await insertBenchCycle(db, 'bench-cycle', at)
  await insertVotingElection(db, {
    id: ELECTION,
    cycleId: 'bench-cycle',
    contestId: CONTEST,
    ballotFormat: 'plain',
    at,
  })
  await insertCandidates(db, { electionId: ELECTION, contestId: CONTEST, count: 500, statements: false, at })
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < VOTERS; i += 500)
      await trx
        .insertInto('users')
        .values(
          Array.from({ length: Math.min(500, VOTERS - i) }, (_, k) => ({
            id: `voter-${i + k}`,
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
    for (let i = 0; i < CENSUS; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, CENSUS - i) }, (_, k) => ({
        id: `reg-${i + k}`,
        protocol: `CMI-B-${i + k}`,
        cycle_id: 'bench-cycle',
        user_id: i + k < VOTERS ? `voter-${i + k}` : null,
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
        document_number: `D${String(i + k).padStart(9, '0')}`,
        phone: null,
        email: null,
        preferred_language: 'es',
        status: 'approved' as const,
        decision_reason: null,
        decision_note: null,
        decided_by: null,
        decided_at: at,
        duplicate_key: `bench|${i + k}`,
        consent_at: at,
        created_at: at,
        updated_at: at,
      }))
      await trx.insertInto('voter_registrations').values(rows).execute()
      await trx
        .insertInto('voter_rolls')
        .values(rows.map((r) => ({ election_id: ELECTION, registration_id: r.id, subprefecture_id: 29 })))
        .execute()
    }
  })
  const tokens: string[] = []
  for (let i = 0; i < VOTERS; i++) tokens.push((await createSession(db, { userId: `voter-${i}` })).token)
  return tokens
}

async function fresh(): Promise<{ database: ScratchDatabase; tokens: string[] }> {
  const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mutirao_vote_profile')
  const db = database.open()
  const tokens = await load(db)
  await db.destroy()
  return { database, tokens }
}

const fmt = (ms: number) => ms.toFixed(3).padStart(8)

/**
 * The steps of castOnlineBallot's plain branch (and of the action around it) as they were before
 * issue #22, each timed alone: what a vote costs without any contention.
 */
async function steps() {
  const { database, tokens } = await fresh()
  const db = database.open()
  const times: Record<string, number[]> = {}
  const time = async <T>(step: string, run: () => Promise<T> | T): Promise<T> => {
    const t = performance.now()
    const value = await run()
    ;(times[step] ??= []).push(performance.now() - t)
    return value
  }
  for (let i = 0; i < VOTERS; i++) {
    const t0 = performance.now()
    // The action checks the session twice (the route's permission, then the intent's).
    const session = await time('session lookup (×1; the action did it twice)', () =>
      validateSessionToken(db, { token: tokens[i]! }),
    )
    if (!session) throw new Error('no session')
    await time('permission', () => can({ id: session.user.id, roles: session.user.roles }, 'elections.vote'))
    const form = new FormData()
    form.set('intent', 'cast')
    form.set(`contest_${CONTEST}`, `cand-${i % 500}`)
    const parsed = await time('form parse (zod)', () =>
      parseForm(BallotSchema, formObject(form, BALLOT_SHAPE)),
    )
    if (!parsed.ok) throw new Error('parse')
    const choices = parsed.data.choices as Record<string, string>
    await time('votingOpen (election row)', async () => {
      const e = await db
        .selectFrom('elections')
        .select(['phase', 'voting_starts', 'voting_ends'])
        .where('id', '=', ELECTION)
        .executeTakeFirst()
      return Boolean(e && inVotingWindow(e, new Date()))
    })
    const roll = await time('roll lookup', () =>
      rollEntryOfUser(db, { electionId: ELECTION, userId: session.user.id }),
    )
    if (!roll) throw new Error('roll')
    await time('choice validation', async () => {
      const contests = await db
        .selectFrom('contests')
        .select('id')
        .where('election_id', '=', ELECTION)
        .where((eb) =>
          eb.or([eb('kind', '=', 'segment'), eb('subprefecture_id', '=', roll.subprefecture_id)]),
        )
        .execute()
      const named = Object.values(choices)
      return [
        contests,
        await db
          .selectFrom('candidacies')
          .select(['id', 'contest_id'])
          .where('id', 'in', named)
          .where('election_id', '=', ELECTION)
          .where('status', '=', 'accepted')
          .execute(),
      ]
    })
    await time('ballot format (election row again)', () =>
      db.selectFrom('elections').select('ballot_format').where('id', '=', ELECTION).executeTakeFirst(),
    )
    await time('transaction (BEGIN IMMEDIATE … COMMIT, fsync)', () =>
      db.transaction().execute(async (trx) => {
        await trx
          .selectFrom('elections')
          .select(['phase', 'voting_starts', 'voting_ends'])
          .where('id', '=', ELECTION)
          .executeTakeFirst()
        await trx
          .insertInto('voter_participation')
          .values({ election_id: ELECTION, registration_id: roll.registration_id, channel: 'online' })
          .execute()
        await trx
          .insertInto('ballots')
          .values({
            id: newId(16),
            election_id: ELECTION,
            contest_id: CONTEST,
            choice: 'candidate',
            candidacy_id: `cand-${i % 500}`,
          })
          .execute()
        await trx
          .insertInto('tracking_codes')
          .values({ code: newId(10), election_id: ELECTION })
          .execute()
      }),
    )
    await time('afterVote (WAL checkpoint + truncate)', () => truncateWal(db))
    ;(times['whole vote'] ??= []).push(performance.now() - t0)
  }
  const rows = Object.entries(times)
  const total = median(times['whole vote']!)
  console.log(
    `\n${database.dialect}, ${VOTERS} votes one after another, census ${CENSUS}: median ms per step\n`,
  )
  for (const [step, xs] of rows)
    console.log(
      `${step.padEnd(52)} ${fmt(median(xs))}  (${((median(xs) / total) * 100).toFixed(0).padStart(3)} %)`,
    )
  if (database.dialect === 'sqlite') {
    // What one statement costs through Kysely (prepare each time) vs a prepared statement.
    const n = 5000
    let t = performance.now()
    for (let i = 0; i < n; i++)
      await db.selectFrom('elections').select('ballot_format').where('id', '=', ELECTION).executeTakeFirst()
    const kysely = (performance.now() - t) / n
    t = performance.now()
    for (let i = 0; i < n; i++) await sql`SELECT 1`.execute(db)
    const trivial = (performance.now() - t) / n
    console.log(
      `\npoint select through Kysely: ${fmt(kysely)} ms; SELECT 1 through Kysely: ${fmt(trivial)} ms`,
    )
  }
  await db.destroy()
  await database.drop()
}

async function httpRun() {
  const { database, tokens } = await fresh()
  const app = await startAppServer({
    port: APP_PORT,
    profileDir: PROFILE_DIR,
    env: {
      ...database.serverEnv,
      PUBLIC_ORIGIN: `http://127.0.0.1:${APP_PORT}`,
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      WEB_CONCURRENCY: String(WORKERS),
    },
  })
  try {
    const origin = `http://127.0.0.1:${APP_PORT}`
    const cpuBefore = groupCpuSeconds(app)
    const perBefore = groupCpuByProcess(app) ?? []
    const result = await runLoad({
      port: APP_PORT,
      connections: CONNECTIONS,
      durationMs: 120_000,
      limit: VOTERS,
      keepBodies: true,
      next: (i) =>
        i < VOTERS
          ? {
              method: 'POST',
              path: `/elections/${ELECTION}/vote?_data=routes%2Felections.%24id.vote`,
              headers: {
                Cookie: `${SESSION_COOKIE}=${tokens[i]}; __Host-${SESSION_COOKIE}=${tokens[i]}`,
                Origin: origin,
                'Content-Type': 'application/x-www-form-urlencoded',
              },
              body: `intent=cast&contest_${CONTEST}=cand-${i % 500}`,
            }
          : null,
    })
    const cpuAfter = groupCpuSeconds(app)
    // Which process spent it: the primary (the workers' parent) and each worker, per vote.
    const perAfter = groupCpuByProcess(app) ?? []
    const used = perAfter.map((p) => ({
      ...p,
      ms: ((p.seconds - (perBefore.find((b) => b.pid === p.pid)?.seconds ?? 0)) * 1000) / result.requests,
    }))
    const primary = used.find((p) => used.filter((q) => q.ppid === p.pid).length >= 2)
    const workers = primary ? used.filter((p) => p.ppid === primary.pid) : []
    if (primary)
      log(
        `CPU a vote: primary ${primary.ms.toFixed(3)} ms, workers ${workers.map((w) => w.ms.toFixed(3)).join(' + ')} ms`,
      )
    if (process.env.VOTE_KEEP_LOG) console.log(`server log: ${app.logFile}`)
    app.stop('SIGTERM')
    await new Promise((r) => setTimeout(r, PROFILE_DIR ? 6000 : 1000))
    const codes = result.bodies
      .map((b) => {
        try {
          return (JSON.parse(b) as { receipt?: { trackingCode?: string } }).receipt?.trackingCode
        } catch {
          return undefined
        }
      })
      .filter((c): c is string => Boolean(c))
    const db = database.open()
    const stored = new Set(
      (
        await db.selectFrom('tracking_codes').select('code').where('election_id', '=', ELECTION).execute()
      ).map((r) => r.code),
    )
    const ballots = (
      await db
        .selectFrom('ballots')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('election_id', '=', ELECTION)
        .executeTakeFirstOrThrow()
    ).n
    await db.destroy()
    return {
      rps: result.rps,
      cpuMs:
        cpuBefore === null || cpuAfter === null ? NaN : ((cpuAfter - cpuBefore) * 1000) / result.requests,
      p50: result.p50,
      p99: result.p99,
      acknowledged: codes.length,
      lost: codes.filter((c) => !stored.has(c)).length,
      ballots: Number(ballots),
      statuses: result.statuses,
    }
  } finally {
    app.stop()
    await database.drop()
  }
}

/**
 * The write alone, in this process, CONNECTIONS votes at a time: one transaction and one checkpoint
 * per vote (the path before ADR 039) against the group writer. Checked votes, so only the write is
 * timed: votes/s and p99 of each.
 */
async function writes() {
  const { database } = await fresh()
  const db = database.open()
  const registrations = Array.from({ length: VOTERS }, (_, i) => `reg-${i}`)
  const vote = (i: number): PlainVote => ({
    electionId: ELECTION,
    registrationId: registrations[i]!,
    ballots: [{ contest: CONTEST, choice: 'candidate', candidacy: `cand-${i % 500}` }],
  })
  const run = async (
    label: string,
    from: number,
    to: number,
    write: (v: PlainVote) => Promise<unknown>,
    settle: () => Promise<unknown> = async () => undefined,
  ) => {
    const latencies: number[] = []
    let next = from
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < to) {
          const v = vote(next++)
          const t = performance.now()
          await write(v)
          latencies.push(performance.now() - t)
        }
      }),
    )
    await settle() // the group writer's last checkpoint (ADR 041) counts too
    const seconds = (performance.now() - t0) / 1000
    latencies.sort((a, b) => a - b)
    log(
      `${label}: ${Math.round((to - from) / seconds)} votes/s, p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(1)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]!.toFixed(1)} ms`,
    )
  }
  const half = Math.floor(VOTERS / 2)
  const before = batchesWritten(db)
  await run('one transaction + checkpoint per vote', 0, half, async (v) => {
    await db.transaction().execute((trx) => writeBatch(trx, [v]))
    await truncateWal(db)
  })
  await run(
    'group writer',
    half,
    VOTERS,
    (v) => submitPlainVote(db, v),
    () => writerIdle(db),
  )
  log(`group writer: ${VOTERS - half} votes in ${batchesWritten(db) - before} batches`)
  await db.destroy()
  await database.drop()
}

if (MODE === 'steps') await steps()
else if (MODE === 'writes') await writes()
else {
  const runs = []
  for (let r = 0; r < RUNS; r++) {
    const run = await httpRun()
    log(
      `run ${r + 1}: ${Math.round(run.rps)} ballots/s, server CPU ${run.cpuMs.toFixed(2)} ms a vote, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, acknowledged ${run.acknowledged}/${VOTERS}, stored ${run.ballots}, lost ${run.lost} ${JSON.stringify(run.statuses)}`,
    )
    runs.push(run)
  }
  console.log(
    JSON.stringify({
      workers: WORKERS,
      connections: CONNECTIONS,
      voters: VOTERS,
      runs: RUNS,
      vote_rps_median: Math.round(median(runs.map((r) => r.rps))),
      vote_p50_ms_median: +median(runs.map((r) => r.p50)).toFixed(1),
      vote_p99_ms_median: +median(runs.map((r) => r.p99)).toFixed(1),
      vote_cpu_ms_median: +median(runs.map((r) => r.cpuMs)).toFixed(2),
      votes_lost: runs.reduce((n, r) => n + r.lost, 0),
    }),
  )
}
process.exit(0)
