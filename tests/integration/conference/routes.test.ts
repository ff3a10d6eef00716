import { beforeEach, describe, expect, it } from 'vitest'
import { submitProposal } from '../../../app/conference/proposals.server'
import type { DB } from '../../../app/lib/db.server'
import { action as newProposalAction } from '../../../app/routes/conference.$id.proposals.new'
import { loader as listLoader } from '../../../app/routes/conference.$id.proposals._index'
import { action as voteAction } from '../../../app/routes/conference.$id.vote'
import { loader as reportLoader } from '../../../app/routes/conference.$id.report'
import { action as manageAction } from '../../../app/routes/staff.conference.$id._index'
import { loader as csvLoader } from '../../../app/routes/open-data.conferences.$id.proposals[.csv]'
import { conferenceEdition, moveConferenceTo } from '../../helpers/conference'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

describe('conference routes', () => {
  it('a proposal with bad input answers 400 per field and keeps the rest; a good one redirects to its page', async () => {
    const { secretariat, editionId, axes } = await conferenceEdition(db)
    await moveConferenceTo(db, secretariat.id, editionId, 'proposals_open')
    const person = await createUser(db)
    const post = async (body: Record<string, string>) =>
      settle(
        newProposalAction(
          args(
            await requestAs(db, person.id, `/conference/${editionId}/proposals/new`, {
              method: 'POST',
              body: form(body),
            }),
            { id: editionId },
          ),
        ),
      )
    const bad = await post({
      axisId: '',
      language: 'fr',
      title: 'Cours de portugais',
      body: 'x'.repeat(5001),
    })
    expect(bad.status).toBe(400)
    const json = await bad.json()
    expect(json.fieldErrors).toEqual({ axisId: 'choose_option', body: 'too_long' })
    expect(json.values.title).toBe('Cours de portugais')
    const good = await post({
      axisId: axes[6],
      language: 'fr',
      title: 'Cours de portugais',
      body: 'Des cours gratuits.',
    })
    expect(good.headers.get('Location')).toMatch(
      new RegExp(`^/conference/${editionId}/proposals/[a-z2-7]+\\?done=submitted$`),
    )
    const list = await (
      await settle(
        listLoader(
          args(await requestAs(db, null, `/conference/${editionId}/proposals?q=portugais`), {
            id: editionId,
          }),
        ),
      )
    ).json()
    expect(list.rows.map((r: { title: string; language: string }) => [r.title, r.language])).toEqual([
      ['Cours de portugais', 'fr'],
    ])
  })

  it('only the secretariat manages; a resident gets 403', async () => {
    const { editionId } = await conferenceEdition(db)
    const resident = await createUser(db)
    const refused = await settle(
      manageAction(
        args(
          await requestAs(db, resident.id, `/staff/conference/${editionId}`, {
            method: 'POST',
            body: form({ intent: 'advance', to: 'proposals_open' }),
          }),
          { id: editionId },
        ),
      ),
    )
    expect(refused.status).toBe(403)
  })

  it('a delegate of another edition cannot vote here; the report appears only at the final report', async () => {
    const { secretariat, editionId, axes } = await conferenceEdition(db)
    await moveConferenceTo(db, secretariat.id, editionId, 'proposals_open')
    const made = await submitProposal(db, {
      axisId: axes[0],
      title: 'T',
      body: 'B',
      language: 'pt-BR',
      editionId,
      userId: secretariat.id,
    })
    if (!made.ok) throw new Error()
    const outsider = await createUser(db, { roles: ['delegate'] })
    await moveConferenceTo(db, secretariat.id, editionId, 'delegates_vote')
    const refused = await settle(
      voteAction(
        args(
          await requestAs(db, outsider.id, `/conference/${editionId}/vote`, {
            method: 'POST',
            body: form({ proposalId: made.value.id }),
          }),
          { id: editionId },
        ),
      ),
    )
    expect(refused.status).toBe(403)
    expect(await db.selectFrom('delegate_votes').selectAll().execute()).toEqual([])
    expect(
      (
        await settle(
          reportLoader(args(await requestAs(db, null, `/conference/${editionId}/report`), { id: editionId })),
        )
      ).status,
    ).toBe(404)
    await moveConferenceTo(db, secretariat.id, editionId, 'final_report')
    expect(
      (
        await settle(
          reportLoader(args(await requestAs(db, null, `/conference/${editionId}/report`), { id: editionId })),
        )
      ).status,
    ).toBe(200)
    const csv = await settle(
      csvLoader(
        args(await requestAs(db, null, `/open-data/conferences/${editionId}/proposals.csv`), {
          id: editionId,
        }),
      ),
    )
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toMatch(/^id,axis,axis_position,kind,origin/)
    expect(lines[1]).toContain(',not_approved,')
  })
})
