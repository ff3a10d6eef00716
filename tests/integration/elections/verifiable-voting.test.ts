import { beforeEach, describe, expect, it } from 'vitest'
import { advancePhase } from '../../../app/elections/lifecycle.server'
import { castOnlineBallot } from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { addMemberDecryptions, completeCeremony, cpmElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

// Issue #20 (ADR 034): a 'belenios' election through the vote path — opening prepares the
// archives, every ballot is encrypted, closing ends the archives, counting decrypts them.

let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

describe('a belenios CPM election', () => {
  it('opens after the ceremony, takes online votes, closes and counts from the archives', async () => {
    const setup = await cpmElection(db, 'final_list', { voters: 3, ballotFormat: 'belenios' })
    const { commission, electionId, contestId, candidates, voters } = setup
    const refused = await advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_open' })
    expect(refused).toMatchObject({ ok: false })
    const ceremony = await completeCeremony(db, electionId)
    await moveTo(db, commission.id, electionId, 'voting_open')
    const choices = [candidates[0]!.candidacyId, candidates[1]!.candidacyId, 'blank']
    for (const [i, v] of voters.entries()) {
      const cast = await castOnlineBallot(db, {
        electionId,
        userId: v.id,
        choices: { [contestId]: choices[i]! },
      })
      expect(cast).toMatchObject({ ok: true, value: { format: 'belenios', encryptedBy: 'server' } })
    }
    await moveTo(db, commission.id, electionId, 'voting_closed')
    await addMemberDecryptions(db, electionId, ceremony)
    await moveTo(db, commission.id, electionId, 'counted')
    const { results } = await db
      .selectFrom('elections')
      .select('results')
      .where('id', '=', electionId)
      .executeTakeFirstOrThrow()
    const contest = JSON.parse(results!).contests.find((c: { id: string }) => c.id === contestId)
    expect(contest.blank).toBe(1)
  })
})
