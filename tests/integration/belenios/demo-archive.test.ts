import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readArchive } from '../../../app/belenios/archive'
import { recordOfEntries } from '../../../app/belenios/record'
import { BELENIOS_2048 } from '../../../app/belenios/group'
import { parsePartialDecryption, verifyPartialDecryption } from '../../../app/belenios/partial-decryption'
import { parseJsonBounded, readThresholdParameters } from '../../../app/belenios/threshold/codec'
import { thresholdHooks } from '../../../app/belenios/threshold/verify-hooks'
import { verifyElectionRecordYielding } from '../../../app/belenios/verify'
import {
  checkArchiveYielding,
  countDifferences,
  countsFromArchives,
  type PublishedResults,
} from '../../../app/elections/recount-archive'
import { ceremonyProgress, commissionMembers } from '../../../app/elections/trustees.server'
import { decryptionInput } from '../../../app/elections/verifiable.server'
import type { DB } from '../../../app/lib/db.server'
import { loader as belLoader } from '../../../app/routes/open-data.elections.$id.belenios.$uuid[.bel]'
import { loader as resultsJsonLoader } from '../../../app/routes/open-data.elections.$id.results[.json]'
import { seedDemo } from '../../../db/seed'
import { DEMO_TRUSTEES, demoTrusteeKeysDir } from '../../../db/seed/belenios'
import { DEMO_CMI_ELECTION } from '../../../db/seed/elections'
import { beleniosTool, beleniosToolOk, skipWithoutBelenios } from '../../helpers/belenios-tool'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { args, settle } from '../../helpers/routes'

// Issue #20, "Done when": the demo election produces archives that `belenios-tool election verify`
// accepts and whose result equals Mutirão's published counts. The demo is seeded once (its
// cryptography is most of the seed's time); each archive is fetched as an observer would, from
// the open-data routes, and checked by the reference tool and by our own verifier.

const G = BELENIOS_2048
const ID = DEMO_CMI_ELECTION

type OpenResults = PublishedResults & {
  status: string
  contests: { id: string; blank: number; void: number; candidates: { id: string; votes: number }[] }[]
  belenios_archives: {
    uuid: string
    url: string
    last_event_hash: string
    questions_map: { contest: string; answers: string[] }[]
  }[]
}

let db: DB
let dataDir: string
let results: OpenResults
const files = new Map<string, { dir: string; bytes: Uint8Array }>()

beforeAll(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  dataDir = mkdtempSync(join(tmpdir(), 'mutirao-demo-data-'))
  const started = Date.now()
  expect(await seedDemo(db, { trusteeKeysDir: dataDir })).toBe(true)
  console.log(`demo seed with its verifiable election: ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const response = await settle(
    resultsJsonLoader(
      args(new Request(`http://localhost/open-data/elections/${ID}/results.json`), { id: ID }),
    ),
  )
  expect(response.status).toBe(200)
  results = (await response.json()) as OpenResults
  for (const a of results.belenios_archives) {
    const bel = await settle(
      belLoader(
        args(new Request(`http://localhost/open-data/elections/${ID}/belenios/${a.uuid}.bel`), {
          id: ID,
          uuid: a.uuid,
        }),
      ),
    )
    expect(bel.status).toBe(200)
    const bytes = new Uint8Array(await bel.arrayBuffer())
    const dir = mkdtempSync(join(tmpdir(), 'mutirao-demo-archive-'))
    writeFileSync(join(dir, `${a.uuid}.bel`), bytes)
    files.set(a.uuid, { dir, bytes })
  }
}, 600_000)

afterAll(async () => {
  for (const { dir } of files.values()) rmSync(dir, { recursive: true, force: true })
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  await db?.destroy()
})

/** The published votes per contest, minus the paper counts published beside the archives. */
function electronicVotes(contestId: string) {
  const contest = results.contests.find((c) => c.id === contestId)!
  const paper = (results.polling_places ?? [])
    .flatMap((p) => p.paper_count?.contests ?? [])
    .filter((c) => c.id === contestId)
  const paperOf = (id: string) =>
    paper.reduce((n, c) => n + (c.candidates.find((x) => x.id === id)?.votes ?? 0), 0)
  return {
    blank: contest.blank - paper.reduce((n, c) => n + c.blank, 0),
    void: contest.void - paper.reduce((n, c) => n + c.void, 0),
    votes: Object.fromEntries(contest.candidates.map((x) => [x.id, x.votes - paperOf(x.id)])),
  }
}

describe.skipIf(skipWithoutBelenios)('the demo’s verifiable 2024 CMI election', { timeout: 600_000 }, () => {
  it('publishes one archive (segments A, B and C) with the 32 electronic ballots, in results.json', () => {
    expect(results.status).toBe('official')
    expect(results.belenios_archives).toHaveLength(1)
    const [archive] = results.belenios_archives
    expect(archive!.questions_map.map((q) => q.contest)).toEqual(['demo-cmi-A', 'demo-cmi-B', 'demo-cmi-C'])
    const read = readArchive(files.get(archive!.uuid)!.bytes)
    if (!read.ok) throw new Error(read.error)
    expect(read.entries.filter((e) => e.event.type === 'Ballot')).toHaveLength(32)
    expect(read.entries.map((e) => e.event.type).filter((t) => t !== 'Ballot')).toEqual([
      'Setup',
      'EndBallots',
      'EncryptedTally',
      // The server's key, then two of the three commission members (any 2 decrypt): one is away.
      'PartialDecryption',
      'PartialDecryption',
      'PartialDecryption',
      'Result',
    ])
    expect(read.entries[read.entries.length - 1]!.hash).toBe(archive!.last_event_hash)
  })

  it('belenios-tool verifies each archive, and its computed result is the published count', async () => {
    for (const archive of results.belenios_archives) {
      const { dir } = files.get(archive.uuid)!
      const verify = await beleniosTool(['election', 'verify', '--dir', dir], { cwd: dir })
      expect(verify.stderr).toBe('')
      expect(verify.ok).toBe(true)
      const computed = JSON.parse(
        await beleniosToolOk(['election', 'compute-result', '--dir', dir], { cwd: dir }),
      ) as {
        result: number[][]
      }
      archive.questions_map.forEach((q, i) => {
        const row = computed.result[i]!
        const published = electronicVotes(q.contest)
        // Blank first (the question allows it), then one count per answer in the map's order.
        expect({
          blank: row[0],
          votes: Object.fromEntries(q.answers.map((id, j) => [id, row[j + 1]])),
        }).toEqual({
          blank: published.blank,
          votes: published.votes,
        })
        // Void votes exist on paper only: an encrypted ballot cannot be void.
        expect(published.void).toBe(0)
        expect(row.reduce((a, b) => a + b, 0)).toBe(32)
      })
    }
    // The story's counts (CMI_CANDIDATES) with the paper count added, as the results page shows.
    const a = results.contests.find((c) => c.id === 'demo-cmi-A')!
    expect(Object.fromEntries(a.candidates.map((x) => [x.id, x.votes]))).toEqual({
      'demo-cand-a1': 11,
      'demo-cand-a2': 9,
      'demo-cand-a3': 7,
      'demo-cand-a4': 4,
      'demo-cand-a5': 2,
      'demo-cand-a6': 1,
    })
    expect([a.blank, a.void]).toEqual([2, 2])
  })

  it('our own verifier (threshold hooks) accepts each archive with the same result', async () => {
    for (const archive of results.belenios_archives) {
      const { dir, bytes } = files.get(archive.uuid)!
      const read = readArchive(bytes)
      if (!read.ok) throw new Error(read.error)
      const record = recordOfEntries(read.entries, { final: true, lastEventHash: archive.last_event_hash })
      if (!record.ok) throw new Error(record.error)
      const verified = await verifyElectionRecordYielding(record.value, { threshold: thresholdHooks })
      if (!verified.ok) throw new Error(`${verified.step}: ${verified.error}`)
      expect(verified.value.numTallied).toBe(32)
      expect(new Set(verified.value.trackers).size).toBe(32)
      const tool = JSON.parse(
        await beleniosToolOk(['election', 'compute-result', '--dir', dir], { cwd: dir }),
      ) as {
        result: number[][]
      }
      expect(verified.value.result).toEqual(tool.result)
    }
  })

  it('npm run recount on the same files: verified (threshold trustees) and equal to the published votes', async () => {
    const checked = []
    for (const archive of results.belenios_archives) {
      const check = await checkArchiveYielding(files.get(archive.uuid)!.bytes, archive.last_event_hash)
      if (!check.ok) throw new Error(`${check.error}: ${'detail' in check ? check.detail : ''}`)
      checked.push(check)
    }
    const counts = countsFromArchives(checked, results)
    if (!counts.ok) throw new Error(counts.error)
    expect(countDifferences(counts.contests, results)).toEqual([])
  })

  it('stores no plaintext ballot, no tracking code, and forgets the credentials at the result', async () => {
    const count = async (table: 'ballots' | 'tracking_codes') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('election_id', '=', ID)
            .executeTakeFirstOrThrow()
        ).n,
      )
    // The finished election is a 'belenios' one; the open ones stay 'plain' in this wave.
    const formats = await db.selectFrom('elections').select(['id', 'ballot_format']).orderBy('id').execute()
    expect(Object.fromEntries(formats.map((e) => [e.id, e.ballot_format]))).toMatchObject({
      [ID]: 'belenios',
      'demo-election-cpm-2026': 'plain',
    })
    expect(formats.filter((e) => e.ballot_format === 'belenios').map((e) => e.id)).toEqual([ID])
    expect(await count('ballots')).toBe(0)
    expect(await count('tracking_codes')).toBe(0)
    const credentials = await db
      .selectFrom('belenios_credentials')
      .select('archive_uuid')
      .where(
        'archive_uuid',
        'in',
        results.belenios_archives.map((a) => a.uuid),
      )
      .execute()
    expect(credentials).toEqual([])
    const participation = await db
      .selectFrom('voter_participation')
      .select('channel')
      .where('election_id', '=', ID)
      .execute()
    expect(participation).toHaveLength(32)
  })

  it('ran the commission’s ceremony (3 members, any 2) and left the past members without the role', async () => {
    const progress = (await ceremonyProgress(db, ID))!
    expect(progress).toMatchObject({ threshold: 2, state: 'done' })
    expect(progress.members.map((m) => m.userId)).toEqual(DEMO_TRUSTEES.map((t) => t.id))
    expect(progress.members.every((m) => m.certificateAt && m.polynomialAt && m.voutputAt)).toBe(true)
    expect((await commissionMembers(db)).map((m) => m.id)).toEqual(['demo-electoral-commission'])
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', ID)
      .where('action', 'like', 'election.trustees.%')
      .execute()
    expect(audit.map((a) => a.action)).toContain('election.trustees.done')
  })

  it('writes the demo keys under the data directory, owner-only, and the absent member can decrypt with them', async () => {
    const dir = demoTrusteeKeysDir(dataDir, ID)
    expect(readdirSync(dir).sort()).toEqual([
      'README.txt',
      'member-1.dkey',
      'member-1.key',
      'member-2.dkey',
      'member-2.key',
      'member-3.dkey',
      'member-3.key',
      'threshold.json',
    ])
    for (const f of readdirSync(dir).filter((f) => /\.d?key$/.test(f)))
      expect(statSync(join(dir, f)).mode & 0o077, f).toBe(0)
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toMatch(/DEMO KEYS/)
    const parameters = readThresholdParameters(
      parseJsonBounded(readFileSync(join(dir, 'threshold.json'), 'utf8')),
      G,
    )!
    for (const archive of results.belenios_archives) {
      const work = files.get(archive.uuid)!.dir
      for (const f of ['member-3.key', 'member-3.dkey'])
        writeFileSync(join(work, f), readFileSync(join(dir, f)))
      // Member 3 (trustee 4) did not decrypt at the count; its key still opens its share.
      const out = await beleniosToolOk(
        [
          'election',
          'decrypt-threshold',
          '--dir',
          work,
          '--key',
          join(work, 'member-3.key'),
          '--decryption-key',
          join(work, 'member-3.dkey'),
          '--trustee-id',
          '4',
        ],
        { cwd: work },
      )
      const input = (await decryptionInput(db, archive.uuid))!
      const pd = parsePartialDecryption(input.election, input.tally, out.split('\n')[0]!)
      expect(pd).not.toBeNull()
      expect(
        verifyPartialDecryption(
          input.election,
          input.tally,
          parameters.verification_keys[2]!.public_key,
          pd!,
        ),
      ).toBe(true)
    }
  })
})
