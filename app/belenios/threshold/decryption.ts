// Partial decryptions by threshold trustees and their combination into the result (spec
// §"Partial decryptions", §"Election result"; OCaml compute_factor/check_factor in
// src/lib/v1/election.ml, MakeCombinator.combine_factors in src/lib/v1/trustees.ml and
// compute_synthetic_factors in src/lib/core/util.ml). Isomorphic except the injected AES-CCM used
// to open a trustee's stored share.
//
// Built on s30-cr's ordinary partial decryption and result (app/belenios/partial-decryption.ts,
// result.ts, tally.ts): a member's factors are computed and checked exactly like a single
// trustee's, with its share S_j as the key and its verification key g^{S_j} as X; this module adds
// the threshold parts (opening the share, Lagrange combination, the trustees structure).
//
// Scope: homomorphic questions (the encrypted tally is one ciphertext per answer per question).
// Non-homomorphic (shuffled) questions need the mixnet and are not used by Mutirão yet.

import type { Election } from '../election'
import { invMod, isGroupElement, mod, powMod, type Group } from '../group'
import {
  computePartialDecryption,
  verifyPartialDecryption,
  type PartialDecryption,
} from '../partial-decryption'
import type { EncryptedTally } from '../tally'
import type { AesCcm } from './aes-ccm'
import {
  readThresholdParameters,
  readTrusteePublicKey,
  thresholdParametersJson,
  trusteePublicKeyJson,
  type ThresholdParameters,
  type TrusteePublicKey,
} from './codec'
import { checkKnowledge } from './pki'
import { checkThresholdParameters, openDecryptionKey } from './steps'

export type { EncryptedTally, PartialDecryption }
export type TrusteeKind =
  { kind: 'Single'; key: TrusteePublicKey } | { kind: 'Pedersen'; parameters: ThresholdParameters }
/** A partial decryption with its owner: the 1-based trustee id across the whole `trustees` list
 * (Single items count one, a Pedersen item counts one per member, in order), as in the
 * PartialDecryption events of the archive. */
export type OwnedPartialDecryption = { owner: number; partialDecryption: PartialDecryption }

// ---------------------------------------------------------------------------------------------
// The trustees structure

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
// A member's partial decryption

/** The shape of `pd` matches the tally and every factor is a subgroup element (parsed partial
 * decryptions already are; this guards values built in code). */
function wellFormed(group: Group, tally: EncryptedTally, pd: PartialDecryption): boolean {
  return (
    pd.factors.length === tally.length &&
    pd.proofs.length === tally.length &&
    tally.every(
      (row, i) =>
        pd.factors[i]!.length === row.length &&
        pd.proofs[i]!.length === row.length &&
        pd.factors[i]!.every((f) => isGroupElement(group, f)),
    )
  )
}

function checkFactors(election: Election, tally: EncryptedTally, X: bigint, pd: PartialDecryption): boolean {
  return (
    isGroupElement(election.group, X) &&
    wellFormed(election.group, tally, pd) &&
    verifyPartialDecryption(election, tally, X, pd)
  )
}

/**
 * A threshold trustee's partial decryption: opens its stored share (the .dkey string the server
 * kept from step 6) with its seed, checks the share is one of the published verification keys,
 * and computes the factors. Returns the trustee's position in the Pedersen group (1-based).
 */
export async function thresholdPartialDecryption(
  election: Election,
  aes: AesCcm,
  tally: EncryptedTally,
  parameters: ThresholdParameters,
  seed: string,
  dkey: string,
): Promise<
  | { ok: true; member: number; partialDecryption: PartialDecryption }
  | { ok: false; error: 'bad_seed' | 'bad_decryption_key' | 'not_a_trustee' | 'bad_tally' }
> {
  const { group } = election
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
    partialDecryption: computePartialDecryption(election, tally, share.key).value,
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
  election: Election,
  trustees: TrusteeKind[],
  tally: EncryptedTally,
  partials: OwnedPartialDecryption[],
): { ok: true; factors: bigint[][] } | CombineError {
  const { group } = election
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
        const f = pd.factors[i]![j]!
        factors[i]![j] = (factors[i]![j]! * (exponent === null ? f : powMod(f, exponent, group.p))) % group.p
      }
  }
  let owner = 1
  for (let item = 0; item < trustees.length; item++) {
    const t = trustees[item]!
    if (t.kind === 'Single') {
      const pd = byOwner.get(owner)
      if (!pd) return { ok: false, error: 'missing_partial_decryption', owner }
      if (!checkFactors(election, tally, t.key.public_key, pd))
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
      if (!checkFactors(election, tally, keys[m]!.public_key, pd))
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

// The counts: decryptTally(election, tally, factors, numTallied) from ../result.
