// Belenios 2.0 ballots (spec §"Encrypted answers", §"Signatures", §"Ballots"): creation from a
// plaintext in the tool's form ([[blank, a1, a2, …], …] per question), the ballot JSON exactly as
// `belenios-tool election generate-ballot` writes it, the smart ballot tracker, verification,
// and the Benaloh audit (re-encrypt with revealed randomness and compare). Isomorphic.
import { credentialSecret } from './credential'
import {
  type Ciphertext,
  type Proof,
  IDENTITY_CIPHERTEXT,
  ciphertextToJson,
  combine,
  encrypt,
  parseCiphertext,
  parseProofs,
  proofToJson,
} from './elgamal'
import { type Election, type Question, questionLength } from './election'
import { type Group, gPow, isGroupElement, mod, randomZq } from './group'
import { sha256B64 } from './hash'
import {
  proveBlank,
  proveDlog,
  proveInterval,
  range,
  verifyBlank,
  verifyDlog,
  verifyInterval,
} from './proofs'
import { canonicalJson, hasExactKeys, isRecord, parseBigIntStrict, parseJsonBounded } from './serialize'

export type Answer = {
  choices: Ciphertext[]
  individualProofs: Proof[][]
  overallProof: Proof[]
  blankProof?: Proof[]
}

export type Ballot = {
  electionUuid: string
  electionHash: string
  credential: bigint
  answers: Answer[]
  signature?: { hash: string; proof: Proof }
}

/** Per question, one 0/1 per ciphertext: [blank, a1, …, an] when blank is allowed, else [a1…an]. */
export type Plaintext = number[][]
/** The encryption randomness r of every ciphertext, same shape as the plaintext. */
export type Randomness = bigint[][]

export type PlaintextError = 'wrong_size' | 'not_zero_or_one' | 'blank_with_choices' | 'out_of_bounds'

/** Checks a plaintext against the questions (what belenios-tool would accept to encrypt). */
export function checkPlaintext(
  election: Election,
  plaintext: Plaintext,
): { ok: true } | { ok: false; error: PlaintextError } {
  const qs = election.params.questions
  if (!Array.isArray(plaintext) || plaintext.length !== qs.length) {
    return { ok: false, error: 'wrong_size' }
  }
  for (let i = 0; i < qs.length; i++) {
    const q = qs[i]!
    const m = plaintext[i]!
    if (!Array.isArray(m) || m.length !== questionLength(q)) return { ok: false, error: 'wrong_size' }
    if (!m.every((v) => v === 0 || v === 1)) return { ok: false, error: 'not_zero_or_one' }
    const choices = q.blank === true ? m.slice(1) : m
    const sum = choices.reduce<number>((a, b) => a + b, 0)
    if (q.blank === true && m[0] === 1) {
      if (sum !== 0) return { ok: false, error: 'blank_with_choices' }
    } else if (sum < q.min || sum > q.max) {
      return { ok: false, error: 'out_of_bounds' }
    }
  }
  return { ok: true }
}

/** Encrypts each 0/1 of a plaintext; fresh randomness unless given (Benaloh audit re-encryption). */
export function encryptChoicesWithRandomness(
  election: Election,
  plaintext: Plaintext,
  randomness?: Randomness,
): { choices: Ciphertext[][]; randomness: Randomness } {
  const { group, params } = election
  const r: Randomness = plaintext.map((m, i) => m.map((_, j) => randomness?.[i]?.[j] ?? randomZq(group)))
  const choices = plaintext.map((m, i) => m.map((v, j) => encrypt(group, params.publicKey, r[i]![j]!, v)))
  return { choices, randomness: r }
}

function choicesString(choices: readonly Ciphertext[]): string {
  return choices.map((c) => `${c.alpha},${c.beta}`).join(',')
}

function sumCiphertexts(group: Group, cs: readonly Ciphertext[]): Ciphertext {
  return cs.reduce((acc, c) => combine(group, acc, c), IDENTITY_CIPHERTEXT)
}

function proveAnswer(
  election: Election,
  q: Question,
  S0: string,
  m: number[],
  r: bigint[],
  choices: Ciphertext[],
): Answer {
  const { group } = election
  const y = election.params.publicKey
  const individualProofs = choices.map((c, j) => proveInterval(group, y, S0, c, r[j]!, m[j]!, [0, 1]))
  const S = `${S0}|${choicesString(choices)}`
  if (q.blank === true) {
    const mS = m.slice(1).reduce((a, b) => a + b, 0)
    const rS = mod(
      r.slice(1).reduce((a, b) => a + b, 0n),
      group.q,
    )
    const cS = sumCiphertexts(group, choices.slice(1))
    const { overall, blank } = proveBlank(group, y, S, q.min, q.max, choices[0]!, r[0]!, m[0]!, cS, rS, mS)
    return { choices, individualProofs, overallProof: overall, blankProof: blank }
  }
  const M = m.reduce((a, b) => a + b, 0)
  const R = mod(
    r.reduce((a, b) => a + b, 0n),
    group.q,
  )
  const overallProof = proveInterval(
    group,
    y,
    S,
    sumCiphertexts(group, choices),
    R,
    M - q.min,
    range(q.min, q.max),
  )
  return { choices, individualProofs, overallProof }
}

function answerToJson(a: Answer) {
  return {
    choices: a.choices.map(ciphertextToJson),
    individual_proofs: a.individualProofs.map((ps) => ps.map(proofToJson)),
    overall_proof: a.overallProof.map(proofToJson),
    blank_proof: a.blankProof?.map(proofToJson),
  }
}

/** The ballot JSON as belenios-tool writes it (compact, .atd field order, no trailing newline). */
export function serializeBallot(b: Ballot): string {
  return canonicalJson({
    election_uuid: b.electionUuid,
    election_hash: b.electionHash,
    credential: b.credential,
    answers: b.answers.map(answerToJson),
    signature: b.signature && { hash: b.signature.hash, proof: proofToJson(b.signature.proof) },
  })
}

/** Smart ballot tracker: Base64 SHA-256 of the ballot JSON as published. */
export function ballotTracker(ballotJson: string): string {
  return sha256B64(ballotJson)
}

function signaturePrefix(hash: string): string {
  return `sig|${hash}|`
}

export type CreatedBallot = {
  ballot: Ballot
  /** The exact JSON to submit and publish. */
  json: string
  tracker: string
  /** Kept by the voter's device only for a Benaloh audit; never sent with a cast ballot. */
  randomness: Randomness
}

/**
 * Encrypts, proves and signs a ballot with a private credential, always with fresh randomness: a
 * ballot cast with randomness revealed by a Benaloh audit would make its vote public, so no caller
 * can pass any in (only the audit's re-encryption, encryptChoicesWithRandomness, takes it).
 */
export function createBallot(
  election: Election,
  privateCredential: string,
  plaintext: Plaintext,
): { ok: true; value: CreatedBallot } | { ok: false; error: PlaintextError } {
  const check = checkPlaintext(election, plaintext)
  if (!check.ok) return check
  const { group, params } = election
  const secret = credentialSecret(group, params.uuid, privateCredential)
  const credential = gPow(group, secret)
  const S0 = `${election.fingerprint}|${credential}`
  const { choices, randomness } = encryptChoicesWithRandomness(election, plaintext)
  const answers = params.questions.map((q, i) =>
    proveAnswer(election, q, S0, plaintext[i]!, randomness[i]!, choices[i]!),
  )
  const unsigned: Ballot = {
    electionUuid: params.uuid,
    electionHash: election.fingerprint,
    credential,
    answers,
  }
  const hash = sha256B64(serializeBallot(unsigned))
  const ballot: Ballot = {
    ...unsigned,
    signature: { hash, proof: proveDlog(group, secret, signaturePrefix(hash)) },
  }
  const json = serializeBallot(ballot)
  return { ok: true, value: { ballot, json, tracker: ballotTracker(json), randomness } }
}

/**
 * Upper bound on a ballot's JSON length for an election: 2 KB per ciphertext with its 0/1 proof
 * (a ciphertext is at most ~1,260 characters, a proof ~190), 1 KB per question plus 256 bytes per
 * disjunct of its overall proof, and 2 KB for the rest. A 3-contest, 30-candidate ballot (58 KB) is
 * bounded by 75 KB.
 */
export function maxBallotLength(election: Election): number {
  let n = 2048
  for (const q of election.params.questions) {
    n += 1024 + 2048 * questionLength(q) + 256 * (q.max - q.min + 2)
  }
  return n
}

export type BallotError =
  | 'too_large'
  | 'malformed'
  | 'non_canonical'
  | 'wrong_election_uuid'
  | 'wrong_election_hash'
  | 'unknown_credential'
  | 'invalid_group_element'
  | 'missing_signature'
  | 'bad_signature'
  | 'wrong_size'
  | 'invalid_proof'

type ParseResult = { ok: true; value: Ballot } | { ok: false; error: BallotError }

function parseAnswer(group: Group, q: Question, x: unknown): Answer | null {
  if (!isRecord(x)) return null
  const blank = q.blank === true
  if (!hasExactKeys(x, ['choices', 'individual_proofs', 'overall_proof'], blank ? ['blank_proof'] : [])) {
    return null
  }
  const n = questionLength(q)
  if (!Array.isArray(x.choices) || x.choices.length !== n) return null
  if (!Array.isArray(x.individual_proofs) || x.individual_proofs.length !== n) return null
  const choices: Ciphertext[] = []
  for (const c of x.choices) {
    const parsed = parseCiphertext(group, c)
    if (!parsed) return null
    choices.push(parsed)
  }
  const individualProofs: Proof[][] = []
  for (const p of x.individual_proofs) {
    const parsed = parseProofs(group, p, 2)
    if (!parsed) return null
    individualProofs.push(parsed)
  }
  const overallProof = parseProofs(group, x.overall_proof, q.max - q.min + (blank ? 2 : 1))
  if (!overallProof) return null
  const answer: Answer = { choices, individualProofs, overallProof }
  if (blank) {
    const blankProof = parseProofs(group, x.blank_proof, 2)
    if (!blankProof) return null
    answer.blankProof = blankProof
  }
  return answer
}

/**
 * Parses a ballot's JSON for an election: bounded size, exact shape (fields, lengths), canonical
 * numbers below p or q, and canonical serialisation (re-serialising gives the same text, as
 * Belenios requires). Group membership and proofs are checked by verifyBallot.
 */
export function parseBallot(election: Election, raw: unknown): ParseResult {
  if (typeof raw !== 'string') return { ok: false, error: 'malformed' }
  if (raw.length > maxBallotLength(election)) return { ok: false, error: 'too_large' }
  const json = parseJsonBounded(raw, maxBallotLength(election))
  if (!isRecord(json)) return { ok: false, error: 'malformed' }
  if (!hasExactKeys(json, ['election_uuid', 'election_hash', 'credential', 'answers'], ['signature'])) {
    return { ok: false, error: 'malformed' }
  }
  const { group, params } = election
  if (typeof json.election_uuid !== 'string' || typeof json.election_hash !== 'string') {
    return { ok: false, error: 'malformed' }
  }
  const credential = parseBigIntStrict(json.credential, group.p)
  if (credential === null) return { ok: false, error: 'malformed' }
  if (!Array.isArray(json.answers)) return { ok: false, error: 'malformed' }
  if (json.answers.length !== params.questions.length) return { ok: false, error: 'wrong_size' }
  const answers: Answer[] = []
  for (let i = 0; i < params.questions.length; i++) {
    const a = parseAnswer(group, params.questions[i]!, json.answers[i])
    if (!a) return { ok: false, error: 'wrong_size' }
    answers.push(a)
  }
  const ballot: Ballot = {
    electionUuid: json.election_uuid,
    electionHash: json.election_hash,
    credential,
    answers,
  }
  if (json.signature !== undefined) {
    const s = json.signature
    if (!isRecord(s) || !hasExactKeys(s, ['hash', 'proof']) || typeof s.hash !== 'string') {
      return { ok: false, error: 'malformed' }
    }
    const proof = parseProofs(group, [s.proof])
    if (!proof) return { ok: false, error: 'malformed' }
    ballot.signature = { hash: s.hash, proof: proof[0]! }
  }
  if (serializeBallot(ballot) !== raw) return { ok: false, error: 'non_canonical' }
  return { ok: true, value: ballot }
}

/** Proofs of one answer; its ciphertexts were checked to be subgroup elements by the caller. */
function verifyAnswer(election: Election, q: Question, S0: string, a: Answer): boolean {
  const { group } = election
  const y = election.params.publicKey
  for (let j = 0; j < a.choices.length; j++) {
    if (!verifyInterval(group, y, S0, a.choices[j]!, a.individualProofs[j]!, [0, 1], true)) return false
  }
  const S = `${S0}|${choicesString(a.choices)}`
  if (q.blank === true) {
    if (!a.blankProof) return false
    const cS = sumCiphertexts(group, a.choices.slice(1))
    // cS is a product of subgroup elements, hence one too
    const proofs = { overall: a.overallProof, blank: a.blankProof }
    return verifyBlank(group, y, S, q.min, q.max, a.choices[0]!, cS, proofs, true)
  }
  if (a.blankProof) return false
  const sum = sumCiphertexts(group, a.choices)
  return verifyInterval(group, y, S, sum, a.overallProof, range(q.min, q.max), true)
}

export type VerifiedBallot = { ballot: Ballot; json: string; tracker: string }

/**
 * Verifies a ballot as Belenios does before accepting it: canonical JSON of bounded size, the
 * election's uuid and hash, a credential from the list (subgroup element), the signature over the
 * ballot's hash, and every proof. `publicCredentials` holds the public credentials (numbers).
 */
export function verifyBallot(
  election: Election,
  publicCredentials: ReadonlySet<bigint>,
  ballotJson: unknown,
): { ok: true; value: VerifiedBallot } | { ok: false; error: BallotError } {
  const parsed = parseBallot(election, ballotJson)
  if (!parsed.ok) return parsed
  const b = parsed.value
  const { group, params } = election
  if (b.electionUuid !== params.uuid) return { ok: false, error: 'wrong_election_uuid' }
  if (b.electionHash !== election.fingerprint) return { ok: false, error: 'wrong_election_hash' }
  if (!isGroupElement(group, b.credential)) return { ok: false, error: 'invalid_group_element' }
  if (!publicCredentials.has(b.credential)) return { ok: false, error: 'unknown_credential' }
  if (!b.signature) return { ok: false, error: 'missing_signature' }
  const expectedHash = sha256B64(serializeBallot({ ...b, signature: undefined }))
  if (b.signature.hash !== expectedHash) return { ok: false, error: 'bad_signature' }
  if (!verifyDlog(group, b.credential, signaturePrefix(expectedHash), b.signature.proof)) {
    return { ok: false, error: 'bad_signature' }
  }
  const S0 = `${election.fingerprint}|${b.credential}`
  for (let i = 0; i < params.questions.length; i++) {
    for (const c of b.answers[i]!.choices) {
      if (!isGroupElement(group, c.alpha) || !isGroupElement(group, c.beta)) {
        return { ok: false, error: 'invalid_group_element' }
      }
    }
    if (!verifyAnswer(election, params.questions[i]!, S0, b.answers[i]!)) {
      return { ok: false, error: 'invalid_proof' }
    }
  }
  const json = ballotJson as string
  return { ok: true, value: { ballot: b, json, tracker: ballotTracker(json) } }
}

/**
 * Benaloh audit: given a ballot the device showed (not cast), the randomness it revealed and the
 * choices it claims, re-encrypts and checks every ciphertext matches. True means the device
 * encrypted exactly `plaintext`.
 */
export function auditBallot(
  election: Election,
  ballotJson: string,
  randomness: Randomness,
  plaintext: Plaintext,
): { ok: true } | { ok: false; error: BallotError | PlaintextError | 'mismatch' } {
  const parsed = parseBallot(election, ballotJson)
  if (!parsed.ok) return parsed
  const check = checkPlaintext(election, plaintext)
  if (!check.ok) return check
  const { group } = election
  for (let i = 0; i < plaintext.length; i++) {
    for (let j = 0; j < plaintext[i]!.length; j++) {
      const r = randomness[i]?.[j]
      if (typeof r !== 'bigint' || r < 0n || r >= group.q) return { ok: false, error: 'wrong_size' }
    }
  }
  const { choices } = encryptChoicesWithRandomness(election, plaintext, randomness)
  const same = choices.every((cs, i) =>
    cs.every((c, j) => {
      const d = parsed.value.answers[i]!.choices[j]!
      return c.alpha === d.alpha && c.beta === d.beta
    }),
  )
  return same ? { ok: true } : { ok: false, error: 'mismatch' }
}
