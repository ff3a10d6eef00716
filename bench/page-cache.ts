// A/B of the page cache (issue #22, ADR 037) on bench/run.ts's page: the 500-candidate list,
// anonymous, Accept-Language: pt-BR. The same production server twice on one fresh database, with
// the cache off (PAGE_CACHE_MB=0) and on, beside a bare node:http server, through bench/load.ts.
// Medians of 3 runs; a shared 2-core machine is noisy: read the ratios.
// Usage: npx tsx bench/page-cache.ts [--no-build]   (BENCH_SECONDS, BENCH_PORT, WEB_CONCURRENCY)
import { spawnSync } from 'node:child_process'
import http from 'node:http'
import { insertBenchCycle, insertCandidates, insertVotingElection } from './fixtures'
import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/reference'
import { createScratchDatabase } from '../scripts/scratch-database'
import { startAppServer } from './app-server'
import { median, runLoad } from './load'

const CONNECTIONS = 32
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6)
const WORKERS = Number(process.env.WEB_CONCURRENCY ?? 2)
const APP_PORT = Number(process.env.BENCH_PORT ?? 4441)
const BARE_PORT = APP_PORT + 1000
const PATH = '/elections/bench-election/contests/bench-contest'

const log = (s: string) => console.log(`· ${s}`)
if (!process.argv.includes('--no-build')) {
  log('building (remix build)…')
  if (spawnSync('npx', ['remix', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('build failed')
}

const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mutirao_bench_cache')
const db = database.open()
await migrateToLatest(db)
await seedReference(db)
const at = new Date().toISOString()
await insertBenchCycle(db, 'bench-cycle', at)
await insertVotingElection(db, {
  id: 'bench-election',
  cycleId: 'bench-cycle',
  contestId: 'bench-contest',
  ballotFormat: 'plain',
  at,
})
await insertCandidates(db, {
  electionId: 'bench-election',
  contestId: 'bench-contest',
  count: 500,
  statements: true,
  at,
})
await db.destroy()

const bare = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
  res.end('<!doctype html><title>hello</title><p>hello</p>')
})
await new Promise<void>((r) => bare.listen(BARE_PORT, '127.0.0.1', r))

const measure = async (label: string, port: number, path: string) => {
  const next = () => ({ method: 'GET' as const, path, headers: { 'Accept-Language': 'pt-BR' } })
  await runLoad({ port, connections: CONNECTIONS, durationMs: 1000, next })
  const runs = []
  for (let r = 0; r < 3; r++)
    runs.push(await runLoad({ port, connections: CONNECTIONS, durationMs: (SECONDS * 1000) / 3, next }))
  const result = { rps: median(runs.map((x) => x.rps)), p99: median(runs.map((x) => x.p99)) }
  log(
    `${label}: ${Math.round(result.rps)} req/s, p99 ${result.p99.toFixed(1)} ms ${JSON.stringify(runs[0]!.statuses)}`,
  )
  return result
}

async function withServer<T>(pageCacheMb: number, f: () => Promise<T>): Promise<T> {
  const app = await startAppServer({
    port: APP_PORT,
    env: {
      PUBLIC_ORIGIN: `http://127.0.0.1:${APP_PORT}`,
      ...database.serverEnv,
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      WEB_CONCURRENCY: String(WORKERS),
      PAGE_CACHE_MB: String(pageCacheMb),
    },
  })
  try {
    return await f()
  } finally {
    app.stop()
    await new Promise((r) => setTimeout(r, 500))
  }
}

log('measuring…')
const bareResult = await measure('bare node:http', BARE_PORT, '/')
const off = await withServer(0, () => measure('candidates page (500), cache off', APP_PORT, PATH))
const on = await withServer(64, () => measure('candidates page (500), cache on', APP_PORT, PATH))
bare.close()
await database.drop()
const pct = (x: number) => `${((100 * x) / bareResult.rps).toFixed(2)} %`
console.log(
  JSON.stringify({
    bare_http_rps: Math.round(bareResult.rps),
    page_rps_cache_off: Math.round(off.rps),
    page_rps_cache_on: Math.round(on.rps),
    page_p99_ms_cache_off: Number(off.p99.toFixed(1)),
    page_p99_ms_cache_on: Number(on.p99.toFixed(1)),
    off_of_bare: pct(off.rps),
    on_of_bare: pct(on.rps),
    speedup: Number((on.rps / off.rps).toFixed(1)),
  }),
)
process.exit(0)
