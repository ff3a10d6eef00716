// `npx tsx bench/js-budget.ts [--no-build] [--check] [--json <file>]`: the JavaScript (gzip) every
// public page loads, counted as bench/run.ts counts `js_kb_gzip_max` — the production server is
// started on a fresh demo database, each page's HTML is fetched and every /build/*.js it references
// (entry, root, route module, modulepreloads) is fetched and gzipped. Scripts a page does not
// reference are not counted, so a page sent without scripts (handle.hydrate = false, ADR 038)
// weighs 0. Issue #22: the heaviest page of bench/run.ts's PUBLIC_PAGES must be ≤ 100 KB; `--check`
// exits 1 when it is not. Byte counts are deterministic for a build: no timing is involved.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { gzipSync } from 'node:zlib'
import { createSession } from '../app/auth/session.server'
import { migrateToLatest } from '../db/migrate'
import { seedDemo, seedReference } from '../db/seed/index'
import { DEMO_CMI_BODY } from '../db/seed/council'
import { DEMO_CONSULTATION_ANSWERED, DEMO_CONSULTATION_OPEN } from '../db/seed/consultations'
import { DEMO_EDITION_2019, DEMO_EDITION_2026 } from '../db/seed/conference'
import { DEMO_CMI_ELECTION, DEMO_CPM_ELECTION } from '../db/seed/elections'
import { demoUserId } from '../db/seed/users'
import { createScratchDatabase } from '../scripts/scratch-database'
import { pageScripts } from './page-scripts'

export const BUDGET_KB = 100
const SESSION_COOKIE = 'mutirao_session'
const args = process.argv.slice(2)
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined

if (!args.includes('--no-build')) {
  console.log('· building (remix build)…')
  const b = spawnSync('npx', ['remix', 'build'], { stdio: 'ignore' })
  if (b.status !== 0) throw new Error('build failed')
}

// ---------- a demo database (without the 2024 election's Belenios archive: pages, not crypto) ----------
const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mutirao_jsbudget')
const db = database.open()
await migrateToLatest(db)
await seedReference(db)
await seedDemo(db, { verifiableElection: false })
const first = async (table: string, column: string, where: [string, string] | null = null) => {
  let q = db.selectFrom(table as 'users').select(`${column} as v` as 'id')
  if (where) q = q.where(where[0] as 'id', '=', where[1])
  const row = await q.orderBy(column as 'id').executeTakeFirst()
  const value = (row as { v?: unknown } | undefined)?.v
  if (value === undefined) throw new Error(`no row in ${table}`)
  return String(value)
}
const contest = await first('contests', 'id', ['election_id', DEMO_CPM_ELECTION])
const proposal = await first('proposals', 'id', ['edition_id', DEMO_EDITION_2026])
const paragraph = await first('consultation_paragraphs', 'id', ['consultation_id', DEMO_CONSULTATION_OPEN])
const meeting = await first('meetings', 'id', ['status', 'held'])
const resolution = await first('resolutions', 'id')
const indicator = await first('plan_indicators', 'id')
const action = await first('plan_actions', 'id')
const campaign = await first('campaigns', 'id')
const axis = await first('thematic_axes', 'code')
const tokens = {
  voter: (await createSession(db, { userId: demoUserId('voter') })).token,
  resident: (await createSession(db, { userId: demoUserId('resident') })).token,
}
await db.destroy()

type Page = { path: string; as?: 'voter' | 'resident'; bench?: true }
/** bench/run.ts's PUBLIC_PAGES, on the demo data (its ids are the bench's own rows). */
const BENCH_PAGES: Page[] = [
  { path: '/' },
  { path: '/elections' },
  { path: `/elections/${DEMO_CPM_ELECTION}/contests/${contest}` },
  { path: `/elections/${DEMO_CPM_ELECTION}/vote` }, // anonymous: sent to the login page (a redirect)
  { path: '/conference' },
  { path: '/consultations' },
  { path: `/consultations/${DEMO_CONSULTATION_OPEN}/p/${paragraph}` },
  { path: '/plan' },
  { path: '/council' },
  { path: '/council/archive' },
  { path: '/registration' },
  { path: '/login' },
  { path: '/signup' },
].map((p) => ({ ...p, bench: true as const }))
/** Every other public page, and the pages a signed-in voter sees (the ballot page hydrates). */
const OTHER_PAGES: Page[] = [
  { path: `/elections/${DEMO_CPM_ELECTION}` },
  { path: `/elections/${DEMO_CMI_ELECTION}` },
  { path: `/elections/${DEMO_CMI_ELECTION}/results` },
  { path: `/elections/${DEMO_CMI_ELECTION}/verify` },
  { path: `/elections/${DEMO_CMI_ELECTION}/trustees` },
  { path: `/conference/${DEMO_EDITION_2026}` },
  { path: `/conference/${DEMO_EDITION_2026}/proposals` },
  { path: `/conference/${DEMO_EDITION_2026}/proposals/${proposal}` },
  { path: `/conference/${DEMO_EDITION_2019}/report` },
  { path: `/consultations/${DEMO_CONSULTATION_OPEN}` },
  { path: `/consultations/${DEMO_CONSULTATION_ANSWERED}/report` },
  { path: '/plan/actions' },
  { path: `/plan/actions/${action}` },
  { path: '/plan/campaigns' },
  { path: `/plan/campaigns/${campaign}` },
  { path: `/plan/indicators/${indicator}` },
  { path: '/plan/report' },
  { path: '/plan/migracidades' },
  { path: `/plan/trace/${axis}` },
  { path: `/council/bodies/${DEMO_CMI_BODY}` },
  { path: `/council/meetings/${meeting}` },
  { path: `/council/meetings/${meeting}/minutes` },
  { path: `/council/resolutions/${resolution}` },
  { path: '/easy-read' },
  { path: '/easy-read/registration' },
  { path: '/census' },
  { path: '/privacy' },
  { path: '/forgot-password' },
  { path: '/forgot-password/code' },
  { path: '/account/setup' },
  { path: '/registration/status' },
  { path: '/registration/claim' },
  { path: '/', as: 'voter' },
  { path: `/elections/${DEMO_CPM_ELECTION}`, as: 'voter' },
  { path: `/elections/${DEMO_CPM_ELECTION}/vote`, as: 'voter' },
  { path: `/conference/${DEMO_EDITION_2026}/proposals/new`, as: 'voter' },
  { path: `/consultations/${DEMO_CONSULTATION_OPEN}/p/${paragraph}`, as: 'voter' },
  { path: '/registration', as: 'voter' },
  { path: '/registration', as: 'resident' },
  { path: '/registration/about', as: 'resident' },
  { path: '/registration/document', as: 'resident' },
  { path: '/account', as: 'voter' },
]

// ---------- the production server, as bench/run.ts starts it ----------
const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port
    s.close(() => resolve(p))
  })
})
const children: ChildProcess[] = []
process.on('exit', () => {
  for (const c of children)
    if (c.pid && c.exitCode === null)
      try {
        process.kill(-c.pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
})
const app = spawn('npx', ['tsx', 'scripts/server.ts'], {
  detached: true,
  stdio: ['ignore', 'ignore', process.env.JS_BUDGET_VERBOSE ? 'inherit' : 'ignore'],
  env: {
    ...process.env,
    NODE_ENV: 'production',
    DEMO_MODE: 'false',
    PORT: String(port),
    PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
    ...database.serverEnv,
    SESSION_SECRET: 'js-budget-secret-js-budget-secret-0123456',
    WEB_CONCURRENCY: '1',
  },
})
children.push(app)

const get = (path: string, cookie?: string) =>
  new Promise<{ status: number; body: Buffer }>((resolve, reject) =>
    http
      .get({ host: '127.0.0.1', port, path, headers: cookie ? { Cookie: cookie } : {} }, (res) => {
        const c: Buffer[] = []
        res.on('data', (d: Buffer) => c.push(d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(c) }))
      })
      .on('error', reject),
  )
for (let i = 0; ; i++) {
  const up = await get('/healthz').then(
    (r) => r.status === 200,
    () => false,
  )
  if (up) break
  if (app.exitCode !== null) throw new Error('the app server stopped (JS_BUDGET_VERBOSE=1 shows why)')
  if (i > 600) throw new Error('the app server did not start')
  await new Promise((r) => setTimeout(r, 100))
}

// ---------- measure ----------
// The production server may use the __Host- cookie name; send both names, as bench/run.ts does.
const cookieOf = (token: string) => `${SESSION_COOKIE}=${token}; __Host-${SESSION_COOKIE}=${token}`
const gzipOf = new Map<string, number>()
type Row = { path: string; as: string; bench: boolean; status: number; scripts: number; kb: number }
const rows: Row[] = []
for (const page of [...BENCH_PAGES, ...OTHER_PAGES]) {
  const answer = await get(page.path, page.as ? cookieOf(tokens[page.as]) : undefined)
  const html = answer.body.toString('utf8')
  // The same count as bench/run.ts (bench/page-scripts.ts): what the HTML loads, imports followed.
  let bytes = 0
  for (const src of await pageScripts(html, async (path) => (await get(path)).body.toString('utf8'))) {
    if (!gzipOf.has(src)) gzipOf.set(src, gzipSync((await get(src)).body).length)
    bytes += gzipOf.get(src)!
  }
  rows.push({
    path: page.path,
    as: page.as ?? 'anonymous',
    bench: Boolean(page.bench),
    status: answer.status,
    scripts: (html.match(/<script\b/g) ?? []).length,
    kb: Math.round((bytes / 1024) * 10) / 10,
  })
}
process.kill(-app.pid!, 'SIGTERM')
await database.drop()

const width = Math.max(...rows.map((r) => r.path.length))
console.log(`\n${'page'.padEnd(width)}  who        status  <script  KB gzip`)
for (const r of rows)
  console.log(
    `${r.path.padEnd(width)}  ${r.as.padEnd(9)}  ${String(r.status).padStart(6)}  ${String(r.scripts).padStart(7)}  ${r.kb.toFixed(1).padStart(7)}${r.bench ? '  (bench)' : ''}`,
  )
const max = (list: Row[]) => list.reduce((a, b) => (b.kb > a.kb ? b : a), { kb: 0, path: '-' } as Row)
const benchMax = max(rows.filter((r) => r.bench))
const allMax = max(rows)
console.log(
  `\njs_kb_gzip_max (bench/run.ts's pages): ${benchMax.kb} KB (${benchMax.path}); budget ${BUDGET_KB} KB`,
)
console.log(`heaviest page measured here: ${allMax.kb} KB (${allMax.path}, ${allMax.as})`)
if (jsonOut)
  writeFileSync(jsonOut, `${JSON.stringify({ js_kb_gzip_max: benchMax.kb, pages: rows }, null, 2)}\n`)
if (args.includes('--check') && benchMax.kb > BUDGET_KB) process.exit(1)
process.exit(0)
