// ElGamal ciphertexts and Schnorr-style proofs as Belenios 2.0 writes them (spec §"Common
// structures", §"Encrypted answers"): { alpha, beta } and { challenge, response }, numbers as
// base-10 strings. Isomorphic.
import { type Group, gPow, isGroupElement, mulG, powFixed } from './group'
import { isRecord, hasExactKeys, parseBigIntStrict } from './serialize'

export type Ciphertext = { alpha: bigint; beta: bigint }
export type Proof = { challenge: bigint; response: bigint }

export type CiphertextJson = { alpha: string; beta: string }
export type ProofJson = { challenge: string; response: string }

/** (g^r, y^r·g^m). */
export function encrypt(group: Group, y: bigint, r: bigint, m: number | bigint): Ciphertext {
  return {
    alpha: gPow(group, r),
    beta: mulG(group, powFixed(group, y, r), gPow(group, BigInt(m))),
  }
}

/** Pointwise product: an encryption of the sum. */
export function combine(group: Group, a: Ciphertext, b: Ciphertext): Ciphertext {
  return { alpha: mulG(group, a.alpha, b.alpha), beta: mulG(group, a.beta, b.beta) }
}

export const IDENTITY_CIPHERTEXT: Ciphertext = { alpha: 1n, beta: 1n }

export function ciphertextToJson(c: Ciphertext): CiphertextJson {
  return { alpha: c.alpha.toString(10), beta: c.beta.toString(10) }
}

export function proofToJson(p: Proof): ProofJson {
  return { challenge: p.challenge.toString(10), response: p.response.toString(10) }
}

/** Parses { "alpha", "beta" } with canonical numbers below p (no subgroup check: see checkCiphertext). */
export function parseCiphertext(group: Group, x: unknown): Ciphertext | null {
  if (!isRecord(x) || !hasExactKeys(x, ['alpha', 'beta'])) return null
  const alpha = parseBigIntStrict(x.alpha, group.p)
  const beta = parseBigIntStrict(x.beta, group.p)
  if (alpha === null || beta === null) return null
  return { alpha, beta }
}

/** Parses { "challenge", "response" } with canonical numbers below q. */
export function parseProof(group: Group, x: unknown): Proof | null {
  if (!isRecord(x) || !hasExactKeys(x, ['challenge', 'response'])) return null
  const challenge = parseBigIntStrict(x.challenge, group.q)
  const response = parseBigIntStrict(x.response, group.q)
  if (challenge === null || response === null) return null
  return { challenge, response }
}

/** Parses a JSON array of proofs of exactly `length` items (when given). */
export function parseProofs(group: Group, x: unknown, length?: number): Proof[] | null {
  if (!Array.isArray(x)) return null
  if (length !== undefined && x.length !== length) return null
  const out: Proof[] = []
  for (const item of x) {
    const p = parseProof(group, item)
    if (!p) return null
    out.push(p)
  }
  return out
}

/** Both components in the order-q subgroup. */
export function checkCiphertext(group: Group, c: Ciphertext): boolean {
  return isGroupElement(group, c.alpha) && isGroupElement(group, c.beta)
}

/** A group element from a base-10 string, checked to lie in the subgroup; null otherwise. */
export function parseGroupElement(group: Group, x: unknown): bigint | null {
  const v = parseBigIntStrict(x, group.p)
  if (v === null || !isGroupElement(group, v)) return null
  return v
}
