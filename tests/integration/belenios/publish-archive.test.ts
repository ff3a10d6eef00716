import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicArchives } from '../../../app/belenios/publish.server'
import { appendBlocks, archiveHead, createArchive } from '../../../app/belenios/store.server'
import type { DB } from '../../../app/lib/db.server'
import { loader as belLoader } from '../../../app/routes/open-data.elections.$id.belenios.$uuid[.bel]'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import {
  runToolElectionToResult,
  skipWithoutBelenios,
  type ToolElectionResult,
} from '../../helpers/belenios-tool'
import { blocksOfArchive, storeArchiveFile } from '../../helpers/belenios-store'
import { cmiElection, cpmElection, moveTo } from '../../helpers/elections'
import { createUser, requestAs } from '../../helpers/factories'
import { publicOrigin } from '../../../app/lib/env.server'
import { loader as indexJsonLoader } from '../../../app/routes/open-data.elections[.json]'
import { loader as resultsJsonLoader } from '../../../app/routes/open-data.elections.$id.results[.json]'
import { loader as electionPageLoader } from '../../../app/routes/elections.$id._index'
import { createElection } from '../../../app/elections/lifecycle.server'
import { DEFAULT_RULES } from '../../../app/elections/tally'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// The `.bel` route (#20): the stored archive rendered byte for byte as the tool wrote it, public
// from Setup on, with the last event's hash as ETag.

let db: DB
let tool: ToolElectionResult
let electionId: string
let otherElectionId: string
let draftElectionId: string

const get = (id: string, uuid: string, headers: Record<string, string> = {}) =>
  settle(
    belLoader(
      args(new Request(`http://localhost/open-data/elections/${id}/belenios/${uuid}.bel`, { headers }), {
        id,
        uuid,
      }),
    ),
  )

beforeAll(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
  electionId = (await cmiElection(db)).electionId
  otherElectionId = (await cmiElection(db)).electionId
  const commission = await createUser(db, { roles: ['electoral_commission'] })
  const draft = await createElection(db, {
    actorUserId: commission.id,
    body: 'cmi',
    title: { 'pt-BR': 'Rascunho' },
    description: {},
    segmentSeats: { A: 2, B: 2, C: 2 },
    alternates: 1,
    rules: { ...DEFAULT_RULES, overallSeats: 2 },
  })
  if (!draft.ok) throw new Error(draft.error)
  draftElectionId = draft.value.id
  if (skipWithoutBelenios) return
  tool = await runToolElectionToResult({
    questions: [{ question: 'Segmento A', answers: ['Ana', 'Bintou'], min: 0, max: 1 }],
    votes: [[[0, 1, 0]], [[0, 0, 1]], [[0, 1, 0]]],
  })
  await storeArchiveFile(db, {
    electionId,
    groupKey: 'segments',
    path: tool.archivePath,
    uuid: tool.uuid,
    questionsMap: [{ contestId: 'contest-a', answers: ['cand-ana', 'cand-bintou'] }],
  })
})
afterAll(async () => {
  tool?.cleanup()
  await db.destroy()
})

describe.skipIf(skipWithoutBelenios)('GET /open-data/elections/:id/belenios/:uuid.bel', () => {
  it('serves the archive byte for byte as the tool wrote it, as a tar attachment', async () => {
    const res = await get(electionId, tool.uuid)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/x-tar')
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="${tool.uuid}.bel"`)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const body = new Uint8Array(await res.arrayBuffer())
    expect(Buffer.from(body).equals(readFileSync(tool.archivePath))).toBe(true)
    const head = await archiveHead(db, tool.uuid)
    expect(res.headers.get('ETag')).toBe(`"${head!.lastEventHash}"`)
  })

  it('answers 304 to If-None-Match with the last event hash, 200 to a stale one', async () => {
    const etag = (await get(electionId, tool.uuid)).headers.get('ETag')!
    const same = await get(electionId, tool.uuid, { 'If-None-Match': etag })
    expect(same.status).toBe(304)
    expect(await same.text()).toBe('')
    expect(same.headers.get('ETag')).toBe(etag)
    expect((await get(electionId, tool.uuid, { 'If-None-Match': `W/${etag}` })).status).toBe(304)
    expect((await get(electionId, tool.uuid, { 'If-None-Match': '"0000"' })).status).toBe(200)
  })

  it('404: unknown uuid, another election’s id, an unknown election', async () => {
    expect((await get(electionId, 'nope')).status).toBe(404)
    expect((await get(otherElectionId, tool.uuid)).status).toBe(404)
    expect((await get('no-such-election', tool.uuid)).status).toBe(404)
  })

  it('404 while the election is a draft, and for an archive with no Setup yet', async () => {
    const { blocks, timestamp } = blocksOfArchive(readFileSync(tool.archivePath))
    const uuid = 'DraftUuid1234567'
    const created = await createArchive(db, {
      uuid,
      electionId: draftElectionId,
      groupKey: 'segments',
      questionsMap: [],
      headerTimestamp: timestamp,
      serverKeySealed: null,
    })
    if (!created.ok) throw new Error(created.error)
    expect((await get(draftElectionId, uuid)).status).toBe(404)
    const setupEnd = blocks.findIndex((b) => b.kind === 'event') + 1
    const appended = await db
      .transaction()
      .execute((trx) => appendBlocks(trx, created.value, blocks.slice(0, setupEnd)))
    expect(appended.ok).toBe(true)
    expect((await get(draftElectionId, uuid)).status).toBe(404)
    expect(await publicArchives(db, draftElectionId)).toEqual([])

    const empty = await createArchive(db, {
      uuid: 'EmptyUuid1234567',
      electionId: otherElectionId,
      groupKey: 'segments',
      questionsMap: [],
      headerTimestamp: timestamp,
      serverKeySealed: null,
    })
    expect(empty.ok).toBe(true)
    expect((await get(otherElectionId, 'EmptyUuid1234567')).status).toBe(404)
    expect(await publicArchives(db, otherElectionId)).toEqual([])
  })

  it('grows with the chain: a prefix served while voting goes on is a valid shorter archive', async () => {
    const { blocks, timestamp } = blocksOfArchive(readFileSync(tool.archivePath))
    const uuid = 'GrowingUuid12345'
    const created = await createArchive(db, {
      uuid,
      electionId: otherElectionId,
      groupKey: 'subprefecture-1',
      questionsMap: [],
      headerTimestamp: timestamp,
      serverKeySealed: null,
    })
    if (!created.ok) throw new Error(created.error)
    // Setup and the first ballot, then one orphan data block (its event not written yet).
    const events = blocks.flatMap((b, i) => (b.kind === 'event' ? [i] : []))
    const upTo = events[1]! + 1
    const first = await db
      .transaction()
      .execute((trx) => appendBlocks(trx, created.value, blocks.slice(0, upTo + 1)))
    if (!first.ok) throw new Error(first.error)
    const res = await get(otherElectionId, uuid)
    expect(res.status).toBe(200)
    const body = Buffer.from(await res.arrayBuffer())
    const original = readFileSync(tool.archivePath)
    // Byte prefix of the full archive, ending at the first ballot's event.
    expect(original.subarray(0, body.length).equals(body)).toBe(true)
    expect(body.length).toBeLessThan(original.length)
    expect(res.headers.get('ETag')).toBe(`"${blocks[events[1]!]!.hash}"`)
    expect(await publicArchives(db, otherElectionId)).toEqual([
      {
        uuid,
        group: 'subprefecture-1',
        lastEventHash: blocks[events[1]!]!.hash,
        events: 2,
        questionsMap: [],
      },
    ])
  })

  it('lists the public archives of an election', async () => {
    const head = await archiveHead(db, tool.uuid)
    expect(await publicArchives(db, electionId)).toEqual([
      {
        uuid: tool.uuid,
        group: 'segments',
        lastEventHash: head!.lastEventHash,
        events: head!.events,
        questionsMap: [{ contestId: 'contest-a', answers: ['cand-ana', 'cand-bintou'] }],
      },
    ])
  })

  it('elections.json, results.json and the election page list the archives', async () => {
    const { commission, electionId: cpmId, contestId } = await cpmElection(db, 'voting_open')
    const uuid = 'CpmArchiveUuid12'
    const head = await storeArchiveFile(db, {
      electionId: cpmId,
      groupKey: 'subprefecture-1',
      path: tool.archivePath,
      uuid,
      questionsMap: [{ contestId, answers: ['cand-1', 'cand-2'] }],
    })
    const url = `${publicOrigin()}/open-data/elections/${cpmId}/belenios/${uuid}.bel`
    const listed = {
      uuid,
      group: 'subprefecture-1',
      url,
      last_event_hash: head.lastEventHash,
      events: head.events,
    }
    const index = await (
      await settle(indexJsonLoader(args(await requestAs(db, null, '/open-data/elections.json'))))
    ).json()
    const entry = index.elections.find((e: { id: string }) => e.id === cpmId)
    expect(entry.belenios_archives).toEqual([listed])
    expect(index.elections.find((e: { id: string }) => e.id === draftElectionId)).toBeUndefined()

    const page = await (
      await settle(electionPageLoader(args(await requestAs(db, null, `/elections/${cpmId}`), { id: cpmId })))
    ).json()
    // The page names the group by its subprefecture and counts the ballots so far.
    expect(page.archives).toEqual([
      {
        uuid,
        group: 'Aricanduva/Formosa/Carrão',
        ballots: 0,
        url: `/open-data/elections/${cpmId}/belenios/${uuid}.bel`,
      },
    ])

    const results = () =>
      requestAs(db, null, `/open-data/elections/${cpmId}/results.json`).then((r) =>
        settle(resultsJsonLoader(args(r, { id: cpmId }))),
      )
    expect((await results()).status).toBe(404)
    await moveTo(db, commission.id, cpmId, 'preliminary_result')
    const json = await (await results()).json()
    expect(json.belenios_archives).toEqual([
      { ...listed, questions_map: [{ contest: contestId, answers: ['cand-1', 'cand-2'] }] },
    ])
  })

  it('refuses to serve a stored chain that does not hold together', async () => {
    await db
      .updateTable('belenios_blocks')
      .set({ content: '{"tampered":true}' })
      .where('archive_uuid', '=', tool.uuid)
      .where('seq', '=', 0)
      .execute()
    await expect(get(electionId, tool.uuid)).rejects.toThrow(/broken|unreadable/)
  })
})
