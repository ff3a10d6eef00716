import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  BLOCK_SIZE,
  DEFAULT_LIMITS,
  checkAppend,
  encodeArchive,
  encodeEntries,
  readArchive,
  tarHeader,
} from '../../../app/belenios/archive'
import {
  ballotEntry,
  encryptedTallyEntry,
  endBallotsEntry,
  hashHex,
  ownedEntry,
  resultEntry,
  setupEntry,
  tipOf,
  utf8,
  type ArchiveEntry,
} from '../../../app/belenios/events'

// The .bel tar layer and chain check on synthetic archives (the tool-made ones are in
// tests/integration/belenios/archive-tool.test.ts), and hostile tar input.

const header = { version: 1 as const, timestamp: 1796437428 }

function chain(ballots = 3): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [
    setupEntry({ election: '{"uuid":"x","name":"Mutirão"}', trustees: '[]', credentials: '["1","2","3"]' }),
  ]
  const add = (make: (tip: ReturnType<typeof tipOf>) => ArchiveEntry) =>
    entries.push(make(tipOf(entries[entries.length - 1])))
  for (let i = 0; i < ballots; i++)
    add((tip) => ballotEntry(tip, `{"ballot":${i},"pad":"${'x'.repeat(600 + i)}"}`))
  add(endBallotsEntry)
  add((tip) =>
    encryptedTallyEntry(tip, {
      encryptedTally: '[[{"alpha":"1","beta":"2"}]]',
      numTallied: ballots,
      totalWeight: BigInt(ballots),
    }),
  )
  add((tip) => ownedEntry(tip, 'PartialDecryption', 1, '{"decryption_factors":[["3"]]}'))
  add((tip) => resultEntry(tip, '{"result":[[1]]}'))
  return entries
}

/** A tar header block with arbitrary fields (for hostile input), checksum computed. */
function rawHeader(name: string, sizeField: Uint8Array | string): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE)
  block.set(utf8(name).subarray(0, 100), 0)
  block.set(utf8('0000644\u00000000000\u00000000000\u0000'), 100)
  block.set(typeof sizeField === 'string' ? utf8(sizeField) : sizeField, 124)
  block.set(utf8(`${(1796437428).toString(8)}\u0000`), 136)
  block.set(utf8('        0'), 148)
  let sum = 0
  for (const b of block) sum += b
  block.set(utf8(`${sum.toString(8).padStart(6, '0')}\u0000 `), 148)
  return block
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let pos = 0
  for (const p of parts) {
    out.set(p, pos)
    pos += p.length
  }
  return out
}

const BELENIOS_ENTRY = encodeArchive(header, []) // the header entry alone

describe('.bel writer', () => {
  it('writes tar headers as archive.ml does (fields, octal widths, checksum)', () => {
    const block = tarHeader('BELENIOS', 38, 1796437428)
    const ascii = (from: number, to: number) => String.fromCharCode(...block.subarray(from, to))
    expect(ascii(0, 9)).toBe('BELENIOS\0')
    expect(ascii(100, 164)).toBe(
      '0000644\u00000000000\u00000000000\u000000000000046\u000015304672664\u0000005725\u0000 0\u0000\u0000\u0000\u0000\u0000\u0000\u0000',
    )
    expect(block.subarray(157).every((b) => b === 0)).toBe(true)
  })

  it('round-trips: what it writes reads back to the same chain and the same bytes', () => {
    const entries = chain()
    const bytes = encodeArchive(header, entries)
    expect(bytes.length % BLOCK_SIZE).toBe(0)
    const read = readArchive(bytes)
    if (!read.ok) throw new Error(JSON.stringify(read))
    expect(read.header).toEqual(header)
    expect(read.entries.map((e) => e.hash)).toEqual(entries.map((e) => e.hash))
    expect(read.counts).toMatchObject({
      Setup: 1,
      Ballot: 3,
      EndBallots: 1,
      EncryptedTally: 1,
      PartialDecryption: 1,
      Result: 1,
    })
    expect(read.last).toEqual({ hash: entries[7].hash, height: 7 })
    expect(read.roots.lastBallotEvent).toBe(entries[3].hash)
    expect(read.roots.result).toBe(entries[7].event.payload)
    expect(encodeArchive(read.header, read.entries)).toEqual(bytes)
  })

  it('appending is writing the archive in two goes', () => {
    const entries = chain()
    const whole = encodeArchive(header, entries)
    const prefix = encodeArchive(header, entries.slice(0, 2))
    expect(concat(prefix, encodeEntries(header.timestamp, entries.slice(2)))).toEqual(whole)
    // Every prefix that ends on an event is itself a valid archive: the archive grows as voting goes on.
    for (let n = 1; n <= entries.length; n++) {
      expect(readArchive(encodeArchive(header, entries.slice(0, n))).ok).toBe(true)
    }
  })

  it('checkAppend refuses an entry that does not follow the last one (append-only)', () => {
    const entries = chain()
    expect(checkAppend(entries[1], [entries[2], entries[3]])).toEqual({ ok: true })
    expect(checkAppend(entries[2], [entries[2]])).toMatchObject({ ok: false, error: 'broken_chain', at: 2 })
    expect(checkAppend(null, [entries[1]])).toMatchObject({ ok: false, error: 'broken_chain', at: 1 })
    const forged = {
      ...entries[2],
      blocks: [{ hash: entries[2].blocks[0].hash, bytes: utf8('{"ballot":"forged"}') }],
    }
    expect(checkAppend(entries[1], [forged])).toMatchObject({ ok: false, error: 'hash_mismatch', at: 2 })
  })

  it('hashes UTF-8 text like any SHA-256', () => {
    expect(hashHex('Mutirão — 移民 — مهاجر')).toBe(
      createHash('sha256').update('Mutirão — 移民 — مهاجر').digest('hex'),
    )
  })
})

describe('.bel reader: tampering', () => {
  const entries = chain()
  const bytes = encodeArchive(header, entries)
  // Blocks read back are views of the input: their byteOffset is where they sit in the file.
  const parsed = readArchive(bytes)
  if (!parsed.ok) throw new Error('fixture')

  it('rejects every single changed byte, wherever it is', () => {
    // The format is canonical (one valid byte sequence per chain), so no byte can change unseen.
    const small = encodeArchive(header, chain(1))
    for (let i = 0; i < small.length; i++) {
      const copy = small.slice()
      copy[i] ^= 0x01
      const read = readArchive(copy)
      if (read.ok) throw new Error(`byte ${i} changed and still accepted`)
    }
  })

  it('a changed ballot byte is a hash mismatch at that event', () => {
    const ballot = parsed.entries[2].blocks[0].bytes
    const copy = bytes.slice()
    copy[ballot.byteOffset + 10] ^= 0x02
    expect(readArchive(copy)).toMatchObject({ ok: false, error: 'hash_mismatch', at: 2 })
  })

  it('a dropped ballot, a swapped pair and a wrong parent break the chain where they happen', () => {
    expect(readArchive(encodeArchive(header, [...entries.slice(0, 2), ...entries.slice(3)]))).toMatchObject({
      ok: false,
      error: 'broken_chain',
      at: 2,
    })
    const swapped = [...entries]
    ;[swapped[2], swapped[3]] = [swapped[3], swapped[2]]
    expect(readArchive(encodeArchive(header, swapped))).toMatchObject({
      ok: false,
      error: 'broken_chain',
      at: 2,
    })
    const wrongParent = ballotEntry(tipOf(entries[1]), '{"ballot":"x"}')
    const relinked = { ...wrongParent, event: { ...wrongParent.event, height: 3 } }
    const eventBytes = utf8(
      `{"parent":"${entries[1].hash}","height":3,"type":"Ballot","payload":"${wrongParent.event.payload}"}`,
    )
    const forged = { ...relinked, eventBytes, hash: hashHex(eventBytes) }
    expect(readArchive(encodeArchive(header, [...entries.slice(0, 3), forged]))).toMatchObject({
      ok: false,
      error: 'broken_chain',
      at: 3,
    })
  })

  it('a truncated file is refused, and so are data blocks with no event after them', () => {
    expect(readArchive(bytes.subarray(0, bytes.length - 100))).toMatchObject({
      ok: false,
      error: 'truncated',
    })
    expect(readArchive(bytes.subarray(0, 1024 + 300))).toMatchObject({
      ok: false,
      error: 'truncated',
      entry: 1,
    })
    expect(readArchive(new Uint8Array(0))).toMatchObject({ ok: false, error: 'truncated' })
    // Cut just before the Result event, after its data block.
    const resultEvent = parsed.entries[7].eventBytes.byteOffset - BLOCK_SIZE
    expect(readArchive(bytes.subarray(0, resultEvent))).toMatchObject({
      ok: false,
      error: 'trailing_data',
      at: 7,
    })
    expect(readArchive(BELENIOS_ENTRY)).toMatchObject({ ok: false, error: 'no_events' })
  })

  it('refuses non-zero padding, a different mtime and a missing BELENIOS header', () => {
    const copy = bytes.slice()
    copy[bytes.length - 1] = 0x20
    expect(readArchive(copy)).toMatchObject({ ok: false, error: 'bad_padding' })
    const otherTime = concat(BELENIOS_ENTRY, encodeEntries(header.timestamp + 1, entries))
    expect(readArchive(otherTime)).toMatchObject({ ok: false, error: 'bad_tar_header', entry: 1 })
    expect(readArchive(encodeEntries(header.timestamp, entries))).toMatchObject({
      ok: false,
      error: 'bad_archive_header',
      entry: 0,
    })
  })

  it('refuses more than four data blocks before an event without collecting them', () => {
    const many = Array.from({ length: 6 }, (_, i) => ballotEntry(tipOf(entries[0]), `{"n":${i}}`).blocks[0])
    const body = encodeEntries(header.timestamp, [{ ...entries[1], blocks: many }])
    expect(readArchive(concat(encodeArchive(header, [entries[0]]), body))).toMatchObject({
      ok: false,
      error: 'missing_data',
      entry: 10,
    })
  })
})

describe('.bel reader: hostile tar input is refused within bounds', () => {
  it('an entry claiming 8 GB (largest octal size) or 10 GB (base-256) in a 1 KB file', () => {
    const eightGb = concat(BELENIOS_ENTRY, rawHeader(`${'a'.repeat(64)}.data.json`, '77777777777\u0000'))
    expect(readArchive(eightGb)).toMatchObject({ ok: false, error: 'entry_too_large', entry: 1 })
    // GNU tar's base-256 size: 0x80 then the big-endian size; belenios never writes it.
    const tenGb = new Uint8Array(12)
    tenGb[0] = 0x80
    new DataView(tenGb.buffer).setBigUint64(4, 10n * 1024n ** 3n)
    const binary = concat(BELENIOS_ENTRY, rawHeader(`${'a'.repeat(64)}.data.json`, tenGb))
    expect(readArchive(binary)).toMatchObject({ ok: false, error: 'bad_tar_header', entry: 1 })
    // A size within limits but beyond the end of the file.
    const beyond = concat(BELENIOS_ENTRY, rawHeader(`${'a'.repeat(64)}.data.json`, '00000100000\u0000'))
    expect(readArchive(beyond)).toMatchObject({ ok: false, error: 'truncated', entry: 1 })
  })

  it('a path with ../, a directory, an absolute path or a foreign name', () => {
    const names = [
      `../${'a'.repeat(64)}.data.json`,
      '../../etc/passwd',
      `/tmp/${hashHex('')}.data.json`,
      `x/${hashHex('')}.event.json`,
      `${hashHex('')}.data.json/`,
      `${hashHex('').toUpperCase()}.data.json`,
      `${hashHex('')}.exe`,
      'BELENIOS',
      '',
      'naïve.data.json',
    ]
    for (const name of names) {
      const read = readArchive(concat(BELENIOS_ENTRY, rawHeader(name, '00000000000\u0000')))
      expect(read, name).toMatchObject({ ok: false, error: 'bad_entry_name', entry: 1 })
    }
  })

  it('100,000 entries stop at the entry limit, reading headers only', () => {
    const block = rawHeader(`${hashHex('')}.data.json`, '00000000000\u0000')
    const count = 100_000
    const bytes = new Uint8Array(BELENIOS_ENTRY.length + count * BLOCK_SIZE)
    bytes.set(BELENIOS_ENTRY, 0)
    for (let i = 0; i < count; i++) bytes.set(block, BELENIOS_ENTRY.length + i * BLOCK_SIZE)
    expect(readArchive(bytes, { ...DEFAULT_LIMITS, maxEntries: 50_000 })).toEqual({
      ok: false,
      error: 'too_many_entries',
      entry: 50_000,
    })
    expect(readArchive(bytes, { ...DEFAULT_LIMITS, maxEntries: 10 })).toEqual({
      ok: false,
      error: 'too_many_entries',
      entry: 10,
    })
  })

  it('reads 30,000 ballots (over the old 50,000-entry cap) with the default limits, and stops exactly at a configured bound', () => {
    // Synthetic: the reader checks the chain, not what a ballot says, so a ballot can be a number.
    const entries = [setupEntry({ election: 'e', trustees: 't', credentials: 'c' })]
    for (let i = 0; i < 30_000; i++) entries.push(ballotEntry(tipOf(entries[entries.length - 1]!), String(i)))
    const bytes = encodeArchive(header, entries)
    const read = readArchive(bytes)
    expect(read.ok && read.counts.Ballot).toBe(30_000)
    // BELENIOS, the Setup's 4 blocks and event, then 2 entries a ballot.
    const total = 1 + 5 + 2 * 30_000
    expect(readArchive(bytes, { ...DEFAULT_LIMITS, maxEntries: total }).ok).toBe(true)
    expect(readArchive(bytes, { ...DEFAULT_LIMITS, maxEntries: total - 1 })).toEqual({
      ok: false,
      error: 'too_many_entries',
      entry: total - 1,
    })
    expect(DEFAULT_LIMITS.maxEntries).toBeGreaterThanOrEqual(2_000_000)
  })

  it('a whole archive over the size limit is refused before parsing', () => {
    const bytes = encodeArchive(header, chain())
    expect(readArchive(bytes, { ...DEFAULT_LIMITS, maxTotalBytes: bytes.length - 1 })).toEqual({
      ok: false,
      error: 'archive_too_large',
    })
    expect(readArchive(bytes, { ...DEFAULT_LIMITS, maxEntryBytes: 100 })).toMatchObject({
      ok: false,
      error: 'entry_too_large',
      entry: 4, // the setup data, the first entry over 100 bytes
    })
  })

  it('garbage never throws', () => {
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let n = 0; n < 200; n++) {
      const junk = new Uint8Array(BLOCK_SIZE * (1 + Math.floor(random() * 4)))
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(random() * 256)
      if (n % 2) junk.set(BELENIOS_ENTRY.subarray(0, BLOCK_SIZE), 0)
      expect(readArchive(junk).ok).toBe(false)
    }
  })
})
