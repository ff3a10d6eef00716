// `npm run test:multi-server` (with TEST_DATABASE_URL=postgres://…): two separate production
// servers — two processes, two ports, as two machines behind a load balancer would be — serve ONE
// PostgreSQL database. Checks that nothing one of them keeps is missed by the other:
//
// 1. a session made on A is valid on B, and logging out on B ends it on A;
// 2. failed logins spread over A and B add up to one account's slow-down (rate limits are shared),
//    and the right password gets in after the short wait (never a lock);
// 3. one voter submitting their ballot eight times at once, alternately to A and B, gets exactly one
//    tracking code; the database holds one participation and one ballot per contest.
//
// Runs on the production build (`npm run build` first); `npm test` runs it after the browser tests.
// Bounded in time; removes its servers and its scratch database even on failure.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DEMO_PASSWORD } from '../db/seed/index'
import { DEMO_CPM_ELECTION } from '../db/seed/elections'
import { createScratchDatabase } from './scratch-database'

process.chdir(fileURLToPath(new URL('..', import.meta.url)))
const url = process.env.TEST_DATABASE_URL
if (!url) {
  console.error('TEST_DATABASE_URL (postgres://…) is required')
  process.exit(2)
}

const PORTS = [Number(process.env.MULTI_PORT ?? 3195), Number(process.env.MULTI_PORT ?? 3195) + 1] as const
const log = (message: string) => console.log(`[multi-server] ${message}`)
const children: ChildProcess[] = []
const stopAll = () => {
  for (const c of children)
    if (c.pid && c.exitCode === null)
      try {
        process.kill(-c.pid, 'SIGKILL')
      } catch {
        /* gone */
      }
}
process.on('exit', stopAll)
setTimeout(() => {
  console.error('multi-server test: time limit (600 s) reached')
  process.exit(1)
}, 600_000).unref() // against a hang, not a speed target: a busy machine may be slow

const database = await createScratchDatabase(url, 'mutirao_multi')
const failures: string[] = []
const check = (ok: boolean, what: string) => {
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
  if (!ok) failures.push(what)
}

async function startServer(port: number): Promise<void> {
  const child = spawn('npx', ['tsx', 'scripts/server.ts'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    // One SESSION_SECRET for every server: it keys the HMACs of the rate-limit keys.
    env: {
      ...process.env,
      ...database.serverEnv,
      NODE_ENV: 'production',
      DEMO_MODE: 'true',
      PORT: String(port),
      SESSION_SECRET: 'multi-server-secret-multi-server-secret-0123',
    },
  })
  children.push(child)
  // The first server migrates and loads the demo (its verifiable election's key ceremony and
  // encrypted ballots are real cryptography): minutes on a busy shared machine. A server that exits
  // is reported at once.
  const deadline = Date.now() + 5 * 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited with ${child.exitCode}`)
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`server on ${port} did not start`)
}

type Reply = { status: number; cookie?: string; location: string | null; body: string }
async function send(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  { cookie, form }: { cookie?: string; form?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      Origin: `http://127.0.0.1:${port}`,
      'Accept-Language': 'pt-BR',
      ...(cookie ? { Cookie: cookie } : {}),
      ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  })
  const session = response.headers.getSetCookie().find((c) => /^(?:__Host-)?mutirao_session=/.test(c))
  return {
    status: response.status,
    cookie: session?.split(';')[0],
    location: response.headers.get('location'),
    body: await response.text(),
  }
}
const logIn = (port: number, email: string, password: string) =>
  send(port, 'POST', '/login', { form: { email, password, redirectTo: '/account' } })

try {
  // A first (it migrates and loads the demo), then B on the same database.
  await startServer(PORTS[0])
  await startServer(PORTS[1])
  const [A, B] = PORTS
  log(`two servers on ports ${A} and ${B}, one PostgreSQL database`)

  // 1. Sessions
  const login = await logIn(A, 'resident@demo.mutirao.local', DEMO_PASSWORD)
  check(login.status === 302 && Boolean(login.cookie), 'logged in on A')
  check(
    (await send(B, 'GET', '/account', { cookie: login.cookie })).status === 200,
    'the session made on A opens /account on B',
  )
  await send(B, 'POST', '/logout', { cookie: login.cookie })
  const after = await send(A, 'GET', '/account', { cookie: login.cookie })
  check(
    after.status === 302 && Boolean(after.location?.includes('/login')),
    'after logging out on B, A sends the same cookie to the login page',
  )

  // 2. Rate limits: 5 failures (the account's free ones) spread over both servers make the next try
  //    wait, even with the right password; after that short wait (never a lock, #16.6) it gets in.
  for (let i = 0; i < 5; i++) await logIn(i % 2 ? B : A, 'counsellor@demo.mutirao.local', 'wrong password')
  const waiting = await logIn(A, 'counsellor@demo.mutirao.local', DEMO_PASSWORD)
  check(
    waiting.status === 429,
    `3 failures on A and 2 on B slow the account down: the right password at once gets ${waiting.status} (429 expected)`,
  )
  // The page carries the action's data (its `retryAfterSeconds`) in its serialized Remix context.
  const retryAfter = Number(/retryAfterSeconds\\?"?:(\d+)/.exec(waiting.body)?.[1] ?? 60)
  await new Promise((resolve) => setTimeout(resolve, (retryAfter + 1) * 1000))
  const afterWait = await logIn(B, 'counsellor@demo.mutirao.local', DEMO_PASSWORD)
  check(
    afterWait.status === 302 && retryAfter <= 60,
    `after the wait the server tells (${retryAfter} s), the right password on B gets in: ${afterWait.status} (302 expected)`,
  )

  // 3. One voter, eight simultaneous submissions across both servers.
  const voter = await logIn(B, 'voter@demo.mutirao.local', DEMO_PASSWORD)
  const votePath = `/elections/${DEMO_CPM_ELECTION}/vote?_data=${encodeURIComponent('routes/elections.$id.vote')}`
  const ballot = JSON.parse((await send(A, 'GET', votePath, { cookie: voter.cookie })).body) as {
    state: string
    contests: { id: string }[]
  }
  check(
    ballot.state === 'ready' && ballot.contests.length > 0,
    `the demo voter has a ballot (${ballot.contests.length} contests)`,
  )
  const form = {
    intent: 'cast',
    ...Object.fromEntries(ballot.contests.map((c) => [`contest_${c.id}`, 'blank'])),
  }
  const db = database.open()
  const rowsOf = async (table: 'voter_participation' | 'ballots') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('election_id', '=', DEMO_CPM_ELECTION)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const participationBefore = await rowsOf('voter_participation')
  const ballotsBefore = await rowsOf('ballots')
  const replies = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      send(i % 2 ? B : A, 'POST', votePath, { cookie: voter.cookie, form }),
    ),
  )
  const codes = replies.filter((r) => r.status === 200 && r.body.includes('trackingCode'))
  const refused = replies.filter((r) => r.status === 409 && r.body.includes('already_voted'))
  check(
    codes.length === 1 && refused.length === 7,
    `8 submissions → ${codes.length} tracking code and ${refused.length} "already voted" (1 and 7 expected; statuses ${replies.map((r) => r.status).join(' ')})`,
  )
  const participationAfter = await rowsOf('voter_participation')
  const ballotsAfter = await rowsOf('ballots')
  check(
    participationAfter - participationBefore === 1,
    `one participation row added (${participationAfter - participationBefore})`,
  )
  check(
    ballotsAfter - ballotsBefore === ballot.contests.length,
    `one ballot row per contest added (${ballotsAfter - ballotsBefore} of ${ballot.contests.length})`,
  )
  await db.destroy()
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error))
  console.error(error)
} finally {
  stopAll()
  await new Promise((r) => setTimeout(r, 500)) // let the killed servers close their connections
  await database.drop().catch((e: unknown) => console.error('could not drop the scratch database', e))
}

log(failures.length ? `${failures.length} check(s) failed` : 'all checks passed')
process.exit(failures.length ? 1 : 0)
