// The threshold hooks of s30-cr's whole-record verifier (app/belenios/verify.ts, ThresholdHooks):
// the election key from Single keys and Pedersen groups, and the checked Lagrange combination of
// the partial decryptions. Isomorphic.

import type { Election } from '../election'
import type { Group } from '../group'
import { parsePartialDecryption } from '../partial-decryption'
import type { EncryptedTally } from '../tally'
import type { TrusteeKind as CoreTrusteeKind } from '../trustee-key'
import type { ThresholdHooks, VerifyError } from '../verify'
import { readThresholdParameters } from './codec'
import {
  checkTrusteesAndCombineKeys,
  combineFactors,
  type OwnedPartialDecryption,
  type TrusteeKind,
} from './decryption'

/** s30-cr's parsed trustees (Pedersen parameters kept as JSON) → ours, strictly re-read. */
function toThresholdTrustees(group: Group, trustees: readonly CoreTrusteeKind[]): TrusteeKind[] | null {
  const out: TrusteeKind[] = []
  for (const t of trustees) {
    if (t.kind === 'Single') {
      out.push({ kind: 'Single', key: { pok: t.key.pok, public_key: t.key.publicKey } })
    } else {
      const parameters = readThresholdParameters(t.parameters, group)
      if (!parameters) return null
      out.push({ kind: 'Pedersen', parameters })
    }
  }
  return out
}

const errorFor: Record<string, VerifyError> = {
  bad_owner: 'unknown_trustee',
  duplicate_partial_decryption: 'duplicate_partial_decryption',
  missing_partial_decryption: 'missing_partial_decryption',
  invalid_partial_decryption: 'invalid_proof',
  not_enough_partial_decryptions: 'missing_partial_decryption',
}

export const thresholdHooks: ThresholdHooks = {
  publicKey(group, trustees) {
    const ours = toThresholdTrustees(group, trustees)
    if (!ours) return null
    const combined = checkTrusteesAndCombineKeys(group, ours)
    return combined.ok ? combined.publicKey : null
  },
  combine(election: Election, tally: EncryptedTally, trustees, partialDecryptions) {
    const ours = toThresholdTrustees(election.group, trustees)
    if (!ours) return { ok: false, error: 'malformed' }
    const owned: OwnedPartialDecryption[] = []
    for (const { owner, json } of partialDecryptions) {
      const pd = parsePartialDecryption(election, tally, json)
      if (!pd) return { ok: false, error: 'malformed', index: owner }
      owned.push({ owner, partialDecryption: pd })
    }
    const combined = combineFactors(election, ours, tally, owned)
    if (combined.ok) return { ok: true, value: combined.factors }
    const index = 'owner' in combined ? combined.owner : undefined
    return index === undefined
      ? { ok: false, error: errorFor[combined.error]! }
      : { ok: false, error: errorFor[combined.error]!, index }
  },
}
