import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readArchive } from '../../app/belenios/archive'
import { recordOfEntries, type ArchiveRecord } from '../../app/belenios/record'
import { runChild } from './run-child'

// Debian's belenios-tool 2.0, the independent reference verifier of issue #20. Tests run it on
// archives Mutirão produced and feed Mutirão what it produced. Like Kannel, it is a real part:
// a machine without it fails those tests with a message saying what to install, unless asked
// explicitly to skip them (TEST_WITHOUT_BELENIOS=1).

export const BELENIOS_TOOL = '/usr/bin/belenios-tool'

export function beleniosToolMissing(): string | null {
  return existsSync(BELENIOS_TOOL)
    ? null
    : 'belenios-tool is not installed (apt-get install -y belenios-tool; .ci/run does it)'
}
export const skipWithoutBelenios = process.env.TEST_WITHOUT_BELENIOS === '1' && beleniosToolMissing() !== null

export type ToolRun = { ok: boolean; stdout: string; stderr: string; status: number | null }

/**
 * Runs belenios-tool with `args` in `cwd`; never throws on a non-zero exit (tests assert it).
 * Asynchronous: a run takes seconds (minutes on a busy machine), and a synchronous one would stop
 * the vitest worker from answering its RPC (60 s timeout). On success stderr is '' (the tool's
 * "I: …" lines are not kept), as tests assert `stderr` first to show it when a run fails.
 */
export async function beleniosTool(
  args: string[],
  options: { cwd: string; input?: string },
): Promise<ToolRun> {
  const missing = beleniosToolMissing()
  if (missing) throw new Error(missing)
  const run = await runChild(BELENIOS_TOOL, args, {
    cwd: options.cwd,
    input: options.input ?? '',
    // Its own randomness from /dev/urandom, as the Debian demo scripts do.
    env: { ...process.env, BELENIOS_USE_URANDOM: '1' },
  })
  return run.status === 0
    ? { ok: true, stdout: run.stdout, stderr: '', status: 0 }
    : { ok: false, stdout: run.stdout, stderr: run.stderr, status: run.status }
}

/** Like beleniosTool, but throws with the tool's stderr when it fails (for setup steps). */
export async function beleniosToolOk(
  args: string[],
  options: { cwd: string; input?: string },
): Promise<string> {
  const run = await beleniosTool(args, options)
  if (!run.ok) {
    throw new Error(`belenios-tool ${args.join(' ')} failed (${run.status}): ${run.stderr}`)
  }
  return run.stdout
}

export type ToolElection = {
  dir: string
  uuid: string
  /** Private credentials in the order of `voters` (one per voter). */
  privateCredentials: string[]
  /** Trustee private keys (files *.privkey), in trustee-id order (1-based ids in the tool). */
  trusteePrivateKeyFiles: string[]
  /** Path of the archive `<uuid>.bel`. */
  archivePath: string
  cleanup(): void
}

export type ToolQuestion = {
  question: string
  answers: string[]
  min: number
  max: number
  blank?: boolean
}

/**
 * Sets up an election entirely with belenios-tool (credentials, `trustees` single-key trustees,
 * election parameters, `archive init`), following the Debian demo script, in a fresh temp folder.
 */
export async function makeToolElection(options: {
  questions: ToolQuestion[]
  voters: number
  trustees?: number
  name?: string
}): Promise<ToolElection> {
  const dir = mkdtempSync(join(tmpdir(), 'belenios-'))
  const run = (args: string[], input?: string) => beleniosToolOk(args, { cwd: dir, input })
  const uuid = (await run(['setup', 'generate-token'])).trim()
  const group = ['--group', 'BELENIOS-2048']
  await run(['setup', 'generate-credentials', '--uuid', uuid, ...group, '--count', String(options.voters)])
  const files = () => readdirSync(dir)
  const pub = files().find((f) => f.endsWith('.pubcreds'))!
  const priv = files().find((f) => f.endsWith('.privcreds'))!
  writeFileSync(join(dir, 'public_creds.json'), readFileSync(join(dir, pub)))
  const privateCredentials = readFileSync(join(dir, priv), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).pop()!)
  rmSync(join(dir, pub))
  rmSync(join(dir, priv))
  for (let i = 0; i < (options.trustees ?? 1); i++) await run(['setup', 'generate-trustee-key', ...group])
  const pubkeys = files()
    .filter((f) => f.endsWith('.pubkey'))
    .sort()
  writeFileSync(
    join(dir, 'public_keys.jsons'),
    pubkeys.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n') + '\n',
  )
  await run(['setup', 'make-trustees'])
  rmSync(join(dir, 'public_keys.jsons'))
  const template = {
    description: 'Mutirão test election',
    name: options.name ?? 'Mutirão test',
    questions: options.questions.map((q) => ({ ...q, blank: q.blank ?? true })),
  }
  writeFileSync(join(dir, 'template.json'), JSON.stringify(template))
  await run(['setup', 'make-election', '--uuid', uuid, ...group, '--template', 'template.json'])
  await run(['archive', 'init'])
  for (const f of ['election.json', 'trustees.json', 'public_creds.json']) rmSync(join(dir, f))
  // The tool names private keys by the fingerprint of their public key: keep the pubkey order.
  const trusteePrivateKeyFiles = pubkeys.map((f) => join(dir, f.replace(/\.pubkey$/, '.privkey')))
  return {
    dir,
    uuid,
    privateCredentials,
    trusteePrivateKeyFiles,
    archivePath: join(dir, `${uuid}.bel`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export type ToolElectionResult = ToolElection & {
  /** The ballots exactly as `generate-ballot` printed them (one line each, no newline). */
  ballots: string[]
}

/** Adds one event to the tool election's archive with `belenios-tool archive add-event`. */
export async function toolAddEvent(
  election: ToolElection,
  type: string,
  lines: string[] = [],
): Promise<void> {
  await beleniosToolOk(['archive', 'add-event', `--type=${type}`], {
    cwd: election.dir,
    input: lines.map((line) => line + '\n').join(''),
  })
}

/**
 * Runs a whole election with belenios-tool, as the Debian demo script does: setup (makeToolElection),
 * one ballot per entry of `votes` from `generate-ballot` (`votes[i]` is voter i's plaintext, one
 * array per question, blank first when blank is allowed), EndBallots, EncryptedTally, one
 * PartialDecryption per trustee, Result. `stopAfter` ends it early at a phase.
 */
export async function runToolElectionToResult(options: {
  questions: ToolQuestion[]
  votes: number[][][]
  trustees?: number
  stopAfter?: 'ballots' | 'EndBallots' | 'EncryptedTally' | 'PartialDecryption'
}): Promise<ToolElectionResult> {
  const election = await makeToolElection({
    questions: options.questions,
    voters: options.votes.length,
    trustees: options.trustees,
  })
  const run = (args: string[], input?: string) => beleniosToolOk(args, { cwd: election.dir, input })
  const ballots: string[] = []
  for (const [i, vote] of options.votes.entries()) {
    writeFileSync(join(election.dir, 'privcred.txt'), election.privateCredentials[i] + '\n')
    writeFileSync(join(election.dir, 'vote.json'), JSON.stringify(vote) + '\n')
    const ballot = (
      await run(['election', 'generate-ballot', '--privcred', 'privcred.txt', '--ballot', 'vote.json'])
    ).trim()
    ballots.push(ballot)
    await toolAddEvent(election, 'Ballot', [ballot])
  }
  rmSync(join(election.dir, 'privcred.txt'), { force: true })
  rmSync(join(election.dir, 'vote.json'), { force: true })
  const result = { ...election, ballots }
  if (options.stopAfter === 'ballots') return result
  await toolAddEvent(election, 'EndBallots')
  if (options.stopAfter === 'EndBallots') return result
  const tally = (await run(['election', 'compute-encrypted-tally'])).trim().split('\n')
  await toolAddEvent(election, 'EncryptedTally', tally)
  if (options.stopAfter === 'EncryptedTally') return result
  for (const [i, file] of election.trusteePrivateKeyFiles.entries()) {
    const partial = await run(['election', 'decrypt', '--privkey', file, '--trustee-id', String(i + 1)])
    await toolAddEvent(election, 'PartialDecryption', partial.trim().split('\n'))
  }
  if (options.stopAfter === 'PartialDecryption') return result
  const outcome = (await run(['election', 'compute-result'])).trim().split('\n')
  await toolAddEvent(election, 'Result', outcome)
  return result
}

/** Files of an (old-style, uncompressed) tar archive in order: enough for `<uuid>.bel` files. */
export function readTarEntries(path: string): { name: string; content: string }[] {
  const buf = readFileSync(path)
  const out: { name: string; content: string }[] = []
  let offset = 0
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512)
    if (header.every((b) => b === 0)) break
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '')
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8)
    const content = buf.subarray(offset + 512, offset + 512 + size).toString('utf8')
    out.push({ name, content })
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return out
}

/**
 * Splits a tool archive into the parts of an election record, for tests that feed Mutirão's
 * verifier: our reader (the chain) and the same bridge `npm run recount` uses (recordOfEntries).
 */
export function readToolArchiveRecord(path: string): ArchiveRecord {
  const read = readArchive(readFileSync(path))
  if (!read.ok)
    throw new Error(`archive: ${read.error}${read.at !== undefined ? ` at event ${read.at}` : ''}`)
  const record = recordOfEntries(read.entries)
  if (!record.ok)
    throw new Error(`archive: ${record.error}${record.at !== undefined ? ` at event ${record.at}` : ''}`)
  return record.value
}
