// `npm run test:crash`: does an acknowledged vote survive a crash of the server?
//
// 1. A temp database gets the migrations and the demo (the 2026 Participatory Council election is
//    in voting_open), plus N voters created directly in it the way the domain expects: an account,
//    an approved registration in the current census cycle, a row on the election's frozen voter
//    roll (what freezeVoterRoll copies when voting opens) and a session (createSession) each.
// 2. The real production server (`npx tsx scripts/server.ts`) starts on it, in its own process group,
//    with two workers (CRASH_WORKERS): votes are committed in groups (ADR 039), so a kill lands
//    while batches of queued votes are being written in both.
// 3. The voters vote concurrently over HTTP on loopback exactly as a browser without JavaScript
//    does: GET the ballot, POST intent=review with a choice per contest, then POST the "confirm"
//    form found on the review page. A tracking code counts as acknowledged only when the server
//    answered 2xx/3xx with the receipt on the page.
// 4. When a random 30–50 % of the voters have been acknowledged, the whole server process group
//    gets SIGKILL mid-load (other ballots are in flight at every step). The server restarts on the
//    same file; every voter without an acknowledgment tries again, and some acknowledged voters
//    try to vote a second time.
// 5. Checks on the database file: integrity_check; every acknowledged code stored (lost = 0);
//    ballots = tracking codes = online participation (per contest too), so no ballot half exists;
//    nobody has two ballots; every voter ended up voted exactly once.
//
// Bounded in time, loopback only, and it removes its temp files and its server even on failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'
import { sessionCookieName } from '../app/auth/guards.server'
import { createSession } from '../app/auth/session.server'
import { openSqlite } from '../app/lib/db.server'
import { newId, nowIso } from '../app/lib/ids.server'
import { duplicateKey } from '../app/registration/duplicates'
import { migrateToLatest } from '../db/migrate'
import { DEMO_CPM_ELECTION } from '../db/seed/elections'
import { seedDemo, seedReference } from '../db/seed/index'
import { DEMO_CYCLE_ID } from '../db/seed/registration'

const root = fileURLToPath(new URL('..', import.meta.url))
process.chdir(root)

const VOTERS = Number(process.env.CRASH_VOTERS ?? 300)
const CONCURRENCY = Number(process.env.CRASH_CONCURRENCY ?? 16)
const PREFERRED_PORT = Number(process.env.CRASH_PORT ?? 3190)
const DOUBLE_VOTE_ATTEMPTS = 20
// A watchdog against a hang, not a speed target: a busy shared machine may take several times
// the ~40 s this takes when idle.
const TIME_LIMIT_MS = 600_000
const ELECTION = DEMO_CPM_ELECTION
const VOTE_PATH = `/elections/${ELECTION}/vote`
// The demo contests with candidates (Sé, Mooca) and some with none (blank is the only choice).
const SUBPREFECTURES = [29, 29, 18, 13, 26]

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
const log = (message: string) => console.log(`[crash ${elapsed()}] ${message}`)

// ---------- cleanup, whatever happens ----------

const tempDir = mkdtempSync(join(tmpdir(), 'mutirao-crash-'))
const servers: Server[] = []

function killGroup(server: Server, signal: NodeJS.Signals) {
  try {
    process.kill(-server.pgid, signal)
  } catch {
    // ESRCH: the group is already gone
  }
}

function cleanup() {
  for (const server of servers) if (!server.stopped) killGroup(server, 'SIGKILL')
  rmSync(tempDir, { recursive: true, force: true })
}
process.on('exit', cleanup)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`crash test interrupted (${signal})`)
    process.exit(1)
  })
}
const watchdog = setTimeout(() => {
  console.error(`crash test exceeded its time limit (${TIME_LIMIT_MS / 1000} s)`)
  for (const server of servers)
    if (server.output.length) console.error(`server output:\n${server.output.slice(-40).join('\n')}`)
  process.exit(1)
}, TIME_LIMIT_MS)

// ---------- the server as a child process ----------

type Server = {
  child: ChildProcess
  pgid: number
  exited: Promise<void>
  stopping: boolean
  stopped: boolean
  output: string[]
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

function freePort(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, () => probe.close(() => resolve(true)))
  })
}

async function anyFreePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const port = (probe.address() as { port: number }).port
  await new Promise((resolve) => probe.close(resolve))
  return port
}

function startServer(env: NodeJS.ProcessEnv): Server {
  // detached: its own process group (npx → sh → tsx → node), so one signal reaches all of them.
  const child = spawn('npx', ['tsx', 'scripts/server.ts'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean))
    if (output.length > 200) output.splice(0, output.length - 200)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const server: Server = {
    child,
    pgid: child.pid!,
    stopping: false,
    stopped: false,
    output,
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  }
  void server.exited.then(() => {
    if (server.stopping) return // stopServer waits for the rest of the group to finish
    // npx died on its own (or by SIGKILL): make sure nothing else of the group survives it.
    killGroup(server, 'SIGKILL')
    server.stopped = true
  })
  servers.push(server)
  return server
}

async function waitHealthy(server: Server, port: number) {
  // Minutes on a busy shared machine (CI machines are shared): bounded, and an exit is reported at once.
  const deadline = Date.now() + 300_000
  const agent = new http.Agent({ keepAlive: false })
  while (Date.now() < deadline) {
    if (server.stopped)
      throw new Error(`the server exited while starting:\n${server.output.slice(-30).join('\n')}`)
    try {
      const res = await request(agent, port, 'GET', '/healthz', {})
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await sleep(100)
  }
  throw new Error('the server did not become healthy within 5 minutes')
}

/** SIGTERM to the group (the server closes its database cleanly), SIGKILL after 8 s. */
async function stopServer(server: Server): Promise<boolean> {
  server.stopping = true
  killGroup(server, 'SIGTERM')
  const deadline = Date.now() + 8000
  while (groupAlive(server.pgid) && Date.now() < deadline) await sleep(50)
  const graceful = !groupAlive(server.pgid)
  if (!graceful) killGroup(server, 'SIGKILL')
  await server.exited
  server.stopped = true
  return graceful
}

// ---------- HTTP, as a browser without JavaScript ----------

type Response = { status: number; body: string }

function request(
  agent: http.Agent,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers:
          body === undefined
            ? headers
            : {
                ...headers,
                'Content-Type': 'application/x-www-form-urlencoded',
                'Content-Length': String(Buffer.byteLength(body)),
              },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
        // A connection cut mid-body is no answer (a promise settles once: after 'end' this is a no-op).
        res.on('close', () => (res.complete ? undefined : reject(new Error('response cut off'))))
      },
    )
    req.setTimeout(120_000, () => req.destroy(new Error('request timed out')))
    req.on('error', reject)
    req.end(body)
  })
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)
  return m ? decode(m[1]) : null
}
const inputs = (html: string) => [...html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0])

/** The ballot's radio groups: contest field name → the values offered. */
function ballotChoices(html: string): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const tag of inputs(html)) {
    const name = attr(tag, 'name')
    const value = attr(tag, 'value')
    if (attr(tag, 'type') !== 'radio' || !name?.startsWith('contest_') || value === null) continue
    groups.set(name, [...(groups.get(name) ?? []), value])
  }
  return groups
}

/** The review page's "confirm" form: its action and hidden fields, submitted as they are. */
function confirmForm(html: string, pagePath: string): { action: string; fields: URLSearchParams } | null {
  for (const m of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)) {
    const tags = inputs(m[0])
    if (!tags.some((t) => attr(t, 'name') === 'intent' && attr(t, 'value') === 'cast')) continue
    const fields = new URLSearchParams()
    for (const t of tags) {
      const name = attr(t, 'name')
      if (name) fields.append(name, attr(t, 'value') ?? '')
    }
    const formTag = /<form\b[^>]*>/.exec(m[0])![0]
    return { action: attr(formTag, 'action') || pagePath, fields }
  }
  return null
}

const receipt = (html: string) =>
  /<p class="receipt protocol mono">([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})<\/p>/.exec(html)?.[1] ?? null
const alreadyVotedText = (
  JSON.parse(readFileSync('locales/pt-BR/elections.json', 'utf8')) as {
    vote: { state: { already_voted: string } }
  }
).vote.state.already_voted
const saysAlreadyVoted = (html: string) => decode(html).includes(alreadyVotedText)

// ---------- voters ----------

type Step = 'page' | 'review' | 'cast'
type Voter = {
  index: number
  userId: string
  registrationId: string
  subprefectureId: number
  cookie: string
  state: 'pending' | 'acknowledged' | 'already_voted' | 'interrupted'
  code?: string
  acknowledgedIn?: 1 | 2
  step?: Step
  interruptedAt?: Step
}
type Outcome = { kind: 'acknowledged'; code: string } | { kind: 'already_voted' }

class Unexpected extends Error {}

async function vote(client: Client, voter: Voter): Promise<Outcome> {
  const headers = { Cookie: voter.cookie, 'Accept-Language': 'pt-BR', Origin: client.origin }
  voter.step = 'page'
  const page = await request(client.agent, client.port, 'GET', VOTE_PATH, headers)
  if (page.status !== 200) throw new Unexpected(`ballot page answered ${page.status}`)
  if (saysAlreadyVoted(page.body)) return { kind: 'already_voted' }
  const choices = ballotChoices(page.body)
  if (!choices.size) throw new Unexpected('no ballot on the page')
  const form = new URLSearchParams()
  for (const [name, values] of choices) form.append(name, values[Math.floor(Math.random() * values.length)])
  form.append('intent', 'review')

  voter.step = 'review'
  const review = await request(client.agent, client.port, 'POST', VOTE_PATH, headers, form.toString())
  if (review.status === 409 && saysAlreadyVoted(review.body)) return { kind: 'already_voted' }
  if (review.status !== 200) throw new Unexpected(`review answered ${review.status}`)
  const confirm = confirmForm(review.body, VOTE_PATH)
  if (!confirm) throw new Unexpected('no confirm form on the review page')

  voter.step = 'cast'
  const done = await request(
    client.agent,
    client.port,
    'POST',
    confirm.action,
    headers,
    confirm.fields.toString(),
  )
  if (done.status >= 200 && done.status < 400) {
    const code = receipt(done.body)
    if (!code) throw new Unexpected(`cast answered ${done.status} without a tracking code`)
    return { kind: 'acknowledged', code }
  }
  if (done.status === 409 && saysAlreadyVoted(done.body)) return { kind: 'already_voted' }
  throw new Unexpected(`cast answered ${done.status}`)
}

type Client = { agent: http.Agent; port: number; origin: string }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------- the run ----------

async function main(): Promise<string[]> {
  const failures: string[] = []

  if (!existsSync('build/index.js')) {
    log('no build/ yet: running `npx remix build`')
    const built = spawnSync('npx', ['remix', 'build'], { stdio: 'inherit' })
    if (built.status !== 0) return ['`npx remix build` failed']
  }

  const port = (await freePort(PREFERRED_PORT)) ? PREFERRED_PORT : await anyFreePort()
  const dbPath = join(tempDir, 'crash.sqlite')
  const inherited: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !['PUBLIC_ORIGIN', 'SMTP_URL', 'COOKIE_SECURE'].includes(k)) inherited[k] = v
  const serverEnv: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: 'production',
    DEMO_MODE: 'true',
    COOKIE_SECURE: 'false', // plain HTTP on loopback
    PORT: String(port),
    DATABASE_PATH: dbPath,
    UPLOAD_DIR: join(tempDir, 'uploads'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    // Two worker processes (as bench and production run): two group writers (ADR 039) on one file,
    // each with a batch of votes in flight when the whole process group is killed.
    WEB_CONCURRENCY: process.env.CRASH_WORKERS ?? '2',
  }
  // This process reads the same configuration (session cookie name), never prints it.
  Object.assign(process.env, serverEnv)

  // --- database: migrations, demo, N voters on the frozen roll, a session each ---
  const db = openSqlite(dbPath)
  await migrateToLatest(db)
  await seedReference(db)
  if (!(await seedDemo(db))) return ['the demo was not seeded into the fresh database']
  const election = await db
    .selectFrom('elections')
    .select(['phase', 'cycle_id'])
    .where('id', '=', ELECTION)
    .executeTakeFirstOrThrow()
  if (election.phase !== 'voting_open' || election.cycle_id !== DEMO_CYCLE_ID)
    return [
      `demo election is ${election.phase} in ${election.cycle_id}, expected voting_open in ${DEMO_CYCLE_ID}`,
    ]
  const contests = await db
    .selectFrom('contests')
    .select(['id', 'subprefecture_id'])
    .where('election_id', '=', ELECTION)
    .execute()
  const contestOf = new Map(contests.map((c) => [c.subprefecture_id, c.id]))

  const at = nowIso()
  const voters: Voter[] = []
  const cookieName = sessionCookieName()
  const rows = Array.from({ length: VOTERS }, (_, index) => ({
    index,
    userId: newId(),
    registrationId: newId(),
    subprefectureId: SUBPREFECTURES[index % SUBPREFECTURES.length],
  }))
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      const name = `Eleitora Teste ${r.index}`
      await trx
        .insertInto('users')
        .values({
          id: r.userId,
          email: `crash-voter-${r.index}@crash-test.invalid`,
          phone: null,
          display_name: name,
          password_hash: null,
          preferred_language: 'pt-BR',
          created_at: at,
          password_changed_at: null,
        })
        .execute()
      await trx
        .insertInto('user_roles')
        .values({ user_id: r.userId, role: 'resident', granted_by: null, granted_at: at })
        .execute()
      await trx
        .insertInto('voter_registrations')
        .values({
          id: r.registrationId,
          protocol: `CMI-2026-CRASH-${r.index}`,
          cycle_id: DEMO_CYCLE_ID,
          user_id: r.userId,
          channel: 'self',
          registered_by: null,
          full_name: name,
          social_name: null,
          birth_date: '1990-01-01',
          nationalities: JSON.stringify(['BO']),
          naturalised: 0,
          gender: 'woman',
          subprefecture_id: r.subprefectureId,
          document_type: 'crnm',
          document_number: `CRASH${100000 + r.index}`,
          phone: null,
          email: null,
          preferred_language: 'pt-BR',
          status: 'approved',
          decision_reason: null,
          decision_note: null,
          decided_by: null,
          decided_at: at,
          duplicate_key: duplicateKey(name, '1990-01-01', ['BO']),
          consent_at: at,
          created_at: at,
          updated_at: at,
        })
        .execute()
      // What freezeVoterRoll copies for every approved registration when voting opens.
      await trx
        .insertInto('voter_rolls')
        .values({
          election_id: ELECTION,
          registration_id: r.registrationId,
          subprefecture_id: r.subprefectureId,
        })
        .execute()
    }
  })
  for (const r of rows) {
    if (!contestOf.has(r.subprefectureId)) return [`no contest for subprefecture ${r.subprefectureId}`]
    const { token } = await createSession(db, { userId: r.userId })
    voters.push({ ...r, cookie: `${cookieName}=${token}`, state: 'pending' })
  }
  const before = {
    participation: Number(
      (
        await db
          .selectFrom('voter_participation')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('election_id', '=', ELECTION)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    codes: Number(
      (
        await db
          .selectFrom('tracking_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('election_id', '=', ELECTION)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    ballots: Number(
      (
        await db
          .selectFrom('ballots')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('election_id', '=', ELECTION)
          .executeTakeFirstOrThrow()
      ).n,
    ),
  }
  await db.destroy()
  log(`database ready: demo + ${VOTERS} voters on the roll of ${ELECTION} (port ${port})`)

  // --- first server life: vote until the kill ---
  const killAt = Math.round(VOTERS * (0.3 + Math.random() * 0.2))
  const first = startServer(serverEnv)
  await waitHealthy(first, port)
  log(
    `server up (pid group ${first.pgid}); ${VOTERS} voters, ${CONCURRENCY} at a time; SIGKILL after ${killAt} acknowledgments`,
  )
  const client1: Client = {
    agent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
    port,
    origin: `http://127.0.0.1:${port}`,
  }
  let acknowledged = 0
  let killed = false
  const inFlight = new Set<Voter>()
  let atKill: { acknowledged: number; inFlight: Record<Step, number> } | null = null
  const phase1Started = Date.now()

  async function attempt(voter: Voter, client: Client, phase: 1 | 2) {
    inFlight.add(voter)
    try {
      const outcome = await vote(client, voter)
      if (outcome.kind === 'acknowledged') {
        if (voter.state === 'acknowledged') failures.push(`voter ${voter.index} got a second tracking code`)
        voter.state = 'acknowledged'
        voter.code = outcome.code
        voter.acknowledgedIn = phase
        acknowledged += 1
        inFlight.delete(voter)
        if (phase === 1) scheduleCrash()
      } else {
        voter.state = 'already_voted'
      }
    } catch (error) {
      if (phase === 1 && killed && !(error instanceof Unexpected)) {
        voter.state = 'interrupted'
        voter.interruptedAt = voter.step
      } else {
        failures.push(
          `voter ${voter.index} (phase ${phase}, step ${voter.step}): ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    } finally {
      inFlight.delete(voter)
    }
  }

  // Past the kill point, the kill waits for a moment when some ballot is being cast (the server may
  // be inside its transaction, or between the commit and the response), then lands 0–10 ms later.
  let crashScheduled = false
  function scheduleCrash() {
    if (crashScheduled || acknowledged < killAt) return
    crashScheduled = true
    const whenCasting = () => {
      if (killed) return
      if ([...inFlight].some((v) => v.step === 'cast')) setTimeout(crash, Math.random() * 10)
      else setTimeout(whenCasting, 1)
    }
    whenCasting()
  }

  function crash() {
    if (killed) return
    killed = true
    const steps: Record<Step, number> = { page: 0, review: 0, cast: 0 }
    for (const v of inFlight) if (v.step) steps[v.step] += 1
    atKill = { acknowledged, inFlight: steps }
    killGroup(first, 'SIGKILL')
    log(
      `SIGKILL to the server's process group after ${acknowledged} acknowledged ballots; in flight: ${steps.page} loading, ${steps.review} reviewing, ${steps.cast} casting`,
    )
  }

  const queue1 = [...voters]
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (!killed && next < queue1.length) await attempt(queue1[next++], client1, 1)
    }),
  )
  if (!killed) {
    failures.push('every voter voted before the kill point; nothing was crashed mid-load')
    crash()
  }
  client1.agent.destroy()
  const phase1Ms = Date.now() - phase1Started
  await first.exited
  const interrupted = voters.filter((v) => v.state === 'interrupted')
  for (let i = 0; i < 100 && !(await freePort(port)); i++) await sleep(100)

  // --- second server life on the same file ---
  const second = startServer(serverEnv)
  await waitHealthy(second, port)
  log(
    `server restarted on the same database; ${voters.filter((v) => v.state !== 'acknowledged').length} voters still without a tracking code`,
  )
  const client2: Client = {
    agent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
    port,
    origin: `http://127.0.0.1:${port}`,
  }
  const phase2Started = Date.now()
  const queue2 = voters.filter((v) => v.state !== 'acknowledged')
  next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < queue2.length) await attempt(queue2[next++], client2, 2)
    }),
  )
  // Some voters who already have a code try again: through the page, and by posting a cast directly.
  let refusedSecondVotes = 0
  for (const voter of voters.filter((v) => v.acknowledgedIn === 1).slice(0, DOUBLE_VOTE_ATTEMPTS)) {
    const headers = { Cookie: voter.cookie, 'Accept-Language': 'pt-BR', Origin: client2.origin }
    const page = await request(client2.agent, port, 'GET', VOTE_PATH, headers)
    const forged = new URLSearchParams({
      [`contest_${contestOf.get(voter.subprefectureId)}`]: 'blank',
      intent: 'cast',
    })
    const cast = await request(client2.agent, port, 'POST', VOTE_PATH, headers, forged.toString())
    if (
      page.status === 200 &&
      saysAlreadyVoted(page.body) &&
      cast.status === 409 &&
      saysAlreadyVoted(cast.body) &&
      !receipt(cast.body)
    )
      refusedSecondVotes += 1
    else
      failures.push(
        `voter ${voter.index} was not refused a second ballot (page ${page.status}, cast ${cast.status}${receipt(cast.body) ? ', with a tracking code' : ''})`,
      )
  }
  client2.agent.destroy()
  const phase2Ms = Date.now() - phase2Started
  const graceful = await stopServer(second)
  log(
    `server stopped (${graceful ? 'SIGTERM' : 'SIGKILL after 8 s'}${existsSync(`${dbPath}-wal`) ? ', WAL left for recovery' : ', WAL checkpointed'}); checking the database file`,
  )

  // --- the database file ---
  const file = new SQLite(dbPath, { fileMustExist: true })
  try {
    const one = <T>(query: string, ...params: unknown[]) => file.prepare(query).get(...params) as T
    const integrity = (file.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ')
    if (integrity !== 'ok') failures.push(`(a) integrity_check: ${integrity.slice(0, 300)}`)

    const stored = new Set(
      (
        file.prepare('SELECT code FROM tracking_codes WHERE election_id = ?').all(ELECTION) as {
          code: string
        }[]
      ).map((r) => r.code),
    )
    const acked = voters.filter((v) => v.state === 'acknowledged')
    const ackedCodes = acked.map((v) => v.code!)
    const lost = ackedCodes.filter((c) => !stored.has(c))
    if (lost.length) failures.push(`(b) ${lost.length} acknowledged tracking codes are not in the database`)
    if (new Set(ackedCodes).size !== ackedCodes.length)
      failures.push('(d) the same tracking code was acknowledged twice')

    const participation =
      one<{ n: number }>('SELECT count(*) AS n FROM voter_participation WHERE election_id = ?', ELECTION).n -
      before.participation
    const online = one<{ n: number }>(
      `SELECT count(*) AS n FROM voter_participation WHERE election_id = ? AND channel = 'online'`,
      ELECTION,
    ).n
    const codes = stored.size - before.codes
    const ballots =
      one<{ n: number }>('SELECT count(*) AS n FROM ballots WHERE election_id = ?', ELECTION).n -
      before.ballots
    // A CPM voter's ballot has exactly one contest (their subprefecture): one ballot row each.
    if (!(ballots === codes && codes === participation && participation === online)) {
      failures.push(
        `(c) ballots ${ballots}, tracking codes ${codes}, participation ${participation} (online ${online}) differ: some ballot half exists`,
      )
    }
    // Per contest: ballot rows in a contest = voters of that subprefecture marked as voted.
    const perContest = file
      .prepare(
        `SELECT c.id, (SELECT count(*) FROM ballots b WHERE b.election_id = c.election_id AND b.contest_id = c.id) AS ballots,
                (SELECT count(*) FROM voter_participation p JOIN voter_rolls r ON r.election_id = p.election_id AND r.registration_id = p.registration_id
                  WHERE p.election_id = c.election_id AND r.subprefecture_id = c.subprefecture_id) AS voted
           FROM contests c WHERE c.election_id = ?`,
      )
      .all(ELECTION) as { id: string; ballots: number; voted: number }[]
    for (const c of perContest)
      if (c.ballots !== c.voted)
        failures.push(`(c) contest ${c.id}: ${c.ballots} ballot rows for ${c.voted} voters marked as voted`)

    // Every voter of the run ended up voted exactly once, online.
    const votedIds = new Set(
      (
        file
          .prepare(
            `SELECT registration_id FROM voter_participation WHERE election_id = ? AND channel = 'online'`,
          )
          .all(ELECTION) as { registration_id: string }[]
      ).map((r) => r.registration_id),
    )
    const notVoted = voters.filter((v) => !votedIds.has(v.registrationId))
    if (notVoted.length)
      failures.push(
        `${notVoted.length} voters are not marked as voted (states: ${[...new Set(notVoted.map((v) => v.state))].join(', ')})`,
      )
    const twice = one<{ n: number }>(
      'SELECT count(*) AS n FROM (SELECT registration_id FROM voter_participation WHERE election_id = ? GROUP BY registration_id HAVING count(*) > 1)',
      ELECTION,
    ).n
    if (twice) failures.push(`(d) ${twice} voters are marked as voted twice`)

    // A ballot stored without an acknowledgment is only possible for a voter whose request died
    // with the server; nobody else may find "already voted" without having been told a code.
    const unacknowledged = voters.filter((v) => v.state === 'already_voted')
    const unexplained = unacknowledged.filter((v) => v.interruptedAt === undefined)
    if (unexplained.length)
      failures.push(`${unexplained.length} voters found a ballot they never cast (not in flight at the kill)`)
    if (codes - ackedCodes.length !== unacknowledged.length)
      failures.push(
        `(c) ${codes - ackedCodes.length} stored codes nobody was told, but ${unacknowledged.length} voters found "already voted"`,
      )
    const stillPending = voters.filter((v) => v.state === 'pending' || v.state === 'interrupted')
    if (stillPending.length) failures.push(`${stillPending.length} voters never finished`)

    const kill = atKill as { acknowledged: number; inFlight: Record<Step, number> } | null
    console.log('\nCrash test report')
    console.log(
      `  voters on the roll (this run)         ${VOTERS}, ${CONCURRENCY} concurrent, loopback port ${port}`,
    )
    console.log(
      `  acknowledged before SIGKILL           ${kill?.acknowledged ?? '—'} (kill point ${killAt}, after ${(phase1Ms / 1000).toFixed(1)} s)`,
    )
    console.log(
      `  in flight at SIGKILL                  ${kill ? `${kill.inFlight.page} loading, ${kill.inFlight.review} reviewing, ${kill.inFlight.cast} casting` : '—'}`,
    )
    console.log(
      `  interrupted requests                  ${interrupted.length} (cast step: ${interrupted.filter((v) => v.interruptedAt === 'cast').length})`,
    )
    console.log(
      `  stored but not acknowledged           ${unacknowledged.length} (the voter saw "already voted" after the restart)`,
    )
    console.log(
      `  acknowledged after restart            ${voters.filter((v) => v.acknowledgedIn === 2).length} (in ${(phase2Ms / 1000).toFixed(1)} s)`,
    )
    console.log(
      `  second ballots refused                ${refusedSecondVotes}/${Math.min(DOUBLE_VOTE_ATTEMPTS, voters.filter((v) => v.acknowledgedIn === 1).length)}`,
    )
    console.log(`  acknowledged codes lost               ${lost.length}`)
    console.log(
      `  totals                                participation ${participation}, tracking codes ${codes}, ballot rows ${ballots}, acknowledged ${ackedCodes.length}`,
    )
    console.log(`  integrity_check                       ${integrity.slice(0, 80)}`)
    console.log(`  runtime                               ${elapsed()}`)
  } finally {
    file.close()
  }
  if (failures.length)
    for (const server of servers)
      console.log(`\nserver output (last lines):\n${server.output.slice(-20).join('\n')}`)
  return failures
}

let exitCode = 1
try {
  const failures = await main()
  if (failures.length) {
    console.log(`\n✗ crash test failed (${failures.length}):`)
    for (const f of failures.slice(0, 20)) console.log(`  - ${f}`)
  } else {
    console.log(
      '\n✓ crash test passed: no acknowledged ballot lost, no ballot half written, nobody voted twice',
    )
    exitCode = 0
  }
} catch (error) {
  console.error('crash test crashed:', error)
  for (const server of servers)
    if (server.output.length) console.error(`server output:\n${server.output.slice(-30).join('\n')}`)
} finally {
  for (const server of servers) if (!server.stopped) await stopServer(server)
  clearTimeout(watchdog)
}
process.exit(exitCode)
