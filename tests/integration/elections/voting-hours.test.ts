import { beforeEach, describe, expect, it } from 'vitest'
import {
  advancePhase,
  closeEndedVoting,
  getElection,
  listElections,
  voterBallot,
} from '../../../app/elections/lifecycle.server'
import { castBoothBallot, castOnlineBallot, openBoothBallot } from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import { action as manageAction } from '../../../app/routes/staff.elections.$id._index'
import { loader as voteLoader } from '../../../app/routes/elections.$id.vote'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, pollingPlace, setVotingWindow } from '../../helpers/elections'
import { form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #17, "Election day": ballots are accepted only inside the election's voting hours, voting
// does not open without them, and the vote closes by itself at the end — with the same effects as
// the commission's move, once, however many processes tick, and already on reading.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

const MINUTE = 60_000
const phaseOf = async (id: string) =>
  (await db.selectFrom('elections').select('phase').where('id', '=', id).executeTakeFirstOrThrow()).phase
const closes = (id: string) =>
  db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'after_json'])
    .where('entity_id', '=', id)
    .where('action', '=', 'election.phase')
    .where('after_json', 'like', '%voting_closed%')
    .execute()

/** An open election with one voter whose window is [starts, ends]. */
async function openElection(starts: Date, ends: Date) {
  const setup = await cpmElection(db, 'voting_open', { voters: 2 })
  await setVotingWindow(db, setup.electionId, { starts: starts.toISOString(), ends: ends.toISOString() })
  return setup
}

describe('voting opens only with voting hours (fail closed)', () => {
  it('refuses to open the vote without a window, or with its end already past', async () => {
    const { commission, electionId } = await cpmElection(db, 'campaign')
    expect(
      await advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_open' }),
    ).toMatchObject({ ok: false, error: 'no_voting_window' })
    await setVotingWindow(db, electionId, {
      starts: new Date(Date.now() - 120 * MINUTE).toISOString(),
      ends: new Date(Date.now() - MINUTE).toISOString(),
    })
    expect(
      await advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_open' }),
    ).toMatchObject({ ok: false, error: 'voting_window_over' })
    expect(await phaseOf(electionId)).toBe('campaign')
    await setVotingWindow(db, electionId)
    expect(
      await advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_open' }),
    ).toMatchObject({ ok: true })
  })

  it('the manage page answers with the translated reason, not a 500', async () => {
    const { commission, electionId } = await cpmElection(db, 'campaign')
    const res = await settle(
      manageAction(
        args(
          await requestAs(db, commission.id, `/staff/elections/${electionId}`, {
            method: 'POST',
            body: form({ intent: 'advance', to: 'voting_open' }),
          }),
          { id: electionId },
        ),
      ),
    )
    expect(res.status).toBe(409)
    expect(JSON.stringify(await res.json())).toContain('no_voting_window')
    expect(await phaseOf(electionId)).toBe('campaign')
  })
})

describe('ballots only inside the hours', () => {
  it('before the start: the ballot page says when voting opens, and a vote is refused', async () => {
    const starts = new Date(Date.now() + 60 * MINUTE)
    const { electionId, contestId, voters } = await openElection(starts, new Date(Date.now() + 600 * MINUTE))
    const page = await settle(
      voteLoader(
        args(await requestAs(db, voters[0].id, `/elections/${electionId}/vote`), { id: electionId }),
      ),
    )
    expect(await page.json()).toMatchObject({
      state: 'not_yet_open',
      contests: [],
      election: { voting_starts: starts.toISOString() },
    })
    expect(
      await castOnlineBallot(db, { electionId, userId: voters[0].id, choices: { [contestId]: 'blank' } }),
    ).toMatchObject({ ok: false, error: 'not_open' })
    expect(await db.selectFrom('voter_participation').selectAll().execute()).toEqual([])
  })

  it('a vote a moment after the end is refused even before the close has run', async () => {
    const ends = new Date(Date.now() + 10 * MINUTE)
    const { electionId, contestId, voters, commission } = await openElection(
      new Date(Date.now() - 60 * MINUTE),
      ends,
    )
    const justAfter = new Date(ends.getTime() + 1)
    const justBefore = new Date(ends.getTime() - 1)
    // Online.
    expect(
      await castOnlineBallot(db, {
        electionId,
        userId: voters[0].id,
        choices: { [contestId]: 'blank' },
        now: justAfter,
      }),
    ).toMatchObject({ ok: false, error: 'not_open' })
    // At the booth: no ballot opens after the end, and one opened before it is not cast after it.
    const place = await pollingPlace(db, { electionId, commissionId: commission.id })
    const booth = { workerId: place.worker.id, electionId, deviceToken: place.deviceToken }
    expect(
      await openBoothBallot(db, { ...booth, registrationId: voters[0].registrationId, now: justAfter }),
    ).toMatchObject({ ok: false, error: 'not_open' })
    const opened = await openBoothBallot(db, {
      ...booth,
      registrationId: voters[1].registrationId,
      now: justBefore,
    })
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(
      await castBoothBallot(db, {
        electionId,
        token: opened.value.token,
        choices: { [contestId]: 'blank' },
        now: justAfter,
      }),
    ).toMatchObject({ ok: false, error: 'not_open' })
    expect(await db.selectFrom('ballots').selectAll().execute()).toEqual([])
    // Nothing closed it yet: the refusal is the clock's, not the phase's.
    expect(await phaseOf(electionId)).toBe('voting_open')
    // Just before the end the same voter could vote online.
    expect(
      await castOnlineBallot(db, {
        electionId,
        userId: voters[0].id,
        choices: { [contestId]: 'blank' },
        now: justBefore,
      }),
    ).toMatchObject({ ok: true })
  })
})

describe('the automatic close at the end of the hours', () => {
  it('the tick closes it as the system, with the side effects of the manual close', async () => {
    const ends = new Date(Date.now() + 10 * MINUTE)
    const { electionId, commission, voters } = await openElection(new Date(Date.now() - 60 * MINUTE), ends)
    const place = await pollingPlace(db, { electionId, commissionId: commission.id })
    const opened = await openBoothBallot(db, {
      workerId: place.worker.id,
      electionId,
      deviceToken: place.deviceToken,
      registrationId: voters[0].registrationId,
    })
    expect(opened.ok).toBe(true)
    expect(await closeEndedVoting(db, new Date(ends.getTime() - 1))).toEqual([])
    expect(await phaseOf(electionId)).toBe('voting_open')
    expect(await closeEndedVoting(db, ends)).toEqual([electionId])
    expect(await phaseOf(electionId)).toBe('voting_closed')
    // Unused booth ballots are cancelled, as when the commission closes the vote.
    expect(await db.selectFrom('booth_tokens').selectAll().execute()).toEqual([])
    const audit = await closes(electionId)
    expect(audit).toHaveLength(1)
    expect(audit[0].actor_user_id).toBeNull()
    expect(JSON.parse(audit[0].after_json!)).toMatchObject({ phase: 'voting_closed', by: 'voting_hours' })
  })

  it('two ticks at once close it once', async () => {
    const ends = new Date(Date.now() + 10 * MINUTE)
    const { electionId } = await openElection(new Date(Date.now() - 60 * MINUTE), ends)
    const after = new Date(ends.getTime() + MINUTE)
    const [a, b] = await Promise.all([closeEndedVoting(db, after), closeEndedVoting(db, after)])
    expect([...a, ...b]).toEqual([electionId])
    expect(await phaseOf(electionId)).toBe('voting_closed')
    expect(await closes(electionId)).toHaveLength(1)
    // A later tick finds nothing left to close.
    expect(await closeEndedVoting(db, after)).toEqual([])
  })

  it('is applied on reading: a page loaded after the end shows the election closed', async () => {
    const ends = new Date(Date.now() + 10 * MINUTE)
    const { electionId, voters } = await openElection(new Date(Date.now() - 60 * MINUTE), ends)
    const after = new Date(ends.getTime() + MINUTE)
    expect(await voterBallot(db, { electionId, userId: voters[0].id, now: after })).toMatchObject({
      state: 'hours_over',
      contests: [],
    })
    expect((await getElection(db, electionId, after))?.election.phase).toBe('voting_closed')
    expect(await closes(electionId)).toHaveLength(1)
  })

  it('the list of elections closes those past their end before listing them', async () => {
    const { electionId } = await openElection(
      new Date(Date.now() - 60 * MINUTE),
      new Date(Date.now() + 10 * MINUTE),
    )
    await setVotingWindow(db, electionId, {
      starts: new Date(Date.now() - 60 * MINUTE).toISOString(),
      ends: new Date(Date.now() - 1).toISOString(),
    })
    expect((await listElections(db)).find((e) => e.id === electionId)?.phase).toBe('voting_closed')
  })
})
