// Partial decryptions by threshold trustees and their combination into the result (spec
// §"Partial decryptions", §"Election result"; OCaml compute_factor/check_factor in
// src/lib/v1/election.ml, MakeCombinator.combine_factors in src/lib/v1/trustees.ml and
// compute_synthetic_factors in src/lib/core/util.ml). Isomorphic except the injected AES-CCM used
// to open a trustee's stored share.
//
// LOCAL TYPES: s30-cr owns the ordinary partial decryption and the result (app/belenios/
// partial-decryption.ts, result.ts). Its API was not on its branch when this was written, so the
// ciphertext/partial-decryption types and the ordinary factor computation/check below are local;
// at merge they must be replaced by s30-cr's (same JSON, same proofs) — see ADR 032.
//
// Scope: homomorphic questions (the encrypted tally is one ciphertext per answer per question).
// Non-homomorphic (shuffled) questions need the mixnet and are not used by Mutirão yet.

import type { Ciphertext } from '../elgamal'
import { invMod, isGroupElement, mod, powMod, randomZq, type Group } from '../group'
import { hashElements } from '../hash'
import type { AesCcm } from './aes-ccm'
import {
  hasExactKeys,
  readNat,
  readProof,
  readThresholdParameters,
  readTrusteePublicKey,
  thresholdParametersJson,
  trusteePublicKeyJson,
  writeNat,
  writeProof,
  type Proof,
  type ThresholdParameters,
  type TrusteePublicKey,
} from './codec'
import { checkKnowledge } from './pki'
import { checkThresholdParameters, openDecryptionKey } from './steps'

export type { Ciphertext }
/** [question][answer] ciphertexts of the homomorphic tally. */
export type EncryptedTally = Ciphertext[][]
export type PartialDecryption = { decryption_factors: bigint[][]; decryption_proofs: Proof[][] }
export type TrusteeKind =
  { kind: 'Single'; key: TrusteePublicKey } | { kind: 'Pedersen'; parameters: ThresholdParameters }
/** A partial decryption with its owner: the 1-based trustee id across the whole `trustees` list
 * (Single items count one, a Pedersen item counts one per member, in order), as in the
 * PartialDecryption events of the archive. */
export type OwnedPartialDecryption = { owner: number; partialDecryption: PartialDecryption }

/** Tally sizes we accept (questions × answers): a council ballot has a handful. */
export const MAX_QUESTIONS = 100
export const MAX_ANSWERS = 200

// ---------------------------------------------------------------------------------------------
// JSON

export function readEncryptedTally(v: unknown, group: Group): EncryptedTally | null {
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_QUESTIONS) return null
  const out: EncryptedTally = []
  for (const q of v) {
    if (!Array.isArray(q) || q.length < 1 || q.length > MAX_ANSWERS) return null
    const row: Ciphertext[] = []
    for (const c of q) {
      if (!hasExactKeys(c, ['alpha', 'beta'])) return null
      const alpha = readNat(c.alpha, group.p)
      const beta = readNat(c.beta, group.p)
      if (alpha === null || beta === null) return null
      row.push({ alpha, beta })
    }
    out.push(row)
  }
  return out
}

export function readPartialDecryption(v: unknown, group: Group): PartialDecryption | null {
  if (!hasExactKeys(v, ['decryption_factors', 'decryption_proofs'])) return null
  const f = v.decryption_factors
  const p = v.decryption_proofs
  if (!Array.isArray(f) || !Array.isArray(p) || f.length !== p.length || f.length > MAX_QUESTIONS) return null
  const factors: bigint[][] = []
  const proofs: Proof[][] = []
  for (let i = 0; i < f.length; i++) {
    const fi = f[i] as unknown
    const pi = p[i] as unknown
    if (!Array.isArray(fi) || !Array.isArray(pi) || fi.length !== pi.length || fi.length > MAX_ANSWERS)
      return null
    const fr = fi.map((x) => readNat(x, group.p))
    const pr = pi.map((x) => readProof(x, group))
    if (fr.some((x) => x === null) || pr.some((x) => x === null)) return null
    factors.push(fr as bigint[])
    proofs.push(pr as Proof[])
  }
  return { decryption_factors: factors, decryption_proofs: proofs }
}

/** The exact JSON belenios-tool writes (its hash is the payload of the PartialDecryption event). */
export function writePartialDecryption(pd: PartialDecryption): string {
  return JSON.stringify({
    decryption_factors: pd.decryption_factors.map((row) => row.map(writeNat)),
    decryption_proofs: pd.decryption_proofs.map((row) => row.map(writeProof)),
  })
}

export function readTrustees(v: unknown, group: Group): TrusteeKind[] | null {
  if (!Array.isArray(v) || v.length < 1 || v.length > 64) return null
  const out: TrusteeKind[] = []
  for (const item of v) {
    if (!Array.isArray(item) || item.length !== 2) return null
    if (item[0] === 'Single') {
      const key = readTrusteePublicKey(item[1], group)
      if (!key) return null
      out.push({ kind: 'Single', key })
    } else if (item[0] === 'Pedersen') {
      const parameters = readThresholdParameters(item[1], group)
      if (!parameters) return null
      out.push({ kind: 'Pedersen', parameters })
    } else return null
  }
  return out
}

export function writeTrustees(trustees: TrusteeKind[]): string {
  return JSON.stringify(
    trustees.map((t) =>
      t.kind === 'Single'
        ? ['Single', trusteePublicKeyJson(t.key)]
        : ['Pedersen', thresholdParametersJson(t.parameters)],
    ),
  )
}

/** Checks every item (proofs of knowledge, threshold parameters) and returns the election public
 * key: the product of the Single keys and of each Pedersen group's sub-key. */
export function checkTrusteesAndCombineKeys(
  group: Group,
  trustees: TrusteeKind[],
): { ok: true; publicKey: bigint } | { ok: false; error: 'bad_trustee'; item: number } {
  let y = 1n
  for (let i = 0; i < trustees.length; i++) {
    const t = trustees[i]!
    if (t.kind === 'Single') {
      if (!checkKnowledge(group, t.key)) return { ok: false, error: 'bad_trustee', item: i + 1 }
      y = (y * t.key.public_key) % group.p
    } else {
      const checked = checkThresholdParameters(group, t.parameters)
      if (!checked.ok) return { ok: false, error: 'bad_trustee', item: i + 1 }
      y = (y * checked.publicKey) % group.p
    }
  }
  return { ok: true, publicKey: y }
}

// ---------------------------------------------------------------------------------------------
// One trustee's factors (ordinary key or threshold share: the same computation)

const decryptPrefix = (fingerprint: string, y: bigint) => `decrypt|${fingerprint}|${writeNat(y)}|`

/** Decryption factors alpha^x with Chaum–Pedersen proofs, for election `fingerprint` (the
 * Base64Compact SHA-256 of the election JSON). */
export function computePartialDecryption(
  group: Group,
  fingerprint: string,
  tally: EncryptedTally,
  x: bigint,
): PartialDecryption {
  const y = powMod(group.g, x, group.p)
  const prefix = decryptPrefix(fingerprint, y)
  const factors: bigint[][] = []
  const proofs: Proof[][] = []
  for (const row of tally) {
    factors.push(row.map((c) => powMod(c.alpha, x, group.p)))
    proofs.push(
      row.map((c) => {
        const w = randomZq(group)
        const challenge = hashElements(group, prefix, [
          powMod(group.g, w, group.p),
          powMod(c.alpha, w, group.p),
        ])
        return { challenge, response: mod(w - x * challenge, group.q) }
      }),
    )
  }
  return { decryption_factors: factors, decryption_proofs: proofs }
}

/** Checks the shape, every factor's subgroup membership and every proof against public key y. */
export function checkPartialDecryption(
  group: Group,
  fingerprint: string,
  tally: EncryptedTally,
  y: bigint,
  pd: PartialDecryption,
): boolean {
  if (!isGroupElement(group, y)) return false
  if (pd.decryption_factors.length !== tally.length || pd.decryption_proofs.length !== tally.length)
    return false
  const prefix = decryptPrefix(fingerprint, y)
  for (let i = 0; i < tally.length; i++) {
    const row = tally[i]!
    const f = pd.decryption_factors[i]!
    const p = pd.decryption_proofs[i]!
    if (f.length !== row.length || p.length !== row.length) return false
    for (let j = 0; j < row.length; j++) {
      const factor = f[j]!
      const { challenge, response } = p[j]!
      if (!isGroupElement(group, factor)) return false
      if (challenge >= group.q || response >= group.q || challenge < 0n || response < 0n) return false
      const a = (powMod(group.g, response, group.p) * powMod(y, challenge, group.p)) % group.p
      const b = (powMod(row[j]!.alpha, response, group.p) * powMod(factor, challenge, group.p)) % group.p
      if (hashElements(group, prefix, [a, b]) !== challenge) return false
    }
  }
  return true
}

/**
 * A threshold trustee's partial decryption: opens its stored share (the .dkey string the server
 * kept from step 6) with its seed, checks the share is one of the published verification keys,
 * and computes the factors. Returns the trustee's position in the Pedersen group (1-based).
 */
export async function thresholdPartialDecryption(
  group: Group,
  aes: AesCcm,
  fingerprint: string,
  tally: EncryptedTally,
  parameters: ThresholdParameters,
  seed: string,
  dkey: string,
): Promise<
  | { ok: true; member: number; partialDecryption: PartialDecryption }
  | { ok: false; error: 'bad_seed' | 'bad_decryption_key' | 'not_a_trustee' | 'bad_tally' }
> {
  // Like the tool, refuse to raise anything but subgroup elements to our share (the caller must
  // also make sure this IS the election's tally: see ADR 032).
  if (
    !tally.every((row) => row.every((c) => isGroupElement(group, c.alpha) && isGroupElement(group, c.beta)))
  )
    return { ok: false, error: 'bad_tally' }
  const share = await openDecryptionKey(group, aes, seed, dkey)
  if (!share.ok) return share
  const member = parameters.verification_keys.findIndex((k) => k.public_key === share.publicKey)
  if (member < 0) return { ok: false, error: 'not_a_trustee' }
  return {
    ok: true,
    member: member + 1,
    partialDecryption: computePartialDecryption(group, fingerprint, tally, share.key),
  }
}

// ---------------------------------------------------------------------------------------------
// Combination

/** λ_j = ∏_{k ∈ indexes, k ≠ j} k / (k − j) mod q (indexes are 1-based member positions). */
export function lagrangeCoefficient(q: bigint, indexes: number[], j: number): bigint {
  let acc = 1n
  for (const k of indexes) {
    if (k === j) continue
    acc = mod(acc * BigInt(k) * invMod(mod(BigInt(k - j), q), q), q)
  }
  return acc
}

export type CombineError =
  | { ok: false; error: 'bad_owner'; owner: number }
  | { ok: false; error: 'duplicate_partial_decryption'; owner: number }
  | { ok: false; error: 'missing_partial_decryption'; owner: number }
  | { ok: false; error: 'invalid_partial_decryption'; owner: number }
  | { ok: false; error: 'not_enough_partial_decryptions'; item: number }

/**
 * The synthetic factors F[i][j] = ∏_τ F_τ[i][j]: for a Single item its trustee's factor (which
 * must be present), for a Pedersen item ∏ factor^λ over the first `threshold` members (by
 * position) who supplied one. Like belenios-tool, any supplied partial decryption that does not
 * verify is an error (it names the owner): the server must refuse those when they are submitted.
 */
export function combineFactors(
  group: Group,
  fingerprint: string,
  trustees: TrusteeKind[],
  tally: EncryptedTally,
  partials: OwnedPartialDecryption[],
): { ok: true; factors: bigint[][] } | CombineError {
  const total = trustees.reduce(
    (n, t) => n + (t.kind === 'Single' ? 1 : t.parameters.verification_keys.length),
    0,
  )
  const byOwner = new Map<number, PartialDecryption>()
  for (const p of partials) {
    if (!Number.isInteger(p.owner) || p.owner < 1 || p.owner > total)
      return { ok: false, error: 'bad_owner', owner: p.owner }
    if (byOwner.has(p.owner)) return { ok: false, error: 'duplicate_partial_decryption', owner: p.owner }
    byOwner.set(p.owner, p.partialDecryption)
  }
  const factors = tally.map((row) => row.map(() => 1n))
  const multiply = (pd: PartialDecryption, exponent: bigint | null) => {
    for (let i = 0; i < factors.length; i++)
      for (let j = 0; j < factors[i]!.length; j++) {
        const f = pd.decryption_factors[i]![j]!
        factors[i]![j] = (factors[i]![j]! * (exponent === null ? f : powMod(f, exponent, group.p))) % group.p
      }
  }
  let owner = 1
  for (let item = 0; item < trustees.length; item++) {
    const t = trustees[item]!
    if (t.kind === 'Single') {
      const pd = byOwner.get(owner)
      if (!pd) return { ok: false, error: 'missing_partial_decryption', owner }
      if (!checkPartialDecryption(group, fingerprint, tally, t.key.public_key, pd))
        return { ok: false, error: 'invalid_partial_decryption', owner }
      multiply(pd, null)
      owner += 1
      continue
    }
    const keys = t.parameters.verification_keys
    const supplied: { member: number; pd: PartialDecryption }[] = []
    for (let m = 0; m < keys.length; m++) {
      const pd = byOwner.get(owner + m)
      if (!pd) continue
      if (!checkPartialDecryption(group, fingerprint, tally, keys[m]!.public_key, pd))
        return { ok: false, error: 'invalid_partial_decryption', owner: owner + m }
      supplied.push({ member: m + 1, pd })
    }
    if (supplied.length < t.parameters.threshold)
      return { ok: false, error: 'not_enough_partial_decryptions', item: item + 1 }
    const used = supplied.slice(0, t.parameters.threshold)
    const indexes = used.map((u) => u.member)
    for (const u of used) multiply(u.pd, lagrangeCoefficient(group.q, indexes, u.member))
    owner += keys.length
  }
  return { ok: true, factors }
}

/**
 * Counts of homomorphic questions: result[i][j] = log_g(beta / F) with the discrete logarithm
 * searched in [0, maxCount] (maxCount = number of ballots tallied, or their total weight).
 */
export function decryptCounts(
  group: Group,
  tally: EncryptedTally,
  factors: bigint[][],
  maxCount: number,
): { ok: true; counts: number[][] } | { ok: false; error: 'count_out_of_range' } {
  // One table g^0 … g^maxCount, shared by every ciphertext.
  const table = new Map<bigint, number>()
  let acc = 1n
  for (let k = 0; k <= maxCount; k++) {
    table.set(acc, k)
    acc = (acc * group.g) % group.p
  }
  const counts: number[][] = []
  for (let i = 0; i < tally.length; i++) {
    const row: number[] = []
    for (let j = 0; j < tally[i]!.length; j++) {
      const m = (tally[i]![j]!.beta * invMod(factors[i]![j]!, group.p)) % group.p
      const k = table.get(m)
      if (k === undefined) return { ok: false, error: 'count_out_of_range' }
      row.push(k)
    }
    counts.push(row)
  }
  return { ok: true, counts }
}
