// Strict readers and exact writers for the threshold-key messages of Belenios 2.0
// (specification §"Messages specific to threshold decryption support"; field order from
// src/lib/core/serializable.atd). Isomorphic: no node: imports.
//
// Readers never throw: they return null on anything that is not exactly the expected shape, so
// every step function can turn hostile input into a typed error. Writers produce the compact JSON
// that atdgen writes (fields in .atd order, big numbers as decimal strings), because several of
// these strings are signed or hashed byte for byte.

import { hasExactKeys, parseJsonBounded as parseJsonBoundedText } from '../serialize'
import type { Proof } from '../elgamal'

export type { Proof }
export type SignedMsg = { message: string; signature: Proof }
export type EncryptedMsg = { alpha: bigint; beta: bigint; data: string }
export type CertKeys = { verification: bigint; encryption: bigint }
export type TrusteePublicKey = { pok: Proof; public_key: bigint }
/** What a trustee publishes in step 3 (`polynomial` in the .atd). */
export type Polynomial = { polynomial: string; secrets: string[]; coefexps: SignedMsg }
/** What the server routes to trustee j in step 4 (`vinput`). */
export type Vinput = { polynomial: string; secrets: string[]; coefexps: SignedMsg[] }
/** What trustee j returns in step 5 (`voutput`). */
export type Voutput = { private_key: string; public_key: TrusteePublicKey }
/** The published result of the protocol (`threshold_parameters`). */
export type ThresholdParameters = {
  threshold: number
  certs: SignedMsg[]
  coefexps: SignedMsg[]
  verification_keys: TrusteePublicKey[]
}

/** Largest JSON text we parse for one threshold message (a vinput for 20 trustees is ~60 KB). */
export const MAX_MESSAGE_BYTES = 512 * 1024
/** Bounds that keep every loop and exponentiation count small on hostile input. */
export const MAX_TRUSTEES = 64

// ---------------------------------------------------------------------------------------------
// Numbers

const DECIMAL = /^(?:0|[1-9]\d*)$/

/** A canonical non-negative decimal (no sign, no leading zero) strictly below `below`. */
export function readNat(value: unknown, below: bigint): bigint | null {
  if (typeof value !== 'string' || value.length > 700 || !DECIMAL.test(value)) return null
  const n = BigInt(value)
  return n < below ? n : null
}

export function writeNat(n: bigint): string {
  return n.toString(10)
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * JSON.parse bounded by MAX_MESSAGE_BYTES unless told otherwise: serialize.ts's parseJsonBounded
 * (null on anything malformed), with the threshold messages' default bound.
 */
export function parseJsonBounded(text: unknown, maxBytes = MAX_MESSAGE_BYTES): unknown {
  return parseJsonBoundedText(text, maxBytes)
}

export function readStringArray(v: unknown, max = MAX_TRUSTEES): string[] | null {
  if (!Array.isArray(v) || v.length > max) return null
  return v.every((x) => typeof x === 'string') ? (v as string[]) : null
}

// ---------------------------------------------------------------------------------------------
// Structures. `q` bounds exponents (challenges, responses, secrets); `p` bounds group elements
// (membership in the subgroup is checked by the caller that knows the group).

export type Bounds = { p: bigint; q: bigint }

export function readProof(v: unknown, b: Bounds): Proof | null {
  if (!hasExactKeys(v, ['challenge', 'response'])) return null
  const challenge = readNat(v.challenge, b.q)
  const response = readNat(v.response, b.q)
  return challenge === null || response === null ? null : { challenge, response }
}

export function writeProof(p: Proof): { challenge: string; response: string } {
  return { challenge: writeNat(p.challenge), response: writeNat(p.response) }
}

export function readSignedMsg(v: unknown, b: Bounds): SignedMsg | null {
  if (!hasExactKeys(v, ['message', 'signature'])) return null
  if (typeof v.message !== 'string' || v.message.length > MAX_MESSAGE_BYTES) return null
  const signature = readProof(v.signature, b)
  return signature ? { message: v.message, signature } : null
}

export function signedMsgJson(s: SignedMsg) {
  return { message: s.message, signature: writeProof(s.signature) }
}

export function writeSignedMsg(s: SignedMsg): string {
  return JSON.stringify(signedMsgJson(s))
}

export function readEncryptedMsg(v: unknown, b: Bounds): EncryptedMsg | null {
  if (!hasExactKeys(v, ['alpha', 'beta', 'data'])) return null
  const alpha = readNat(v.alpha, b.p)
  const beta = readNat(v.beta, b.p)
  if (alpha === null || beta === null) return null
  if (
    typeof v.data !== 'string' ||
    v.data.length > 2 * MAX_MESSAGE_BYTES ||
    !/^(?:[\da-f]{2})*$/.test(v.data)
  )
    return null
  return { alpha, beta, data: v.data }
}

export function writeEncryptedMsg(m: EncryptedMsg): string {
  return JSON.stringify({ alpha: writeNat(m.alpha), beta: writeNat(m.beta), data: m.data })
}

export function readCertKeys(v: unknown, b: Bounds): CertKeys | null {
  if (!hasExactKeys(v, ['verification', 'encryption'])) return null
  const verification = readNat(v.verification, b.p)
  const encryption = readNat(v.encryption, b.p)
  return verification === null || encryption === null ? null : { verification, encryption }
}

export function writeCertKeys(k: CertKeys): string {
  return JSON.stringify({ verification: writeNat(k.verification), encryption: writeNat(k.encryption) })
}

export function readTrusteePublicKey(v: unknown, b: Bounds): TrusteePublicKey | null {
  // `name` is optional in the .atd; we accept it and drop it (it is not covered by any proof).
  if (!hasExactKeys(v, ['pok', 'public_key'], ['name'])) return null
  if ('name' in v && typeof v.name !== 'string') return null
  const pok = readProof(v.pok, b)
  const public_key = readNat(v.public_key, b.p)
  return pok === null || public_key === null ? null : { pok, public_key }
}

export function trusteePublicKeyJson(k: TrusteePublicKey) {
  return { pok: writeProof(k.pok), public_key: writeNat(k.public_key) }
}

export function readPolynomial(v: unknown, b: Bounds): Polynomial | null {
  if (!hasExactKeys(v, ['polynomial', 'secrets', 'coefexps'])) return null
  if (typeof v.polynomial !== 'string') return null
  const secrets = readStringArray(v.secrets)
  const coefexps = readSignedMsg(v.coefexps, b)
  return secrets && coefexps ? { polynomial: v.polynomial, secrets, coefexps } : null
}

export function writePolynomial(p: Polynomial): string {
  return JSON.stringify({ polynomial: p.polynomial, secrets: p.secrets, coefexps: signedMsgJson(p.coefexps) })
}

export function readVinput(v: unknown, b: Bounds): Vinput | null {
  if (!hasExactKeys(v, ['polynomial', 'secrets', 'coefexps'])) return null
  if (typeof v.polynomial !== 'string') return null
  const secrets = readStringArray(v.secrets)
  if (!secrets || !Array.isArray(v.coefexps) || v.coefexps.length > MAX_TRUSTEES) return null
  const coefexps: SignedMsg[] = []
  for (const c of v.coefexps) {
    const s = readSignedMsg(c, b)
    if (!s) return null
    coefexps.push(s)
  }
  return { polynomial: v.polynomial, secrets, coefexps }
}

export function writeVinput(v: Vinput): string {
  return JSON.stringify({
    polynomial: v.polynomial,
    secrets: v.secrets,
    coefexps: v.coefexps.map(signedMsgJson),
  })
}

export function readVoutput(v: unknown, b: Bounds): Voutput | null {
  if (!hasExactKeys(v, ['private_key', 'public_key'])) return null
  if (typeof v.private_key !== 'string') return null
  const public_key = readTrusteePublicKey(v.public_key, b)
  return public_key ? { private_key: v.private_key, public_key } : null
}

export function writeVoutput(v: Voutput): string {
  return JSON.stringify({ private_key: v.private_key, public_key: trusteePublicKeyJson(v.public_key) })
}

export function thresholdParametersJson(t: ThresholdParameters) {
  return {
    threshold: t.threshold,
    certs: t.certs.map(signedMsgJson),
    coefexps: t.coefexps.map(signedMsgJson),
    verification_keys: t.verification_keys.map(trusteePublicKeyJson),
  }
}

export function writeThresholdParameters(t: ThresholdParameters): string {
  return JSON.stringify(thresholdParametersJson(t))
}

export function readThresholdParameters(v: unknown, b: Bounds): ThresholdParameters | null {
  if (!hasExactKeys(v, ['threshold', 'certs', 'coefexps', 'verification_keys'])) return null
  const { threshold, certs, coefexps, verification_keys } = v
  if (
    typeof threshold !== 'number' ||
    !Number.isInteger(threshold) ||
    threshold < 1 ||
    threshold > MAX_TRUSTEES
  )
    return null
  if (![certs, coefexps, verification_keys].every((a) => Array.isArray(a) && a.length <= MAX_TRUSTEES))
    return null
  const c = (certs as unknown[]).map((x) => readSignedMsg(x, b))
  const e = (coefexps as unknown[]).map((x) => readSignedMsg(x, b))
  const k = (verification_keys as unknown[]).map((x) => readTrusteePublicKey(x, b))
  if (c.some((x) => !x) || e.some((x) => !x) || k.some((x) => !x)) return null
  return {
    threshold,
    certs: c as SignedMsg[],
    coefexps: e as SignedMsg[],
    verification_keys: k as TrusteePublicKey[],
  }
}

// ---------------------------------------------------------------------------------------------
// Inner messages (signed or encrypted strings)

export function writeChannelMsg(recipient: bigint, message: string): string {
  return JSON.stringify({ recipient: writeNat(recipient), message })
}

export function readChannelMsg(text: string, b: Bounds): { recipient: bigint; message: string } | null {
  const v = parseJsonBounded(text)
  if (!hasExactKeys(v, ['recipient', 'message']) || typeof v.message !== 'string') return null
  const recipient = readNat(v.recipient, b.p)
  return recipient === null ? null : { recipient, message: v.message }
}

export function writeRawPolynomial(coefficients: bigint[]): string {
  return JSON.stringify({ polynomial: coefficients.map(writeNat) })
}

export function readRawPolynomial(text: string, b: Bounds): bigint[] | null {
  const v = parseJsonBounded(text)
  if (!hasExactKeys(v, ['polynomial']) || !Array.isArray(v.polynomial)) return null
  if (v.polynomial.length < 1 || v.polynomial.length > MAX_TRUSTEES) return null
  const out = v.polynomial.map((x) => readNat(x, b.q))
  return out.some((x) => x === null) ? null : (out as bigint[])
}

export function writeRawCoefexps(coefexps: bigint[]): string {
  return JSON.stringify({ coefexps: coefexps.map(writeNat) })
}

export function readRawCoefexps(text: string, b: Bounds): bigint[] | null {
  const v = parseJsonBounded(text)
  if (!hasExactKeys(v, ['coefexps']) || !Array.isArray(v.coefexps)) return null
  if (v.coefexps.length < 1 || v.coefexps.length > MAX_TRUSTEES) return null
  const out = v.coefexps.map((x) => readNat(x, b.p))
  return out.some((x) => x === null) ? null : (out as bigint[])
}

export function writeSecret(secret: bigint): string {
  return JSON.stringify({ secret: writeNat(secret) })
}

// belenios-tool 2.0 does not fully reduce f_i(j) (its eval_poly reduces each term, not the sum)
// nor S_j = Σ s_ij modulo q, so these two read numbers below MAX_TRUSTEES·q; they are only ever
// used as exponents of g, whose order is q.
const unreducedBound = (b: Bounds) => b.q * BigInt(MAX_TRUSTEES)

export function readSecret(text: string, b: Bounds): bigint | null {
  const v = parseJsonBounded(text)
  if (!hasExactKeys(v, ['secret'])) return null
  return readNat(v.secret, unreducedBound(b))
}

export function writePartialDecryptionKey(key: bigint): string {
  return JSON.stringify({ decryption_key: writeNat(key) })
}

export function readPartialDecryptionKey(text: string, b: Bounds): bigint | null {
  const v = parseJsonBounded(text)
  if (!hasExactKeys(v, ['decryption_key'])) return null
  return readNat(v.decryption_key, unreducedBound(b))
}
