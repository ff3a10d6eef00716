import { beforeEach, describe, expect, it } from 'vitest'
import { decideCandidacy } from '../../../app/elections/candidacies.server'
import type { DB } from '../../../app/lib/db.server'
import { action as electionAction, loader as electionLoader } from '../../../app/routes/elections.$id._index'
import { action as staffAction, loader as staffLoader } from '../../../app/routes/staff.elections.$id._index'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { form, requestAs } from '../../helpers/factories'
import { cpmElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// The appeal window through the pages (ADR 024): the commission sets the days with the calendar
// (a plain form post; a bad value comes back beside its field with what was typed), the candidate's
// card states the deadline, and a late appeal is refused with a translated reason, not a 500.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

type Failure = { fieldErrors: Record<string, string>; values: Record<string, string> }

async function inReview() {
  const e = await cpmElection(db, 'candidacy_open')
  await moveTo(db, e.commission.id, e.electionId, 'review')
  return e
}

describe('staff calendar: the appeal days', () => {
  it('saves a valid number, refuses 0 beside the field keeping the input, and shows the saved value', async () => {
    const { commission, electionId } = await inReview()
    const path = `/staff/elections/${electionId}`
    const post = async (values: Record<string, string>) =>
      settle(
        staffAction(
          args(await requestAs(db, commission.id, path, { method: 'POST', body: form(values) }), {
            id: electionId,
          }),
        ),
      )

    const bad = await post({ intent: 'calendar', appealDays: '0', votingStarts: '', votingEnds: '' })
    expect(bad.status).toBe(400)
    const failure = (await bad.json()) as Failure
    expect(failure.fieldErrors).toEqual({ appealDays: 'number_invalid' })
    expect(failure.values.appealDays).toBe('0')

    const saved = await post({ intent: 'calendar', appealDays: '7', votingStarts: '', votingEnds: '' })
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe(`${path}?done=calendar`)
    const page = await settle(staffLoader(args(await requestAs(db, commission.id, path), { id: electionId })))
    const data = (await page.json()) as { election: { candidacy_appeal_days: number } }
    expect(data.election.candidacy_appeal_days).toBe(7)
  })
})

describe('the candidate’s page', () => {
  it('states the deadline while the appeal is open, and refuses a late appeal with appeal_window_closed', async () => {
    const { commission, electionId, candidates } = await inReview()
    const [c] = candidates
    await decideCandidacy(db, {
      actorUserId: commission.id,
      candidacyId: c!.candidacyId,
      accept: false,
      reason: 'x',
    })
    const path = `/elections/${electionId}`
    const mine = async () => {
      const page = await settle(electionLoader(args(await requestAs(db, c!.id, path), { id: electionId })))
      expect(page.status).toBe(200)
      const data = (await page.json()) as {
        election: { candidacy_appeal_days: number }
        me: { candidacies: { appeal_deadline: string | null; appeal_open: boolean }[] }
      }
      return { days: data.election.candidacy_appeal_days, card: data.me.candidacies[0]! }
    }
    const open = await mine()
    expect(open.days).toBe(10)
    expect(open.card.appeal_open).toBe(true)
    expect(Date.parse(open.card.appeal_deadline!) - Date.now()).toBeGreaterThan(9 * 86_400_000)

    // The deadline passes (set in the data: no waiting on the clock).
    await db
      .updateTable('candidacies')
      .set({ appeal_deadline: '2026-01-01T00:00:00.000Z' })
      .where('id', '=', c!.candidacyId)
      .execute()
    expect((await mine()).card).toMatchObject({
      appeal_open: false,
      appeal_deadline: '2026-01-01T00:00:00.000Z',
    })
    const late = await settle(
      electionAction(
        args(
          await requestAs(db, c!.id, path, {
            method: 'POST',
            body: form({ intent: 'appeal', candidacyId: c!.candidacyId, text: 'Tenho o documento' }),
          }),
          { id: electionId },
        ),
      ),
    )
    expect(late.status).toBe(409)
    const failure = (await late.json()) as Failure
    expect(failure.fieldErrors).toEqual({ form: 'appeal_window_closed' })
    expect(failure.values.text).toBe('Tenho o documento')
  })
})
