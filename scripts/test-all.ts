// `npm test`: typecheck, lint, unit/integration (vitest) on SQLite and the integration tests again
// on PostgreSQL, production build, browser tests (Playwright on Debian Chromium), crash test, two
// servers on one PostgreSQL database. Prints one closing line "N passed, N failed" for CI.
//
// Two lanes run side by side: the checks that need no build (typecheck, lint, vitest on both
// databases) and the ones that do (build, browser tests, crash test, multi-server proof). Much of a
// browser test is waiting on the page, so the lanes overlap well even on two cores. Each step's
// output goes to test-results/logs/<step>.log; a failed step's tail is printed at the end.
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

mkdirSync('test-results/logs', { recursive: true })
let passed = 0
let failed = 0
const failures: { name: string; log: string }[] = []

type StepResult = { ok: boolean; seconds: number }

function step(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<StepResult> {
  const log = `test-results/logs/${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.log`
  const started = Date.now()
  console.log(`▶ ${name}`)
  return new Promise((resolve) => {
    const out = createWriteStream(log)
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.pipe(out, { end: false })
    child.stderr.pipe(out, { end: false })
    child.on('close', (code, signal) => {
      out.end()
      const seconds = Math.round((Date.now() - started) / 1000)
      const ok = code === 0
      console.log(`${ok ? '✓' : '✗'} ${name} (${seconds} s${ok ? '' : `, exit ${code ?? signal}`}) — ${log}`)
      if (!ok) failures.push({ name, log })
      resolve({ ok, seconds })
    })
  })
}

/** A step that counts as one check. */
async function check(name: string, command: string, args: string[], env: Record<string, string> = {}) {
  const { ok } = await step(name, command, args, env)
  if (ok) passed += 1
  else failed += 1
  return ok
}

/** A vitest run whose tests are counted from its JSON report. */
async function vitest(name: string, report: string, paths: string[], env: Record<string, string>) {
  rmSync(report, { force: true })
  const { ok } = await step(
    name,
    'npx',
    [
      'vitest',
      'run',
      '--config',
      'tests/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${report}`,
      ...paths,
    ],
    env,
  )
  if (existsSync(report)) {
    const counts = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number
      numFailedTests: number
    }
    passed += counts.numPassedTests
    failed += counts.numFailedTests
    if (!ok && counts.numFailedTests === 0) failed += 1 // the run failed outside a test (a hook, a worker)
  } else if (!ok) failed += 1
}

// The integration tests run again on PostgreSQL: TEST_DATABASE_URL if set, else a throwaway server
// started from Debian's `postgresql` package (.ci/run installs it). Without one, say so loudly.
let postgresUrl = process.env.TEST_DATABASE_URL
if (!postgresUrl) {
  const started = spawnSync('bash', ['scripts/postgres-for-tests.sh'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (started.status === 0) postgresUrl = started.stdout.trim()
}
if (!postgresUrl) {
  console.log(
    '⚠ PostgreSQL not available: integration tests run on SQLite only (apt-get install postgresql, or set TEST_DATABASE_URL)',
  )
}

const startedAt = Date.now()

// The build is awaited by both lanes' later steps; typecheck and lint first, they are quick.
await check('typecheck', 'npx', ['tsc', '--noEmit'])
await check('lint (eslint and prettier)', 'npm', ['run', 'lint'])
const build = step('production build', 'npx', ['remix', 'build'])

const withoutBuild = (async () => {
  await vitest('unit and integration tests (SQLite)', 'test-results/vitest.json', [], {
    TEST_DATABASE_URL: '',
  })
  if (postgresUrl) {
    await vitest(
      'integration tests (PostgreSQL)',
      'test-results/vitest-postgres.json',
      ['tests/integration'],
      {
        TEST_DATABASE_URL: postgresUrl,
      },
    )
  }
})()

const withBuild = (async () => {
  const built = await build
  if (!built.ok) {
    failed += 1
    return
  }
  passed += 1
  rmSync('test-results/playwright.json', { force: true })
  const browser = await step(
    'browser tests',
    'npx',
    ['playwright', 'test', '--config', 'tests/playwright.config.ts'],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
    },
  )
  if (existsSync('test-results/playwright.json')) {
    const report = JSON.parse(readFileSync('test-results/playwright.json', 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number }
    }
    passed += report.stats.expected + report.stats.flaky
    failed += report.stats.unexpected
    if (!browser.ok && report.stats.unexpected === 0) failed += 1
  } else if (!browser.ok) failed += 1
  // Crash safety: SIGKILL the production server mid-vote; no acknowledged ballot may be lost.
  await check('crash test', 'npx', ['tsx', 'scripts/crash-test.ts'])
  // Several servers on one PostgreSQL database: shared sessions, rate limits, one ballot per voter.
  if (postgresUrl) {
    await check('two servers on one PostgreSQL database', 'npx', ['tsx', 'scripts/multi-server-test.ts'], {
      TEST_DATABASE_URL: postgresUrl,
    })
  }
})()

await Promise.all([withoutBuild, withBuild])

for (const { name, log } of failures) {
  const lines = readFileSync(log, 'utf8').split('\n')
  console.log(`\n──── ${name} failed; the last lines of ${log}:`)
  console.log(lines.slice(-150).join('\n'))
}
if (failures.length && failed === 0) failed = 1 // a step that crashed without a report still fails the run
console.log(`\nAll steps took ${Math.round((Date.now() - startedAt) / 1000)} s.`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
