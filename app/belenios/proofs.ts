// Zero-knowledge proofs of Belenios 2.0 ballots (spec §"Proofs of interval membership" and
// §"Proofs of possibly-blank votes"), written from the specification and checked against
// belenios-tool. Isomorphic.
//
// Fiat–Shamir strings (numbers in base 10):
//   iprove:  "prove|" S "|" alpha "," beta "|" A0 "," B0 "," … "," Ak "," Bk
//   bproof0: "bproof0|" S "|" A0 "," B0 "," AΣ "," BΣ
//   bproof1: "bproof1|" S "|" A0 "," B0 "," … "," Ak "," Bk
import { type Ciphertext, type Proof, checkCiphertext } from './elgamal'
import { type Group, gPow, invMod, mod, mulG, powFixed, powMod, randomZq } from './group'
import { hashElements } from './hash'

/** g^{-m} for a small integer m (the d_j that turn β into β/g^{M_j}). */
function gInvPow(group: Group, m: number): bigint {
  return m === 0 ? 1n : invMod(gPow(group, BigInt(m)), group.p)
}

/** Commitments of a simulated proof: A = g^resp·α^ch, B = y^resp·(β·d)^ch. */
function simulatedCommitments(
  group: Group,
  y: bigint,
  c: Ciphertext,
  d: bigint,
  p: Proof,
  r?: bigint,
): [bigint, bigint] {
  const { p: P } = group
  // When the prover knows r (α = g^r), g^resp·α^ch = g^(resp + r·ch): one exponentiation less.
  const A =
    r === undefined
      ? mulG(group, gPow(group, p.response), powMod(c.alpha, p.challenge, P))
      : gPow(group, mod(p.response + r * p.challenge, group.q))
  const B = mulG(group, powFixed(group, y, p.response), powMod(mulG(group, c.beta, d), p.challenge, P))
  return [A, B]
}

/**
 * Proves that c = (g^r, y^r·g^{values[index]}): one proof per value of `values` (iprove(S, r, i,
 * M_0..M_k) in the spec).
 */
export function proveInterval(
  group: Group,
  y: bigint,
  S: string,
  c: Ciphertext,
  r: bigint,
  index: number,
  values: readonly number[],
): Proof[] {
  const n = values.length
  if (index < 0 || index >= n) throw new Error('proveInterval: value not in the interval')
  const proofs: Proof[] = new Array<Proof>(n)
  const commitments: bigint[] = new Array<bigint>(2 * n)
  let sum = 0n
  for (let j = 0; j < n; j++) {
    if (j === index) continue
    const p = { challenge: randomZq(group), response: randomZq(group) }
    proofs[j] = p
    const [A, B] = simulatedCommitments(group, y, c, gInvPow(group, values[j]!), p, r)
    commitments[2 * j] = A
    commitments[2 * j + 1] = B
    sum += p.challenge
  }
  const w = randomZq(group)
  commitments[2 * index] = gPow(group, w)
  commitments[2 * index + 1] = powFixed(group, y, w)
  const h = hashElements(group, `prove|${S}|${c.alpha},${c.beta}|`, commitments)
  const challenge = mod(h - sum, group.q)
  proofs[index] = { challenge, response: mod(w - r * challenge, group.q) }
  return proofs
}

/**
 * Verifies an interval proof. The ciphertext's components are checked to be in the subgroup
 * unless the caller already did (`subgroupChecked`, as verifyBallot does once per ciphertext).
 */
export function verifyInterval(
  group: Group,
  y: bigint,
  S: string,
  c: Ciphertext,
  proofs: readonly Proof[],
  values: readonly number[],
  subgroupChecked = false,
): boolean {
  if (proofs.length !== values.length) return false
  if (!subgroupChecked && !checkCiphertext(group, c)) return false
  const commitments: bigint[] = []
  let sum = 0n
  for (let j = 0; j < values.length; j++) {
    const p = proofs[j]!
    if (p.challenge >= group.q || p.response >= group.q) return false
    commitments.push(...simulatedCommitments(group, y, c, gInvPow(group, values[j]!), p))
    sum += p.challenge
  }
  const h = hashElements(group, `prove|${S}|${c.alpha},${c.beta}|`, commitments)
  return h === mod(sum, group.q)
}

/** [min, min+1, …, max]. */
export function range(min: number, max: number): number[] {
  const out: number[] = []
  for (let v = min; v <= max; v++) out.push(v)
  return out
}

export type BlankProofs = { overall: Proof[]; blank: Proof[] }

/**
 * Proofs for a question where blank is allowed (spec §"Proofs of possibly-blank votes"):
 * `blank` proves m0 = 0 ∨ mΣ = 0, `overall` proves m0 = 1 ∨ mΣ ∈ [min, max].
 * c0/r0/m0: the blank indicator; cS/rS/mS: the product/sum of the other choices.
 */
export function proveBlank(
  group: Group,
  y: bigint,
  S: string,
  min: number,
  max: number,
  c0: Ciphertext,
  r0: bigint,
  m0: number,
  cS: Ciphertext,
  rS: bigint,
  mS: number,
): BlankProofs {
  const { q } = group
  const k = max - min + 1
  // Simulated commitments for the i-th disjunct of the overall proof (i ≥ 1: mΣ = min+i-1).
  const sim = (c: Ciphertext, d: bigint, p: Proof, r: bigint): [bigint, bigint] =>
    simulatedCommitments(group, y, c, d, p, r)
  if (m0 === 0) {
    if (mS < min || mS > max) throw new Error('proveBlank: sum out of range')
    // blank proof: first disjunct (m0 = 0) true, simulate mΣ = 0
    const pS = { challenge: randomZq(group), response: randomZq(group) }
    const [AS, BS] = sim(cS, 1n, pS, rS)
    const w = randomZq(group)
    const h0 = hashElements(group, `bproof0|${S}|`, [gPow(group, w), powFixed(group, y, w), AS, BS])
    const ch0 = mod(h0 - pS.challenge, q)
    const blank = [{ challenge: ch0, response: mod(w - r0 * ch0, q) }, pS]
    // overall proof: second disjunct true (mΣ = min + i - 1 with i = mS - min + 1)
    const overall: Proof[] = new Array<Proof>(k + 1)
    const commitments: bigint[] = new Array<bigint>(2 * (k + 1))
    const p0 = { challenge: randomZq(group), response: randomZq(group) }
    overall[0] = p0
    ;[commitments[0], commitments[1]] = sim(c0, gInvPow(group, 1), p0, r0)
    let sum = p0.challenge
    const iTrue = mS - min + 1
    for (let i = 1; i <= k; i++) {
      if (i === iTrue) continue
      const p = { challenge: randomZq(group), response: randomZq(group) }
      overall[i] = p
      ;[commitments[2 * i], commitments[2 * i + 1]] = sim(cS, gInvPow(group, min + i - 1), p, rS)
      sum += p.challenge
    }
    const w1 = randomZq(group)
    commitments[2 * iTrue] = gPow(group, w1)
    commitments[2 * iTrue + 1] = powFixed(group, y, w1)
    const h1 = hashElements(group, `bproof1|${S}|`, commitments)
    const ch = mod(h1 - sum, q)
    overall[iTrue] = { challenge: ch, response: mod(w1 - rS * ch, q) }
    return { overall, blank }
  }
  if (m0 !== 1 || mS !== 0) throw new Error('proveBlank: a blank vote selects nothing')
  // blank proof: second disjunct (mΣ = 0) true, simulate m0 = 0
  const p0 = { challenge: randomZq(group), response: randomZq(group) }
  const [A0, B0] = sim(c0, 1n, p0, r0)
  const w = randomZq(group)
  const h0 = hashElements(group, `bproof0|${S}|`, [A0, B0, gPow(group, w), powFixed(group, y, w)])
  const chS = mod(h0 - p0.challenge, q)
  const blank = [p0, { challenge: chS, response: mod(w - rS * chS, q) }]
  // overall proof: first disjunct (m0 = 1) true, simulate every mΣ = M_i
  const overall: Proof[] = new Array<Proof>(k + 1)
  const commitments: bigint[] = new Array<bigint>(2 * (k + 1))
  let sum = 0n
  for (let i = 1; i <= k; i++) {
    const p = { challenge: randomZq(group), response: randomZq(group) }
    overall[i] = p
    ;[commitments[2 * i], commitments[2 * i + 1]] = sim(cS, gInvPow(group, min + i - 1), p, rS)
    sum += p.challenge
  }
  const w1 = randomZq(group)
  commitments[0] = gPow(group, w1)
  commitments[1] = powFixed(group, y, w1)
  const h1 = hashElements(group, `bproof1|${S}|`, commitments)
  const ch = mod(h1 - sum, q)
  overall[0] = { challenge: ch, response: mod(w1 - r0 * ch, q) }
  return { overall, blank }
}

/** Verifies the two proofs of a possibly-blank answer (subgroup checks as in verifyInterval). */
export function verifyBlank(
  group: Group,
  y: bigint,
  S: string,
  min: number,
  max: number,
  c0: Ciphertext,
  cS: Ciphertext,
  proofs: BlankProofs,
  subgroupChecked = false,
): boolean {
  const { q } = group
  if (!subgroupChecked && (!checkCiphertext(group, c0) || !checkCiphertext(group, cS))) return false
  const k = max - min + 1
  if (proofs.blank.length !== 2 || proofs.overall.length !== k + 1) return false
  for (const p of [...proofs.blank, ...proofs.overall]) {
    if (p.challenge >= q || p.response >= q) return false
  }
  const [b0, bS] = proofs.blank as [Proof, Proof]
  const h0 = hashElements(group, `bproof0|${S}|`, [
    ...simulatedCommitments(group, y, c0, 1n, b0),
    ...simulatedCommitments(group, y, cS, 1n, bS),
  ])
  if (h0 !== mod(b0.challenge + bS.challenge, q)) return false
  const commitments: bigint[] = [...simulatedCommitments(group, y, c0, gInvPow(group, 1), proofs.overall[0]!)]
  let sum = proofs.overall[0]!.challenge
  for (let i = 1; i <= k; i++) {
    const p = proofs.overall[i]!
    commitments.push(...simulatedCommitments(group, y, cS, gInvPow(group, min + i - 1), p))
    sum += p.challenge
  }
  const h1 = hashElements(group, `bproof1|${S}|`, commitments)
  return h1 === mod(sum, q)
}

/** Schnorr proof of knowledge of x with X = g^x, challenge = H(prefix, [A]) (pok, signatures). */
export function proveDlog(group: Group, x: bigint, prefix: string): Proof {
  const w = randomZq(group)
  const challenge = hashElements(group, prefix, [gPow(group, w)])
  return { challenge, response: mod(w - x * challenge, group.q) }
}

/** Verifies a proof from proveDlog against X (X must already be checked to be in the group). */
export function verifyDlog(group: Group, X: bigint, prefix: string, p: Proof): boolean {
  if (p.challenge >= group.q || p.response >= group.q) return false
  const A = mulG(group, gPow(group, p.response), powMod(X, p.challenge, group.p))
  return hashElements(group, prefix, [A]) === p.challenge
}

/** Proof that log_g X = log_alpha F (decryption factors): H(prefix, [g^w, alpha^w]). */
export function proveEqualDlogs(group: Group, x: bigint, alpha: bigint, prefix: string): Proof {
  const w = randomZq(group)
  const challenge = hashElements(group, prefix, [gPow(group, w), powMod(alpha, w, group.p)])
  return { challenge, response: mod(w - x * challenge, group.q) }
}

export function verifyEqualDlogs(
  group: Group,
  X: bigint,
  alpha: bigint,
  F: bigint,
  prefix: string,
  p: Proof,
): boolean {
  if (p.challenge >= group.q || p.response >= group.q) return false
  const P = group.p
  const A = mulG(group, gPow(group, p.response), powMod(X, p.challenge, P))
  const B = mulG(group, powMod(alpha, p.response, P), powMod(F, p.challenge, P))
  return hashElements(group, prefix, [A, B]) === p.challenge
}
