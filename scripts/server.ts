// Production HTTP server: settings check, database, jobs, then the HTTP edge (scripts/http-app.ts) and Remix.
import cluster from 'node:cluster'
import { createServer } from 'node:http'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { sql } from 'kysely'
import { migrateToLatest } from '../db/migrate'
import { seedDemo, seedReference, DEMO_PASSWORD, demoLogins, demoTrusteeKeysPath } from '../db/seed/index'
import { dialectOf, getDb } from '../app/lib/db.server'
import { startBallotStorageRewriter } from '../app/elections/ballot-storage.server'
import { PRIMARY_WRITER_ENV, serveVoteWriter, writerIdle } from '../app/elections/vote-writer.server'
import { closeEndedVoting } from '../app/elections/lifecycle.server'
import { JOB_HANDLERS } from '../app/jobs/handlers.server'
import { startJobRunner } from '../app/jobs/runner.server'
import { scheduleDueCampaigns } from '../app/notices/campaigns.server'
import { restartFailedRuns, scheduleClosedConsultations } from '../app/notices/runs.server'
import { deliverPendingWithReport, deliveryLogLines, deliveryRunErrorLine } from '../app/mail/outbox.server'
import { getEnv, servingProblems } from '../app/lib/env.server'
import { runRetention } from '../app/registration/retention.server'
import { PageCache } from '../app/lib/page-cache.server'
import { createHttpApp } from './http-app'

const env = getEnv() // exits with a clear message on invalid configuration
// Issue #16.11: a real server never starts on demo defaults; demo mode is asked for, never assumed.
const problems = servingProblems(env, process.env)
if (problems.length) {
  console.error(
    `Refusing to start: settings for a real deployment are missing.\n${problems.map((p) => `  ${p}`).join('\n')}\n` +
      'To try Mutirão with demo data on this machine, run `npm start` (it sets DEMO_MODE=true).',
  )
  process.exit(1)
}
const db = getDb()
// WEB_CONCURRENCY=N runs N worker processes sharing the port (one per core): SQLite in WAL mode
// lets them read in parallel and serialises writes with the busy timeout (PostgreSQL serves them
// from its pool); sessions, rate limits and the outbox live in the database, so nothing in one
// process is missed by another — and several machines can serve one PostgreSQL database.
const workers = Math.max(1, Math.min(64, Number(process.env.WEB_CONCURRENCY ?? 1) || 1))

/** MB of each of a worker's two young-generation semi-spaces (V8 grows them up to this as needed). */
const WORKER_SEMI_SPACE_MB = 64

let seeded = false
if (cluster.isPrimary) {
  await migrateToLatest(db)
  await seedReference(db)
  // The demo election's trustee keys go to the data directory, beside the SQLite file (issue #20).
  if (env.DEMO_MODE) seeded = await seedDemo(db, { trusteeKeysDir: dirname(env.DATABASE_PATH) })
  // Fresh table statistics for the query planner (cheap; SQLite's recommended practice at start;
  // PostgreSQL's autovacuum keeps its own).
  if (dialectOf(db) === 'sqlite') await sql`PRAGMA optimize`.execute(db)
  // Identity documents are deleted once their retention passes (abandoned drafts, registrations
  // never decided, decided ones after the cycle's retention): at start, then hourly.
  const purge = () =>
    void runRetention(db).catch((e: unknown) =>
      console.error('retention run failed:', e instanceof Error ? e.message : e),
    )
  purge()
  setInterval(purge, 60 * 60_000).unref()
  // Messages written inside transactions (and those whose sending failed) go out every minute, by
  // e-mail and by SMS. Claims in the outbox make it safe for several servers to do this at once.
  // Failures are logged per channel with their class only: never a recipient or a body.
  setInterval(
    () =>
      void deliverPendingWithReport(db)
        .then((report) => {
          for (const line of deliveryLogLines(report)) console.error(line)
        })
        .catch((e: unknown) => console.error(deliveryRunErrorLine(e))),
    60_000,
  ).unref()
  // The vote closes by itself at the end of the voting hours (issue #17), with the side effects of
  // the commission's move; the move is guarded by the phase, so several servers ticking close it
  // once. Pages and ballots also apply the end on their own (lifecycle.server.ts, voting.server.ts).
  const closeVoting = () =>
    void closeEndedVoting(db).catch((e: unknown) =>
      console.error('closing ended voting failed:', e instanceof Error ? e.message : e),
    )
  closeVoting()
  setInterval(closeVoting, 15_000).unref()
  // Notices to the roll (issue #18): "voting opens tomorrow", "voting is open", "last hours",
  // "results published", each scheduled once per election (the campaign's unique key) as a job.
  // And "a consultation you took part in closed" when its date passes (once: the run's key).
  const scheduleNotices = () => {
    void scheduleDueCampaigns(db).catch((e: unknown) =>
      console.error('scheduling notices failed:', e instanceof Error ? e.message : e),
    )
    void scheduleClosedConsultations(db)
      .then(() => restartFailedRuns(db))
      .catch((e: unknown) =>
        console.error('scheduling consultation notices failed:', e instanceof Error ? e.message : e),
      )
  }
  scheduleNotices()
  setInterval(scheduleNotices, 60_000).unref()
  // Background jobs (CSV imports) are claimed from the database: safe for several servers at once.
  startJobRunner(db, JOB_HANDLERS)
  // SQLite: the storage of open elections is rewritten in key order every few seconds, so a copy of
  // the files cannot order more than the last few seconds' votes (ADR 005).
  startBallotStorageRewriter(db)
}

const announce = () => {
  console.log(`Mutirão listening on ${env.publicOrigin}${workers > 1 ? ` (${workers} workers)` : ''}`)
  if (env.DEMO_MODE) {
    console.log(
      seeded ? 'Demo data loaded into an empty database.' : 'Demo database already present; kept as is.',
    )
    console.log(`Demo logins (password: ${DEMO_PASSWORD}):`)
    for (const login of demoLogins()) console.log(`  ${login}`)
    const keys = resolve(demoTrusteeKeysPath(dirname(env.DATABASE_PATH)))
    if (existsSync(keys))
      console.log(`Demo trustee keys of the 2024 election (demo keys, for belenios-tool):\n  ${keys}`)
  }
}

if (cluster.isPrimary && workers > 1) {
  // A larger young generation for the workers (ADR 040): with the default, a worker under load
  // spent 5–20 ms per scavenge, each a pause for every request it held. An operator's own
  // --max-semi-space-size (in NODE_OPTIONS or on the command line) wins.
  const flags = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`
  if (!/--max[-_]semi[-_]space[-_]size/.test(flags))
    cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`] })
  let stopping = false
  let listening = 0
  // VOTE_WRITER=primary on SQLite: the workers' plain votes are written by this process, in batches
  // that hold every worker's votes (ADR 040: on 2 cores the IPC cost more than the shared batches
  // saved, so by default each worker writes its own). PostgreSQL groups commits itself.
  const oneWriter = dialectOf(db) === 'sqlite' && env.VOTE_WRITER === 'primary'
  const fork = () => {
    const worker = cluster.fork(oneWriter ? { [PRIMARY_WRITER_ENV]: 'primary' } : {})
    if (oneWriter)
      serveVoteWriter(db, {
        send: (message, done) => worker.send(message, undefined, {}, done),
        onMessage: (listener) => worker.on('message', listener),
        onClose: (listener) => worker.on('disconnect', listener),
      })
    worker.on('listening', () => (listening += 1) === workers && announce())
  }
  for (let i = 0; i < workers; i++) fork()
  cluster.on('exit', () => {
    if (!stopping) fork() // a crashed worker is replaced; its requests fail, the others go on
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true
      const running = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead())
      for (const w of running) w?.process.kill(signal)
      // The workers finish their requests (up to 5 s); votes they sent are written by this process
      // (ADR 040), so the database closes only after every worker has exited and the writer is idle.
      setTimeout(() => process.exit(0), 10_000).unref()
      void Promise.all(running.map((w) => new Promise((resolve) => w?.once('exit', resolve))))
        .then(() => writerIdle(db))
        .finally(() => void db.destroy().finally(() => process.exit(0)))
    })
  }
} else {
  await serve()
}

async function serve() {
  const build = (await import(new URL('../build/index.js', import.meta.url).href)) as ServerBuild
  const handleRequest = createRequestHandler(build, env.NODE_ENV)
  const app = createHttpApp(
    { ...env, hsts: env.cookieSecure && !env.DEMO_MODE },
    (request, context) => handleRequest(request, context),
    true,
    // Each process keeps its own pages; the versions it checks are in the database, so a change
    // made through any process (or machine) is seen by all (ADR 037).
    {
      pageCache:
        env.PAGE_CACHE_MB > 0
          ? new PageCache(() => db, {
              maxBytes: env.PAGE_CACHE_MB * 1024 * 1024,
              exposeOutcome: env.DEMO_MODE,
            })
          : undefined,
    },
  )

  const server = createServer(app).listen(env.PORT, () => {
    if (cluster.isPrimary) announce()
  })

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server.close(() => {
        // The last batch's checkpoint now rather than after its delay (ADR 041).
        void writerIdle(db)
          .then(() => db.destroy())
          .finally(() => process.exit(0))
      })
      setTimeout(() => {
        // Requests still open after 5 s are cut; the last batch's checkpoint is not (ADR 041).
        void Promise.race([writerIdle(db), new Promise((resolve) => setTimeout(resolve, 2000))]).finally(() =>
          process.exit(0),
        )
      }, 5000).unref()
    })
  }
}
