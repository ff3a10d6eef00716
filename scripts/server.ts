// Production HTTP server: security headers, same-origin check, static assets, then Remix.
import cluster from 'node:cluster'
import { randomBytes } from 'node:crypto'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { sql } from 'kysely'
import { migrateToLatest } from '../db/migrate'
import { seedDemo, seedReference, DEMO_PASSWORD, demoLogins } from '../db/seed/index'
import { dialectOf, getDb } from '../app/lib/db.server'
import { JOB_HANDLERS } from '../app/jobs/handlers.server'
import { startJobRunner } from '../app/jobs/runner.server'
import { deliverPending } from '../app/mail/outbox.server'
import { getEnv } from '../app/lib/env.server'
import { isSameOriginRequest, securityHeaders } from '../app/lib/http-security'
import { runRetention } from '../app/registration/retention.server'

const env = getEnv() // exits with a clear message on invalid configuration
const db = getDb()
// WEB_CONCURRENCY=N runs N worker processes sharing the port (one per core): SQLite in WAL mode
// lets them read in parallel and serialises writes with the busy timeout (PostgreSQL serves them
// from its pool); sessions, rate limits and the outbox live in the database, so nothing in one
// process is missed by another — and several machines can serve one PostgreSQL database.
const workers = Math.max(1, Math.min(64, Number(process.env.WEB_CONCURRENCY ?? 1) || 1))

let seeded = false
if (cluster.isPrimary) {
  await migrateToLatest(db)
  await seedReference(db)
  if (env.DEMO_MODE) seeded = await seedDemo(db)
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
  // Messages written inside transactions (and those whose sending failed) go out every minute.
  // Claims in the outbox make it safe for several servers to do this at once.
  setInterval(
    () => void deliverPending(db).catch((e: unknown) => console.error('mail delivery failed', e)),
    60_000,
  ).unref()
  // Background jobs (CSV imports) are claimed from the database: safe for several servers at once.
  startJobRunner(db, JOB_HANDLERS)
}

const announce = () => {
  console.log(
    `Mutirão listening on http://localhost:${env.PORT}${workers > 1 ? ` (${workers} workers)` : ''}`,
  )
  if (env.DEMO_MODE) {
    console.log(
      seeded ? 'Demo data loaded into an empty database.' : 'Demo database already present; kept as is.',
    )
    console.log(`Demo logins (password: ${DEMO_PASSWORD}):`)
    for (const login of demoLogins()) console.log(`  ${login}`)
  }
}

if (cluster.isPrimary && workers > 1) {
  let stopping = false
  let listening = 0
  const fork = () => cluster.fork().on('listening', () => (listening += 1) === workers && announce())
  for (let i = 0; i < workers; i++) fork()
  cluster.on('exit', () => {
    if (!stopping) fork() // a crashed worker is replaced; its requests fail, the others go on
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal)
      setTimeout(() => process.exit(0), 5000).unref()
      void db.destroy()
    })
  }
} else {
  await serve()
}

async function serve() {
  const build = (await import(new URL('../build/index.js', import.meta.url).href)) as ServerBuild

  const app = express()
  app.disable('x-powered-by')
  if (env.PUBLIC_ORIGIN) app.set('trust proxy', 1)

  const MAX_BODY_BYTES = 12 * 1024 * 1024
  app.use((req, res, next) => {
    const nonce = randomBytes(16).toString('base64')
    res.locals.cspNonce = nonce
    res.set(securityHeaders(nonce, { hsts: env.cookieSecure && !env.DEMO_MODE }))
    const ok = isSameOriginRequest(
      req.method,
      { origin: req.get('origin'), referer: req.get('referer'), host: req.get('host') },
      env.PUBLIC_ORIGIN ?? null,
      req.protocol,
    )
    if (!ok) {
      res.status(403).type('text/plain').send('Cross-site request refused')
      return
    }
    if (Number(req.get('content-length') ?? 0) > MAX_BODY_BYTES) {
      res.status(413).type('text/plain').send('Request too large')
      return
    }
    next()
  })

  // Fingerprinted build assets never change: cache for a year. Other public files: an hour.
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y', index: false }))
  app.use(express.static('public', { maxAge: '1h', index: false }))

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        cspNonce: String(res.locals.cspNonce),
      }),
    }),
  )

  const server = app.listen(env.PORT, () => {
    if (cluster.isPrimary) announce()
  })

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server.close(() => {
        void db.destroy().finally(() => process.exit(0))
      })
      setTimeout(() => process.exit(0), 5000).unref()
    })
  }
}
