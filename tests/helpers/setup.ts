import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { dropDatabasesOfThisFile } from './db'

// Uploaded files from tests go to a throw-away directory, never the project's data/.
process.env.UPLOAD_DIR ??= mkdtempSync(join(tmpdir(), 'mutirao-uploads-'))
// A fixed test key seals Belenios credentials (ADR 029): 'belenios' elections open in tests as in a
// configured server. Tests of the missing key pass `key: null` to the domain functions.
process.env.CREDENTIALS_KEY ??= '5e'.repeat(32)

// Tests fail on any console.error: an error logged during a passing test is still a defect.
let errors: unknown[][] = []
beforeEach(() => {
  errors = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args)
  })
})
afterEach(async () => {
  // Let the worker's event loop run between tests: SQLite calls are synchronous, and a file of
  // thousands of quick tests could otherwise starve the runner's RPC (its 60 s timeout).
  await new Promise((resolve) => setImmediate(resolve))
  vi.restoreAllMocks()
  if (errors.length) throw new Error(`console.error was called: ${JSON.stringify(errors[0]).slice(0, 500)}`)
})

// Each DROP DATABASE waits for a checkpoint: on a busy machine a file's drops take a while.
afterAll(async () => {
  await dropDatabasesOfThisFile()
}, 600_000)
