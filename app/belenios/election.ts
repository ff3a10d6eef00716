// Belenios 2.0 election parameters (spec §"Elections", §"Questions"): parse and validate an
// election.json, build one from Mutirão's data exactly as `belenios-tool setup make-election`
// writes it, and its fingerprint (election hash). Only homomorphic questions are supported.
// Isomorphic.
import { type Group, groupByName } from './group'
import { sha256B64 } from './hash'
import { canonicalJson, hasExactKeys, isRecord, parseJsonBounded } from './serialize'
import { parseGroupElement } from './elgamal'

export type Question = {
  question: string
  answers: string[]
  /** When true, the voter may vote blank (an extra leading choice in ballots). */
  blank?: boolean
  min: number
  max: number
}

export type ElectionParams = {
  version: 1
  description: string
  name: string
  group: Group['name']
  publicKey: bigint
  questions: Question[]
  uuid: string
  administrator?: string
  credentialAuthority?: string
}

/** A parsed election: its exact text (hashes depend on the bytes), fingerprint and contents. */
export type Election = {
  raw: string
  /** Base64 SHA-256 of `raw`: the election hash that ballots carry. */
  fingerprint: string
  group: Group
  params: ElectionParams
}

export type ElectionError =
  | 'too_large'
  | 'malformed'
  | 'unsupported_version'
  | 'unsupported_group'
  | 'unsupported_question'
  | 'invalid_public_key'
  | 'invalid_uuid'
  | 'invalid_question'

/** Bounds on what we accept (far above any council election). */
export const MAX_ELECTION_LENGTH = 1_000_000
export const MAX_QUESTIONS = 100
export const MAX_ANSWERS = 500

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]{14,64}$/

export function isUuid(x: unknown): x is string {
  return typeof x === 'string' && BASE58.test(x)
}

function isSmallInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_ANSWERS
}

function parseQuestion(x: unknown): Question | 'unsupported_question' | 'invalid_question' {
  if (!isRecord(x)) return 'invalid_question'
  if ('type' in x && 'value' in x) return 'unsupported_question' // non-homomorphic
  if (!hasExactKeys(x, ['answers', 'min', 'max', 'question'], ['blank'])) return 'invalid_question'
  const { answers, min, max, question, blank } = x
  if (!Array.isArray(answers) || answers.length === 0 || answers.length > MAX_ANSWERS) {
    return 'invalid_question'
  }
  if (!answers.every((a) => typeof a === 'string')) return 'invalid_question'
  if (typeof question !== 'string') return 'invalid_question'
  if (!isSmallInt(min) || !isSmallInt(max) || min > max || max > answers.length) {
    return 'invalid_question'
  }
  if (blank !== undefined && typeof blank !== 'boolean') return 'invalid_question'
  const q: Question = { question, answers: answers as string[], min, max }
  if (blank !== undefined) q.blank = blank
  return q
}

/** Parses and validates an election.json text; never throws. */
export function parseElection(
  raw: unknown,
): { ok: true; value: Election } | { ok: false; error: ElectionError } {
  if (typeof raw !== 'string') return { ok: false, error: 'malformed' }
  if (raw.length > MAX_ELECTION_LENGTH) return { ok: false, error: 'too_large' }
  const json = parseJsonBounded(raw, MAX_ELECTION_LENGTH)
  if (!isRecord(json)) return { ok: false, error: 'malformed' }
  const required = ['version', 'description', 'name', 'group', 'public_key', 'questions', 'uuid']
  if (!hasExactKeys(json, required, ['administrator', 'credential_authority'])) {
    return { ok: false, error: 'malformed' }
  }
  if (json.version !== 1) return { ok: false, error: 'unsupported_version' }
  const group = typeof json.group === 'string' ? groupByName(json.group) : null
  if (!group) return { ok: false, error: 'unsupported_group' }
  if (typeof json.description !== 'string' || typeof json.name !== 'string') {
    return { ok: false, error: 'malformed' }
  }
  for (const k of ['administrator', 'credential_authority'] as const) {
    if (json[k] !== undefined && typeof json[k] !== 'string') return { ok: false, error: 'malformed' }
  }
  if (!isUuid(json.uuid)) return { ok: false, error: 'invalid_uuid' }
  const publicKey = parseGroupElement(group, json.public_key)
  if (publicKey === null || publicKey === 1n) return { ok: false, error: 'invalid_public_key' }
  if (
    !Array.isArray(json.questions) ||
    json.questions.length === 0 ||
    json.questions.length > MAX_QUESTIONS
  ) {
    return { ok: false, error: 'invalid_question' }
  }
  const questions: Question[] = []
  for (const x of json.questions) {
    const q = parseQuestion(x)
    if (typeof q === 'string') return { ok: false, error: q }
    questions.push(q)
  }
  const params: ElectionParams = {
    version: 1,
    description: json.description,
    name: json.name,
    group: group.name,
    publicKey,
    questions,
    uuid: json.uuid,
  }
  if (typeof json.administrator === 'string') params.administrator = json.administrator
  if (typeof json.credential_authority === 'string') {
    params.credentialAuthority = json.credential_authority
  }
  return { ok: true, value: { raw, fingerprint: sha256B64(raw), group, params } }
}

/** Election JSON exactly as belenios-tool writes it (fields in its .atd order, compact). */
export function serializeElection(params: ElectionParams): string {
  return canonicalJson({
    version: params.version,
    description: params.description,
    name: params.name,
    group: params.group,
    public_key: params.publicKey,
    questions: params.questions.map((q) => ({
      answers: q.answers,
      blank: q.blank,
      min: q.min,
      max: q.max,
      question: q.question,
    })),
    uuid: params.uuid,
    administrator: params.administrator,
    credential_authority: params.credentialAuthority,
  })
}

/** The number of ciphertexts a ballot holds for a question (a leading one when blank is allowed). */
export function questionLength(q: Question): number {
  return q.answers.length + (q.blank === true ? 1 : 0)
}

export type MutiraoElectionInput = {
  uuid: string
  title: string
  description: string
  publicKey: bigint
  /** One Belenios question per contest; answers are the accepted candidates, in ballot order. */
  contests: { title: string; candidates: string[] }[]
  group?: Group
}

/**
 * Builds a Mutirão election the way `setup make-election` would from a template with one
 * question per contest: blank allowed, at most one choice (min 0, max 1).
 */
export function buildMutiraoElection(
  input: MutiraoElectionInput,
): { ok: true; value: Election } | { ok: false; error: ElectionError } {
  const raw = serializeElection({
    version: 1,
    description: input.description,
    name: input.title,
    group: (input.group ?? { name: 'BELENIOS-2048' }).name,
    publicKey: input.publicKey,
    questions: input.contests.map((c) => ({
      answers: c.candidates,
      blank: true,
      min: 0,
      max: 1,
      question: c.title,
    })),
    uuid: input.uuid,
  })
  return parseElection(raw)
}
