import { fromUtf8, parseOwned, parseSetupData, parseSizedEncryptedTally, type ArchiveEntry } from './events'
import { isRecord, parseJsonBounded } from './serialize'
import type { ElectionRecord } from './verify'

// The bridge from an archive's entries (app/belenios/archive.ts `readArchive`) to the record the
// verifier takes (app/belenios/verify.ts). The reader has checked the chain (hashes, links, the
// blocks each event brings, the order of phases); this reads the payloads and is strict about
// what the verifier relies on: exactly one Setup, first; at most one encrypted tally, with its
// sized wrapper naming it; partial decryptions owned by trustees 1..n, each at most once; at most
// one Result, and one required when the archive is said to be final; and, when the published last
// event hash is given, that the archive ends there (a prefix of a valid archive is itself valid:
// only the published hash tells a truncated one). Isomorphic.

export type ArchiveRecord = ElectionRecord & {
  ballots: string[]
  partialDecryptions: { owner: number; json: string }[]
}

export type RecordError =
  | 'no_events'
  | 'no_setup'
  | 'duplicate_setup'
  | 'unreadable_block'
  | 'unreadable_trustees'
  | 'bad_sized_tally'
  | 'duplicate_tally'
  | 'bad_owner'
  | 'duplicate_owner'
  | 'duplicate_result'
  | 'no_result'
  | 'last_event_mismatch'

export type RecordOptions = {
  /** The archive is said to be final (listed in a published result): it must hold its Result. */
  final?: boolean
  /** The last event hash published for the archive. */
  lastEventHash?: string
}

export type RecordOutcome =
  | { ok: true; value: ArchiveRecord }
  | { ok: false; error: RecordError; /** Height of the event at fault. */ at?: number }

/**
 * How many partial decryptions trustees.json calls for, i.e. the owners 1..n: one per Single
 * trustee, one per member of a Pedersen (threshold) group, numbered in order. Null when the text
 * is not a list of such trustees (the verifier then reports precisely what is wrong).
 */
export function trusteeSlots(trusteesJson: string): number | null {
  const json = parseJsonBounded(trusteesJson, 10_000_000)
  if (!Array.isArray(json) || json.length === 0) return null
  let n = 0
  for (const item of json) {
    if (!Array.isArray(item) || item.length !== 2) return null
    if (item[0] === 'Single') n += 1
    else if (item[0] === 'Pedersen' && isRecord(item[1]) && Array.isArray(item[1].verification_keys))
      n += item[1].verification_keys.length
    else return null
  }
  return n
}

export function recordOfEntries(
  entries: readonly ArchiveEntry[],
  options: RecordOptions = {},
): RecordOutcome {
  if (entries.length === 0) return { ok: false, error: 'no_events' }
  const last = entries[entries.length - 1]!
  if (options.lastEventHash !== undefined && options.lastEventHash !== last.hash)
    return { ok: false, error: 'last_event_mismatch', at: last.event.height }
  const texts: string[][] = []
  for (const entry of entries) {
    const row: string[] = []
    for (const block of entry.blocks) {
      const text = fromUtf8(block.bytes)
      if (text === null) return { ok: false, error: 'unreadable_block', at: entry.event.height }
      row.push(text)
    }
    texts.push(row)
  }
  const record: ArchiveRecord = {
    election: '',
    trustees: '',
    publicCredentials: '',
    ballots: [],
    partialDecryptions: [],
  }
  let slots = 0
  const owners = new Set<number>()
  for (const [i, { event, blocks }] of entries.entries()) {
    const at = event.height
    const data = texts[i]!
    const fail = (error: RecordError): RecordOutcome => ({ ok: false, error, at })
    // Each event's blocks are the ones it names (the reader's checkEntry); read by position.
    switch (event.type) {
      case 'Setup': {
        if (i !== 0) return fail('duplicate_setup')
        const setup = blocks.length === 4 ? parseSetupData(blocks[3]!.bytes) : null
        if (
          !setup ||
          setup.election !== blocks[0]!.hash ||
          setup.trustees !== blocks[1]!.hash ||
          setup.credentials !== blocks[2]!.hash
        )
          return fail('unreadable_block')
        record.election = data[0]!
        record.trustees = data[1]!
        record.publicCredentials = data[2]!
        const n = trusteeSlots(record.trustees)
        if (n === null) return fail('unreadable_trustees')
        slots = n
        break
      }
      case 'Ballot':
        if (blocks.length !== 1 || blocks[0]!.hash !== event.payload) return fail('unreadable_block')
        record.ballots.push(data[0]!)
        break
      case 'EncryptedTally': {
        if (record.encryptedTally !== undefined) return fail('duplicate_tally')
        const sized = blocks.length === 2 ? parseSizedEncryptedTally(blocks[1]!.bytes) : null
        if (!sized || sized.encryptedTally !== blocks[0]!.hash) return fail('bad_sized_tally')
        record.encryptedTally = data[0]!
        record.sizedEncryptedTally = data[1]!
        break
      }
      case 'PartialDecryption': {
        const owned = blocks.length === 2 ? parseOwned(blocks[1]!.bytes) : null
        if (!owned || owned.payload !== blocks[0]!.hash) return fail('unreadable_block')
        if (owned.owner < 1 || owned.owner > slots) return fail('bad_owner')
        if (owners.has(owned.owner)) return fail('duplicate_owner')
        owners.add(owned.owner)
        record.partialDecryptions.push({ owner: owned.owner, json: data[0]! })
        break
      }
      case 'Result':
        if (record.result !== undefined) return fail('duplicate_result')
        if (blocks.length !== 1 || blocks[0]!.hash !== event.payload) return fail('unreadable_block')
        record.result = data[0]!
        break
      default:
        // EndBallots carries nothing; shuffles (mixnets) are not used by Mutirão and the verifier
        // ignores them (their questions would be "non-homomorphic", which the election refuses).
        break
    }
    if (i === 0 && event.type !== 'Setup') return fail('no_setup')
  }
  if (options.final && record.result === undefined)
    return { ok: false, error: 'no_result', at: last.event.height }
  return { ok: true, value: record }
}
