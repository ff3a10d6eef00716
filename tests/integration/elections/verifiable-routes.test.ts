import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { action as voteAction } from '../../../app/routes/elections.$id.vote'
import { loader as verifyLoader } from '../../../app/routes/elections.$id.verify'
import {
  action as manageAction,
  loader as manageLoader,
} from '../../../app/routes/staff.elections.$id._index'
import { loader as ballotsLoader } from '../../../app/routes/open-data.elections.$id.ballots[.json]'
import { loader as indexJsonLoader } from '../../../app/routes/open-data.elections[.json]'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { completeCeremony, cpmElection, moveTo, setVotingWindow } from '../../helpers/elections'
import { form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #20 (ADR 034): the pages of a 'belenios' election work without JavaScript — the vote page
// shows trackers instead of a tracking code, /verify looks trackers up in the archives, the staff
// page shows the ceremony, the archives and the refusals of the phase moves.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

describe('a belenios election’s pages', () => {
  it('the commission is told why voting cannot open, then sees the archive; the voter gets trackers; /verify finds them', async () => {
    const { commission, electionId, contestId, voters } = await cpmElection(db, 'campaign', {
      voters: 1,
      ballotFormat: 'belenios',
    })
    await setVotingWindow(db, electionId)
    const manage = async (body: Record<string, string>) =>
      settle(
        manageAction(
          args(
            await requestAs(db, commission.id, `/staff/elections/${electionId}`, {
              method: 'POST',
              body: form(body),
            }),
            { id: electionId },
          ),
        ),
      )
    const refused = await manage({ intent: 'advance', to: 'voting_open' })
    expect(refused.status).toBe(409)
    expect(JSON.stringify(await refused.json())).toContain('ceremony_incomplete')
    await completeCeremony(db, electionId)
    const opened = await manage({ intent: 'advance', to: 'voting_open' })
    expect(opened.status).toBe(302)
    const page = await (
      await settle(
        manageLoader(
          args(await requestAs(db, commission.id, `/staff/elections/${electionId}`), { id: electionId }),
        ),
      )
    ).json()
    expect(page.ceremony).toMatchObject({ state: 'done', threshold: 2, members: 3 })
    expect(page.archives).toHaveLength(1)
    expect(page.archives[0]).toMatchObject({ group: 'Sé', ballots: 0 })

    const cast = await settle(
      voteAction(
        args(
          await requestAs(db, voters[0]!.id, `/elections/${electionId}/vote`, {
            method: 'POST',
            body: form({ intent: 'cast', [`contest_${contestId}`]: 'blank' }),
          }),
          { id: electionId },
        ),
      ),
    )
    const body = await cast.json()
    expect(body.step).toBe('done')
    expect(body.receipt).toMatchObject({ format: 'belenios', encryptedBy: 'server' })
    const tracker: string = body.receipt.trackers[0].tracker
    expect(tracker).toMatch(/^[A-Za-z0-9+/]{43}$/)
    expect(await db.selectFrom('ballots').select('id').execute()).toEqual([])

    const verify = await (
      await settle(
        verifyLoader(
          args(
            await requestAs(db, null, `/elections/${electionId}/verify?code=${encodeURIComponent(tracker)}`),
            {
              id: electionId,
            },
          ),
        ),
      )
    ).json()
    expect(verify).toMatchObject({ belenios: true, published: true, outcome: 'found' })

    // Open data: no plaintext board; ballots.json names the archive.
    const index = await (
      await settle(indexJsonLoader(args(await requestAs(db, null, '/open-data/elections.json'))))
    ).json()
    expect(index.elections.find((e: { id: string }) => e.id === electionId)).toMatchObject({
      ballot_format: 'belenios',
      ballots_url: null,
    })
    const board = await (
      await settle(
        ballotsLoader(
          args(await requestAs(db, null, `/open-data/elections/${electionId}/ballots.json`), {
            id: electionId,
          }),
        ),
      )
    ).json()
    expect(board).toMatchObject({ ballot_format: 'belenios', ballots: null })
    expect(board.belenios_archives).toHaveLength(1)

    // Counting before the members' decryptions is refused with its reason.
    await moveTo(db, commission.id, electionId, 'voting_closed')
    const count = await manage({ intent: 'advance', to: 'counted' })
    expect(count.status).toBe(409)
    expect(JSON.stringify(await count.json())).toContain('decryptions_missing')
    const closed = await (
      await settle(
        manageLoader(
          args(await requestAs(db, commission.id, `/staff/elections/${electionId}`), { id: electionId }),
        ),
      )
    ).json()
    expect(closed.archives[0]).toMatchObject({ ballots: 1, decryptions: 0, threshold: 2, ended: true })
  })
})
