// Voter credentials of Belenios 2.0 (spec §"Credentials"): a private credential is 15 base-58
// characters, written XXX-XXX-XXX-XXX-XXX, whose last one is a checksum; its secret exponent is
// PBKDF2-HMAC-SHA256(password = the credential as written, salt = election uuid, 1000 iterations,
// 32 bytes) read big-endian modulo q; the public credential is g^secret. Isomorphic.
import { pbkdf2 } from '@noble/hashes/pbkdf2'
import { sha256 } from '@noble/hashes/sha256'
import { utf8ToBytes } from '@noble/hashes/utils'
import { type Group, gPow, randomBelow } from './group'
import { bytesToBigInt } from './hash'
import { parseBigIntStrict } from './serialize'
import { parseGroupElement } from './elgamal'

export const BASE58_DIGITS = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const TOKEN_LENGTH = 14

function format(raw15: string): string {
  return [0, 3, 6, 9, 12].map((i) => raw15.slice(i, i + 3)).join('-')
}

function checksumDigit(value: bigint): string {
  return BASE58_DIGITS[53 - Number(value % 53n)]!
}

/** A new random private credential, in the tool's XXX-XXX-XXX-XXX-XXX form with its checksum. */
export function generateCredential(): string {
  let raw = ''
  let value = 0n
  for (let i = 0; i < TOKEN_LENGTH; i++) {
    const digit = randomBelow(58n)
    raw += BASE58_DIGITS[Number(digit)]
    value = value * 58n + digit
  }
  return format(raw + checksumDigit(value))
}

function checkRaw(raw15: string): boolean {
  let value = 0n
  for (let i = 0; i < TOKEN_LENGTH; i++) {
    const digit = BASE58_DIGITS.indexOf(raw15[i]!)
    if (digit < 0) return false
    value = value * 58n + BigInt(digit)
  }
  const checksum = BASE58_DIGITS.indexOf(raw15[TOKEN_LENGTH]!)
  return checksum >= 0 && (value + BigInt(checksum)) % 53n === 0n
}

/**
 * True iff `credential` is a well-formed private credential (either form) with a correct
 * checksum: catches most typing mistakes before anything is derived from it.
 */
export function isValidCredential(credential: string): boolean {
  if (credential.length === 15) return checkRaw(credential)
  if (credential.length === 19) {
    if (![3, 7, 11, 15].every((i) => credential[i] === '-')) return false
    return checkRaw(credential.replace(/-/g, ''))
  }
  return false
}

/** Secret exponent of a private credential for the election `uuid`. */
export function credentialSecret(group: Group, uuid: string, credential: string): bigint {
  const derived = pbkdf2(sha256, utf8ToBytes(credential), utf8ToBytes(uuid), { c: 1000, dkLen: 32 })
  return bytesToBigInt(derived) % group.q
}

/** Public credential g^secret. */
export function publicCredential(group: Group, uuid: string, credential: string): bigint {
  return gPow(group, credentialSecret(group, uuid, credential))
}

export type PublicCredential = { credential: bigint; weight: bigint }

/**
 * Parses the public_credentials list (spec: JSON strings, "credential" or "credential,weight").
 * Every credential must be a subgroup element other than 1 and appear once; weights must be
 * positive.
 */
export function parsePublicCredentials(
  group: Group,
  json: unknown,
  maxCount = 1_000_000,
): PublicCredential[] | null {
  if (!Array.isArray(json) || json.length > maxCount) return null
  const seen = new Set<bigint>()
  const out: PublicCredential[] = []
  for (const item of json) {
    if (typeof item !== 'string') return null
    const comma = item.indexOf(',')
    const credential = parseGroupElement(group, comma < 0 ? item : item.slice(0, comma))
    const weight = comma < 0 ? 1n : parseBigIntStrict(item.slice(comma + 1))
    // 1 = g^0 would be a credential whose secret everybody knows (Belenios does not refuse it; we do)
    if (credential === null || credential === 1n || weight === null || weight === 0n) return null
    if (seen.has(credential)) return null
    seen.add(credential)
    out.push({ credential, weight })
  }
  return out
}
