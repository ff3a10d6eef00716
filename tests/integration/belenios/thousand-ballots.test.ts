import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { renderArchive } from '../../../app/elections/verifiable.server'
import { buildCoreArchive } from '../../../bench/belenios-archive'
import { BELENIOS_TOOL, skipWithoutBelenios } from '../../helpers/belenios-tool'
import { storeArchiveFile } from '../../helpers/belenios-store'
import { createTestDb } from '../../helpers/db'
import { cmiElection } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'
import { runChild } from '../../helpers/run-child'

// Issue #20: "tests run belenios-tool election verify on archives that Mutirão produced (… one with
// 1,000 ballots) and compare belenios-tool election compute-result with Mutirão's counts".
//
// Cost: the archive is made by Mutirão's core (bench/belenios-archive.ts): 1,000 fresh credentials
// and 1,000 ballots, each with fresh randomness and all its proofs, in two child processes (one per
// core), ~0.1 s of CPU per voter; then the store keeps it and renders it back, and belenios-tool
// verifies it and computes its result, both at once (~30 s of CPU each). About 2–4 minutes on this
// 2-core machine when other work shares it; nothing here is timed, the timeout only bounds a hang.

const VOTERS = 1000

const tool = (args: string[], cwd: string) =>
  runChild(BELENIOS_TOOL, args, { cwd, env: { ...process.env, BELENIOS_USE_URANDOM: '1' } })

describe.skipIf(skipWithoutBelenios)('an election of 1,000 ballots made by Mutirão', () => {
  it(
    'is kept and rendered byte for byte by the store, verified by belenios-tool, and its result equals our count',
    async () => {
      const archive = await buildCoreArchive(VOTERS, { uuid: 'ThousandBaLLots1234', workers: 2 })
      // Our count (the Result the core decrypted) is what the votes were: 250 blank, 250 each.
      expect(archive.result).toEqual(archive.expected)
      expect(archive.result).toEqual([[250, 250, 250, 250]])

      const dir = mkdtempSync(join(tmpdir(), 'mutirao-1k-'))
      try {
        const path = join(dir, `${archive.uuid}.bel`)
        writeFileSync(path, archive.bytes)

        // The store holds it as the vote path writes archives (bounded appends) and renders the same bytes.
        const db = await createTestDb()
        await openCycle(db)
        const { electionId, contests } = await cmiElection(db)
        const head = await storeArchiveFile(db, {
          electionId,
          groupKey: 'segments',
          path,
          uuid: archive.uuid,
          questionsMap: [{ contestId: contests.A, answers: ['k-a', 'k-b', 'k-c'] }],
        })
        // Setup, 1,000 ballots, EndBallots, EncryptedTally, PartialDecryption, Result.
        expect(head.events).toBe(VOTERS + 5)
        const rendered = await renderArchive(db, archive.uuid)
        expect(rendered && Buffer.from(rendered).equals(Buffer.from(archive.bytes))).toBe(true)
        await db.destroy()

        // The reference verifier, and its own count, at the same time (two cores).
        const [verified, computed] = await Promise.all([
          tool(['election', 'verify'], dir),
          tool(['election', 'compute-result'], dir),
        ])
        expect(verified.status).toBe(0)
        // It reports on stderr: "I: using directory …", "I: all checks passed"; nothing else.
        expect(verified.stderr.trim().split('\n')).toEqual(['I: using directory .', 'I: all checks passed'])
        expect(computed.status).toBe(0)
        expect((JSON.parse(computed.stdout) as { result: number[][] }).result).toEqual(archive.result)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    30 * 60_000,
  )
})
