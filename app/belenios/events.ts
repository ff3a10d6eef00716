import { sha256 } from '@noble/hashes/sha256'

// The Belenios 2.0 event model (specification "Public data"; OCaml src/lib/core/events.ml,
// archive.ml, serializable.atd), isomorphic: the server appends events as voting goes on, the
// browser or an observer can recompute every hash.
//
// An archive is a header and a chain of events. Each event names its predecessor by hash
// (`parent`, absent on the first) and its position (`height`, 0 on the first), and may name a
// payload: a data block, itself JSON, stored in the archive just before the event. Some payloads
// reference further blocks by hash (setup data → election, trustees, credentials; sized encrypted
// tally → encrypted tally; owned → partial decryption or shuffle).
//
// Hashes are SHA-256 in lowercase hex over the exact bytes of a block; nothing is ever
// re-serialised once hashed, so we keep the bytes (`Uint8Array`) beside any parsed view.
// An `ArchiveEntry` (one event and the blocks it brings) is the unit stored as a database row:
// height (= sequence), type, hash, parent, event bytes and its blocks.

export const EVENT_TYPES = [
  'Setup',
  'Ballot',
  'EndBallots',
  'EncryptedTally',
  'Shuffle',
  'EndShuffles',
  'PartialDecryption',
  'Result',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** One event, field order as serializable.atd: parent?, height, type, payload?. */
export type BeleniosEvent = {
  parent: string | null
  height: number
  type: EventType
  payload: string | null
}

/** A data block: its SHA-256 (hex) and its exact bytes. */
export type DataBlock = { hash: string; bytes: Uint8Array }

/**
 * One event with the data blocks written right before it, in the tool's canonical order:
 * Setup: election, trustees, public credentials, setup data; Ballot: ballot; EndBallots and
 * EndShuffles: none; EncryptedTally: encrypted tally, sized encrypted tally; Shuffle and
 * PartialDecryption: the shuffle/partial decryption, its `owned` wrapper; Result: result.
 */
export type ArchiveEntry = {
  event: BeleniosEvent
  /** SHA-256 of `eventBytes`: what the next event's `parent` names. */
  hash: string
  eventBytes: Uint8Array
  blocks: DataBlock[]
}

/** The archive header (file `BELENIOS`): version 1 and the election's start, in seconds. */
export type ArchiveHeader = { version: 1; timestamp: number }

export type SetupData = { election: string; trustees: string; credentials: string }

/** The pointers the tool keeps while reading (events.ml `roots`). */
export type Roots = {
  setupData: string | null
  lastBallotEvent: string | null
  encryptedTally: string | null
  lastShuffleEvent: string | null
  lastPdEvent: string | null
  result: string | null
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

/** Decodes UTF-8 strictly; null when the bytes are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes)
  } catch {
    return null
  }
}

const HEX = '0123456789abcdef'
function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += HEX[b >> 4] + HEX[b & 15]
  return out
}

/** SHA-256 in lowercase hex, as the tool's `Hash.hash_string`, over bytes or a string's UTF-8. */
export function hashHex(data: Uint8Array | string): string {
  return toHex(sha256(typeof data === 'string' ? utf8(data) : data))
}

export function isHash(x: unknown): x is string {
  return typeof x === 'string' && /^[0-9a-f]{64}$/.test(x)
}

export function dataBlock(data: Uint8Array | string): DataBlock {
  const bytes = typeof data === 'string' ? utf8(data) : data
  return { hash: hashHex(bytes), bytes }
}

// ---------------------------------------------------------------------------------------------
// Serialisation exactly as atdgen prints these records: compact JSON, fields in .atd order,
// optional fields left out when absent. Hashes and type names never need JSON escaping.

export function serializeEvent(event: BeleniosEvent): string {
  const parts: string[] = []
  if (event.parent !== null) parts.push(`"parent":"${event.parent}"`)
  parts.push(`"height":${event.height}`)
  parts.push(`"type":"${event.type}"`)
  if (event.payload !== null) parts.push(`"payload":"${event.payload}"`)
  return `{${parts.join(',')}}`
}

/** The header as the tool writes it: its int64 timestamp is a JSON string. */
export function serializeArchiveHeader(header: ArchiveHeader): string {
  return `{"version":${header.version},"timestamp":"${header.timestamp}"}`
}

export function serializeSetupData(setup: SetupData): string {
  return `{"election":"${setup.election}","trustees":"${setup.trustees}","credentials":"${setup.credentials}"}`
}

/** `owned` wrapper of a partial decryption or shuffle (owner = trustee id, 1-based). */
export function serializeOwned(owner: number, payload: string): string {
  return `{"owner":${owner},"payload":"${payload}"}`
}

/** Weights as Belenios writes them: a JSON number up to 2^30 - 1, a string above. */
export function serializeWeight(weight: bigint): string {
  return weight <= 1073741823n ? weight.toString() : `"${weight.toString()}"`
}

/** The sized encrypted tally block: counts and the hash of the encrypted tally it names. */
export type SizedEncryptedTally = {
  numTallied: number
  /** The sum of the tallied ballots' weights (= numTallied with weights 1). */
  totalWeight: bigint
  /** Hex SHA-256 of the encrypted tally's JSON (its archive payload hash). */
  encryptedTally: string
}

export function serializeSizedEncryptedTally(sized: SizedEncryptedTally): string {
  return `{"num_tallied":${sized.numTallied},"total_weight":${serializeWeight(sized.totalWeight)},"encrypted_tally":"${sized.encryptedTally}"}`
}

// ---------------------------------------------------------------------------------------------
// Parsing. Every parser is strict: the text must be exactly what the serialiser above prints
// (so the hash we compute is the hash the tool computes), and never throws.

/** Largest JSON text a parser here accepts (events, headers, setup data are ~200 bytes). */
const SMALL_JSON_MAX = 4096

function parseSmallJson(bytes: Uint8Array): unknown {
  if (bytes.length > SMALL_JSON_MAX) return undefined
  const text = fromUtf8(bytes)
  if (text === null) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function sameText(bytes: Uint8Array, text: string): boolean {
  const expected = utf8(text)
  if (expected.length !== bytes.length) return false
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== expected[i]) return false
  return true
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** Parses an event; null unless it is a canonical Belenios event. */
export function parseEvent(bytes: Uint8Array): BeleniosEvent | null {
  const json = parseSmallJson(bytes)
  if (!isRecord(json)) return null
  const { parent, height, type, payload } = json
  if (parent !== undefined && !isHash(parent)) return null
  if (payload !== undefined && !isHash(payload)) return null
  if (typeof height !== 'number' || !Number.isSafeInteger(height) || height < 0) return null
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) return null
  const event: BeleniosEvent = {
    parent: parent ?? null,
    height,
    type: type as EventType,
    payload: payload ?? null,
  }
  return sameText(bytes, serializeEvent(event)) ? event : null
}

export function parseArchiveHeader(bytes: Uint8Array): ArchiveHeader | null {
  const json = parseSmallJson(bytes)
  if (!isRecord(json) || json.version !== 1 || typeof json.timestamp !== 'string') return null
  if (!/^(?:0|[1-9]\d{0,15})$/.test(json.timestamp)) return null
  const header: ArchiveHeader = { version: 1, timestamp: Number(json.timestamp) }
  if (!Number.isSafeInteger(header.timestamp)) return null
  return sameText(bytes, serializeArchiveHeader(header)) ? header : null
}

export function parseSetupData(bytes: Uint8Array): SetupData | null {
  const json = parseSmallJson(bytes)
  if (!isRecord(json)) return null
  const { election, trustees, credentials } = json
  if (!isHash(election) || !isHash(trustees) || !isHash(credentials)) return null
  const setup = { election, trustees, credentials }
  return sameText(bytes, serializeSetupData(setup)) ? setup : null
}

/** The hash an `owned` block (partial decryption, shuffle) wraps, and its owner. */
export function parseOwned(bytes: Uint8Array): { owner: number; payload: string } | null {
  const json = parseSmallJson(bytes)
  if (!isRecord(json)) return null
  const { owner, payload } = json
  if (typeof owner !== 'number' || !Number.isSafeInteger(owner) || owner < 0 || !isHash(payload)) return null
  return sameText(bytes, serializeOwned(owner, payload)) ? { owner, payload } : null
}

/** The encrypted tally a sized encrypted tally names, with its counts. */
export function parseSizedEncryptedTally(bytes: Uint8Array): SizedEncryptedTally | null {
  const json = parseSmallJson(bytes)
  if (!isRecord(json)) return null
  const { num_tallied: numTallied, total_weight: weight, encrypted_tally: encryptedTally } = json
  if (typeof numTallied !== 'number' || !Number.isSafeInteger(numTallied) || numTallied < 0) return null
  if (!isHash(encryptedTally)) return null
  let totalWeight: bigint
  if (typeof weight === 'number' && Number.isSafeInteger(weight) && weight >= 0) totalWeight = BigInt(weight)
  else if (typeof weight === 'string' && /^(?:0|[1-9]\d{0,40})$/.test(weight)) totalWeight = BigInt(weight)
  else return null
  const sized = { numTallied, totalWeight, encryptedTally }
  return sameText(bytes, serializeSizedEncryptedTally(sized)) ? sized : null
}

// ---------------------------------------------------------------------------------------------
// Building the next entry. `previous` is the last entry of the archive (null for Setup).

export type ChainTip = { hash: string; height: number } | null

export function tipOf(entry: ArchiveEntry | null): ChainTip {
  return entry ? { hash: entry.hash, height: entry.event.height } : null
}

/** The event that follows `previous`, with its bytes and hash. */
export function nextEvent(
  previous: ChainTip,
  type: EventType,
  payload: string | null,
  blocks: DataBlock[] = [],
): ArchiveEntry {
  const event: BeleniosEvent = {
    parent: previous ? previous.hash : null,
    height: previous ? previous.height + 1 : 0,
    type,
    payload,
  }
  const eventBytes = utf8(serializeEvent(event))
  return { event, hash: hashHex(eventBytes), eventBytes, blocks }
}

type Bytes = Uint8Array | string

/** The first entry: the three setup files (exact bytes) and the setup data naming them. */
export function setupEntry(files: { election: Bytes; trustees: Bytes; credentials: Bytes }): ArchiveEntry {
  const election = dataBlock(files.election)
  const trustees = dataBlock(files.trustees)
  const credentials = dataBlock(files.credentials)
  const setup = dataBlock(
    serializeSetupData({ election: election.hash, trustees: trustees.hash, credentials: credentials.hash }),
  )
  return nextEvent(null, 'Setup', setup.hash, [election, trustees, credentials, setup])
}

export function ballotEntry(previous: ChainTip, ballot: Bytes): ArchiveEntry {
  const block = dataBlock(ballot)
  return nextEvent(previous, 'Ballot', block.hash, [block])
}

export function endBallotsEntry(previous: ChainTip): ArchiveEntry {
  return nextEvent(previous, 'EndBallots', null)
}

export function endShufflesEntry(previous: ChainTip): ArchiveEntry {
  return nextEvent(previous, 'EndShuffles', null)
}

export function encryptedTallyEntry(
  previous: ChainTip,
  tally: { encryptedTally: Bytes; numTallied: number; totalWeight: bigint },
): ArchiveEntry {
  const et = dataBlock(tally.encryptedTally)
  const sized = dataBlock(
    serializeSizedEncryptedTally({
      numTallied: tally.numTallied,
      totalWeight: tally.totalWeight,
      encryptedTally: et.hash,
    }),
  )
  return nextEvent(previous, 'EncryptedTally', sized.hash, [et, sized])
}

/** A partial decryption (or shuffle) by trustee `owner` (1-based, as the tool numbers them). */
export function ownedEntry(
  previous: ChainTip,
  type: 'PartialDecryption' | 'Shuffle',
  owner: number,
  content: Bytes,
): ArchiveEntry {
  const inner = dataBlock(content)
  const owned = dataBlock(serializeOwned(owner, inner.hash))
  return nextEvent(previous, type, owned.hash, [inner, owned])
}

export function resultEntry(previous: ChainTip, result: Bytes): ArchiveEntry {
  const block = dataBlock(result)
  return nextEvent(previous, 'Result', block.hash, [block])
}

export const EMPTY_ROOTS: Roots = {
  setupData: null,
  lastBallotEvent: null,
  encryptedTally: null,
  lastShuffleEvent: null,
  lastPdEvent: null,
  result: null,
}

/** events.ml `update_roots`: the pointers after `entry`. */
export function updateRoots(roots: Roots, entry: ArchiveEntry): Roots {
  const { event, hash } = entry
  switch (event.type) {
    case 'Ballot':
      return { ...roots, lastBallotEvent: hash }
    case 'PartialDecryption':
      return { ...roots, lastPdEvent: hash }
    case 'Shuffle':
      return { ...roots, lastShuffleEvent: hash }
    case 'Setup':
      return { ...roots, setupData: event.payload }
    case 'EncryptedTally':
      return { ...roots, encryptedTally: event.payload }
    case 'Result':
      return { ...roots, result: event.payload }
    default:
      return roots
  }
}

// ---------------------------------------------------------------------------------------------
// Checking one entry against its predecessor: the chain link and the blocks it must bring.

export type EntryError =
  | 'broken_chain' // parent or height does not follow the previous event
  | 'bad_event_order' // e.g. a Ballot after EndBallots, two Setups, a Result before the tally
  | 'missing_data' // the blocks before the event are not the ones it references
  | 'bad_payload' // setup data, sized tally or owned block unreadable

/** Which phase each event type may follow (the spec's table; shuffles are optional). */
const MAY_FOLLOW: Record<EventType, readonly (EventType | null)[]> = {
  Setup: [null],
  Ballot: ['Setup', 'Ballot'],
  EndBallots: ['Setup', 'Ballot'],
  EncryptedTally: ['EndBallots'],
  Shuffle: ['EncryptedTally', 'Shuffle'],
  EndShuffles: ['Shuffle'],
  PartialDecryption: ['EncryptedTally', 'EndShuffles', 'PartialDecryption'],
  Result: ['PartialDecryption'],
}

function blockCount(type: EventType): number {
  switch (type) {
    case 'Setup':
      return 4
    case 'EncryptedTally':
    case 'Shuffle':
    case 'PartialDecryption':
      return 2
    case 'Ballot':
    case 'Result':
      return 1
    default:
      return 0
  }
}

/** Checks `entry` follows `previous` (null for the first) and carries the blocks it references. */
export function checkEntry(
  previous: { hash: string; event: BeleniosEvent } | null,
  entry: ArchiveEntry,
): { ok: true } | { ok: false; error: EntryError; detail: string } {
  const { event, blocks } = entry
  const expectedParent = previous ? previous.hash : null
  const expectedHeight = previous ? previous.event.height + 1 : 0
  if (event.parent !== expectedParent || event.height !== expectedHeight) {
    return {
      ok: false,
      error: 'broken_chain',
      detail: `expected parent ${expectedParent ?? '(none)'} and height ${expectedHeight}`,
    }
  }
  if (!MAY_FOLLOW[event.type].includes(previous ? previous.event.type : null)) {
    return {
      ok: false,
      error: 'bad_event_order',
      detail: `${event.type} after ${previous?.event.type ?? 'nothing'}`,
    }
  }
  const count = blockCount(event.type)
  if (blocks.length !== count) {
    return {
      ok: false,
      error: 'missing_data',
      detail: `${event.type} needs ${count} data blocks, has ${blocks.length}`,
    }
  }
  if (count === 0) {
    return event.payload === null
      ? { ok: true }
      : { ok: false, error: 'missing_data', detail: 'unexpected payload' }
  }
  const last = blocks[count - 1]
  if (event.payload !== last.hash) {
    return {
      ok: false,
      error: 'missing_data',
      detail: `payload ${event.payload ?? '(none)'} is not the block before it`,
    }
  }
  if (event.type === 'Setup') {
    const setup = parseSetupData(last.bytes)
    if (!setup) return { ok: false, error: 'bad_payload', detail: 'setup data' }
    const [election, trustees, credentials] = blocks
    if (
      setup.election !== election.hash ||
      setup.trustees !== trustees.hash ||
      setup.credentials !== credentials.hash
    ) {
      return { ok: false, error: 'missing_data', detail: 'setup data does not name the blocks before it' }
    }
  } else if (event.type === 'EncryptedTally') {
    const sized = parseSizedEncryptedTally(last.bytes)
    if (!sized) return { ok: false, error: 'bad_payload', detail: 'sized encrypted tally' }
    if (sized.encryptedTally !== blocks[0].hash) {
      return {
        ok: false,
        error: 'missing_data',
        detail: 'sized encrypted tally does not name the block before it',
      }
    }
  } else if (event.type === 'Shuffle' || event.type === 'PartialDecryption') {
    const owned = parseOwned(last.bytes)
    if (!owned) return { ok: false, error: 'bad_payload', detail: 'owned' }
    if (owned.payload !== blocks[0].hash) {
      return { ok: false, error: 'missing_data', detail: 'owned does not name the block before it' }
    }
  }
  return { ok: true }
}

// ---------------------------------------------------------------------------------------------
// Storage as rows (next session's table): one row per event, its data blocks in order beside it.
// Only bytes are stored; every hash and the parsed event are recomputed when a row is read back,
// so a row edited in the database cannot yield an entry whose hash does not match its bytes.

export type EventRow = {
  /** = height: 0 for Setup, then 1, 2, … */
  seq: number
  type: EventType
  hash: string
  parent: string | null
  /** The event's exact JSON bytes. */
  event: Uint8Array
  /** The data blocks written before the event, in order (see `ArchiveEntry`). */
  blocks: Uint8Array[]
}

export function entryToRow(entry: ArchiveEntry): EventRow {
  return {
    seq: entry.event.height,
    type: entry.event.type,
    hash: entry.hash,
    parent: entry.event.parent,
    event: entry.eventBytes,
    blocks: entry.blocks.map((block) => block.bytes),
  }
}

/** The entry a row holds; null when its columns disagree with its bytes. */
export function entryFromRow(row: EventRow): ArchiveEntry | null {
  const event = parseEvent(row.event)
  if (!event) return null
  const hash = hashHex(row.event)
  if (
    hash !== row.hash ||
    event.height !== row.seq ||
    event.type !== row.type ||
    event.parent !== row.parent
  ) {
    return null
  }
  return { event, hash, eventBytes: row.event, blocks: row.blocks.map((bytes) => dataBlock(bytes)) }
}
