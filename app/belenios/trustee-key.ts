// Single-trustee keys of Belenios 2.0 (spec §"Verification keys", §"Trustees"): a private key x
// in Z_q, the public key X = g^x with a proof of knowledge (challenge = H("pok|G|X|", A)), the
// trustees.json list and the election public key (product of the trustees' keys). Formats are
// those of `belenios-tool setup generate-trustee-key` (.privkey: a JSON string of x; .pubkey: the
// trustee_public_key object). Threshold ("Pedersen") trustees are s30-th's (app/belenios/threshold).
// Isomorphic.
import { type Proof, parseGroupElement, parseProof, proofToJson } from './elgamal'
import { type Group, gPow, mulG, randomZq } from './group'
import { proveDlog, verifyDlog } from './proofs'
import { canonicalJson, hasExactKeys, isRecord, parseBigIntStrict, parseJsonBounded } from './serialize'

export type TrusteePublicKey = { pok: Proof; publicKey: bigint; name?: string }

export type TrusteeKind =
  | { kind: 'Single'; key: TrusteePublicKey }
  /** Threshold parameters, kept as parsed JSON for app/belenios/threshold. */
  | { kind: 'Pedersen'; parameters: unknown }

function pokPrefix(group: Group, X: bigint): string {
  return `pok|${group.name}|${X}|`
}

/** A new trustee key pair, with the two files the tool would write. */
export function generateTrusteeKey(group: Group): {
  privateKey: bigint
  publicKey: TrusteePublicKey
  privateKeyJson: string
  publicKeyJson: string
} {
  const privateKey = randomZq(group)
  const publicKey = trusteePublicKeyFor(group, privateKey)
  return {
    privateKey,
    publicKey,
    privateKeyJson: JSON.stringify(privateKey.toString(10)),
    publicKeyJson: serializeTrusteePublicKey(publicKey),
  }
}

/** X = g^x with a fresh proof of knowledge. */
export function trusteePublicKeyFor(group: Group, x: bigint): TrusteePublicKey {
  const X = gPow(group, x)
  return { pok: proveDlog(group, x, pokPrefix(group, X)), publicKey: X }
}

export function trusteePublicKeyToJson(k: TrusteePublicKey) {
  return { pok: proofToJson(k.pok), public_key: k.publicKey.toString(10), name: k.name }
}

export function serializeTrusteePublicKey(k: TrusteePublicKey): string {
  return canonicalJson(trusteePublicKeyToJson(k))
}

/** Checks the proof of knowledge (the key must already be a subgroup element, as parsing ensures). */
export function verifyTrusteePublicKey(group: Group, k: TrusteePublicKey): boolean {
  return verifyDlog(group, k.publicKey, pokPrefix(group, k.publicKey), k.pok)
}

/** Parses a trustee_public_key object (from a .pubkey file or trustees.json); null if malformed. */
export function parseTrusteePublicKey(group: Group, x: unknown): TrusteePublicKey | null {
  if (!isRecord(x) || !hasExactKeys(x, ['pok', 'public_key'], ['name'])) return null
  const pok = parseProof(group, x.pok)
  const publicKey = parseGroupElement(group, x.public_key)
  if (!pok || publicKey === null) return null
  if (x.name !== undefined && typeof x.name !== 'string') return null
  const k: TrusteePublicKey = { pok, publicKey }
  if (typeof x.name === 'string') k.name = x.name
  return k
}

/** Parses a .privkey file's text (a JSON string holding x in base 10). */
export function parsePrivateKey(group: Group, text: string): bigint | null {
  const json = parseJsonBounded(text.trim(), 200)
  const x = parseBigIntStrict(json, group.q)
  return x === null || x === 0n ? null : x
}

/** Parses trustees.json: a list of ["Single", key] or ["Pedersen", parameters]. */
export function parseTrustees(group: Group, raw: unknown, maxLength = 10_000_000): TrusteeKind[] | null {
  const json = parseJsonBounded(raw, maxLength)
  // Bounded as the threshold module bounds members: each Pedersen item costs O(n²·t) exponentiations.
  if (!Array.isArray(json) || json.length === 0 || json.length > 64) return null
  const out: TrusteeKind[] = []
  for (const item of json) {
    if (!Array.isArray(item) || item.length !== 2) return null
    if (item[0] === 'Single') {
      const key = parseTrusteePublicKey(group, item[1])
      if (!key) return null
      out.push({ kind: 'Single', key })
    } else if (item[0] === 'Pedersen') {
      out.push({ kind: 'Pedersen', parameters: item[1] as unknown })
    } else return null
  }
  return out
}

/** trustees.json for single trustees, as `setup make-trustees` writes it. */
export function serializeSingleTrustees(keys: readonly TrusteePublicKey[]): string {
  return canonicalJson(keys.map((k) => ['Single', trusteePublicKeyToJson(k)]))
}

/**
 * Election public key from single trustees: the product of their keys. Null when a trustee is
 * not "Single" (combine with app/belenios/threshold for those) or a proof fails.
 */
export function electionPublicKeyFromTrustees(group: Group, trustees: readonly TrusteeKind[]): bigint | null {
  let y = 1n
  for (const t of trustees) {
    if (t.kind !== 'Single' || !verifyTrusteePublicKey(group, t.key)) return null
    y = mulG(group, y, t.key.publicKey)
  }
  return y
}
