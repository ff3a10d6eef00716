// Hashes as Belenios 2.0 computes them (spec §"Messages", "Ballots"): SHA-256 over the UTF-8
// bytes of a string; fingerprints in Base64 without padding ("Base64Compact", what
// `belenios-tool sha256-b64` prints); Fiat–Shamir challenges as the digest read as a big-endian
// number reduced modulo q. Isomorphic: @noble/hashes, no Buffer.
import { sha256 } from '@noble/hashes/sha256'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import type { Group } from './group'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard Base64 alphabet, no '=' padding. */
export function bytesToBase64Compact(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]!
  }
  return out
}

export function sha256Bytes(text: string): Uint8Array {
  return sha256(utf8ToBytes(text))
}

/** Hex SHA-256 of the UTF-8 bytes of `text` (archive file names, setup_data hashes). */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256Bytes(text))
}

/** Base64 (no padding) SHA-256 of the UTF-8 bytes of `text`: `belenios-tool sha256-b64`. */
export function sha256B64(text: string): string {
  return bytesToBase64Compact(sha256Bytes(text))
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let x = 0n
  for (const byte of bytes) x = (x << 8n) | BigInt(byte)
  return x
}

/** SHA-256 of `text` read as a 256-bit big-endian number, reduced modulo q. */
export function hashToZq(group: Group, text: string): bigint {
  return bytesToBigInt(sha256Bytes(text)) % group.q
}

/**
 * Belenios' Fiat–Shamir oracle (G.hash in its source): `prefix` followed by the group elements in
 * base 10 separated by commas, hashed and reduced modulo q.
 */
export function hashElements(group: Group, prefix: string, elements: readonly bigint[]): bigint {
  return hashToZq(group, prefix + elements.map((x) => x.toString(10)).join(','))
}
