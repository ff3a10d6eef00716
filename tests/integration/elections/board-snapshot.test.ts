import { beforeEach, describe, expect, it } from 'vitest'
import { bulletinBoardSnapshot } from '../../../app/elections/open-data.server'
import { castOnlineBallot } from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import { loader as ballotsLoader } from '../../../app/routes/open-data.elections.$id.ballots[.json]'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// ballots.json was built in memory on every request (#16.4): it is built once per change of the
// board and served from the stored copy, with an ETag.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

const get = async (electionId: string, headers: Record<string, string> = {}) =>
  settle(
    ballotsLoader(
      args(new Request(`http://localhost/open-data/elections/${electionId}/ballots.json`, { headers }), {
        id: electionId,
      }),
    ),
  )

describe('ballots.json is served from a stored board', () => {
  it('nothing before the count; then one build reused (ETag, 304) until the election moves', async () => {
    const setup = await cpmElection(db, 'voting_open', { voters: 3 })
    const { electionId, contestId, voters, commission } = setup
    for (const v of voters.slice(0, 2)) {
      const r = await castOnlineBallot(db, { electionId, userId: v.id, choices: { [contestId]: 'blank' } })
      if (!r.ok) throw new Error(r.error)
    }
    expect((await get(electionId)).status).toBe(404)
    await moveTo(db, commission.id, electionId, 'voting_closed')
    expect((await get(electionId)).status).toBe(404)
    expect(await db.selectFrom('published_snapshots').selectAll().execute()).toEqual([])

    await moveTo(db, commission.id, electionId, 'counted')
    const first = await get(electionId)
    expect(first.status).toBe(200)
    const etag = first.headers.get('ETag')!
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/)
    const board = await first.json()
    expect(board.ballots).toHaveLength(2)

    // Served again from the stored copy, not rebuilt.
    expect((await bulletinBoardSnapshot(db, electionId))?.reused).toBe(true)
    const again = await get(electionId, { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('ETag')).toBe(etag)
    expect((await get(electionId, { 'If-None-Match': '"other"' })).status).toBe(200)

    // A move of the election is a change: the board is rebuilt once, then reused again.
    await moveTo(db, commission.id, electionId, 'preliminary_result')
    expect((await bulletinBoardSnapshot(db, electionId))?.reused).toBe(false)
    expect((await bulletinBoardSnapshot(db, electionId))?.reused).toBe(true)
    expect(await db.selectFrom('published_snapshots').select('kind').execute()).toEqual([
      { kind: 'ballots_json' },
    ])
  })

  it('a new count (new board heads) is served at once, not the stored board', async () => {
    const { electionId, contestId, voters, commission } = await cpmElection(db, 'voting_open', { voters: 2 })
    const r = await castOnlineBallot(db, {
      electionId,
      userId: voters[0].id,
      choices: { [contestId]: 'blank' },
    })
    if (!r.ok) throw new Error(r.error)
    await moveTo(db, commission.id, electionId, 'counted')
    const before = await (await get(electionId)).json()
    // The heads change only when the board changes; simulate a recount that republished it.
    await db
      .updateTable('bulletin_boards')
      .set({ ballots_head: 'f'.repeat(64) })
      .execute()
    const after = await (await get(electionId)).json()
    expect(after.heads.ballots).toBe('f'.repeat(64))
    expect(before.heads.ballots).not.toBe(after.heads.ballots)
  })
})
