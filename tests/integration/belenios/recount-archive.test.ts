import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readArchive } from '../../../app/belenios/archive'
import {
  checkArchive,
  countDifferences,
  countsFromArchives,
  type PublishedResults,
} from '../../../app/elections/recount-archive'
import type { Outcome } from '../../../app/elections/tally'
import {
  runToolElectionToResult,
  skipWithoutBelenios,
  type ToolElectionResult,
} from '../../helpers/belenios-tool'
import { runChild } from '../../helpers/run-child'

// `npm run recount -- <uuid.bel>… [results.json]` (#20): our reader and verifier on a tool-made
// archive, its counts mapped back to contests and candidacies and compared with results.json.

let tool: ToolElectionResult
let dir: string
let bytes: Buffer
let last: string
let published: PublishedResults

beforeAll(async () => {
  if (skipWithoutBelenios) return
  // Two questions (two contests), blank allowed: rows are [blank, answer 1, answer 2].
  tool = await runToolElectionToResult({
    questions: [
      { question: 'Segmento A', answers: ['Ana', 'Bintou'], min: 0, max: 1 },
      { question: 'Segmento B', answers: ['Chen', 'Dario'], min: 0, max: 1 },
    ],
    votes: [
      [
        [0, 1, 0],
        [0, 0, 1],
      ],
      [
        [0, 0, 1],
        [1, 0, 0],
      ],
      [
        [0, 1, 0],
        [0, 0, 1],
      ],
    ],
  })
  bytes = readFileSync(tool.archivePath)
  const read = readArchive(bytes)
  if (!read.ok) throw new Error(read.error)
  last = read.entries[read.entries.length - 1]!.hash
  dir = mkdtempSync(join(tmpdir(), 'recount-bel-'))
  const candidate = (id: string, votes: number, rank: number, outcome: Outcome) => ({
    id,
    votes,
    rank,
    outcome,
    gender: 'woman',
    seniority: `000${rank}`,
  })
  published = {
    rules: {
      overall_seats: 0,
      parity: { enabled: false, min_share: 0.5, counts_towards: ['woman'] },
      draw_seed: 'recount',
    },
    contests: [
      {
        id: 'ca',
        seats: 1,
        alternates: 1,
        blank: 0,
        void: 1,
        candidates: [candidate('k-ana', 2 + 4, 1, 'elected'), candidate('k-bintou', 1, 2, 'alternate')],
      },
      {
        id: 'cb',
        seats: 1,
        alternates: 1,
        blank: 1,
        void: 0,
        candidates: [candidate('k-dario', 2, 1, 'elected'), candidate('k-chen', 0, 2, 'alternate')],
      },
    ],
    // A paper polling place: 4 votes for Ana and one void ballot in contest ca.
    polling_places: [
      {
        paper_count: { contests: [{ id: 'ca', blank: 0, void: 1, candidates: [{ id: 'k-ana', votes: 4 }] }] },
      },
      { paper_count: null },
    ],
    belenios_archives: [
      {
        uuid: tool.uuid,
        last_event_hash: last,
        questions_map: [
          { contest: 'ca', answers: ['k-ana', 'k-bintou'] },
          { contest: 'cb', answers: ['k-chen', 'k-dario'] },
        ],
      },
    ],
  }
})
afterAll(() => {
  tool?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const recountCli = (args: string[]) =>
  runChild('npx', ['tsx', 'scripts/recount.ts', ...args], { cwd: process.cwd() })

describe.skipIf(skipWithoutBelenios)('recount from .bel archives', () => {
  it('verifies a tool-made archive with our verifier and gives the per-question counts', () => {
    expect(checkArchive(bytes)).toEqual({
      ok: true,
      uuid: tool.uuid,
      lastEventHash: last,
      ballots: 3,
      questions: [
        { question: 'Segmento A', blank: true, answers: 2 },
        { question: 'Segmento B', blank: true, answers: 2 },
      ],
      counts: [
        [0, 2, 1],
        [1, 0, 2],
      ],
    })
  })

  it('maps the counts to contests, adds the paper counts, and compares with results.json', () => {
    const check = checkArchive(bytes, last)
    if (!check.ok) throw new Error(check.error)
    const counts = countsFromArchives([check], published)
    if (!counts.ok) throw new Error(counts.error)
    expect(countDifferences(counts.contests, published)).toEqual([])
    const changed = structuredClone(published)
    changed.contests[1]!.candidates[0]!.votes = 3
    expect(countDifferences(counts.contests, changed)).toEqual([
      'contest cb: candidacy k-dario 2 ≠ published 3',
    ])
    expect(countsFromArchives([check], { ...published, belenios_archives: [] })).toMatchObject({ ok: false })
    const badMap = structuredClone(published)
    badMap.belenios_archives![0]!.questions_map.pop()
    expect(countsFromArchives([check], badMap)).toMatchObject({ ok: false })
  })

  it('refuses a broken chain and catches a truncated archive by its published last hash', () => {
    const tampered = Buffer.from(bytes)
    tampered[bytes.length - 600] ^= 1
    expect(checkArchive(tampered)).toMatchObject({ ok: false })
    const read = readArchive(bytes)
    if (!read.ok) throw new Error(read.error)
    // Cut before the Result: a valid shorter archive, but not the published one.
    const cut = Buffer.from(bytes).subarray(0, truncatedLength(bytes))
    expect(checkArchive(cut)).toMatchObject({ ok: true, counts: null })
    expect(checkArchive(cut, last)).toMatchObject({ ok: false, error: 'last_event_mismatch' })
  })

  it('npm run recount: exit 0 when everything matches, 1 on a difference or a truncated archive', async () => {
    const bel = join(dir, `${tool.uuid}.bel`)
    writeFileSync(bel, bytes)
    const results = join(dir, 'results.json')
    writeFileSync(results, JSON.stringify(published))
    const good = await recountCli([bel, results])
    expect(good.stdout).toContain('recount EQUALS the published votes')
    expect(good.stdout).toContain('seats: the recount MATCHES the published result')
    expect(good.status).toBe(0)
    expect((await recountCli([bel])).status).toBe(0)

    const changed = structuredClone(published)
    changed.contests[0]!.blank = 5
    writeFileSync(results, JSON.stringify(changed))
    const bad = await recountCli([bel, results])
    expect(bad.stdout).toContain('DIFFERS FROM')
    expect(bad.status).toBe(1)

    const cut = join(dir, 'cut.bel')
    writeFileSync(cut, bytes.subarray(0, truncatedLength(bytes)))
    const truncated = await recountCli([cut, '--last', last])
    expect(truncated.stdout).toContain('last_event_mismatch')
    expect(truncated.status).toBe(1)

    // The old ballots.json mode still answers (usage without a file).
    expect((await recountCli([])).status).toBe(2)
  })
})

/** The length of the archive without its last event (the Result and its data block). */
function truncatedLength(archive: Buffer): number {
  let offset = 0
  const starts: { offset: number; name: string }[] = []
  while (offset + 512 <= archive.length) {
    const name = archive
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '')
    const size = parseInt(archive.subarray(offset + 124, offset + 135).toString('ascii'), 8)
    starts.push({ offset, name })
    offset += 512 + Math.ceil(size / 512) * 512
  }
  const events = starts.filter((s) => s.name.endsWith('.event.json'))
  // Everything after the second-to-last event belongs to the last one (its data blocks, itself).
  const cutAfter = events[events.length - 2]!
  return starts[starts.indexOf(cutAfter) + 1]!.offset
}
