import {
  EMPTY_ROOTS,
  EVENT_TYPES,
  checkEntry,
  fromUtf8,
  hashHex,
  parseArchiveHeader,
  parseEvent,
  serializeArchiveHeader,
  tipOf,
  updateRoots,
  utf8,
  type ArchiveEntry,
  type ArchiveHeader,
  type ChainTip,
  type DataBlock,
  type EntryError,
  type EventType,
  type Roots,
} from './events'

// The Belenios 2.0 archive file (`<uuid>.bel`): an old-style tar file, written exactly as
// src/lib/core/archive.ml does. `belenios-tool election verify` starts with a "fsck" that
// regenerates the archive from its last event and demands byte identity, so there is one valid
// byte sequence per chain and our writer produces it: for the same header, events and blocks
// our bytes are the tool's bytes.
//
// Layout: the entry `BELENIOS` (the header JSON), then for each event its data blocks and the
// event itself, each named `<sha256 hex>.data.json` / `<sha256 hex>.event.json`. Each tar header
// block has: name, mode "0000644", uid/gid "0000000", size and mtime (the header's timestamp, for
// every entry) as 11 octal digits, checksum "%06o\0 ", type flag "0", every other byte NUL; the
// content is padded with NULs to 512 bytes. No end-of-archive blocks: the file grows by appending.
//
// Reading is bounded before any work: a first pass reads only the 512-byte headers, bounding the
// entry count, each entry's size and the total, and refusing malformed headers; nothing is copied
// (blocks are views of the input). A second pass checks each header is byte-for-byte canonical,
// each name is the hash of its content, and the hash chain (parent, height, referenced blocks, the
// order of phases), and reports the first break with the event's height.

export const BLOCK_SIZE = 512

export type ArchiveLimits = {
  /** Most tar entries (header + blocks + events). A ballot is 2 entries. */
  maxEntries: number
  /** Largest single entry (the public credentials block is the biggest: ~620 bytes a voter). */
  maxEntryBytes: number
  /** Largest whole archive. */
  maxTotalBytes: number
}

/**
 * Default bounds, sized for São Paulo's CMI roll with room to spare: 2,000,000 entries (a ballot
 * is 2, so ~1,000,000 ballots; the first pass keeps 2 numbers per entry), a 256 MiB entry (the
 * public credentials block: ~620 bytes a voter, so ~430,000 voters), and a 2 GiB − 1 archive (what
 * Node reads into one buffer; a 3-contest ballot is ~20–60 KB, so the total bytes, not the entry
 * count, bound the ballots in practice: ~35,000–100,000). `npm run recount` raises the total and
 * the entry count from BELENIOS_MAX_ARCHIVE_BYTES / BELENIOS_MAX_ARCHIVE_ENTRIES. The reader's
 * work is linear in the bytes (one SHA-256 each); the verifier's is bounded by the roll (more
 * ballots than public credentials are refused before any is checked, ADR 030).
 */
export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 2_000_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024 - 1,
}

export type ArchiveError =
  | 'archive_too_large'
  | 'too_many_entries'
  | 'entry_too_large'
  | 'truncated'
  | 'bad_tar_header'
  | 'bad_entry_name'
  | 'bad_padding'
  | 'bad_archive_header'
  | 'hash_mismatch'
  | 'bad_event'
  | 'trailing_data'
  | 'no_events'
  | EntryError

export type ArchiveFailure = {
  ok: false
  error: ArchiveError
  /** Height of the event where the chain breaks (events counted from 0), when it is one. */
  at?: number
  /** Index of the tar entry at fault (0 is `BELENIOS`). */
  entry?: number
  detail?: string
}

export type ParsedArchive = {
  header: ArchiveHeader
  entries: ArchiveEntry[]
  roots: Roots
  last: ChainTip
  counts: Record<EventType, number>
}

export type ReadResult = ({ ok: true } & ParsedArchive) | ArchiveFailure

// ---------------------------------------------------------------------------------------------
// Writing

function padded(length: number): number {
  return Math.ceil(length / BLOCK_SIZE) * BLOCK_SIZE
}

function writeAscii(buffer: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) buffer[offset + i] = text.charCodeAt(i)
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width, '0')
}

/** The 512-byte tar header the tool writes for `name` with `size` bytes at `timestamp`. */
export function tarHeader(name: string, size: number, timestamp: number): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE)
  writeAscii(block, 0, name)
  writeAscii(block, 100, '0000644')
  writeAscii(block, 108, '0000000')
  writeAscii(block, 116, '0000000')
  writeAscii(block, 124, octal(size, 11))
  writeAscii(block, 136, octal(timestamp, 11))
  writeAscii(block, 148, '        ')
  writeAscii(block, 156, '0')
  let sum = 0
  for (const byte of block) sum += byte
  writeAscii(block, 148, octal(sum, 6) + '\0 ')
  return block
}

type Item = { name: string; bytes: Uint8Array }

function entryItems(entry: ArchiveEntry): Item[] {
  return [
    ...entry.blocks.map((block) => ({ name: `${block.hash}.data.json`, bytes: block.bytes })),
    { name: `${entry.hash}.event.json`, bytes: entry.eventBytes },
  ]
}

function encodeItems(items: Item[], timestamp: number): Uint8Array {
  let total = 0
  for (const item of items) total += BLOCK_SIZE + padded(item.bytes.length)
  const out = new Uint8Array(total)
  let pos = 0
  for (const item of items) {
    out.set(tarHeader(item.name, item.bytes.length, timestamp), pos)
    out.set(item.bytes, pos + BLOCK_SIZE)
    pos += BLOCK_SIZE + padded(item.bytes.length)
  }
  return out
}

/** The bytes that append `entries` to an archive whose header has `timestamp`. */
export function encodeEntries(timestamp: number, entries: ArchiveEntry[]): Uint8Array {
  return encodeItems(entries.flatMap(entryItems), timestamp)
}

/** A whole archive: header then entries. Does not check the chain (see `checkAppend`). */
export function encodeArchive(header: ArchiveHeader, entries: ArchiveEntry[]): Uint8Array {
  return encodeItems(
    [{ name: 'BELENIOS', bytes: utf8(serializeArchiveHeader(header)) }, ...entries.flatMap(entryItems)],
    header.timestamp,
  )
}

/**
 * Checks `entries` can be appended, in order, after `last` (the archive's last entry, or null
 * for a new archive): append-only, each event following the previous one.
 */
export function checkAppend(
  last: ArchiveEntry | null,
  entries: ArchiveEntry[],
): { ok: true } | ArchiveFailure {
  let previous = last
  for (const entry of entries) {
    for (const block of [...entry.blocks, { hash: entry.hash, bytes: entry.eventBytes }]) {
      if (hashHex(block.bytes) !== block.hash) {
        return { ok: false, error: 'hash_mismatch', at: entry.event.height }
      }
    }
    const check = checkEntry(previous, entry)
    if (!check.ok) return { ok: false, error: check.error, at: entry.event.height, detail: check.detail }
    previous = entry
  }
  return { ok: true }
}

// ---------------------------------------------------------------------------------------------
// Reading

const NAME = /^([0-9a-f]{64})\.(data|event)\.json$/

/** Reads a fixed-width octal field of `width` digits followed by NUL; null unless exactly so. */
function readOctal(block: Uint8Array, offset: number, width: number): number | null {
  let value = 0
  for (let i = 0; i < width; i++) {
    const c = block[offset + i]
    if (c < 0x30 || c > 0x37) return null
    value = value * 8 + (c - 0x30)
  }
  return block[offset + width] === 0 ? value : null
}

function readName(block: Uint8Array): string | null {
  let end = 0
  while (end < 100 && block[end] !== 0) {
    if (block[end] < 0x21 || block[end] > 0x7e) return null
    end++
  }
  let name = ''
  for (let i = 0; i < end; i++) name += String.fromCharCode(block[i])
  return name
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

type Located = { offset: number; size: number }

/** Pass 1: header blocks only. Bounds count, sizes and total; no content is touched. */
function scan(bytes: Uint8Array, limits: ArchiveLimits): { ok: true; items: Located[] } | ArchiveFailure {
  if (bytes.length > limits.maxTotalBytes) return { ok: false, error: 'archive_too_large' }
  if (bytes.length === 0) return { ok: false, error: 'truncated', entry: 0 }
  const items: Located[] = []
  let pos = 0
  while (pos < bytes.length) {
    const entry = items.length
    if (entry >= limits.maxEntries) return { ok: false, error: 'too_many_entries', entry }
    if (pos + BLOCK_SIZE > bytes.length) return { ok: false, error: 'truncated', entry }
    const size = readOctal(bytes, pos + 124, 11)
    if (size === null) return { ok: false, error: 'bad_tar_header', entry, detail: 'size' }
    if (size > limits.maxEntryBytes) return { ok: false, error: 'entry_too_large', entry }
    const next = pos + BLOCK_SIZE + padded(size)
    if (next > bytes.length) return { ok: false, error: 'truncated', entry }
    items.push({ offset: pos, size })
    pos = next
  }
  return { ok: true, items }
}

/** Reads and verifies a whole archive. Never throws on hostile input. */
export function readArchive(bytes: Uint8Array, limits: ArchiveLimits = DEFAULT_LIMITS): ReadResult {
  const scanned = scan(bytes, limits)
  if (!scanned.ok) return scanned
  const { items } = scanned

  let timestamp = 0
  let header: ArchiveHeader | null = null
  const entries: ArchiveEntry[] = []
  let pending: DataBlock[] = []
  let roots = EMPTY_ROOTS
  const counts = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>

  for (let index = 0; index < items.length; index++) {
    const { offset, size } = items[index]
    const block = bytes.subarray(offset, offset + BLOCK_SIZE)
    const at = entries.length
    const name = readName(block)
    if (name === null) return { ok: false, error: 'bad_entry_name', entry: index, at }
    if (index === 0) {
      if (name !== 'BELENIOS')
        return { ok: false, error: 'bad_archive_header', entry: 0, detail: 'first entry' }
      const mtime = readOctal(block, 136, 11)
      if (mtime === null) return { ok: false, error: 'bad_tar_header', entry: 0, detail: 'mtime' }
      timestamp = mtime
    }
    const match = index === 0 ? null : NAME.exec(name)
    if (index > 0 && !match) return { ok: false, error: 'bad_entry_name', entry: index, at }
    if (!sameBytes(block, tarHeader(name, size, timestamp))) {
      return { ok: false, error: 'bad_tar_header', entry: index, at }
    }
    const content = bytes.subarray(offset + BLOCK_SIZE, offset + BLOCK_SIZE + size)
    for (let i = offset + BLOCK_SIZE + size; i < offset + BLOCK_SIZE + padded(size); i++) {
      if (bytes[i] !== 0) return { ok: false, error: 'bad_padding', entry: index, at }
    }
    if (index === 0) {
      header = parseArchiveHeader(content)
      if (!header || header.timestamp !== timestamp)
        return { ok: false, error: 'bad_archive_header', entry: 0 }
      continue
    }
    const [, hash, kind] = match!
    if (hashHex(content) !== hash) return { ok: false, error: 'hash_mismatch', entry: index, at }
    if (kind === 'data') {
      // No event brings more than four blocks (Setup): more is not a chain, stop early.
      if (pending.length === 4) return { ok: false, error: 'missing_data', entry: index, at }
      pending.push({ hash, bytes: content })
      continue
    }
    const event = parseEvent(content)
    if (!event) return { ok: false, error: 'bad_event', entry: index, at }
    const entry: ArchiveEntry = { event, hash, eventBytes: content, blocks: pending }
    pending = []
    const previous = entries.length ? entries[entries.length - 1] : null
    const check = checkEntry(previous, entry)
    if (!check.ok) return { ok: false, error: check.error, entry: index, at, detail: check.detail }
    entries.push(entry)
    roots = updateRoots(roots, entry)
    counts[event.type]++
  }
  if (!header) return { ok: false, error: 'bad_archive_header', entry: 0 }
  if (pending.length)
    return { ok: false, error: 'trailing_data', entry: items.length - 1, at: entries.length }
  if (!entries.length) return { ok: false, error: 'no_events', entry: items.length }
  return { ok: true, header, entries, roots, last: tipOf(entries[entries.length - 1]), counts }
}

/** The event phase an archive is in, from its last event. */
export function archivePhase(entries: ArchiveEntry[]): EventType | null {
  return entries.length ? entries[entries.length - 1].event.type : null
}

/** The text of a block (JSON), or null when it is not UTF-8. */
export function blockText(block: { bytes: Uint8Array }): string | null {
  return fromUtf8(block.bytes)
}
