// Election result of Belenios 2.0 (spec §"Election result"), plain (non-threshold) case: the
// synthetic factor of each ciphertext is the product of the single trustees' decryption factors;
// the count is the discrete logarithm of beta/F, bounded by the number of tallied ballots.
// Result JSON as `belenios-tool election compute-result` prints it: {"result":[[…],…]}. Isomorphic.
import type { Election } from './election'
import { type Group, divG, mulG } from './group'
import { canonicalJson, hasExactKeys, isRecord, parseJsonBounded } from './serialize'
import type { EncryptedTally } from './tally'

export type Result = number[][]

/** Discrete logarithms base g of the given values, each in [0, max]; null for a value outside. */
export function boundedDlogs(group: Group, values: readonly bigint[], max: number): (number | null)[] {
  const wanted = new Map<bigint, number[]>()
  values.forEach((v, i) => wanted.set(v, [...(wanted.get(v) ?? []), i]))
  const out: (number | null)[] = values.map(() => null)
  let found = 0
  let x = 1n
  for (let k = 0; k <= max && found < values.length; k++) {
    const idx = wanted.get(x)
    if (idx) {
      for (const i of idx) out[i] = k
      found += idx.length
      wanted.delete(x)
    }
    x = mulG(group, x, group.g)
  }
  return out
}

/** Product of the factors of every trustee (each factor table shaped like the tally). */
export function combineFactors(group: Group, factorTables: readonly bigint[][][]): bigint[][] {
  const [first, ...rest] = factorTables
  if (!first) throw new Error('combineFactors: no partial decryption')
  return first.map((row, i) => row.map((f, j) => rest.reduce((acc, t) => mulG(group, acc, t[i]![j]!), f)))
}

/**
 * Decrypts the tally with combined factors; error when a count is not in [0, numTallied] (wrong
 * factors or a tally that does not match).
 */
export function decryptTally(
  election: Election,
  tally: EncryptedTally,
  combinedFactors: bigint[][],
  numTallied: number,
): { ok: true; value: Result; json: string } | { ok: false; error: 'dlog_out_of_range' } {
  const { group } = election
  const flat: bigint[] = []
  tally.forEach((row, i) => row.forEach((c, j) => flat.push(divG(group, c.beta, combinedFactors[i]![j]!))))
  const logs = boundedDlogs(group, flat, numTallied)
  if (logs.some((l) => l === null)) return { ok: false, error: 'dlog_out_of_range' }
  let k = 0
  const result = tally.map((row) => row.map(() => logs[k++]!))
  return { ok: true, value: result, json: serializeResult(result) }
}

export function serializeResult(result: Result): string {
  return canonicalJson({ result })
}

/** Parses {"result": [[n, …], …]} with non-negative integer counts shaped like the tally. */
export function parseResult(tally: EncryptedTally, raw: unknown): Result | null {
  const json = parseJsonBounded(raw, 64 + 24 * tally.reduce((n, r) => n + r.length, 0))
  if (!isRecord(json) || !hasExactKeys(json, ['result']) || !Array.isArray(json.result)) return null
  if (json.result.length !== tally.length) return null
  const out: Result = []
  for (let i = 0; i < tally.length; i++) {
    const row = json.result[i] as unknown
    if (!Array.isArray(row) || row.length !== tally[i]!.length) return null
    if (!row.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null
    out.push(row as number[])
  }
  return out
}
