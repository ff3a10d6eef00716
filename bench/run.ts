// `npm run bench`: builds, starts the production server on a fresh database, loads data, measures,
// stops, prints a table and writes bench/results.json (bench/results-postgres.json on PostgreSQL).
// Loopback only, bounded in time. Medians and ratios, never pass/fail assertions on a shared
// machine. Usage: npm run bench [-- --no-build]; BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import http from 'node:http'
import { gzipSync } from 'node:zlib'
import { createSession } from '../app/auth/session.server'
import { findOnRoll } from '../app/elections/lifecycle.server'
import { DEFAULT_RULES } from '../app/elections/tally'
import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/reference'
import { createScratchDatabase } from '../scripts/scratch-database'
import { median, runLoad } from './load'

const CONNECTIONS = 32
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const VOTERS = Number(process.env.BENCH_VOTERS ?? 6000)
const CENSUS = Number(process.env.BENCH_CENSUS ?? 500_000)
const WORKERS = Number(process.env.WEB_CONCURRENCY ?? 2)
const APP_PORT = 3290
const BARE_PORT = 3291
const SESSION_COOKIE = 'mutirao_session'

const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mutirao_bench')
const children: ChildProcess[] = []
const cleanup = () => {
  for (const c of children)
    if (c.pid && c.exitCode === null)
      try {
        process.kill(-c.pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
}
process.on('exit', cleanup)
process.on('SIGINT', () => process.exit(130))

const log = (s: string) => console.log(`· ${s}`)
const t0 = performance.now()

if (!process.argv.includes('--no-build')) {
  log('building (remix build)…')
  const b = spawnSync('npx', ['remix', 'build'], { stdio: 'ignore' })
  if (b.status !== 0) throw new Error('build failed')
}

// ---------- data ----------
log(
  `${database.dialect}: loading data: 500 candidates, 2,000 comments, ${VOTERS} voters with sessions, census of ${CENSUS}…`,
)
const db = database.open()
await migrateToLatest(db)
await seedReference(db)
const at = new Date().toISOString()
await db
  .insertInto('census_cycles')
  .values({
    id: 'bench-cycle',
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
    id: 'bench-election',
    body: 'cpm',
    cycle_id: 'bench-cycle',
    title_i18n: '{"pt-BR":"Eleição de carga"}',
    description_i18n: '{}',
    phase: 'voting_open',
    candidacy_deadline: null,
    // Ballots are accepted only inside the voting window (issue #17): one open for the whole run.
    voting_starts: new Date(Date.now() - 3_600_000).toISOString(),
    voting_ends: new Date(Date.now() + 86_400_000).toISOString(),
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
    id: 'bench-contest',
    election_id: 'bench-election',
    kind: 'subprefecture',
    segment: null,
    subprefecture_id: 29,
    seats: 3,
    alternates: 1,
    position: 1,
  })
  .execute()
const candidates = Array.from({ length: 500 }, (_, i) => ({
  id: `cand-${i}`,
  election_id: 'bench-election',
  contest_id: 'bench-contest',
  user_id: null,
  kind: 'person' as const,
  display_name: `Candidata ${i} da Silva`,
  organisation_name: null,
  representative_name: null,
  gender: i % 2 ? 'woman' : 'man',
  birth_date: `19${50 + (i % 50)}-01-01`,
  statement_i18n: JSON.stringify({ 'pt-BR': `Proposta ${i}: moradia, trabalho e português para todos.` }),
  photo_key: null,
  status: 'accepted' as const,
  decision_reason: null,
  appeal_text: null,
  created_at: at,
  updated_at: at,
}))
for (let i = 0; i < candidates.length; i += 200)
  await db
    .insertInto('candidacies')
    .values(candidates.slice(i, i + 200))
    .execute()

const registration = (i: number, userId: string | null) => ({
  id: `reg-${i}`,
  protocol: `CMI-B-${i}`,
  cycle_id: 'bench-cycle',
  user_id: userId,
  channel: 'import' as const,
  registered_by: null,
  full_name: `Pessoa ${i}`,
  social_name: null,
  birth_date: '1990-01-01',
  nationalities: '["BO"]',
  naturalised: 0,
  gender: 'woman' as const,
  subprefecture_id: 29,
  document_type: 'crnm' as const,
  document_number: `D${String(i).padStart(9, '0')}`,
  phone: null,
  email: null,
  preferred_language: 'es',
  status: 'approved' as const,
  decision_reason: null,
  decision_note: null,
  decided_by: null,
  decided_at: at,
  duplicate_key: `bench|${i}`,
  consent_at: at,
  created_at: at,
  updated_at: at,
})
const cookies: string[] = []
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < VOTERS; i += 500) {
    const users = Array.from({ length: Math.min(500, VOTERS - i) }, (_, k) => ({
      id: `voter-${i + k}`,
      email: `voter${i + k}@bench.local`,
      phone: null,
      display_name: `Voter ${i + k}`,
      password_hash: null,
      preferred_language: 'pt-BR',
      created_at: at,
      password_changed_at: null,
      erased_at: null,
    }))
    await trx.insertInto('users').values(users).execute()
  }
  for (let i = 0; i < CENSUS; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, CENSUS - i) }, (_, k) =>
      registration(i + k, i + k < VOTERS ? `voter-${i + k}` : null),
    )
    await trx.insertInto('voter_registrations').values(rows).execute()
    await trx
      .insertInto('voter_rolls')
      .values(
        rows.map((r) => ({ election_id: 'bench-election', registration_id: r.id, subprefecture_id: 29 })),
      )
      .execute()
  }
})
// The production server may use the __Host- cookie name (HTTPS); send both names.
for (let i = 0; i < VOTERS; i++) {
  const token = (await createSession(db, { userId: `voter-${i}` })).token
  cookies.push(`${SESSION_COOKIE}=${token}; __Host-${SESSION_COOKIE}=${token}`)
}

await db
  .insertInto('consultations')
  .values({
    id: 'bench-consultation',
    title_i18n: '{"pt-BR":"Consulta de carga"}',
    summary_i18n: '{"pt-BR":"Resumo"}',
    status: 'open',
    opens_at: '2020-01-01T00:00:00.000Z',
    closes_at: '2099-01-01T00:00:00.000Z',
    min_account_age_days: 0,
    created_by: null,
    created_at: at,
    updated_at: at,
  })
  .execute()
await db
  .insertInto('consultation_sections')
  .values({
    id: 'bench-section',
    consultation_id: 'bench-consultation',
    position: 1,
    heading_i18n: '{"pt-BR":"Seção"}',
  })
  .execute()
await db
  .insertInto('consultation_paragraphs')
  .values({
    id: 'bench-paragraph',
    consultation_id: 'bench-consultation',
    section_id: 'bench-section',
    position: 1,
    body_i18n: '{"pt-BR":"Parágrafo em discussão."}',
  })
  .execute()
const base = Date.parse('2026-01-01T00:00:00.000Z')
const comments = Array.from({ length: 2000 }, (_, i) => ({
  id: `c-${String(i).padStart(5, '0')}`,
  consultation_id: 'bench-consultation',
  paragraph_id: 'bench-paragraph',
  parent_id: null,
  user_id: `voter-${i % VOTERS}`,
  author_name: `Voter ${i}`,
  language: 'pt-BR',
  body: `Comentário número ${i}, com algumas palavras sobre a proposta.`,
  created_at: new Date(base + i * 1000).toISOString(),
}))
for (let i = 0; i < comments.length; i += 200)
  await db
    .insertInto('contributions')
    .values(comments.slice(i, i + 200))
    .execute()

// ---------- census lookup, in process (the query the polling station runs) ----------
log('census lookups…')
const lookups: number[] = []
let seed = 7
for (let i = 0; i < 3000; i++) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  const doc = `D${String(seed % CENSUS).padStart(9, '0')}`
  const t = performance.now()
  const found = await findOnRoll(db, { electionId: 'bench-election', query: doc })
  lookups.push(performance.now() - t)
  if (found.length !== 1) throw new Error(`lookup of ${doc} found ${found.length}`)
}
lookups.sort((a, b) => a - b)
const censusP99 = lookups[Math.floor(lookups.length * 0.99)]!
await db.destroy()

// ---------- tally of 1,000,000 ballots (separate process, its own database) ----------
log('counting 1,000,000 ballots (bench/count-ballots.ts)…')
const count = spawnSync('npx', ['tsx', 'bench/count-ballots.ts'], { encoding: 'utf8' }) // same dialect: it reads BENCH_DATABASE_URL
const countLine = count.stdout.trim().split('\n').at(-1) ?? '{}'
const tally = JSON.parse(countLine) as { server_count_median_ms?: number }

// ---------- servers ----------
const bare = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
  res.end('<!doctype html><title>hello</title><p>hello</p>')
})
await new Promise<void>((r) => bare.listen(BARE_PORT, '127.0.0.1', r))

const app = spawn('npx', ['tsx', 'scripts/server.ts'], {
  detached: true,
  stdio: 'ignore',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DEMO_MODE: 'false',
    PORT: String(APP_PORT),
    ...database.serverEnv,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    WEB_CONCURRENCY: String(WORKERS),
  },
})
children.push(app)
for (let i = 0; ; i++) {
  const ok = await new Promise<boolean>((r) =>
    http
      .get({ host: '127.0.0.1', port: APP_PORT, path: '/healthz' }, (res) => {
        res.resume()
        r(res.statusCode === 200)
      })
      .on('error', () => r(false)),
  )
  if (ok) break
  if (i > 300) throw new Error('the app server did not start')
  await new Promise((r) => setTimeout(r, 100))
}

const measure = async (label: string, next: Parameters<typeof runLoad>[0]['next'], port = APP_PORT) => {
  await runLoad({ port, connections: CONNECTIONS, durationMs: 1000, next }) // warm-up
  const runs = []
  for (let r = 0; r < 3; r++)
    runs.push(await runLoad({ port, connections: CONNECTIONS, durationMs: (SECONDS * 1000) / 3, next }))
  const result = {
    rps: median(runs.map((x) => x.rps)),
    p99: median(runs.map((x) => x.p99)),
    statuses: runs[0]!.statuses,
  }
  log(
    `${label}: ${Math.round(result.rps)} req/s, p99 ${result.p99.toFixed(1)} ms ${JSON.stringify(result.statuses)}`,
  )
  return result
}

log('measuring…')
const bareResult = await measure('bare node:http', () => ({ method: 'GET', path: '/' }), BARE_PORT)
const page = await measure('candidates page (500)', () => ({
  method: 'GET',
  path: '/elections/bench-election/contests/bench-contest',
  headers: { 'Accept-Language': 'pt-BR' },
}))
const consultation = await measure('consultation paragraph (2,000 comments)', () => ({
  method: 'GET',
  path: '/consultations/bench-consultation/p/bench-paragraph',
  headers: { 'Accept-Language': 'pt-BR' },
}))

// Votes: each request is a distinct voter with their own session, through the real form post.
const origin = `http://127.0.0.1:${APP_PORT}`
const vote = await runLoad({
  port: APP_PORT,
  connections: CONNECTIONS,
  durationMs: 60_000,
  limit: VOTERS,
  keepBodies: true,
  next: (i) =>
    i < VOTERS
      ? {
          method: 'POST',
          path: '/elections/bench-election/vote?_data=routes%2Felections.%24id.vote',
          headers: {
            Cookie: cookies[i]!,
            Origin: origin,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: `intent=cast&contest_bench-contest=cand-${i % 500}`,
        }
      : null,
})
const acknowledged = vote.bodies
  .map((b) => {
    try {
      return (JSON.parse(b) as { trackingCode?: string }).trackingCode
    } catch {
      return undefined
    }
  })
  .filter((c): c is string => Boolean(c))
log(
  `votes: ${Math.round(vote.rps)} ballots/s, p99 ${vote.p99.toFixed(1)} ms, acknowledged ${acknowledged.length}/${VOTERS} ${JSON.stringify(vote.statuses)}`,
)

// JavaScript that public pages load (gzip): the entry, route modules and preloads they reference.
const fetchText = (path: string) =>
  new Promise<Buffer>((resolve, reject) =>
    http
      .get({ host: '127.0.0.1', port: APP_PORT, path }, (res) => {
        const c: Buffer[] = []
        res.on('data', (d: Buffer) => c.push(d))
        res.on('end', () => resolve(Buffer.concat(c)))
      })
      .on('error', reject),
  )
const PUBLIC_PAGES = [
  '/',
  '/elections',
  '/elections/bench-election/contests/bench-contest',
  '/elections/bench-election/vote',
  '/conference',
  '/consultations',
  '/consultations/bench-consultation/p/bench-paragraph',
  '/plan',
  '/council',
  '/council/archive',
  '/registration',
  '/login',
  '/signup',
]
let jsMax = 0
let jsMaxPage = ''
const jsCache = new Map<string, number>()
for (const path of PUBLIC_PAGES) {
  const html = (await fetchText(path)).toString('utf8')
  const srcs = new Set([...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]!))
  let total = 0
  for (const src of srcs) {
    if (!jsCache.has(src)) jsCache.set(src, gzipSync(await fetchText(src)).length)
    total += jsCache.get(src)!
  }
  if (total > jsMax) [jsMax, jsMaxPage] = [total, path]
}

process.kill(-app.pid!, 'SIGTERM')
bare.close()
await new Promise((r) => setTimeout(r, 500))

// votes_lost: acknowledged tracking codes that are not in the database afterwards.
const after = database.open()
const stored = new Set(
  (
    await after
      .selectFrom('tracking_codes')
      .select('code')
      .where('election_id', '=', 'bench-election')
      .execute()
  ).map((r) => r.code),
)
const ballots = Number(
  (
    await after
      .selectFrom('ballots')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('election_id', '=', 'bench-election')
      .executeTakeFirstOrThrow()
  ).n,
)
await after.destroy()
await database.drop()
const votesLost = acknowledged.filter((c) => !stored.has(c)).length

const results = {
  measured_at: new Date().toISOString(),
  database: database.dialect,
  machine: {
    cpus: (await import('node:os')).cpus().length,
    node: process.version,
    workers: WORKERS,
    connections: CONNECTIONS,
  },
  bare_http_rps: Math.round(bareResult.rps),
  page_rps: Math.round(page.rps),
  page_p99_ms: +page.p99.toFixed(1),
  consultation_page_rps: Math.round(consultation.rps),
  vote_rps: Math.round(vote.rps),
  vote_p99_ms: +vote.p99.toFixed(1),
  votes_lost: votesLost,
  votes_acknowledged: acknowledged.length,
  ballots_stored: ballots,
  tally_1m_ms: tally.server_count_median_ms ?? null,
  census_lookup_p99_ms: +censusP99.toFixed(2),
  js_kb_gzip_max: +(jsMax / 1024).toFixed(1),
  js_kb_gzip_max_page: jsMaxPage,
  duration_s: Math.round((performance.now() - t0) / 1000),
}
const resultsFile = database.dialect === 'postgres' ? 'bench/results-postgres.json' : 'bench/results.json'
writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n')

const targets: [string, string, boolean][] = [
  [
    'page_rps ≥ 5 % of bare_http_rps',
    `${results.page_rps} vs ${Math.round(results.bare_http_rps * 0.05)}`,
    results.page_rps >= results.bare_http_rps * 0.05,
  ],
  ['vote_rps ≥ 1,500', String(results.vote_rps), results.vote_rps >= 1500],
  ['vote_p99_ms ≤ 50', String(results.vote_p99_ms), results.vote_p99_ms <= 50],
  ['votes_lost = 0', String(results.votes_lost), results.votes_lost === 0],
  ['tally_1m_ms < 1,000', String(results.tally_1m_ms), (results.tally_1m_ms ?? Infinity) < 1000],
  ['census_lookup_p99_ms < 5', String(results.census_lookup_p99_ms), results.census_lookup_p99_ms < 5],
  [
    'js_kb_gzip_max ≤ 100',
    `${results.js_kb_gzip_max} (${results.js_kb_gzip_max_page})`,
    results.js_kb_gzip_max <= 100,
  ],
]
console.log('\n| metric | value |\n|---|---|')
for (const [k, v] of Object.entries(results)) if (typeof v !== 'object') console.log(`| ${k} | ${v} |`)
console.log('\n| target | measured | met |\n|---|---|---|')
for (const [name, value, met] of targets) console.log(`| ${name} | ${value} | ${met ? 'yes' : 'NO'} |`)
console.log(`\nwritten: ${resultsFile}`)
process.exit(0)
