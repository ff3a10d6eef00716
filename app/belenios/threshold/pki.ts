// Belenios 2.0's small public-key infrastructure for threshold key establishment (spec
// §"Public key infrastructure", "Certificates", "Channels"; OCaml MakePKI/MakeChannels in
// src/lib/v1/trustees.ml). Isomorphic: BigInt arithmetic from ../group, SHA-256 from ../hash,
// randomness from getRandomValues; the AES-CCM primitive is injected (aes-ccm.ts).
//
// A trustee keeps one secret: a 22-character base58 seed. From it come a signing key sk (with
// verification key g^sk) and a decryption key dk (with encryption key g^dk). Trustees talk to each
// other through the server, which only ever relays signed-then-encrypted strings.
//
// Timing: exponentiations by secret exponents use a plain square-and-multiply; nothing here
// branches on secrets in a way visible to the network (every verification runs to the end and
// returns a boolean). Constant-time arithmetic is out of scope for this session (ADR 032).

import { invMod, isGroupElement, mod, powMod, randomBelow, type Group } from '../group'
import { hashElements, sha256Hex } from '../hash'
import type { AesCcm } from './aes-ccm'
import {
  parseJsonBounded,
  readCertKeys,
  readChannelMsg,
  readEncryptedMsg,
  readSignedMsg,
  writeCertKeys,
  writeChannelMsg,
  writeEncryptedMsg,
  writeNat,
  writeSignedMsg,
  type CertKeys,
  type EncryptedMsg,
  type Proof,
  type SignedMsg,
  type TrusteePublicKey,
} from './codec'

export const SEED_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
export const SEED_LENGTH = 22
const SEED_PATTERN = /^[1-9A-HJ-NP-Za-km-z]{22}$/

/** True for a well-formed seed (what `setup generate-trustee-key-threshold --step 1` saves as .key). */
export function isSeed(seed: string): boolean {
  return SEED_PATTERN.test(seed)
}

/** A fresh seed: 22 base58 characters, each drawn uniformly (rejection sampling over bytes). */
export function generateSeed(): string {
  let out = ''
  const buf = new Uint8Array(64)
  while (out.length < SEED_LENGTH) {
    globalThis.crypto.getRandomValues(buf)
    for (const b of buf) {
      // 58 × 4 = 232: bytes ≥ 232 would bias the draw, so they are discarded.
      if (b < 232 && out.length < SEED_LENGTH) out += SEED_ALPHABET[b % 58]
    }
  }
  return out
}

/** SHA-256 of `text`, read as a big-endian number (no reduction), as Belenios's Z.of_hex. */
export function sha256Number(text: string): bigint {
  return BigInt('0x' + sha256Hex(text))
}

export type TrusteeKeys = { sk: bigint; dk: bigint; vk: bigint; ek: bigint }

/** sk = SHA256("sk|" + seed), dk = SHA256("dk|" + seed) (256-bit numbers, not reduced). */
export function deriveKeys(group: Group, seed: string): TrusteeKeys {
  const sk = sha256Number('sk|' + seed)
  const dk = sha256Number('dk|' + seed)
  return { sk, dk, vk: powMod(group.g, sk, group.p), ek: powMod(group.g, dk, group.p) }
}

// ---------------------------------------------------------------------------------------------
// Schnorr signatures (signed_msg)

export function sign(group: Group, sk: bigint, message: string): SignedMsg {
  const w = randomBelow(group.q)
  const commitment = powMod(group.g, w, group.p)
  const challenge = hashElements(group, `sigmsg|${message}|`, [commitment])
  const response = mod(w - sk * challenge, group.q)
  return { message, signature: { challenge, response } }
}

/** Checks a signature under `vk` (which must be a subgroup element). Never throws. */
export function verifySignature(group: Group, vk: bigint, signed: SignedMsg): boolean {
  const { challenge, response } = signed.signature
  if (!isGroupElement(group, vk)) return false
  if (challenge < 0n || challenge >= group.q || response < 0n || response >= group.q) return false
  const commitment = (powMod(group.g, response, group.p) * powMod(vk, challenge, group.p)) % group.p
  return hashElements(group, `sigmsg|${signed.message}|`, [commitment]) === challenge
}

// ---------------------------------------------------------------------------------------------
// Proof of knowledge of a private key (trustee_public_key), as in ordinary trustee keys.

export function proveKnowledge(group: Group, x: bigint): TrusteePublicKey {
  const publicKey = powMod(group.g, x, group.p)
  const w = randomBelow(group.q)
  const a = powMod(group.g, w, group.p)
  const challenge = hashElements(group, `pok|${group.name}|${writeNat(publicKey)}|`, [a])
  const response = mod(w - x * challenge, group.q)
  return { pok: { challenge, response }, public_key: publicKey }
}

export function checkKnowledge(group: Group, key: TrusteePublicKey): boolean {
  const y = key.public_key
  const { challenge, response }: Proof = key.pok
  if (!isGroupElement(group, y)) return false
  if (challenge < 0n || challenge >= group.q || response < 0n || response >= group.q) return false
  const a = (powMod(group.g, response, group.p) * powMod(y, challenge, group.p)) % group.p
  return hashElements(group, `pok|${group.name}|${writeNat(y)}|`, [a]) === challenge
}

// ---------------------------------------------------------------------------------------------
// ElGamal + AES-CCM encryption (encrypted_msg)

export async function encryptFor(
  group: Group,
  aes: AesCcm,
  ek: bigint,
  plaintext: string,
): Promise<EncryptedMsg> {
  const r = randomBelow(group.q)
  const s = randomBelow(group.q)
  const gs = powMod(group.g, s, group.p)
  const alpha = powMod(group.g, r, group.p)
  const beta = (powMod(ek, r, group.p) * gs) % group.p
  const key = sha256Hex(`key|${writeNat(gs)}`)
  const iv = sha256Hex(`iv|${writeNat(alpha)}`)
  return { alpha, beta, data: await aes.encrypt(key, iv, plaintext) }
}

/** Null when alpha/beta are not subgroup elements or the AES-CCM tag does not match. */
export async function decryptWith(
  group: Group,
  aes: AesCcm,
  dk: bigint,
  msg: EncryptedMsg,
): Promise<string | null> {
  if (!isGroupElement(group, msg.alpha) || !isGroupElement(group, msg.beta)) return null
  const gs = (msg.beta * invMod(powMod(msg.alpha, dk, group.p), group.p)) % group.p
  const key = sha256Hex(`key|${writeNat(gs)}`)
  const iv = sha256Hex(`iv|${writeNat(msg.alpha)}`)
  return aes.decrypt(key, iv, msg.data)
}

// ---------------------------------------------------------------------------------------------
// Certificates

/** The certificate of a seed: cert_keys {verification, encryption} signed with sk. */
export function makeCertificate(group: Group, seed: string): SignedMsg {
  const keys = deriveKeys(group, seed)
  return sign(group, keys.sk, writeCertKeys({ verification: keys.vk, encryption: keys.ek }))
}

/** The keys of a certificate if its content is well formed, its keys are subgroup elements and
 * it is signed with its own verification key; null otherwise. */
export function checkCertificate(group: Group, cert: SignedMsg): CertKeys | null {
  const keys = readCertKeys(parseJsonBounded(cert.message), group)
  if (!keys) return null
  if (!isGroupElement(group, keys.verification) || !isGroupElement(group, keys.encryption)) return null
  return verifySignature(group, keys.verification, cert) ? keys : null
}

export function readCertificate(group: Group, text: string): SignedMsg | null {
  return readSignedMsg(parseJsonBounded(text), group)
}

// ---------------------------------------------------------------------------------------------
// Channels: send(sk, recipient, message) = encrypt(recipient, signed_msg(channel_msg))

/** Returns the serialised encrypted_msg string that travels through the server. */
export async function send(
  group: Group,
  aes: AesCcm,
  sk: bigint,
  recipient: bigint,
  message: string,
): Promise<string> {
  const signed = sign(group, sk, writeChannelMsg(recipient, message))
  return writeEncryptedMsg(await encryptFor(group, aes, recipient, writeSignedMsg(signed)))
}

export type RecvError = 'undecryptable' | 'bad_signature' | 'wrong_recipient' | 'malformed'

/** Opens a channel message with our decryption key, checks the sender's signature under
 * `senderVk` and that it was addressed to us. */
export async function receive(
  group: Group,
  aes: AesCcm,
  dk: bigint,
  senderVk: bigint,
  text: string,
): Promise<{ ok: true; message: string } | { ok: false; error: RecvError }> {
  const encrypted = readEncryptedMsg(parseJsonBounded(text), group)
  if (!encrypted) return { ok: false, error: 'malformed' }
  const plain = await decryptWith(group, aes, dk, encrypted)
  if (plain === null) return { ok: false, error: 'undecryptable' }
  const signed = readSignedMsg(parseJsonBounded(plain), group)
  if (!signed) return { ok: false, error: 'malformed' }
  if (!verifySignature(group, senderVk, signed)) return { ok: false, error: 'bad_signature' }
  const channel = readChannelMsg(signed.message, group)
  if (!channel) return { ok: false, error: 'malformed' }
  if (channel.recipient !== powMod(group.g, dk, group.p)) return { ok: false, error: 'wrong_recipient' }
  return { ok: true, message: channel.message }
}
