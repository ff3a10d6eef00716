import { beforeEach, describe, expect, it } from 'vitest'
import { createBallot } from '../../../app/belenios/ballot'
import { parseElection } from '../../../app/belenios/election'
import { decryptionProgress } from '../../../app/elections/verifiable.server'
import {
  ballotEncryptionInput,
  castEncryptedOnline,
  type EncryptionInput,
} from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { completeCeremony, cpmElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

// Review H1 (issue #20): a voter holds their own credential, so they can send ballots that are
// correctly signed and carry one broken proof, each costing the server a full verification. The
// proofs are checked before the write transaction, and after a few refused ballots the voter waits
// (a doubling delay): the server's CPU is not theirs to burn, and an honest retry still goes in.

let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb({ file: true })
  useAsAppDb(db)
  await openCycle(db)
})

function deviceBallots(input: EncryptionInput, choice: (contestId: string) => string) {
  return input.archives.map((a) => {
    const election = parseElection(a.electionJson)
    if (!election.ok) throw new Error(election.error)
    const plaintext = a.questionsMap.map((q) => {
      const c = choice(q.contestId)
      return [c === 'blank' ? 1 : 0, ...q.answers.map((id) => (id === c ? 1 : 0))]
    })
    const created = createBallot(election.value, a.credential, plaintext)
    if (!created.ok) throw new Error(created.error)
    return { uuid: a.uuid, json: created.value.json }
  })
}

describe('refused encrypted ballots are throttled per voter', () => {
  it('five refusals are free, the sixth waits, and after the wait a good ballot goes in', async () => {
    const setup = await cpmElection(db, 'campaign', { voters: 2, ballotFormat: 'belenios' })
    await completeCeremony(db, setup.electionId)
    await moveTo(db, setup.commission.id, setup.electionId, 'voting_open')
    const { electionId, candidates, voters } = setup
    const [alice, bob] = voters as [(typeof voters)[0], (typeof voters)[0]]
    const input = await ballotEncryptionInput(db, { electionId, userId: alice.id })
    if (!input.ok) throw new Error(input.error)
    const good = deviceBallots(input.value, () => candidates[0]!.candidacyId)
    // Correctly signed with her credential, one proof broken: only a full verification finds it.
    const broken = good.map((b) => ({
      ...b,
      json: b.json.replace(/"response":"(\d)/, (_m, d: string) => `"response":"${(Number(d) + 1) % 10}`),
    }))
    expect(broken[0]!.json).not.toBe(good[0]!.json)
    const now = new Date()
    for (let i = 0; i < 5; i++) {
      expect(await castEncryptedOnline(db, { electionId, userId: alice.id, ballots: broken, now })).toEqual({
        ok: false,
        error: 'invalid_ballot',
      })
    }
    // The sixth is refused before any proof is checked, even a good one.
    expect(await castEncryptedOnline(db, { electionId, userId: alice.id, ballots: good, now })).toEqual({
      ok: false,
      error: 'too_many_attempts',
    })
    // Someone else is not slowed down by Alice's refusals.
    const bobInput = await ballotEncryptionInput(db, { electionId, userId: bob.id })
    if (!bobInput.ok) throw new Error(bobInput.error)
    const bobCast = await castEncryptedOnline(db, {
      electionId,
      userId: bob.id,
      ballots: deviceBallots(bobInput.value, () => 'blank'),
      now,
    })
    expect(bobCast.ok).toBe(true)
    // Nothing of Alice's refused attempts was written.
    const participation = await db.selectFrom('voter_participation').select('registration_id').execute()
    expect(participation.map((p) => p.registration_id)).toEqual([bob.registrationId])
    // After the wait, her good ballot goes in.
    const later = new Date(now.getTime() + 10 * 60_000)
    const cast = await castEncryptedOnline(db, { electionId, userId: alice.id, ballots: good, now: later })
    expect(cast.ok).toBe(true)
    expect((await decryptionProgress(db, electionId))[0]!.ballots).toBe(2)
  })
})
