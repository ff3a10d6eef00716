// A trustee's partial decryption of an encrypted tally (spec §"Partial decryptions"): decryption
// factors alpha^x with proofs (challenge = H("decrypt|" φ "|" X "|", [g^w, alpha^w])), as
// `belenios-tool election decrypt` prints them, and their verification. Isomorphic: the trustee's
// browser can compute it without the private key leaving the device.
import { type Proof, parseGroupElement, parseProofs, proofToJson } from './elgamal'
import type { Election } from './election'
import { gPow, powMod } from './group'
import { proveEqualDlogs, verifyEqualDlogs } from './proofs'
import { sha256Hex } from './hash'
import { canonicalJson, hasExactKeys, isRecord, parseJsonBounded } from './serialize'
import type { EncryptedTally } from './tally'

export type PartialDecryption = { factors: bigint[][]; proofs: Proof[][] }

function decryptPrefix(election: Election, X: bigint): string {
  return `decrypt|${election.fingerprint}|${X}|`
}

export function computePartialDecryption(
  election: Election,
  tally: EncryptedTally,
  privateKey: bigint,
): { value: PartialDecryption; json: string } {
  const { group } = election
  const prefix = decryptPrefix(election, gPow(group, privateKey))
  const factors = tally.map((row) => row.map((c) => powMod(c.alpha, privateKey, group.p)))
  const proofs = tally.map((row) => row.map((c) => proveEqualDlogs(group, privateKey, c.alpha, prefix)))
  const value = { factors, proofs }
  return { value, json: serializePartialDecryption(value) }
}

export function serializePartialDecryption(pd: PartialDecryption): string {
  return canonicalJson({
    decryption_factors: pd.factors.map((row) => row.map((f) => f.toString(10))),
    decryption_proofs: pd.proofs.map((row) => row.map(proofToJson)),
  })
}

/** The owned_partial_decryption payload: trustee number (1-based) and the hex hash of the JSON. */
export function serializeOwnedPartialDecryption(owner: number, partialDecryptionJson: string): string {
  return canonicalJson({ owner, payload: sha256Hex(partialDecryptionJson) })
}

/** Parses a partial decryption shaped like `tally` (subgroup factors, proofs below q). */
export function parsePartialDecryption(
  election: Election,
  tally: EncryptedTally,
  raw: unknown,
): PartialDecryption | null {
  const { group } = election
  const cells = tally.reduce((n, row) => n + row.length, 0)
  const json = parseJsonBounded(raw, 1024 + 1024 * cells)
  if (!isRecord(json) || !hasExactKeys(json, ['decryption_factors', 'decryption_proofs'])) return null
  const { decryption_factors: df, decryption_proofs: dp } = json
  if (!Array.isArray(df) || !Array.isArray(dp)) return null
  if (df.length !== tally.length || dp.length !== tally.length) return null
  const factors: bigint[][] = []
  const proofs: Proof[][] = []
  for (let i = 0; i < tally.length; i++) {
    const fRow = df[i] as unknown
    if (!Array.isArray(fRow) || fRow.length !== tally[i]!.length) return null
    const row: bigint[] = []
    for (const f of fRow) {
      const v = parseGroupElement(group, f)
      if (v === null) return null
      row.push(v)
    }
    factors.push(row)
    const pRow = parseProofs(group, dp[i], tally[i]!.length)
    if (!pRow) return null
    proofs.push(pRow)
  }
  return { factors, proofs }
}

/** Checks every decryption proof against the trustee's public key X. */
export function verifyPartialDecryption(
  election: Election,
  tally: EncryptedTally,
  X: bigint,
  pd: PartialDecryption,
): boolean {
  const prefix = decryptPrefix(election, X)
  return tally.every((row, i) =>
    row.every((c, j) =>
      verifyEqualDlogs(election.group, X, c.alpha, pd.factors[i]![j]!, prefix, pd.proofs[i]![j]!),
    ),
  )
}
