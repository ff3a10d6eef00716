import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { loader as csvLoader } from '../../../app/routes/open-data.plan[.csv]'
import { loader as campaignsLoader } from '../../../app/routes/open-data.campaigns[.json]'
import { loader as dashboardLoader } from '../../../app/routes/plan._index'
import { action as indicatorAction, loader as indicatorLoader } from '../../../app/routes/plan.indicators.$id'
import { action as staffAction, loader as staffLoader } from '../../../app/routes/staff.plan'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { GOOD_MATRIX, MATRIX_HEADER, planInForce } from '../../helpers/plan'
import { args, settle } from '../../helpers/routes'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

const multipart = (fields: Record<string, string>, file?: { name: string; content: string }) => {
  const body = new FormData()
  for (const [k, v] of Object.entries(fields)) body.append(k, v)
  if (file) body.append('file', new Blob([file.content], { type: 'text/csv' }), file.name)
  return body
}

describe('plan routes', () => {
  it('posting an update: bad input 400 per field with values kept; another body 403; a good one waits for review', async () => {
    const { reporter, byCode } = await planInForce(db)
    const ind = byCode('4.1.1.1')
    const url = `/plan/indicators/${ind.id}`
    const post = async (userId: string, body: Record<string, string>, id = ind.id) =>
      settle(
        indicatorAction(args(await requestAs(db, userId, url, { method: 'POST', body: form(body) }), { id })),
      )
    const bad = await post(reporter.id, {
      referenceDate: '31/02/2026',
      value: 'dois',
      status: 'late',
      evidence: 'Relatório do 2º trimestre',
      evidenceUrl: 'javascript:alert(1)',
    })
    expect(bad.status).toBe(400)
    const failed = await bad.json()
    expect(failed.fieldErrors).toEqual({
      referenceDate: 'date_invalid',
      value: 'number_invalid',
      status: 'choose_option',
      evidenceUrl: 'url_invalid',
    })
    expect(failed.values.evidence).toBe('Relatório do 2º trimestre')
    const other = await post(
      reporter.id,
      { referenceDate: '2026-06-30', value: '2000', status: 'on_track', evidence: 'x' },
      byCode('7.1.1.1').id,
    )
    expect(other.status).toBe(403)
    const good = await post(reporter.id, {
      referenceDate: '30/06/2026',
      value: '1',
      status: 'on_track',
      evidence: 'Relatório',
      evidenceUrl: 'https://example.org/r.pdf',
    })
    expect(good.headers.get('Location')).toBe(`${url}?done=submitted#mine`)
    const resident = await createUser(db)
    expect(
      (
        await post(resident.id, {
          referenceDate: '2026-06-30',
          value: '1',
          status: 'on_track',
          evidence: 'x',
        })
      ).status,
    ).toBe(403)
    const publicPage = await (
      await settle(indicatorLoader(args(await requestAs(db, null, url), { id: ind.id })))
    ).json()
    expect(publicPage).toMatchObject({ history: [], pendingOrReturned: [], mayReport: false })
  })

  it('only the secretariat reviews, imports and creates campaigns; the import reports bad rows next to the form', async () => {
    const { reporter, secretariat } = await planInForce(db)
    expect((await settle(staffLoader(args(await requestAs(db, reporter.id, '/staff/plan'))))).status).toBe(
      200,
    )
    const refused = await settle(
      staffAction(
        args(
          await requestAs(db, reporter.id, '/staff/plan', {
            method: 'POST',
            body: multipart(
              { intent: 'import', title: 'X', startsYear: '2025', endsYear: '2028' },
              { name: 'p.csv', content: GOOD_MATRIX },
            ),
          }),
        ),
      ),
    )
    expect(refused.status).toBe(403)
    const badCsv = [MATRIX_HEADER, '42,1.1,T,1.1.1,A,SMDHC,,,,,,,,'].join('\n')
    const bad = await settle(
      staffAction(
        args(
          await requestAs(db, secretariat.id, '/staff/plan', {
            method: 'POST',
            body: multipart(
              { intent: 'import', title: 'Plano', startsYear: '2025', endsYear: '2028' },
              { name: 'p.csv', content: badCsv },
            ),
          }),
        ),
      ),
    )
    expect(bad.status).toBe(400)
    const json = await bad.json()
    expect(json.problems).toEqual([{ line: 2, column: 'axis', error: 'unknown_axis' }])
    expect(json.values.title).toBe('Plano')
    const noFile = await settle(
      staffAction(
        args(
          await requestAs(db, secretariat.id, '/staff/plan', {
            method: 'POST',
            body: multipart({ intent: 'import', title: 'Plano', startsYear: '2025', endsYear: '2028' }),
          }),
        ),
      ),
    )
    expect((await noFile.json()).fieldErrors).toEqual({ file: 'file_empty' })
    const good = await settle(
      staffAction(
        args(
          await requestAs(db, secretariat.id, '/staff/plan', {
            method: 'POST',
            body: multipart(
              { intent: 'import', title: 'Plano', startsYear: '2025', endsYear: '2028' },
              { name: 'p.csv', content: GOOD_MATRIX },
            ),
          }),
        ),
      ),
    )
    expect(good.headers.get('Location')).toBe('/staff/plan?done=imported&n=4')
    const campaign = await settle(
      staffAction(
        args(
          await requestAs(db, secretariat.id, '/staff/plan', {
            method: 'POST',
            body: multipart({
              intent: 'campaign',
              title: 'Nova',
              theme: 'xenophobia',
              year: '2026',
              status: 'planned',
              channels: 'radio',
              startsOn: '',
              endsOn: '',
            }),
          }),
        ),
      ),
    )
    expect((await campaign.json()).fieldErrors).toEqual({ languages: 'choose_option' })
  })

  it('the public dashboard, the CSV and campaigns JSON answer without an account; drafts stay hidden', async () => {
    const empty = await (await settle(dashboardLoader(args(await requestAs(db, null, '/plan'))))).json()
    expect(empty.dashboard).toBeNull()
    const { editionId } = await planInForce(db)
    const dashboard = await (
      await settle(dashboardLoader(args(await requestAs(db, null, `/plan?edition=${editionId}`))))
    ).json()
    expect(dashboard.dashboard.overall.total).toBe(4)
    const csv = await settle(csvLoader(args(await requestAs(db, null, '/open-data/plan.csv'))))
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toBe(
      'edition,edition_years,demonstration,axis,objective,action,action_title,responsible_bodies,sdg_targets,migracidades_dimension,indicator,indicator_name,unit,baseline,target,deadline,latest_value,latest_status,latest_reference_date,progress',
    )
    expect(lines).toHaveLength(5)
    const campaigns = await (
      await settle(campaignsLoader(args(await requestAs(db, null, '/open-data/campaigns.json'))))
    ).json()
    expect(campaigns).toMatchObject({ version: 1, campaigns: [] })
  })
})
