import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  appendBlocks,
  archiveBlocks,
  archiveHead,
  archivesOfElection,
  createArchive,
  credentialOf,
  forgetCredentials,
  storeCredentials,
  type Block,
} from '../../../app/belenios/store.server'
import type { DB } from '../../../app/lib/db.server'
import type { SealingKey } from '../../../app/lib/sealed.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import { approvedVoter, cmiElection } from '../../helpers/elections'
import { createTestDb, onPostgres, openAnotherConnection } from '../../helpers/db'
import { openCycle } from '../../helpers/registration'

const key: SealingKey = { bytes: Buffer.alloc(32, 3) }
const block = (kind: Block['kind'], content: string): Block => ({
  kind,
  content,
  hash: createHash('sha256').update(content, 'utf8').digest('hex'),
})

let db: DB & { path: string }
let electionId: string
beforeAll(async () => {
  db = await createTestDb({ file: true })
  await openCycle(db)
  electionId = (await cmiElection(db)).electionId
})
afterAll(async () => {
  await db.destroy()
})

async function newArchive(uuid: string, groupKey: string) {
  const created = await createArchive(db, {
    uuid,
    electionId,
    groupKey,
    questionsMap: [{ contestId: 'c1', answers: ['k1', 'k2'] }],
    headerTimestamp: 1_764_900_000,
    serverKeySealed: null,
  })
  if (!created.ok) throw new Error(created.error)
  return created.value
}

describe('Belenios archive storage (migration 038)', () => {
  it('appends files in order and renders them back in the same order, with the append point', async () => {
    const head = await newArchive('U1aaaaaaaaaaaaaa', 'segments')
    const setup = [block('data', '{"election":1}'), block('event', '{"height":0,"type":"Setup"}')]
    const first = await db.transaction().execute((trx) => appendBlocks(trx, head, setup))
    expect(first).toMatchObject({ ok: true, value: { blocks: 2, events: 1, lastEventHash: setup[1]!.hash } })
    const ballot = [block('data', '{"ballot":1}'), block('event', '{"height":1,"type":"Ballot"}')]
    await db.transaction().execute((trx) => appendBlocks(trx, first.ok ? first.value : head, ballot))
    expect((await archiveBlocks(db, head.uuid)).map((b) => b.content)).toEqual(
      [...setup, ...ballot].map((b) => b.content),
    )
    expect(await archiveBlocks(db, head.uuid, 3)).toEqual([ballot[1]])
    expect(await archiveHead(db, head.uuid)).toMatchObject({
      blocks: 4,
      events: 2,
      lastEventHash: ballot[1]!.hash,
    })
    expect((await archivesOfElection(db, electionId)).map((a) => a.groupKey)).toContain('segments')
  })

  it('refuses a second archive for the same contest group or uuid', async () => {
    await newArchive('U2aaaaaaaaaaaaaa', 'subprefecture-1')
    const again = (uuid: string, groupKey: string) =>
      createArchive(db, {
        uuid,
        electionId,
        groupKey,
        questionsMap: [],
        headerTimestamp: 0,
        serverKeySealed: null,
      })
    expect(await again('U3aaaaaaaaaaaaaa', 'subprefecture-1')).toEqual({ ok: false, error: 'exists' })
    expect(await again('U2aaaaaaaaaaaaaa', 'subprefecture-2')).toEqual({ ok: false, error: 'exists' })
  })

  it('refuses a stale append point: two writers from the same head, one wins, nothing interleaves', async () => {
    const head = await newArchive('U4aaaaaaaaaaaaaa', 'subprefecture-4')
    // Two writers (two server processes) that read the same append point. On PostgreSQL they run
    // at once on two connections (the second waits for the first's row lock, then finds the count
    // moved); better-sqlite3 is synchronous, so in one process SQLite's lock makes them take turns.
    const one = openAnotherConnection(db, { busyTimeoutMs: 10_000 })
    const other = openAnotherConnection(db, { busyTimeoutMs: 10_000 })
    try {
      const write = (conn: DB, content: string) =>
        conn.transaction().execute((trx) => appendBlocks(trx, head, [block('event', content)]))
      const [a, b] = onPostgres
        ? await Promise.all([write(one, '{"a":1}'), write(other, '{"b":1}')])
        : [await write(one, '{"a":1}'), await write(other, '{"b":1}')]
      expect([a.ok, b.ok].sort()).toEqual([false, true])
      expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, error: 'changed_meanwhile' })
      expect(await archiveBlocks(db, head.uuid)).toHaveLength(1)
    } finally {
      await one.destroy()
      await other.destroy()
    }
  })

  it('refuses a file whose name is not the hash of its bytes, an empty append and an unknown archive', async () => {
    const head = await newArchive('U5aaaaaaaaaaaaaa', 'subprefecture-5')
    const forged = { ...block('data', '{"x":1}'), content: '{"x":2}' }
    const run = (blocks: Block[], at = head) =>
      db.transaction().execute((trx) => appendBlocks(trx, at, blocks))
    expect(await run([forged])).toEqual({ ok: false, error: 'bad_block' })
    expect(await run([])).toEqual({ ok: false, error: 'bad_block' })
    expect(await run([block('data', '{}')], { ...head, uuid: 'nonexistent00000' })).toEqual({
      ok: false,
      error: 'no_archive',
    })
    expect(await archiveBlocks(db, head.uuid)).toEqual([])
  })

  it('keeps credentials sealed, readable only for their own voter, and forgets them at publication', async () => {
    const head = await newArchive('U6aaaaaaaaaaaaaa', 'subprefecture-6')
    await db.transaction().execute((trx) =>
      storeCredentials(trx, key, head.uuid, [
        { registrationId: 'reg-b', credential: 'BBB-BBB-BBB-BBB-BBB' },
        { registrationId: 'reg-a', credential: 'AAA-AAA-AAA-AAA-AAA' },
      ]),
    )
    const stored = await db
      .selectFrom('belenios_credentials')
      .selectAll()
      .where('archive_uuid', '=', head.uuid)
      .execute()
    expect(stored.map((r) => r.credential_sealed).join()).not.toMatch(/AAA|BBB/)
    expect(await credentialOf(db, key, head.uuid, 'reg-a')).toEqual({
      ok: true,
      value: 'AAA-AAA-AAA-AAA-AAA',
    })
    expect(await credentialOf(db, key, head.uuid, 'reg-x')).toEqual({ ok: false, error: 'no_credential' })
    expect(await credentialOf(db, { bytes: Buffer.alloc(32, 9) }, head.uuid, 'reg-a')).toEqual({
      ok: false,
      error: 'unreadable',
    })
    // A sealed value copied onto another voter's row does not open there.
    const a = stored.find((r) => r.registration_id === 'reg-a')!
    await db
      .updateTable('belenios_credentials')
      .set({ credential_sealed: a.credential_sealed })
      .where('archive_uuid', '=', head.uuid)
      .where('registration_id', '=', 'reg-b')
      .execute()
    expect(await credentialOf(db, key, head.uuid, 'reg-b')).toEqual({ ok: false, error: 'unreadable' })
    const forgotten = await db.transaction().execute((trx) => forgetCredentials(trx, electionId))
    expect(forgotten).toBeGreaterThanOrEqual(2)
    expect(await db.selectFrom('belenios_credentials').selectAll().execute()).toEqual([])
  })

  it("forgets an erased person's credential (LGPD erasure), keeping everyone else's", async () => {
    const head = await newArchive('U7aaaaaaaaaaaaaa', 'subprefecture-7')
    const voter = await approvedVoter(db)
    await db.transaction().execute((trx) =>
      storeCredentials(trx, key, head.uuid, [
        { registrationId: voter.registrationId, credential: 'CCC-CCC-CCC-CCC-CCC' },
        { registrationId: 'someone-else', credential: 'DDD-DDD-DDD-DDD-DDD' },
      ]),
    )
    await eraseAccount(db, voter.id)
    expect(await credentialOf(db, key, head.uuid, voter.registrationId)).toEqual({
      ok: false,
      error: 'no_credential',
    })
    expect(await credentialOf(db, key, head.uuid, 'someone-else')).toEqual({
      ok: true,
      value: 'DDD-DDD-DDD-DDD-DDD',
    })
  })
})
