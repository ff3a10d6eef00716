// One verifier for a whole Belenios 2.0 election record (what an archive holds, already split
// into its parts by app/belenios/archive.ts): election, trustees, public credentials, ballots in
// order, encrypted tally, partial decryptions and result. It recomputes everything and reports
// the first failure precisely. Plain single trustees are handled here; threshold ("Pedersen")
// trustees through the `threshold` hooks (app/belenios/threshold). Isomorphic.
import { type Ballot, type BallotError, verifyBallot } from './ballot'
import { parsePublicCredentials } from './credential'
import { type Election, type ElectionError, parseElection } from './election'
import type { Group } from './group'
import { type PartialDecryption, parsePartialDecryption, verifyPartialDecryption } from './partial-decryption'
import { type Result, combineFactors, decryptTally } from './result'
import { parseSizedEncryptedTally, utf8 } from './events'
import { type EncryptedTally, computeEncryptedTally } from './tally'
import { type TrusteeKind, electionPublicKeyFromTrustees, parseTrustees } from './trustee-key'

export type ElectionRecord = {
  /** election.json, exact text. */
  election: string
  /** trustees.json, exact text. */
  trustees: string
  /** public_credentials JSON text. */
  publicCredentials: string
  /** Ballot JSON texts in the order they were accepted. */
  ballots: readonly string[]
  /** Present once voting ended: the encrypted_tally and sized_encrypted_tally JSON texts. */
  encryptedTally?: string
  sizedEncryptedTally?: string
  /** owner: 1-based trustee number (as in owned_partial_decryption). */
  partialDecryptions?: readonly { owner: number; json: string }[]
  /** {"result": …} JSON text. */
  result?: string
}

export type VerifyStep =
  'election' | 'trustees' | 'credentials' | 'ballot' | 'encrypted_tally' | 'partial_decryption' | 'result'

export type VerifyError =
  | ElectionError
  | BallotError
  | 'malformed'
  | 'invalid_trustee_key'
  | 'wrong_public_key'
  | 'unsupported_trustees'
  | 'unsupported_weight'
  | 'tally_mismatch'
  | 'missing_partial_decryption'
  | 'duplicate_partial_decryption'
  | 'unknown_trustee'
  | 'invalid_proof'
  | 'dlog_out_of_range'
  | 'result_mismatch'
  | 'missing_tally'
  | 'duplicate_credential'
  | 'unsorted_credentials'
  | 'too_many_ballots'

export type VerifyFailure = {
  ok: false
  error: VerifyError
  step: VerifyStep
  /** Index of the ballot (0-based, archive order) or trustee number (1-based) concerned. */
  index?: number
}

export type VerifiedRecord = {
  election: Election
  trustees: TrusteeKind[]
  /** Smart ballot trackers of all accepted ballots, in order (with allowRevote, replaced ones too). */
  trackers: string[]
  numTallied: number
  encryptedTally?: EncryptedTally
  result?: Result
}

/** Hooks for threshold trustees (provided by app/belenios/threshold). */
export type ThresholdHooks = {
  /** The election public key from all trustees, null when their parameters do not verify. */
  publicKey(group: Group, trustees: readonly TrusteeKind[]): bigint | null
  /**
   * Checks and combines partial decryptions into the synthetic factors F (per question, per answer).
   */
  combine(
    election: Election,
    tally: EncryptedTally,
    trustees: readonly TrusteeKind[],
    partialDecryptions: readonly { owner: number; json: string }[],
  ): { ok: true; value: bigint[][] } | { ok: false; error: VerifyError; index?: number }
}

const fail = (step: VerifyStep, error: VerifyError, index?: number): VerifyFailure =>
  index === undefined ? { ok: false, error, step } : { ok: false, error, step, index }

function combineSingle(
  election: Election,
  tally: EncryptedTally,
  trustees: readonly TrusteeKind[],
  pds: readonly { owner: number; json: string }[],
): { ok: true; value: bigint[][] } | { ok: false; error: VerifyError; index?: number } {
  const byOwner = new Map<number, string>()
  for (const pd of pds) {
    if (!Number.isInteger(pd.owner) || pd.owner < 1 || pd.owner > trustees.length) {
      return { ok: false, error: 'unknown_trustee', index: pd.owner }
    }
    if (byOwner.has(pd.owner)) return { ok: false, error: 'duplicate_partial_decryption', index: pd.owner }
    byOwner.set(pd.owner, pd.json)
  }
  const tables: PartialDecryption[] = []
  for (let t = 0; t < trustees.length; t++) {
    const trustee = trustees[t]!
    if (trustee.kind !== 'Single') return { ok: false, error: 'unsupported_trustees', index: t + 1 }
    const json = byOwner.get(t + 1)
    if (json === undefined) return { ok: false, error: 'missing_partial_decryption', index: t + 1 }
    const pd = parsePartialDecryption(election, tally, json)
    if (!pd) return { ok: false, error: 'malformed', index: t + 1 }
    if (!verifyPartialDecryption(election, tally, trustee.key.publicKey, pd)) {
      return { ok: false, error: 'invalid_proof', index: t + 1 }
    }
    tables.push(pd)
  }
  return {
    ok: true,
    value: combineFactors(
      election.group,
      tables.map((pd) => pd.factors),
    ),
  }
}

/** True when the public credentials are in ascending order by value or by decimal text. */
export function sortedCredentials(credentials: readonly bigint[]): boolean {
  let byValue = true
  let byText = true
  for (let i = 1; i < credentials.length && (byValue || byText); i++) {
    const [a, b] = [credentials[i - 1]!, credentials[i]!]
    if (!(a < b)) byValue = false
    if (!(a.toString() < b.toString())) byText = false
  }
  return byValue || byText
}

export type VerifyOptions = {
  threshold?: ThresholdHooks
  /**
   * Belenios lets a credential vote again (the last ballot counts). Mutirão never appends a second
   * ballot for a credential (ADR 029), so in its archives a revote is evidence that someone holding
   * the credentials replaced a voter's ballot — whose first fingerprint would still be found in the
   * archive. Refused unless this is set, for archives made elsewhere.
   */
  allowRevote?: boolean
}

export type VerifyOutcome = { ok: true; value: VerifiedRecord } | VerifyFailure

/** Verifies an election record; the first failure is reported with its step and index. */
export function verifyElectionRecord(record: ElectionRecord, options: VerifyOptions = {}): VerifyOutcome {
  const steps = verificationSteps(record, options)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * The same verification, giving the event loop a turn every few ballots: checking a ballot's
 * proofs takes ~0.1–0.5 s of CPU, so a whole archive in one go would stall a process that also
 * answers requests or reports to a test runner.
 */
export async function verifyElectionRecordYielding(
  record: ElectionRecord,
  options: VerifyOptions = {},
  ballotsPerTurn = 4,
): Promise<VerifyOutcome> {
  const steps = verificationSteps(record, options)
  for (let n = 0; ;) {
    const step = steps.next()
    if (step.done) return step.value
    // A turn after each stage (the trustees' keys, the decryptions: seconds with threshold
    // trustees) and every few ballots.
    if (step.value === 'stage' || ++n % ballotsPerTurn === 0)
      await new Promise((resolve) => setImmediate(resolve))
  }
}

/** The verification, pausing (a `yield`) after each ballot and each stage. */
function* verificationSteps(
  record: ElectionRecord,
  options: VerifyOptions,
): Generator<'ballot' | 'stage', VerifyOutcome, void> {
  const e = parseElection(record.election)
  if (!e.ok) return fail('election', e.error)
  const election = e.value
  const { group } = election

  const trustees = parseTrustees(group, record.trustees)
  if (!trustees) return fail('trustees', 'malformed')
  const threshold = trustees.some((t) => t.kind === 'Pedersen')
  if (threshold && !options.threshold) return fail('trustees', 'unsupported_trustees')
  const y = threshold
    ? options.threshold!.publicKey(group, trustees)
    : electionPublicKeyFromTrustees(group, trustees)
  if (y === null) return fail('trustees', 'invalid_trustee_key')
  if (y !== election.params.publicKey) return fail('trustees', 'wrong_public_key')
  yield 'stage'

  let credentialsJson: unknown
  try {
    credentialsJson = JSON.parse(record.publicCredentials)
  } catch {
    return fail('credentials', 'malformed')
  }
  const credentials = parsePublicCredentials(group, credentialsJson)
  if (!credentials) return fail('credentials', 'malformed')
  if (credentials.some((c) => c.weight !== 1n)) return fail('credentials', 'unsupported_weight')
  // In roll or registration order the list would tie each public credential to a voter (and so to
  // a ballot). Belenios' credential generator writes it sorted by value; Mutirão's archives sort
  // it by decimal text (prepareArchives); either order says nothing of the voters. Belenios' own
  // verifier does not check this.
  if (!sortedCredentials(credentials.map((c) => c.credential)))
    return fail('credentials', 'unsorted_credentials')
  // Bound a hostile archive's work before any ballot is checked: each credential votes once (a
  // revote replaces, so with allowRevote the count is not bounded by the roll).
  if (!options.allowRevote && record.ballots.length > credentials.length)
    return fail('ballot', 'too_many_ballots', credentials.length)
  const credentialSet = new Set(credentials.map((c) => c.credential))
  yield 'stage'

  const accepted: Ballot[] = []
  const trackers: string[] = []
  const voted = new Set<bigint>()
  for (let i = 0; i < record.ballots.length; i++) {
    const v = verifyBallot(election, credentialSet, record.ballots[i])
    if (!v.ok) return fail('ballot', v.error, i)
    if (voted.has(v.value.ballot.credential) && !options.allowRevote) {
      return fail('ballot', 'duplicate_credential', i)
    }
    voted.add(v.value.ballot.credential)
    accepted.push(v.value.ballot)
    trackers.push(v.value.tracker)
    yield 'ballot'
  }

  const computed = computeEncryptedTally(election, accepted)
  const value: VerifiedRecord = { election, trustees, trackers, numTallied: computed.sized.numTallied }
  if (record.encryptedTally === undefined) {
    if (record.partialDecryptions?.length || record.result !== undefined) {
      return fail('encrypted_tally', 'missing_tally')
    }
    return { ok: true, value }
  }
  if (record.encryptedTally !== computed.json) return fail('encrypted_tally', 'tally_mismatch')
  if (record.sizedEncryptedTally !== undefined) {
    const sized = parseSizedEncryptedTally(utf8(record.sizedEncryptedTally))
    if (!sized) return fail('encrypted_tally', 'malformed')
    if (record.sizedEncryptedTally !== computed.sizedJson) return fail('encrypted_tally', 'tally_mismatch')
  }
  value.encryptedTally = computed.tally

  const pds = record.partialDecryptions ?? []
  if (pds.length === 0 && record.result === undefined) return { ok: true, value }
  yield 'stage'
  const combined = threshold
    ? options.threshold!.combine(election, computed.tally, trustees, pds)
    : combineSingle(election, computed.tally, trustees, pds)
  if (!combined.ok) return fail('partial_decryption', combined.error, combined.index)
  yield 'stage'
  const decrypted = decryptTally(election, computed.tally, combined.value, computed.sized.numTallied)
  if (!decrypted.ok) return fail('result', decrypted.error)
  if (record.result !== undefined && record.result !== decrypted.json) {
    return fail('result', 'result_mismatch')
  }
  value.result = decrypted.value
  return { ok: true, value }
}
