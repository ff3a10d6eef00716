import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig, devices } from '@playwright/test'

// Debian's Chromium, never a downloaded browser. Flags: no sandbox as root, and no background
// networking (this machine's network is closed).
const PORT = Number(process.env.E2E_PORT ?? 3100)
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mutirao-e2e-'))
process.env.E2E_DATA_DIR = dataDir // workers re-read the config; keep one directory per run

const CLOSES_THE_DEMO_ELECTION = /voter-votes-and-commission-publishes-results\.spec\.ts$/

export default defineConfig({
  testDir: 'e2e',
  outputDir: '../test-results/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Generous for a shared, busy machine (npm test also runs vitest beside the browser tests):
  // a page through axe takes 2–10 s alone and several times that under load.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], channel: undefined },
      testIgnore: CLOSES_THE_DEMO_ELECTION,
    },
    // The voter's story ends by closing the demo election that the booth and accessibility tests
    // vote in: it runs after every other test, never beside them (workers run files in parallel).
    {
      name: 'chromium-after-voting',
      use: { ...devices['Desktop Chrome'], channel: undefined },
      testMatch: CLOSES_THE_DEMO_ELECTION,
      dependencies: ['chromium'],
    },
  ],
  webServer: {
    command: 'npx tsx scripts/server.ts',
    cwd: '..',
    url: `http://localhost:${PORT}/healthz`,
    // The demo seed runs its verifiable election's cryptography (~20 s of CPU; minutes on a loaded machine).
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      DEMO_MODE: 'true',
      // The address the browser uses: the server answers only for it and makes every link from it.
      PUBLIC_ORIGIN: `http://localhost:${PORT}`,
      // Every test signs up from this one machine; the limit itself is proved in abuse-throttles.test.ts.
      SIGNUPS_PER_ADDRESS_PER_HOUR: '1000',
      COOKIE_SECURE: 'true',
      PORT: String(PORT),
      DATABASE_PATH: join(dataDir, 'mutirao.sqlite'),
      UPLOAD_DIR: join(dataDir, 'uploads'),
    },
  },
})
