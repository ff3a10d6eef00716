// Encrypted tally of Belenios 2.0 (spec §"Tallied ballots", §"Encrypted tally"): for each
// question and answer, the product of the ciphertexts of the last ballot of every credential
// (weights 1), serialised as `belenios-tool election compute-encrypted-tally` prints it.
// Isomorphic.
import type { Ballot } from './ballot'
import {
  type Ciphertext,
  IDENTITY_CIPHERTEXT,
  checkCiphertext,
  ciphertextToJson,
  combine,
  parseCiphertext,
} from './elgamal'
import { type Election, questionLength } from './election'
import { serializeSizedEncryptedTally, type SizedEncryptedTally } from './events'
import { sha256Hex } from './hash'
import { canonicalJson, parseJsonBounded } from './serialize'

/** Per question, one ciphertext per answer (with the leading blank one when blank is allowed). */
export type EncryptedTally = Ciphertext[][]

/** Its sized summary: events.ts's, the one reader and writer of the archive's block. */
export type { SizedEncryptedTally }

/** Ballots kept for the tally: the last one of each credential, in order of last appearance. */
export function lastBallots<B extends Pick<Ballot, 'credential'>>(ballots: readonly B[]): B[] {
  const last = new Map<bigint, B>()
  for (const b of ballots) {
    last.delete(b.credential)
    last.set(b.credential, b)
  }
  return [...last.values()]
}

/** Computes the encrypted tally of accepted ballots (already verified) and its sized summary. */
export function computeEncryptedTally(
  election: Election,
  ballots: readonly Ballot[],
): { tally: EncryptedTally; json: string; sized: SizedEncryptedTally; sizedJson: string } {
  const { group, params } = election
  const kept = lastBallots(ballots)
  const tally: EncryptedTally = params.questions.map((q, i) => {
    const row: Ciphertext[] = new Array<Ciphertext>(questionLength(q)).fill(IDENTITY_CIPHERTEXT)
    for (const b of kept) {
      const choices = b.answers[i]!.choices
      for (let j = 0; j < row.length; j++) row[j] = combine(group, row[j]!, choices[j]!)
    }
    return row
  })
  const json = serializeEncryptedTally(tally)
  const sized: SizedEncryptedTally = {
    numTallied: kept.length,
    totalWeight: BigInt(kept.length),
    encryptedTally: sha256Hex(json),
  }
  return { tally, json, sized, sizedJson: serializeSizedEncryptedTally(sized) }
}

export function serializeEncryptedTally(tally: EncryptedTally): string {
  return canonicalJson(tally.map((row) => row.map(ciphertextToJson)))
}

/** Parses an encrypted tally for an election: exact shape, subgroup elements; null otherwise. */
export function parseEncryptedTally(election: Election, raw: unknown): EncryptedTally | null {
  const { group, params } = election
  const maxLength = 4096 * params.questions.reduce((n, q) => n + questionLength(q), 1)
  const json = parseJsonBounded(raw, maxLength)
  if (!Array.isArray(json) || json.length !== params.questions.length) return null
  const tally: EncryptedTally = []
  for (let i = 0; i < json.length; i++) {
    const row = json[i] as unknown
    if (!Array.isArray(row) || row.length !== questionLength(params.questions[i]!)) return null
    const cs: Ciphertext[] = []
    for (const x of row) {
      const c = parseCiphertext(group, x)
      if (!c || !checkCiphertext(group, c)) return null
      cs.push(c)
    }
    tally.push(cs)
  }
  if (serializeEncryptedTally(tally) !== raw) return null
  return tally
}
