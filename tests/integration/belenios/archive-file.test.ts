import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { encodeArchive, tarHeader } from '../../../app/belenios/archive'
import {
  appendArchiveFile,
  appendArchiveFileAt,
  createArchiveFile,
  readArchiveFile,
} from '../../../app/belenios/archive.server'
import { ballotEntry, endBallotsEntry, setupEntry, tipOf } from '../../../app/belenios/events'
import { runChild } from '../../helpers/run-child'

// archive.server.ts: .bel files on disk grow append-only; a file too large is refused from its
// size alone; two appends at once cannot both extend the same tip.

const dir = mkdtempSync(join(tmpdir(), 'belenios-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const header = { version: 1 as const, timestamp: 1796437428 }
const setup = setupEntry({ election: '{"uuid":"u"}', trustees: '[]', credentials: '["7"]' })
let n = 0
const fresh = () => join(dir, `${++n}.bel`)

describe('.bel files (archive.server)', () => {
  it('creates once, appends after the last event only, and reads back what it wrote', async () => {
    const path = fresh()
    expect(await createArchiveFile(path, header, [setup])).toEqual({ ok: true })
    expect(await createArchiveFile(path, header, [setup])).toEqual({ ok: false, error: 'archive_exists' })
    const b1 = ballotEntry(tipOf(setup), '{"b":1}')
    const b2 = ballotEntry(tipOf(b1), '{"b":2}')
    expect(await appendArchiveFile(path, [b1, b2])).toMatchObject({
      ok: true,
      last: { hash: b2.hash, height: 2 },
    })
    expect(await appendArchiveFile(path, [b1])).toMatchObject({ ok: false, error: 'broken_chain', at: 1 })
    const end = endBallotsEntry(tipOf(b2))
    expect(await appendArchiveFile(path, [end])).toMatchObject({
      ok: true,
      counts: { Ballot: 2, EndBallots: 1 },
    })
    expect(await appendArchiveFile(path, [ballotEntry(tipOf(end), '{"late":1}')])).toMatchObject({
      ok: false,
      error: 'bad_event_order',
      at: 4,
    })
    expect(readFileSync(path).equals(Buffer.from(encodeArchive(header, [setup, b1, b2, end])))).toBe(true)
  })

  it('appends from a known tail without re-reading; refuses when the file is not where the tail says', async () => {
    const path = fresh()
    await createArchiveFile(path, header, [setup])
    let tail = { size: statSync(path).size, timestamp: header.timestamp, last: setup }
    for (let i = 0; i < 3; i++) {
      const appended = await appendArchiveFileAt(path, tail, [ballotEntry(tipOf(tail.last), `{"b":${i}}`)])
      if (!appended.ok) throw new Error(JSON.stringify(appended))
      tail = appended
      expect(statSync(path).size).toBe(tail.size)
    }
    expect(await readArchiveFile(path)).toMatchObject({
      ok: true,
      last: tipOf(tail.last),
      counts: { Ballot: 3 },
    })
    // A stale tail (another writer appended since) and an entry not following the tail.
    const stale = { ...tail, size: tail.size - 1024 }
    expect(await appendArchiveFileAt(path, stale, [endBallotsEntry(tipOf(tail.last))])).toEqual({
      ok: false,
      error: 'unexpected_size',
    })
    expect(await appendArchiveFileAt(path, tail, [endBallotsEntry(tipOf(setup))])).toMatchObject({
      ok: false,
      error: 'broken_chain',
    })
    expect(await readArchiveFile(path)).toMatchObject({ ok: true, last: tipOf(tail.last) })
  })

  it('refuses to create an archive that does not start with Setup', async () => {
    expect(await createArchiveFile(fresh(), header, [ballotEntry(tipOf(setup), '{"b":1}')])).toMatchObject({
      ok: false,
      error: 'broken_chain',
    })
  })

  it('never extends a damaged file', async () => {
    const path = fresh()
    await createArchiveFile(path, header, [setup])
    const bytes = readFileSync(path)
    bytes[1024 + 512 + 2] ^= 1 // inside the election block (after the BELENIOS entry and its tar header)
    writeFileSync(path, bytes)
    expect(await appendArchiveFile(path, [ballotEntry(tipOf(setup), '{"b":1}')])).toMatchObject({
      ok: false,
      error: 'hash_mismatch',
    })
    expect(readFileSync(path).equals(bytes)).toBe(true)
  })

  it('two appends at once on the same tip: one wins, the other is refused', async () => {
    const path = fresh()
    await createArchiveFile(path, header, [setup])
    const results = await Promise.all([
      appendArchiveFile(path, [ballotEntry(tipOf(setup), '{"b":"first"}')]),
      appendArchiveFile(path, [ballotEntry(tipOf(setup), '{"b":"second"}')]),
    ])
    expect(results.map((r) => r.ok).sort()).toEqual([false, true])
    expect(results.find((r) => !r.ok)).toMatchObject({ error: 'broken_chain', at: 1 })
    expect(await readArchiveFile(path)).toMatchObject({ ok: true, counts: { Ballot: 1 } })
  })

  it('a 10 GB file (an entry claiming it) is refused from its size, without reading it', async () => {
    const path = fresh()
    const head = encodeArchive(header, [])
    const fd = openSync(path, 'w')
    writeSync(fd, head)
    writeSync(fd, tarHeader(`${'a'.repeat(64)}.data.json`, 8 * 1024 ** 3 - 1, header.timestamp))
    closeSync(fd)
    // Sparse: the file claims 10 GB without using the disk.
    truncateSync(path, 10 * 1024 ** 3)
    expect(statSync(path).size).toBe(10 * 1024 ** 3)
    expect(await readArchiveFile(path)).toEqual({ ok: false, error: 'archive_too_large' })
    expect(await readArchiveFile(join(dir, 'missing.bel'))).toMatchObject({ ok: false, error: 'truncated' })
  })

  it('scripts/belenios-archive.ts check prints the chain summary and exits 0, 1 on a broken chain, 2 on misuse', async () => {
    const path = fresh()
    const b1 = ballotEntry(tipOf(setup), '{"b":1}')
    await createArchiveFile(path, header, [setup, b1])
    const check = (...args: string[]) =>
      runChild(process.execPath, ['--import', 'tsx', 'scripts/belenios-archive.ts', ...args])
    const good = await check('check', path)
    expect(good.status).toBe(0)
    expect(good.stdout).toContain('events: 2')
    expect(good.stdout).toContain('  Ballot: 1')
    expect(good.stdout).toContain(`last hash: ${b1.hash}`)
    expect((await check('check', path, '--last', b1.hash)).status).toBe(0)
    expect((await check('check', path, '--last', setup.hash)).status).toBe(1)
    const bytes = readFileSync(path)
    writeFileSync(path, bytes.subarray(0, bytes.length - 1024)) // the last event (header and content) gone
    const cut = await check('check', path)
    expect(cut.status).toBe(1)
    expect(cut.stdout).toContain('REFUSED: trailing_data')
    expect((await check('verify', path)).status).toBe(2)
  })
})
