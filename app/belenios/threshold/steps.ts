// The six steps of Belenios 2.0's threshold ("Pedersen") key establishment, as pure functions
// (spec §"Polynomials", "Vinputs", "Voutputs", "Threshold parameters"; OCaml MakePedersen in
// src/lib/v1/trustees.ml; CLI `belenios-tool setup generate-trustee-key-threshold --step 1…6`).
//
//   trustee          step 1  seed → certificate
//   server           step 2  check every certificate
//   trustee          step 3  certificates + seed + threshold → polynomial
//   server           step 4  certificates + polynomials → one vinput per trustee (routing)
//   trustee          step 5  certificates + seed + vinput → voutput
//   server           step 6  certificates + polynomials + voutputs → threshold_parameters
//
// Every step verifies everything it receives and returns a typed error naming the (1-based)
// trustee at fault, so the server can say who must redo what. Isomorphic (AES-CCM injected).

import { isGroupElement, mod, powMod, randomZq, type Group } from '../group'
import type { AesCcm } from './aes-ccm'
import {
  MAX_TRUSTEES,
  parseJsonBounded,
  readEncryptedMsg,
  readPartialDecryptionKey,
  readRawCoefexps,
  readRawPolynomial,
  readSecret,
  writePartialDecryptionKey,
  writeRawCoefexps,
  writeRawPolynomial,
  writeSecret,
  type CertKeys,
  type Polynomial,
  type SignedMsg,
  type ThresholdParameters,
  type TrusteePublicKey,
  type Vinput,
  type Voutput,
} from './codec'
import {
  checkCertificate,
  checkKnowledge,
  deriveKeys,
  generateSeed,
  isSeed,
  makeCertificate,
  proveKnowledge,
  receive,
  send,
  sign,
  verifySignature,
} from './pki'

export type StepError =
  | { ok: false; error: 'bad_seed' }
  | { ok: false; error: 'bad_trustee_count' }
  | { ok: false; error: 'bad_threshold' }
  | { ok: false; error: 'not_my_certificate' }
  | { ok: false; error: 'bad_certificate'; trustee: number }
  | { ok: false; error: 'duplicate_certificate'; trustee: number }
  | { ok: false; error: 'bad_polynomial'; trustee: number }
  | { ok: false; error: 'bad_secret'; trustee: number }
  | { ok: false; error: 'bad_voutput'; trustee: number }

type Result<T> = ({ ok: true } & T) | StepError

const fail = <E extends StepError['error']>(error: E, trustee?: number) =>
  (trustee === undefined ? { ok: false, error } : { ok: false, error, trustee }) as StepError

// ---------------------------------------------------------------------------------------------
// Step 1 (trustee)

/** A fresh seed (the trustee's only secret, what the tool saves as <id>.key) and its certificate. */
export function step1(group: Group, seed: string = generateSeed()): { seed: string; cert: SignedMsg } {
  return { seed, cert: makeCertificate(group, seed) }
}

// ---------------------------------------------------------------------------------------------
// Step 2 (server; also re-run by every later step)

/** Checks every certificate; returns their keys in order. Also refuses a certificate that reuses
 * another's verification or encryption key (a copied certificate would let one member hold two
 * shares). */
export function step2(group: Group, certs: SignedMsg[]): Result<{ keys: CertKeys[] }> {
  if (certs.length < 1 || certs.length > MAX_TRUSTEES) return fail('bad_trustee_count')
  const keys: CertKeys[] = []
  for (let i = 0; i < certs.length; i++) {
    const k = checkCertificate(group, certs[i]!)
    if (!k) return fail('bad_certificate', i + 1)
    if (keys.some((o) => o.verification === k.verification || o.encryption === k.encryption))
      return fail('duplicate_certificate', i + 1)
    keys.push(k)
  }
  return { ok: true, keys }
}

/** The 1-based index of the certificate made from `seed`, or null. */
function findMine(keys: CertKeys[], mine: { vk: bigint; ek: bigint }): number | null {
  const i = keys.findIndex((k) => k.verification === mine.vk && k.encryption === mine.ek)
  return i < 0 ? null : i + 1
}

// ---------------------------------------------------------------------------------------------
// Step 3 (trustee)

/** f(x) = a0 + a1·x + … evaluated at x, modulo q. */
export function evalPolynomial(coefficients: bigint[], x: bigint, q: bigint): bigint {
  let result = 0n
  for (let k = coefficients.length - 1; k >= 0; k--) result = mod(result * x + coefficients[k]!, q)
  return result
}

/**
 * Picks a random polynomial of degree threshold − 1 and shares it: the coefficients encrypted to
 * ourselves, f(j) encrypted to each trustee j, and g^coefficients signed for everyone.
 * `threshold` is the number of trustees needed to decrypt (the tool's `--threshold`).
 */
export async function step3(
  group: Group,
  aes: AesCcm,
  certs: SignedMsg[],
  seed: string,
  threshold: number,
  randomCoefficient: () => bigint = () => randomZq(group),
): Promise<Result<{ polynomial: Polynomial }>> {
  if (!isSeed(seed)) return fail('bad_seed')
  const checked = step2(group, certs)
  if (!checked.ok) return checked
  const n = checked.keys.length
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > n) return fail('bad_threshold')
  const me = deriveKeys(group, seed)
  if (findMine(checked.keys, me) === null) return fail('not_my_certificate')
  const coefficients = Array.from({ length: threshold }, randomCoefficient)
  const polynomialMsg = await send(group, aes, me.sk, me.ek, writeRawPolynomial(coefficients))
  const coefexps = coefficients.map((a) => powMod(group.g, a, group.p))
  const signedCoefexps = sign(group, me.sk, writeRawCoefexps(coefexps))
  const secrets: string[] = []
  for (let j = 1; j <= n; j++) {
    const s = evalPolynomial(coefficients, BigInt(j), group.q)
    secrets.push(await send(group, aes, me.sk, checked.keys[j - 1]!.encryption, writeSecret(s)))
  }
  return { ok: true, polynomial: { polynomial: polynomialMsg, secrets, coefexps: signedCoefexps } }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by steps 4–6 and the checks of published parameters

/** Verifies and opens every trustee's signed coefexps; all must have the same length (the
 * threshold) and contain only subgroup elements. */
function openCoefexps(group: Group, keys: CertKeys[], signed: SignedMsg[]): Result<{ coefexps: bigint[][] }> {
  const coefexps: bigint[][] = []
  for (let i = 0; i < signed.length; i++) {
    const s = signed[i]!
    if (!verifySignature(group, keys[i]!.verification, s)) return fail('bad_polynomial', i + 1)
    const c = readRawCoefexps(s.message, group)
    if (!c || c.length > keys.length || (i > 0 && c.length !== coefexps[0]!.length))
      return fail('bad_polynomial', i + 1)
    if (!c.every((x) => isGroupElement(group, x))) return fail('bad_polynomial', i + 1)
    coefexps.push(c)
  }
  return { ok: true, coefexps }
}

/** ∏_k A_ik^(j^k): what g^{f_i(j)} must equal. */
function expectedShareCommitment(group: Group, coefexps: bigint[], j: number): bigint {
  let acc = 1n
  let jk = 1n
  for (const a of coefexps) {
    acc = (acc * powMod(a, jk, group.p)) % group.p
    jk = jk * BigInt(j)
  }
  return acc
}

/** The public verification key of every trustee j: ∏_i ∏_k A_ik^(j^k) = g^{S_j}. */
export function computeVerificationKeys(group: Group, coefexps: bigint[][]): bigint[] {
  return coefexps.map((_, index) => {
    const j = index + 1
    return coefexps.reduce((acc, c) => (acc * expectedShareCommitment(group, c, j)) % group.p, 1n)
  })
}

/** The sub-key of a threshold group: ∏_i A_i0 (its product with the "Single" keys is the
 * election public key). */
export function thresholdPublicKey(group: Group, coefexps: bigint[][]): bigint {
  return coefexps.reduce((acc, c) => (acc * c[0]!) % group.p, 1n)
}

function isEncryptedMsgText(group: Group, text: string): boolean {
  const m = readEncryptedMsg(parseJsonBounded(text), group)
  return m !== null && isGroupElement(group, m.alpha) && isGroupElement(group, m.beta)
}

// ---------------------------------------------------------------------------------------------
// Step 4 (server)

/** Routes the polynomials: trustee j gets its own encrypted polynomial, the j-th secret of every
 * trustee and all signed coefexps. */
export function step4(
  group: Group,
  certs: SignedMsg[],
  polynomials: Polynomial[],
): Result<{ vinputs: Vinput[] }> {
  const checked = step2(group, certs)
  if (!checked.ok) return checked
  const n = checked.keys.length
  if (polynomials.length !== n) return fail('bad_trustee_count')
  for (let i = 0; i < n; i++) {
    const p = polynomials[i]!
    if (p.secrets.length !== n) return fail('bad_polynomial', i + 1)
    if (!isEncryptedMsgText(group, p.polynomial) || !p.secrets.every((s) => isEncryptedMsgText(group, s)))
      return fail('bad_polynomial', i + 1)
  }
  const opened = openCoefexps(
    group,
    checked.keys,
    polynomials.map((p) => p.coefexps),
  )
  if (!opened.ok) return opened
  const coefexps = polynomials.map((p) => p.coefexps)
  const vinputs = polynomials.map((p, j) => ({
    polynomial: p.polynomial,
    secrets: polynomials.map((other) => other.secrets[j]!),
    coefexps,
  }))
  return { ok: true, vinputs }
}

// ---------------------------------------------------------------------------------------------
// Step 5 (trustee)

/**
 * Opens our vinput: our own polynomial (to learn the threshold and check our coefexps), the
 * secret s_ij sent by every trustee i (signed by i, addressed to us, and consistent with i's
 * public coefexps: g^{s_ij} = ∏_k A_ik^(j^k)). Returns the voutput: our decryption-key share
 * S_j = Σ_i s_ij sent to ourselves (the server keeps it for us: the tool's <id>.dkey) and
 * g^{S_j} with a proof of knowledge.
 */
export async function step5(
  group: Group,
  aes: AesCcm,
  certs: SignedMsg[],
  seed: string,
  vinput: Vinput,
): Promise<Result<{ voutput: Voutput; trustee: number }>> {
  if (!isSeed(seed)) return fail('bad_seed')
  const checked = step2(group, certs)
  if (!checked.ok) return checked
  const keys = checked.keys
  const n = keys.length
  const me = deriveKeys(group, seed)
  const j = findMine(keys, me)
  if (j === null) return fail('not_my_certificate')
  if (vinput.secrets.length !== n || vinput.coefexps.length !== n) return fail('bad_trustee_count')

  const ownPolynomial = await receive(group, aes, me.dk, me.vk, vinput.polynomial)
  const coefficients = ownPolynomial.ok ? readRawPolynomial(ownPolynomial.message, group) : null
  if (!coefficients) return fail('bad_polynomial', j)
  const opened = openCoefexps(group, keys, vinput.coefexps)
  if (!opened.ok) return opened
  const coefexps = opened.coefexps
  if (coefexps[0]!.length !== coefficients.length) return fail('bad_polynomial', j)
  // Our own published coefexps must be those of the polynomial we keep.
  if (!coefficients.every((a, k) => powMod(group.g, a, group.p) === coefexps[j - 1]![k]))
    return fail('bad_polynomial', j)

  let share = 0n
  for (let i = 1; i <= n; i++) {
    const received = await receive(group, aes, me.dk, keys[i - 1]!.verification, vinput.secrets[i - 1]!)
    const secret = received.ok ? readSecret(received.message, group) : null
    if (secret === null) return fail('bad_secret', i)
    if (powMod(group.g, secret, group.p) !== expectedShareCommitment(group, coefexps[i - 1]!, j))
      return fail('bad_secret', i)
    share = mod(share + secret, group.q)
  }
  const privateKey = await send(group, aes, me.sk, me.ek, writePartialDecryptionKey(share))
  return {
    ok: true,
    trustee: j,
    voutput: { private_key: privateKey, public_key: proveKnowledge(group, share) },
  }
}

// ---------------------------------------------------------------------------------------------
// Step 6 (server)

/**
 * Checks every voutput (proof of knowledge, and key equal to the one computed from all public
 * coefexps) and builds the threshold parameters. `decryptionKeys[j]` is trustee j+1's encrypted
 * share (the tool's .dkey file): the server stores it and gives it back at decryption time.
 */
export function step6(
  group: Group,
  certs: SignedMsg[],
  polynomials: Polynomial[],
  voutputs: Voutput[],
): Result<{ parameters: ThresholdParameters; decryptionKeys: string[] }> {
  const checked = step2(group, certs)
  if (!checked.ok) return checked
  const n = checked.keys.length
  if (polynomials.length !== n || voutputs.length !== n) return fail('bad_trustee_count')
  const opened = openCoefexps(
    group,
    checked.keys,
    polynomials.map((p) => p.coefexps),
  )
  if (!opened.ok) return opened
  const expected = computeVerificationKeys(group, opened.coefexps)
  for (let j = 0; j < n; j++) {
    const vo = voutputs[j]!
    if (!isEncryptedMsgText(group, vo.private_key)) return fail('bad_voutput', j + 1)
    if (!checkKnowledge(group, vo.public_key) || vo.public_key.public_key !== expected[j])
      return fail('bad_voutput', j + 1)
  }
  return {
    ok: true,
    parameters: {
      threshold: opened.coefexps[0]!.length,
      certs,
      coefexps: polynomials.map((p) => p.coefexps),
      verification_keys: voutputs.map((v) => v.public_key),
    },
    decryptionKeys: voutputs.map((v) => v.private_key),
  }
}

// ---------------------------------------------------------------------------------------------
// Published parameters and a trustee's share

/**
 * What a verifier checks of published threshold parameters (OCaml check_pedersen): every
 * certificate and signed coefexps, every proof of knowledge, and every verification key equal
 * to the one computed from the coefexps; the threshold equals the polynomial length.
 * Returns the threshold group's sub-key.
 */
export function checkThresholdParameters(
  group: Group,
  t: ThresholdParameters,
): { ok: true; publicKey: bigint } | StepError {
  const checked = step2(group, t.certs)
  if (!checked.ok) return checked
  const n = checked.keys.length
  if (t.coefexps.length !== n || t.verification_keys.length !== n) return fail('bad_trustee_count')
  const opened = openCoefexps(group, checked.keys, t.coefexps)
  if (!opened.ok) return opened
  if (t.threshold !== opened.coefexps[0]!.length) return fail('bad_threshold')
  const expected = computeVerificationKeys(group, opened.coefexps)
  for (let j = 0; j < n; j++) {
    const k: TrusteePublicKey = t.verification_keys[j]!
    if (!checkKnowledge(group, k) || k.public_key !== expected[j]) return fail('bad_voutput', j + 1)
  }
  return { ok: true, publicKey: thresholdPublicKey(group, opened.coefexps) }
}

/** A trustee opens its stored share (the .dkey string) with its seed. */
export async function openDecryptionKey(
  group: Group,
  aes: AesCcm,
  seed: string,
  dkey: string,
): Promise<
  { ok: true; key: bigint; publicKey: bigint } | { ok: false; error: 'bad_seed' | 'bad_decryption_key' }
> {
  if (!isSeed(seed)) return { ok: false, error: 'bad_seed' }
  const me = deriveKeys(group, seed)
  const received = await receive(group, aes, me.dk, me.vk, dkey.trim())
  const key = received.ok ? readPartialDecryptionKey(received.message, group) : null
  if (key === null) return { ok: false, error: 'bad_decryption_key' }
  return { ok: true, key, publicKey: powMod(group.g, key, group.p) }
}
