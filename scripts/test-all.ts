// `npm test`: typecheck, lint, unit/integration (vitest), production build, browser tests
// (Playwright on Debian Chromium). Prints one closing line "N passed, N failed" for CI.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'

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
  ['lint', ['eslint', '-c', 'scripts/eslint.config.js', '--max-warnings', '0', '.']],
] as const) {
  if (run(name, 'npx', [...args])) passed += 1
  else failed += 1
}

run('unit and integration tests', 'npx', ['vitest', 'run', '--config', 'tests/vitest.config.ts', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest.json'])
if (existsSync('test-results/vitest.json')) {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8')) as { numPassedTests: number; numFailedTests: number }
  passed += report.numPassedTests
  failed += report.numFailedTests
}

if (run('production build', 'npx', ['remix', 'build'])) {
  run('browser tests', 'npx', ['playwright', 'test', '--config', 'tests/playwright.config.ts'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
  })
  if (existsSync('test-results/playwright.json')) {
    const report = JSON.parse(readFileSync('test-results/playwright.json', 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number } }
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

if (stepFailed && failed === 0) failed = 1 // a step that crashed without a report still fails the run
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed > 0 || stepFailed ? 1 : 0)
