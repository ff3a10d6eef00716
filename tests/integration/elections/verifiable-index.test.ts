import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readArchive } from '../../../app/belenios/archive'
import { ballotTracker, parseBallot } from '../../../app/belenios/ballot'
import { parseElection } from '../../../app/belenios/election'
import { publicCredential } from '../../../app/belenios/credential'
import { fromUtf8 } from '../../../app/belenios/events'
import { BELENIOS_2048 } from '../../../app/belenios/group'
import { archivesOfElection, credentialOf, forgetCredentials } from '../../../app/belenios/store.server'
import {
  castVerifiable,
  encryptForVoter,
  endBallots,
  finishArchives,
  myBallotTrackers,
  prepareArchives,
  renderArchive,
} from '../../../app/elections/verifiable.server'
import type { DB } from '../../../app/lib/db.server'
import type { SealingKey } from '../../../app/lib/sealed.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import { acceptedCandidacy } from '../../helpers/candidacies'
import { createTestDb, onPostgres } from '../../helpers/db'
import { approvedVoter, cmiElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

// Issue #20, item 6: a cast is O(1) in the archive's size. "Has this credential voted?" is the
// belenios_cast_credentials index (migration 041), written in the transaction that appends the
// Ballot event; its primary key refuses a second ballot for a credential. These tests check the
// index against the archive, the constraint, two casts at once, and what forgetting credentials
// and erasing a voter do to it. They run on SQLite and on PostgreSQL (TEST_DATABASE_URL).

const G = BELENIOS_2048
const key: SealingKey = { bytes: randomBytes(32) }

let db: DB & { path: string }
let electionId: string
let contestId: string
let candidacies: string[]
let voters: { id: string; registrationId: string }[]
let uuid: string

const accepted = (name: string) => acceptedCandidacy(db, electionId, contestId, name)

const encrypt = async (registrationId: string, choice: string) => {
  const encrypted = await encryptForVoter(db, {
    electionId,
    registrationId,
    key,
    choices: { [contestId]: choice },
  })
  if (!encrypted.ok) throw new Error(encrypted.error)
  return encrypted.value.map(({ uuid: u, json }) => ({ uuid: u, json }))
}
const cast = (registrationId: string, ballots: { uuid: string; json: string }[]) =>
  db.transaction().execute((trx) => castVerifiable(trx, { electionId, registrationId, key, ballots }))
const indexRows = () =>
  db
    .selectFrom('belenios_cast_credentials')
    .select(['credential', 'tracker'])
    .where('archive_uuid', '=', uuid)
    .orderBy('credential')
    .execute()
const publicOf = async (registrationId: string) => {
  const credential = await credentialOf(db, key, uuid, registrationId)
  if (!credential.ok) throw new Error(credential.error)
  return publicCredential(G, uuid, credential.value).toString()
}

/** The archive's own ballots: public credential and tracker of each, as belenios-tool would read them. */
async function archiveBallots() {
  const read = readArchive((await renderArchive(db, uuid))!)
  if (!read.ok) throw new Error(read.error)
  const election = parseElection(fromUtf8(read.entries[0]!.blocks[0]!.bytes))
  if (!election.ok) throw new Error(election.error)
  return read.entries
    .filter((e) => e.event.type === 'Ballot')
    .map((e) => {
      const json = fromUtf8(e.blocks[0]!.bytes)!
      const parsed = parseBallot(election.value, json)
      if (!parsed.ok) throw new Error(parsed.error)
      return { credential: parsed.value.credential.toString(), tracker: ballotTracker(json) }
    })
    .sort((a, b) => (a.credential < b.credential ? -1 : 1))
}

beforeAll(async () => {
  db = await createTestDb({ file: true })
  await openCycle(db)
  const cmi = await cmiElection(db)
  electionId = cmi.electionId
  contestId = cmi.contests.A
  candidacies = [await accepted('Coletivo Ana'), await accepted('Coletivo Bruno')]
  voters = []
  for (let i = 0; i < 6; i++) voters.push(await approvedVoter(db))
  await moveTo(db, cmi.commission.id, electionId, 'voting_open')
  const prepared = await db
    .transaction()
    .execute((trx) =>
      prepareArchives(trx, { electionId, key, commission: null, now: new Date('2026-12-13T08:00:00Z') }),
    )
  if (!prepared.ok) throw new Error(prepared.error)
  uuid = prepared.value[0]!.uuid
}, 120_000)
afterAll(async () => {
  await db.destroy()
})

describe(`the vote's credential index (migration 041, ${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('holds no voter, no time and (on SQLite) no rowid: a public credential and a tracker per archive', async () => {
    const columns = onPostgres
      ? (
          await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
            WHERE table_name = 'belenios_cast_credentials' AND table_schema = current_schema()`.execute(db)
        ).rows
      : (
          await sql<{
            name: string
          }>`SELECT name FROM pragma_table_info('belenios_cast_credentials')`.execute(db)
        ).rows
    expect(columns.map((c) => c.name).sort()).toEqual(['archive_uuid', 'credential', 'tracker'])
    if (!onPostgres) {
      await expect(sql`SELECT rowid FROM belenios_cast_credentials`.execute(db)).rejects.toThrow(
        /no such column: rowid/,
      )
    }
  })

  it('is written with each Ballot event and says exactly what the archive says', async () => {
    const trackers: string[] = []
    for (const [i, v] of voters.slice(0, 3).entries()) {
      const result = await cast(v.registrationId, await encrypt(v.registrationId, candidacies[i % 2]!))
      if (!result.ok) throw new Error(result.error)
      trackers.push(result.value[0]!.tracker)
    }
    const rows = await indexRows()
    expect(rows).toHaveLength(3)
    expect(rows).toEqual(await archiveBallots())
    const mine = await publicOf(voters[1]!.registrationId)
    expect(rows.find((r) => r.credential === mine)?.tracker).toBe(trackers[1])
    expect(
      await myBallotTrackers(db, { electionId, registrationId: voters[1]!.registrationId, key }),
    ).toEqual({
      ok: true,
      value: [{ uuid, groupKey: 'segments', tracker: trackers[1] }],
    })
    expect(
      await myBallotTrackers(db, { electionId, registrationId: voters[5]!.registrationId, key }),
    ).toEqual({
      ok: true,
      value: [{ uuid, groupKey: 'segments', tracker: null }],
    })
  })

  it('refuses a second row for a credential by its primary key', async () => {
    const [first] = await indexRows()
    await expect(
      db
        .insertInto('belenios_cast_credentials')
        .values({ archive_uuid: uuid, credential: first!.credential, tracker: 'another-tracker' })
        .execute(),
    ).rejects.toThrow(/UNIQUE|PRIMARY KEY|duplicate key/i)
    expect(await indexRows()).toHaveLength(3)
  })

  it('refuses a second ballot (another encryption) for a credential that voted, appending nothing', async () => {
    const voter = voters[0]!
    const before = (await archivesOfElection(db, electionId))[0]!.head
    expect(await cast(voter.registrationId, await encrypt(voter.registrationId, 'blank'))).toEqual({
      ok: false,
      error: 'already_voted',
    })
    expect((await archivesOfElection(db, electionId))[0]!.head).toEqual(before)
  })

  it('two different ballots of one voter cast at once: exactly one enters the archive and the index', async () => {
    const voter = voters[3]!
    const a = await encrypt(voter.registrationId, candidacies[0]!)
    const b = await encrypt(voter.registrationId, 'blank')
    expect(a[0]!.json).not.toBe(b[0]!.json)
    const both = await Promise.all([cast(voter.registrationId, a), cast(voter.registrationId, b)])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'already_voted' }])
    const rows = await indexRows()
    expect(rows).toHaveLength(4)
    expect(rows).toEqual(await archiveBallots())
    const winner = both.find((r) => r.ok)!
    const mine = await publicOf(voter.registrationId)
    expect(rows.find((r) => r.credential === mine)?.tracker).toBe(winner.ok ? winner.value[0]!.tracker : null)
  })

  it('two voters cast at once: both ballots are appended, chained one after the other', async () => {
    const [x, y] = [voters[4]!, voters[5]!]
    const ballots = [
      await encrypt(x.registrationId, candidacies[1]!),
      await encrypt(y.registrationId, 'blank'),
    ]
    const before = (await archivesOfElection(db, electionId))[0]!.head
    const results = await Promise.all([
      cast(x.registrationId, ballots[0]!),
      cast(y.registrationId, ballots[1]!),
    ])
    expect(results.map((r) => r.ok)).toEqual([true, true])
    expect((await archivesOfElection(db, electionId))[0]!.head).toMatchObject({
      blocks: before.blocks + 4,
      events: before.events + 2,
    })
    expect(await indexRows()).toHaveLength(6)
    expect(await indexRows()).toEqual(await archiveBallots())
  })

  it('keeps its rows when a voter who voted is erased (they name no one), and the voter can no longer look up a tracker', async () => {
    const voter = voters[1]!
    await eraseAccount(db, voter.id)
    expect(await credentialOf(db, key, uuid, voter.registrationId)).toEqual({
      ok: false,
      error: 'no_credential',
    })
    expect(await indexRows()).toHaveLength(6)
    expect(await myBallotTrackers(db, { electionId, registrationId: voter.registrationId, key })).toEqual({
      ok: false,
      error: 'not_on_roll',
    })
  })

  it('keeps its rows when credentials are forgotten at the result, still equal to the archive', async () => {
    const ended = await db.transaction().execute((trx) => endBallots(trx, electionId, key))
    expect(ended).toEqual({ ok: true, value: [{ uuid, numTallied: 6 }] })
    const finished = await db.transaction().execute((trx) => finishArchives(trx, electionId))
    if (!finished.ok) throw new Error(finished.error)
    expect(
      finished.value[0]!.blank + Object.values(finished.value[0]!.votes).reduce((s, n) => s + n, 0),
    ).toBe(6)
    expect(await db.selectFrom('belenios_credentials').select('registration_id').execute()).toEqual([])
    expect(await db.transaction().execute((trx) => forgetCredentials(trx, electionId))).toBe(0)
    expect(await indexRows()).toEqual(await archiveBallots())
  })

  it('goes with its archive', async () => {
    await db.deleteFrom('belenios_archives').where('uuid', '=', uuid).execute()
    expect(await indexRows()).toEqual([])
  })
})
