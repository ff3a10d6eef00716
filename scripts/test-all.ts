// `npm test`: typecheck, lint, unit/integration (vitest) on SQLite and the integration tests again
// on PostgreSQL, production build, browser tests (Playwright on Debian Chromium), crash test.
// Prints one closing line "N passed, N failed" for CI.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

mkdirSync('test-results', { recursive: true })
let passed = 0
let failed = 0
let stepFailed = false

function run(name: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${name}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = result.status === 0
  if (!ok) {
    console.log(`✗ ${name} failed (exit ${result.status ?? result.signal})`)
    stepFailed = true
  }
  return ok
}

// Typecheck and lint count as one check each.
for (const [name, args] of [
  ['typecheck', ['tsc', '--noEmit']],
  ['lint (eslint and prettier)', ['run', 'lint']],
] as const) {
  if (run(name, name === 'typecheck' ? 'npx' : 'npm', [...args])) passed += 1
  else failed += 1
}

function vitest(name: string, report: string, paths: string[], env: Record<string, string>) {
  rmSync(report, { force: true })
  run(
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
  }
}

vitest('unit and integration tests (SQLite)', 'test-results/vitest.json', [], { TEST_DATABASE_URL: '' })

// The integration tests again on PostgreSQL: TEST_DATABASE_URL if set, else a throwaway server
// started from Debian's `postgresql` package (.ci/run installs it). Without one, say so loudly.
let postgresUrl = process.env.TEST_DATABASE_URL
if (!postgresUrl) {
  const started = spawnSync('bash', ['scripts/postgres-for-tests.sh'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (started.status === 0) postgresUrl = started.stdout.trim()
}
if (postgresUrl) {
  vitest('integration tests (PostgreSQL)', 'test-results/vitest-postgres.json', ['tests/integration'], {
    TEST_DATABASE_URL: postgresUrl,
  })
} else {
  console.log(
    '\n⚠ PostgreSQL not available: integration tests ran on SQLite only (apt-get install postgresql, or set TEST_DATABASE_URL)',
  )
}

if (run('production build', 'npx', ['remix', 'build'])) {
  run('browser tests', 'npx', ['playwright', 'test', '--config', 'tests/playwright.config.ts'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
  })
  if (existsSync('test-results/playwright.json')) {
    const report = JSON.parse(readFileSync('test-results/playwright.json', 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number }
    }
    passed += report.stats.expected + report.stats.flaky
    failed += report.stats.unexpected
  }
} else {
  failed += 1
}

// Crash safety: SIGKILL the production server mid-vote and check no acknowledged ballot was lost.
// One check; it runs on the build made above.
if (run('crash test', 'npx', ['tsx', 'scripts/crash-test.ts'])) passed += 1
else failed += 1

// Several servers on one PostgreSQL database: shared sessions, rate limits, one ballot per voter.
if (postgresUrl) {
  if (
    run('two servers on one PostgreSQL database', 'npx', ['tsx', 'scripts/multi-server-test.ts'], {
      TEST_DATABASE_URL: postgresUrl,
    })
  )
    passed += 1
  else failed += 1
}

if (stepFailed && failed === 0) failed = 1 // a step that crashed without a report still fails the run
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed > 0 || stepFailed ? 1 : 0)
