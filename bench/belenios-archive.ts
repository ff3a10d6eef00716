import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { encodeArchive } from '../app/belenios/archive'
import { parseBallot, type Ballot } from '../app/belenios/ballot'
import { buildMutiraoElection } from '../app/belenios/election'
import {
  ballotEntry,
  encryptedTallyEntry,
  endBallotsEntry,
  ownedEntry,
  resultEntry,
  setupEntry,
  tipOf,
  type ArchiveEntry,
} from '../app/belenios/events'
import { BELENIOS_2048 } from '../app/belenios/group'
import { computePartialDecryption } from '../app/belenios/partial-decryption'
import { decryptTally } from '../app/belenios/result'
import { computeEncryptedTally } from '../app/belenios/tally'
import { generateTrusteeKey, serializeSingleTrustees } from '../app/belenios/trustee-key'
import { yieldToEventLoop } from '../app/lib/event-loop.server'

// A whole Belenios election built with the core alone (no tool): one Single trustee, `voters`
// credentials and one ballot each, EndBallots, EncryptedTally, PartialDecryption, Result. Used by
// bench/belenios.ts and tests/integration/belenios/thousand-ballots.test.ts. The votes follow a
// fixed pattern (voter v: v % 4 = blank, A, B, C), so the expected counts are known.
//
// The costly part — per voter a public credential (PBKDF2 + one exponentiation) and a ballot
// (4 encryptions with their proofs and the signature), ~0.1 s each on this machine — runs in
// `workers` child processes (bench/belenios-ballots.ts), each with its own voters, fresh
// credentials and fresh randomness for every ballot (nothing is reused between ballots). The
// ballots are then chained in voter order, whatever order the workers finish in.

const workerPath = fileURLToPath(new URL('./belenios-ballots.ts', import.meta.url))

type WorkerBallot = { v: number; credential: string; ballot: string }

function runWorker(job: {
  election: string
  uuid: string
  from: number
  to: number
}): Promise<WorkerBallot[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    let out = ''
    let errText = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (errText += d))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ballot worker exited ${code}: ${errText.slice(0, 2000)}`))
      const lines = out.split('\n').filter((l) => l.length > 0)
      resolve(lines.map((l) => JSON.parse(l) as WorkerBallot))
    })
    child.stdin.end(JSON.stringify(job))
  })
}

export type CoreArchive = {
  uuid: string
  bytes: Uint8Array
  /** Our count: the Result the core decrypted, [[blank, A, B, C]]. */
  result: number[][]
  /** What the fixed pattern of votes must give, [[blank, A, B, C]]. */
  expected: number[][]
}

export async function buildCoreArchive(
  voters: number,
  { uuid = 'BenchArchiveUuid12', workers = 2 }: { uuid?: string; workers?: number } = {},
): Promise<CoreArchive> {
  const G = BELENIOS_2048
  const trustee = generateTrusteeKey(G)
  const election = buildMutiraoElection({
    uuid,
    title: 'Bench',
    description: 'verify_1k_ballots',
    publicKey: trustee.publicKey.publicKey,
    contests: [{ title: 'Contest', candidates: ['A', 'B', 'C'] }],
  })
  if (!election.ok) throw new Error(election.error)
  const per = Math.ceil(voters / workers)
  const jobs = Array.from({ length: workers }, (_, w) => ({
    election: election.value.raw,
    uuid,
    from: Math.min(voters, w * per),
    to: Math.min(voters, (w + 1) * per),
  })).filter((j) => j.to > j.from)
  const made = (await Promise.all(jobs.map(runWorker))).flat().sort((a, b) => a.v - b.v)
  if (made.length !== voters || made.some((m, i) => m.v !== i))
    throw new Error('ballot workers: missing ballots')

  const publicCreds = JSON.stringify(made.map((m) => m.credential).sort())
  const entries: ArchiveEntry[] = [
    setupEntry({
      election: election.value.raw,
      trustees: serializeSingleTrustees([trustee.publicKey]),
      credentials: publicCreds,
    }),
  ]
  const push = (e: ArchiveEntry) => entries.push(e)
  const tip = () => tipOf(entries[entries.length - 1]!)
  const ballots: Ballot[] = []
  for (const [i, m] of made.entries()) {
    // Parsing checks every element's subgroup (seconds of CPU for 1,000 ballots): give the event
    // loop a turn now and then, so a test runner's worker stays responsive on a busy machine.
    if (i % 25 === 0) await yieldToEventLoop()
    const parsed = parseBallot(election.value, m.ballot)
    if (!parsed.ok) throw new Error(`voter ${m.v}: ${parsed.error}`)
    push(ballotEntry(tip(), m.ballot))
    ballots.push(parsed.value)
  }
  push(endBallotsEntry(tip()))
  const tally = computeEncryptedTally(election.value, ballots)
  push(
    encryptedTallyEntry(tip(), {
      encryptedTally: tally.json,
      numTallied: voters,
      totalWeight: BigInt(voters),
    }),
  )
  const pd = computePartialDecryption(election.value, tally.tally, trustee.privateKey)
  push(ownedEntry(tip(), 'PartialDecryption', 1, pd.json))
  const result = decryptTally(election.value, tally.tally, pd.value.factors, voters)
  if (!result.ok) throw new Error(result.error)
  push(resultEntry(tip(), result.json))
  const expected = [[0, 1, 2, 3].map((k) => Math.floor(voters / 4) + (k < voters % 4 ? 1 : 0))]
  return {
    uuid,
    bytes: encodeArchive({ version: 1, timestamp: 1_764_900_000 }, entries),
    result: result.value,
    expected,
  }
}
