import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeArchive, readArchive, type ParsedArchive } from '../../../app/belenios/archive'
import { appendArchiveFile, createArchiveFile, readArchiveFile } from '../../../app/belenios/archive.server'
import {
  ballotEntry,
  encryptedTallyEntry,
  endBallotsEntry,
  hashHex,
  ownedEntry,
  parseOwned,
  parseSizedEncryptedTally,
  resultEntry,
  serializeEvent,
  setupEntry,
  tipOf,
  utf8,
  type ArchiveEntry,
} from '../../../app/belenios/events'
import {
  beleniosTool,
  runToolElectionToResult,
  skipWithoutBelenios,
  type ToolElectionResult,
} from '../../helpers/belenios-tool'

// Issue #20: our .bel reader and writer against Debian's belenios-tool 2.0. An election run
// entirely by the tool (5 ballots from generate-ballot, 2 trustees, as the demo script does) is
// read by us; rewritten by us (byte-identical, and the tool verifies it); rebuilt by us from the
// tool's setup files, ballots, tally, partial decryptions and result appended phase by phase
// (the tool verifies after each); and tampered with five ways, each refused by both verifiers.

let election: ToolElectionResult
let original: Uint8Array
let parsed: ParsedArchive
const dirs: string[] = []

/** `belenios-tool election verify` on `bytes` as `<uuid>.bel` in a fresh folder. */
async function toolVerify(bytes: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'belenios-verify-'))
  dirs.push(dir)
  writeFileSync(join(dir, `${election.uuid}.bel`), bytes)
  return beleniosTool(['election', 'verify', '--dir', dir], { cwd: dir })
}

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes)
}

beforeAll(async () => {
  if (skipWithoutBelenios) return
  election = await runToolElectionToResult({
    questions: [
      { question: 'Conselheira titular?', answers: ['Ana', 'Bintou', 'Chen'], min: 0, max: 1 },
      { question: 'Suplente?', answers: ['Dário', 'Esperanza'], min: 0, max: 1 },
    ],
    // blank first: [blank, answers...]
    votes: [
      [
        [0, 1, 0, 0],
        [0, 1, 0],
      ],
      [
        [0, 0, 1, 0],
        [0, 0, 1],
      ],
      [
        [0, 1, 0, 0],
        [1, 0, 0],
      ],
      [
        [1, 0, 0, 0],
        [0, 1, 0],
      ],
      [
        [0, 0, 0, 1],
        [0, 0, 1],
      ],
    ],
    trustees: 2,
  })
  original = new Uint8Array(readFileSync(election.archivePath))
  const read = readArchive(original)
  if (!read.ok) throw new Error(`tool archive refused: ${JSON.stringify(read)}`)
  parsed = read
})

afterAll(() => {
  election?.cleanup()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(skipWithoutBelenios)('.bel archives against belenios-tool (#20)', () => {
  it('reads an archive made entirely by the tool: every event, every block, the chain', async () => {
    expect((await toolVerify(original)).ok).toBe(true)
    expect(parsed.counts).toEqual({
      Setup: 1,
      Ballot: 5,
      EndBallots: 1,
      EncryptedTally: 1,
      Shuffle: 0,
      EndShuffles: 0,
      PartialDecryption: 2,
      Result: 1,
    })
    expect(parsed.entries.map((e) => e.event.type)).toEqual([
      'Setup',
      'Ballot',
      'Ballot',
      'Ballot',
      'Ballot',
      'Ballot',
      'EndBallots',
      'EncryptedTally',
      'PartialDecryption',
      'PartialDecryption',
      'Result',
    ])
    parsed.entries.forEach((entry, height) => {
      expect(entry.event.height).toBe(height)
      expect(entry.event.parent).toBe(height ? parsed.entries[height - 1].hash : null)
      expect(serializeEvent(entry.event)).toBe(text(entry.eventBytes))
    })
    // The ballots are generate-ballot's output, byte for byte, under their SHA-256.
    const ballots = parsed.entries.filter((e) => e.event.type === 'Ballot')
    expect(ballots.map((e) => text(e.blocks[0].bytes))).toEqual(election.ballots)
    expect(ballots.map((e) => e.event.payload)).toEqual(election.ballots.map((b) => hashHex(b)))
    // The election block is the tool's election.json: its uuid is ours.
    expect(JSON.parse(text(parsed.entries[0].blocks[0].bytes)).uuid).toBe(election.uuid)
    expect(parsed.last).toEqual({ hash: parsed.entries[10].hash, height: 10 })
    expect(parsed.roots.lastBallotEvent).toBe(ballots[4].hash)
    expect(JSON.parse(text(parsed.entries[10].blocks[0].bytes))).toEqual({
      result: [
        [1, 2, 1, 1],
        [1, 2, 2],
      ],
    })
  })

  it('rewrites it from the parsed events byte for byte, and the tool verifies our bytes', async () => {
    const ours = encodeArchive(parsed.header, parsed.entries)
    expect(Buffer.from(ours).equals(Buffer.from(original))).toBe(true)
    const run = await toolVerify(ours)
    expect(run.stderr).toBe('')
    expect(run.ok).toBe(true)
  })

  it('builds the same archive from the tool-made parts, appended phase by phase; the tool verifies each phase', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'belenios-build-'))
    dirs.push(dir)
    const path = join(dir, `${election.uuid}.bel`)
    const verify = () => beleniosTool(['election', 'verify', '--dir', dir], { cwd: dir })
    const [setupTool, ...rest] = parsed.entries
    const [electionBlock, trustees, credentials] = setupTool.blocks

    const setup = setupEntry({
      election: electionBlock.bytes,
      trustees: trustees.bytes,
      credentials: credentials.bytes,
    })
    expect(setup.hash).toBe(setupTool.hash)
    expect(await createArchiveFile(path, parsed.header, [setup])).toEqual({ ok: true })
    expect(await createArchiveFile(path, parsed.header, [setup])).toEqual({
      ok: false,
      error: 'archive_exists',
    })
    expect((await verify()).ok).toBe(true)

    let last: ArchiveEntry = setup
    const append = async (entry: ArchiveEntry) => {
      const result = await appendArchiveFile(path, [entry])
      if (!result.ok) throw new Error(JSON.stringify(result))
      last = entry
      return result
    }
    for (const ballot of rest.filter((e) => e.event.type === 'Ballot')) {
      const entry = ballotEntry(tipOf(last), ballot.blocks[0].bytes)
      expect(entry.hash).toBe(ballot.hash)
      await append(entry)
      expect((await verify()).ok).toBe(true)
    }
    // A stale append (built on an older tip) is refused and leaves the file as it was.
    const before = readFileSync(path)
    expect(await appendArchiveFile(path, [ballotEntry(tipOf(setup), election.ballots[0])])).toMatchObject({
      ok: false,
      error: 'broken_chain',
      at: 1,
    })
    expect(readFileSync(path).equals(before)).toBe(true)

    await append(endBallotsEntry(tipOf(last)))
    expect((await verify()).ok).toBe(true)

    const tallyTool = rest[6]
    const sized = parseSizedEncryptedTally(tallyTool.blocks[1].bytes)!
    const tally = encryptedTallyEntry(tipOf(last), {
      encryptedTally: tallyTool.blocks[0].bytes,
      numTallied: sized.numTallied,
      totalWeight: sized.totalWeight,
    })
    expect(tally.blocks[1].hash).toBe(tallyTool.blocks[1].hash) // our sized_encrypted_tally text is the tool's
    await append(tally)
    expect((await verify()).ok).toBe(true)

    for (const pd of rest.filter((e) => e.event.type === 'PartialDecryption')) {
      const owner = parseOwned(pd.blocks[1].bytes)!.owner
      const entry = ownedEntry(tipOf(last), 'PartialDecryption', owner, pd.blocks[0].bytes)
      expect(entry.blocks[1].hash).toBe(pd.blocks[1].hash)
      await append(entry)
      expect((await verify()).ok).toBe(true)
    }

    const final = await append(resultEntry(tipOf(last), rest[9].blocks[0].bytes))
    expect(final.counts.Result).toBe(1)
    expect((await verify()).ok).toBe(true)
    expect(readFileSync(path).equals(Buffer.from(original))).toBe(true)
    expect(await readArchiveFile(path)).toMatchObject({ ok: true, last: parsed.last })
  })

  describe('tampering: refused by our reader and by belenios-tool', () => {
    const expectBothRefuse = async (bytes: Uint8Array, error: object) => {
      expect(readArchive(bytes)).toMatchObject({ ok: false, ...error })
      const run = await toolVerify(bytes)
      expect(run.ok).toBe(false)
      expect(run.status).not.toBe(0)
    }
    const ballotAt = (height: number) => parsed.entries[height]

    it('one changed ballot (a byte of its payload)', async () => {
      const ballot = ballotAt(3).blocks[0].bytes
      // A digit inside the ballot (after the uuid and hash fields), changed to another digit.
      const at = text(ballot).indexOf('"credential":"') + 20
      const copy = original.slice()
      copy[ballot.byteOffset + at] = copy[ballot.byteOffset + at] === 0x31 ? 0x32 : 0x31
      await expectBothRefuse(copy, { error: 'hash_mismatch', at: 3 })
      // The same change with the entry renamed to its new hash: the event no longer names it.
      const changed = copy.subarray(ballot.byteOffset, ballot.byteOffset + ballot.length).slice()
      const entries = parsed.entries.slice()
      entries[3] = { ...entries[3], blocks: [{ hash: hashHex(changed), bytes: changed }] }
      await expectBothRefuse(encodeArchive(parsed.header, entries), { error: 'missing_data', at: 3 })
    })

    it('one dropped ballot', async () => {
      const entries = parsed.entries.filter((_, height) => height !== 2)
      await expectBothRefuse(encodeArchive(parsed.header, entries), { error: 'broken_chain', at: 2 })
    })

    it('a reordered pair of ballots', async () => {
      const entries = parsed.entries.slice()
      ;[entries[2], entries[3]] = [entries[3], entries[2]]
      await expectBothRefuse(encodeArchive(parsed.header, entries), { error: 'broken_chain', at: 2 })
    })

    it('an event whose parent hash is wrong', async () => {
      const entries = parsed.entries.slice()
      const event = { ...entries[4].event, parent: entries[2].hash }
      const eventBytes = utf8(serializeEvent(event))
      entries[4] = { ...entries[4], event, eventBytes, hash: hashHex(eventBytes) }
      await expectBothRefuse(encodeArchive(parsed.header, entries), { error: 'broken_chain', at: 4 })
    })

    it('a truncated file, mid-entry and after a data block', async () => {
      await expectBothRefuse(original.subarray(0, original.length - 700), { error: 'truncated' })
      const resultEvent = parsed.entries[10].eventBytes.byteOffset - 512
      await expectBothRefuse(original.subarray(0, resultEvent), { error: 'trailing_data', at: 10 })
    })

    it('(a prefix that ends on an event is a valid, shorter archive for both: recount compares the last hash)', async () => {
      const prefix = encodeArchive(parsed.header, parsed.entries.slice(0, 7))
      expect(readArchive(prefix)).toMatchObject({
        ok: true,
        last: { hash: parsed.entries[6].hash, height: 6 },
      })
      expect((await toolVerify(prefix)).ok).toBe(true)
    })
  })

  it('a copy of the tool archive on disk reads the same through archive.server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'belenios-copy-'))
    dirs.push(dir)
    copyFileSync(election.archivePath, join(dir, 'x.bel'))
    expect(await readArchiveFile(join(dir, 'x.bel'))).toMatchObject({ ok: true, last: parsed.last })
  })
})
