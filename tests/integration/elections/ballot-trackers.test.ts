import { beforeEach, describe, expect, it } from 'vitest'
import { archivesOfElection, credentialOf } from '../../../app/belenios/store.server'
import { voterTrackers } from '../../../app/elections/ballot-trackers.server'
import { castVerifiable, encryptForVoter, prepareArchives } from '../../../app/elections/verifiable.server'
import { rollEntryOfUser } from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import type { SealingKey } from '../../../app/lib/sealed.server'
import { createTestDb } from '../../helpers/db'
import { cpmElection } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'

// "Which ballot is mine?" (issue #20, ADR 036): a voter's trackers from their credential (the
// crash test's voter whose browser never saw the answer); a typed tracker is looked up by the
// verify page (trackerInArchives, tested with it). Archives prepared with the server's key only: the commission is not needed here.

const key: SealingKey = { bytes: Buffer.alloc(32, 0xc5) }
let db: DB
beforeEach(async () => {
  db = await createTestDb()
  await openCycle(db)
})

async function votedElection() {
  const election = await cpmElection(db, 'voting_open', { voters: 2 })
  const prepared = await db
    .transaction()
    .execute((trx) =>
      prepareArchives(trx, { electionId: election.electionId, key, commission: null, now: new Date() }),
    )
  if (!prepared.ok) throw new Error(prepared.error)
  const voter = election.voters[0]!
  const roll = (await rollEntryOfUser(db, { electionId: election.electionId, userId: voter.id }))!
  const choices = { [election.contestId]: election.candidates[1]!.candidacyId }
  const ballots = await encryptForVoter(db, {
    electionId: election.electionId,
    registrationId: roll.registration_id,
    key,
    choices,
  })
  if (!ballots.ok) throw new Error(ballots.error)
  const cast = await db.transaction().execute((trx) =>
    castVerifiable(trx, {
      electionId: election.electionId,
      registrationId: roll.registration_id,
      key,
      ballots: ballots.value.map(({ uuid, json }) => ({ uuid, json })),
    }),
  )
  if (!cast.ok) throw new Error(cast.error)
  return { ...election, voter, roll, trackers: cast.value }
}

describe('voterTrackers', () => {
  it("shows the voter the tracker of the ballot signed with their credential, nobody else's", async () => {
    const e = await votedElection()
    const archives = await archivesOfElection(db, e.electionId)
    expect(await voterTrackers(db, { electionId: e.electionId, userId: e.voter.id, key })).toEqual({
      ok: true,
      value: [{ groupKey: archives[0]!.groupKey, tracker: e.trackers[0]!.tracker }],
    })
    // The other voter on the roll has not voted: no tracker.
    expect(await voterTrackers(db, { electionId: e.electionId, userId: e.voters[1]!.id, key })).toEqual({
      ok: true,
      value: [{ groupKey: archives[0]!.groupKey, tracker: null }],
    })
    // Someone not on the roll.
    const stranger = await createUser(db)
    expect(await voterTrackers(db, { electionId: e.electionId, userId: stranger.id, key })).toEqual({
      ok: false,
      error: 'not_on_roll',
    })
  })

  it('knows nothing once the credentials are forgotten (publication)', async () => {
    const e = await votedElection()
    await db.deleteFrom('belenios_credentials').execute()
    const mine = await voterTrackers(db, { electionId: e.electionId, userId: e.voter.id, key })
    // Without a credential there is no link between the voter and a ballot any more.
    expect(mine.ok ? mine.value.every((m) => m.tracker === null) : mine.error === 'not_on_roll').toBe(true)
    expect(await credentialOf(db, key, e.trackers[0]!.uuid, e.roll.registration_id)).toMatchObject({
      ok: false,
    })
  })
})
