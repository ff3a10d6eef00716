import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { dropDatabasesOfThisFile } from './db'

// Uploaded files from tests go to a throw-away directory, never the project's data/.
process.env.UPLOAD_DIR ??= mkdtempSync(join(tmpdir(), 'mutirao-uploads-'))

// Tests fail on any console.error: an error logged during a passing test is still a defect.
let errors: unknown[][] = []
beforeEach(() => {
  errors = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args)
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  if (errors.length) throw new Error(`console.error was called: ${JSON.stringify(errors[0]).slice(0, 500)}`)
})

// Each DROP DATABASE waits for a checkpoint: on a busy machine a file's drops take a while.
afterAll(async () => {
  await dropDatabasesOfThisFile()
}, 600_000)
