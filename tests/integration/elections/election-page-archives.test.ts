import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { loader as overviewLoader } from '../../../app/routes/elections.$id._index'
import { castOnlineBallot } from '../../../app/elections/voting.server'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { completeCeremony, cpmElection, moveTo } from '../../helpers/elections'
import { requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #20: the public page of a 'belenios' election lists its archives (the `.bel` links, the
// ballots so far, the tracker check) instead of the plaintext board's phase rules; a 'plain'
// election's page is unchanged.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

const overview = async (electionId: string, userId: string | null = null) =>
  (
    await settle(
      overviewLoader(args(await requestAs(db, userId, `/elections/${electionId}`), { id: electionId })),
    )
  ).json()

describe('the public page of a verifiable election', () => {
  it('before voting: verifiable, no archive yet; while voting: the archive with its ballots so far', async () => {
    const setup = await cpmElection(db, 'campaign', { voters: 2, ballotFormat: 'belenios' })
    const { electionId, contestId, voters } = setup
    const before = await overview(electionId)
    expect(before).toMatchObject({ verifiable: true, archives: [] })

    await completeCeremony(db, electionId)
    await moveTo(db, setup.commission.id, electionId, 'voting_open')
    const opened = await overview(electionId)
    expect(opened.archives).toHaveLength(1)
    const [archive] = opened.archives
    expect(archive).toMatchObject({ group: 'Sé', ballots: 0 })
    expect(archive.url).toBe(`/open-data/elections/${electionId}/belenios/${archive.uuid}.bel`)
    expect(typeof opened.origin).toBe('string')

    for (const v of voters) {
      const cast = await castOnlineBallot(db, { electionId, userId: v.id, choices: { [contestId]: 'blank' } })
      expect(cast.ok).toBe(true)
    }
    // Anonymous visitors see the count too (the archive is public); a voter sees the same.
    expect((await overview(electionId)).archives[0]).toMatchObject({ ballots: 2 })
    expect((await overview(electionId, voters[0]!.id)).archives[0]).toMatchObject({ ballots: 2 })
  })

  it('a plain election: not verifiable, no archives (its board and /verify keep the old rules)', async () => {
    const { electionId } = await cpmElection(db, 'voting_open', { voters: 1 })
    expect(await overview(electionId)).toMatchObject({ verifiable: false, archives: [] })
  })
})
