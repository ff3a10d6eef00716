import { beforeEach, describe, expect, it } from 'vitest'
import { voterBallot } from '../../../app/elections/lifecycle.server'
import { ballotEncryptionInput, castOnlineBallot } from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { completeCeremony, cpmElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

// Issue #20 (ADR 034, "A voter with nothing to vote for"): at a CPM election a voter whose
// subprefecture contest has no accepted candidate has no archive in a 'belenios' election. The
// ballot page says there is nothing to vote for (not an error, not a ballot the cast refuses) and
// nothing is recorded; a 'plain' election keeps its old behaviour (a blank ballot in the empty
// contest).

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

/** The contest of subprefecture 18 (no candidates in cpmElection: they all stand in Sé). */
const emptyContest = async (electionId: string) =>
  (
    await db
      .selectFrom('contests')
      .select('id')
      .where('election_id', '=', electionId)
      .where('subprefecture_id', '=', 18)
      .executeTakeFirstOrThrow()
  ).id

describe('a CPM voter whose subprefecture has no accepted candidate', () => {
  it('belenios: the ballot page says there is nothing to vote for; casting records nothing', async () => {
    const setup = await cpmElection(db, 'campaign', {
      voters: 1,
      otherSubprefectureVoters: 1,
      ballotFormat: 'belenios',
    })
    await completeCeremony(db, setup.electionId)
    await moveTo(db, setup.commission.id, setup.electionId, 'voting_open')
    const { electionId } = setup
    const lonely = setup.elsewhere[0]!

    const ballot = await voterBallot(db, { electionId, userId: lonely.id })
    expect(ballot?.state).toBe('nothing_to_vote')
    expect(ballot?.contests).toEqual([])
    // Their archive does not exist: no credential was made for them.
    const credentials = await db
      .selectFrom('belenios_credentials')
      .select('archive_uuid')
      .where('registration_id', '=', lonely.registrationId)
      .execute()
    expect(credentials).toEqual([])

    // A forged post (blank in the empty contest, or nothing) is refused and writes nothing.
    const contest = await emptyContest(electionId)
    for (const choices of [{ [contest]: 'blank' }, {}]) {
      const cast = await castOnlineBallot(db, { electionId, userId: lonely.id, choices })
      expect(cast.ok).toBe(false)
    }
    expect((await ballotEncryptionInput(db, { electionId, userId: lonely.id })).ok).toBe(false)
    const participation = await db
      .selectFrom('voter_participation')
      .select('registration_id')
      .where('election_id', '=', electionId)
      .execute()
    expect(participation).toEqual([])

    // The Sé voter on the same election still gets a ballot.
    expect((await voterBallot(db, { electionId, userId: setup.voters[0]!.id }))?.state).toBe('ready')
  })

  it('plain: unchanged, the empty contest is on the ballot and a blank vote is counted as before', async () => {
    const setup = await cpmElection(db, 'voting_open', { voters: 0, otherSubprefectureVoters: 1 })
    const { electionId } = setup
    const lonely = setup.elsewhere[0]!
    const ballot = await voterBallot(db, { electionId, userId: lonely.id })
    expect(ballot?.state).toBe('ready')
    const contest = await emptyContest(electionId)
    expect(ballot?.contests.map((c) => [c.id, c.candidates.length])).toEqual([[contest, 0]])
    const cast = await castOnlineBallot(db, {
      electionId,
      userId: lonely.id,
      choices: { [contest]: 'blank' },
    })
    expect(cast.ok).toBe(true)
  })
})
