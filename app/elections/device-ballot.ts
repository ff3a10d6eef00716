// Encryption on the voter's device (issue #20, ADR 036). Loaded ONLY by the ballot and booth pages,
// through a dynamic import() when their script runs: the Belenios maths (~2048-bit arithmetic,
// proofs) is never part of any other page's JavaScript. Isomorphic and pure, so the unit tests run
// exactly what the browser runs.
//
// The page's state machine is in device-state.ts (no maths, imported statically).
import { auditBallot, createBallot, type Plaintext, type Randomness } from '../belenios/ballot'
import { parseElection } from '../belenios/election'

/** What the server gives the signed-in voter's device (ballotEncryptionInput): one entry per archive. */
export type EncryptionArchive = {
  uuid: string
  groupKey: string
  electionJson: string
  questionsMap: { contestId: string; answers: string[] }[]
  /** The voter's private credential (ADR 029): kept in memory, never stored or shown. */
  credential: string
}
export type EncryptionInput = { archives: EncryptionArchive[] }

/** Contest id → candidacy id or 'blank', as the ballot's radios post them. */
export type DeviceChoices = Record<string, string>

/** Per question, [blank, a1…an] with one 1: the same rule as the server's encryptForVoter. */
export function plaintextOf(
  questionsMap: EncryptionArchive['questionsMap'],
  choices: DeviceChoices,
): { ok: true; value: Plaintext } | { ok: false; error: 'missing_choice' | 'bad_choice' } {
  const plaintext: Plaintext = []
  for (const q of questionsMap) {
    const choice = choices[q.contestId]
    if (choice === undefined || choice === '') return { ok: false, error: 'missing_choice' }
    const row = new Array<number>(q.answers.length + 1).fill(0)
    if (choice === 'blank') row[0] = 1
    else {
      const j = q.answers.indexOf(choice)
      if (j < 0) return { ok: false, error: 'bad_choice' }
      row[j + 1] = 1
    }
    plaintext.push(row)
  }
  return { ok: true, value: plaintext }
}

export type DeviceBallot = {
  uuid: string
  groupKey: string
  json: string
  tracker: string
  /** Kept only for a Benaloh audit; never sent with a cast ballot. */
  plaintext: Plaintext
  randomness: Randomness
}

export type EncryptError = 'missing_choice' | 'bad_choice' | 'bad_election' | 'no_archives'

/** Lets the browser paint (progress, input) between archives: one archive's proofs take ~1 s on a slow phone. */
const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/**
 * Encrypts one ballot per archive with fresh randomness and the voter's credential, yielding to the
 * event loop before each archive. `onProgress(done, total)` is called before and after each one.
 */
export async function encryptOnDevice(
  input: EncryptionInput,
  choices: DeviceChoices,
  options: { onProgress?: (done: number, total: number) => void; pause?: () => Promise<void> } = {},
): Promise<{ ok: true; value: DeviceBallot[] } | { ok: false; error: EncryptError }> {
  const pause = options.pause ?? nextTick
  const total = input.archives.length
  if (total === 0) return { ok: false, error: 'no_archives' }
  const out: DeviceBallot[] = []
  for (const [i, a] of input.archives.entries()) {
    options.onProgress?.(i, total)
    await pause()
    const election = parseElection(a.electionJson)
    if (!election.ok || election.value.params.uuid !== a.uuid) return { ok: false, error: 'bad_election' }
    const plaintext = plaintextOf(a.questionsMap, choices)
    if (!plaintext.ok) return plaintext
    const created = createBallot(election.value, a.credential, plaintext.value)
    if (!created.ok) return { ok: false, error: 'bad_choice' }
    const { json, tracker, randomness } = created.value
    out.push({ uuid: a.uuid, groupKey: a.groupKey, json, tracker, plaintext: plaintext.value, randomness })
  }
  options.onProgress?.(total, total)
  return { ok: true, value: out }
}

/** What the voter may download after an audit, to check it with other software (e.g. belenios-tool). */
export type AuditRecord = {
  ballots: {
    election_uuid: string
    group: string
    tracker: string
    ballot: string
    /** The contests in the archive's question order, and what was chosen in each. */
    choices: { contest: string; choice: string }[]
    plaintext: Plaintext
    randomness: string[][]
  }[]
}

/**
 * Benaloh audit on the device: re-encrypts each ballot with its revealed randomness and the choices
 * it claims, and compares. The record holds no credential (the signature key stays secret).
 */
export function auditOnDevice(
  input: EncryptionInput,
  ballots: DeviceBallot[],
  choices: DeviceChoices,
): { ok: boolean; record: AuditRecord } {
  let ok = ballots.length > 0 && ballots.length === input.archives.length
  const record: AuditRecord = { ballots: [] }
  for (const b of ballots) {
    const archive = input.archives.find((a) => a.uuid === b.uuid)
    const election = archive ? parseElection(archive.electionJson) : null
    const checked = election?.ok ? auditBallot(election.value, b.json, b.randomness, b.plaintext) : null
    if (!checked?.ok) ok = false
    record.ballots.push({
      election_uuid: b.uuid,
      group: b.groupKey,
      tracker: b.tracker,
      ballot: b.json,
      choices: (archive?.questionsMap ?? []).map((q) => ({
        contest: q.contestId,
        choice: choices[q.contestId] ?? '',
      })),
      plaintext: b.plaintext,
      randomness: b.randomness.map((row) => row.map((r) => r.toString())),
    })
  }
  return { ok, record }
}
