import { beforeEach, describe, expect, it } from 'vitest'
import { contribute } from '../../../app/consultations/contributions.server'
import { answerContribution } from '../../../app/consultations/moderation.server'
import type { DB } from '../../../app/lib/db.server'
import { createCampaign, linkCampaignAction } from '../../../app/plan/campaigns.server'
import { pendingUpdates, postUpdate, reviewUpdate } from '../../../app/plan/monitoring.server'
import { campaignsOpenData, planOpenData } from '../../../app/plan/open-data.server'
import { advanceEdition, importPlanMatrix } from '../../../app/plan/plan.server'
import {
  getIndicator,
  indicatorsWithLatest,
  listActions,
  migracidadesSummary,
  planDashboard,
} from '../../../app/plan/reading.server'
import { linkProposal, outcomesOfProposal, traceAxis } from '../../../app/plan/trace.server'
import { conferenceEdition, moveConferenceTo } from '../../helpers/conference'
import { consultationIn } from '../../helpers/consultations'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'
import { GOOD_MATRIX, MATRIX_HEADER, planInForce } from '../../helpers/plan'
import { submitProposal } from '../../../app/conference/proposals.server'
import { eraseAccount, exportMyData } from '../../../app/privacy/my-data.server'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

const update = (
  indicatorId: string,
  userId: string,
  value: number,
  extra: Partial<Parameters<typeof postUpdate>[1]> = {},
) =>
  postUpdate(db, {
    userId,
    canReportForAnyBody: false,
    indicatorId,
    referenceDate: '2026-06-30',
    value,
    status: 'on_track',
    evidence: 'Relatório',
    ...extra,
  })

describe('CSV import of the whole matrix', () => {
  it('imports objectives, actions, bodies and indicators as a draft edition, creating unknown bodies', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const result = await importPlanMatrix(db, {
      actorUserId: secretariat.id,
      title: 'Plano 2025–2028',
      startsYear: 2025,
      endsYear: 2028,
      csv: GOOD_MATRIX,
    })
    expect(result).toMatchObject({ ok: true, counts: { objectives: 3, actions: 4, indicators: 4 } })
    if (!result.ok) throw new Error()
    expect(result.newBodies.sort()).toEqual(['CMI', 'SMDHC', 'SME'])
    const edition = await db
      .selectFrom('plan_editions')
      .selectAll()
      .where('id', '=', result.editionId)
      .executeTakeFirstOrThrow()
    expect(edition.status).toBe('draft')
    const vagas = await db
      .selectFrom('plan_indicators')
      .select(['baseline', 'target', 'deadline'])
      .where('code', '=', '7.1.1.1')
      .executeTakeFirstOrThrow()
    expect(vagas).toEqual({ baseline: 1500, target: 4000, deadline: null })
    const complaints = await db
      .selectFrom('plan_indicators')
      .select(['baseline', 'target', 'deadline'])
      .where('code', '=', '4.1.1.1')
      .executeTakeFirstOrThrow()
    expect(complaints.deadline).toBe('2028-12-31')
    const action = await db
      .selectFrom('plan_actions')
      .select(['id', 'sdg_targets', 'migracidades_dimension_id'])
      .where('code', '=', '4.1.2')
      .executeTakeFirstOrThrow()
    expect(action.sdg_targets).toBe('16.3')
    expect(action.migracidades_dimension_id).toBe(10)
    const bodies = await db
      .selectFrom('plan_action_bodies as ab')
      .innerJoin('plan_bodies as b', 'b.id', 'ab.body_id')
      .select(['b.code', 'ab.lead'])
      .where('ab.action_id', '=', action.id)
      .orderBy('b.code')
      .execute()
    expect(bodies).toEqual([
      { code: 'CMI', lead: 0 },
      { code: 'SMDHC', lead: 1 },
    ])
    expect(
      (await db.selectFrom('audit_log').select('action').where('action', '=', 'plan.import').execute())
        .length,
    ).toBe(1)
  })

  it('reports every bad row with line and column, and writes nothing', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const csv = [
      MATRIX_HEADER,
      '9,9.1,Eixo inexistente,9.1.1,Ação,SMDHC,,,,,,,,',
      '4,4.1,Xenofobia,4.1.1,Campanhas,SMDHC,10.3,,4.1.1.1,Campanhas,campanhas,zero,2,31/02/2028',
      '4,4.1,Outro título,4.1.2,Denúncias,SMDHC,,,,,,,,',
      '4,4.1,Xenofobia,4.1.1,Campanhas,SMDHC,banana,99,4.1.1.2,Nome,,1,2,',
      ',,,,,,,,,,,,,x',
    ].join('\n')
    const result = await importPlanMatrix(db, {
      actorUserId: secretariat.id,
      title: 'Ruim',
      startsYear: 2025,
      endsYear: 2028,
      csv,
    })
    expect(result.ok).toBe(false)
    if (result.ok || result.error !== 'bad_rows') throw new Error('expected bad rows')
    const seen = result.problems.map((p) => `${p.line}:${p.column}:${p.error}`)
    expect(seen).toEqual(
      expect.arrayContaining([
        '2:axis:unknown_axis',
        '3:baseline:number_invalid',
        '3:deadline:date_invalid',
        '5:sdg_targets:sdg_invalid',
        '5:migracidades_dimension:unknown_dimension',
        '5:unit:required',
        '6:axis:required',
        '6:action_title:required',
      ]),
    )
    expect(await db.selectFrom('plan_editions').select('id').execute()).toEqual([])
    expect(await db.selectFrom('plan_bodies').select('id').execute()).toEqual([])
    // A repeated objective code with another title is caught once the row is otherwise good.
    const conflicting = await importPlanMatrix(db, {
      actorUserId: secretariat.id,
      title: 'Ruim',
      startsYear: 2025,
      endsYear: 2028,
      csv: [MATRIX_HEADER, '4,4.1,Xenofobia,4.1.1,A,SMDHC,,,,,,,,', '4,4.1,Outro,4.1.2,B,SMDHC,,,,,,,,'].join(
        '\n',
      ),
    })
    expect(conflicting).toMatchObject({
      ok: false,
      error: 'bad_rows',
      problems: [{ line: 3, column: 'objective_title', error: 'conflicting_repeat' }],
    })
    expect(
      await importPlanMatrix(db, {
        actorUserId: secretariat.id,
        title: 'X',
        startsYear: 2025,
        endsYear: 2028,
        csv: 'axis,objective_code\n1,1.1',
      }),
    ).toMatchObject({ ok: false, error: 'bad_header' })
    expect(
      await importPlanMatrix(db, {
        actorUserId: secretariat.id,
        title: 'X',
        startsYear: 2028,
        endsYear: 2025,
        csv: GOOD_MATRIX,
      }),
    ).toEqual({ ok: false, error: 'years_order' })
  })
})

describe('monitoring updates', () => {
  it('a focal point posts for their body only; the update shows publicly only once the secretariat publishes it', async () => {
    const { secretariat, reporter, byCode } = await planInForce(db)
    const campaigns = byCode('4.1.1.1')
    const courses = byCode('7.1.1.1')
    expect(await update(courses.id, reporter.id, 2000)).toEqual({ ok: false, error: 'not_your_body' })
    const posted = await update(campaigns.id, reporter.id, 1)
    if (!posted.ok) throw new Error(posted.error)
    expect((await getIndicator(db, { indicatorId: campaigns.id, viewer: null }))!.history).toEqual([])
    expect(
      (await getIndicator(db, {
        indicatorId: campaigns.id,
        viewer: { userId: reporter.id, seesAll: false },
      }))!.pendingOrReturned.map((u) => u.review),
    ).toEqual(['pending'])
    expect((await pendingUpdates(db)).map((u) => u.id)).toEqual([posted.value.id])

    expect(
      await reviewUpdate(db, { actorUserId: secretariat.id, updateId: posted.value.id, decision: 'return' }),
    ).toEqual({ ok: false, error: 'note_required', field: 'note' })
    const both = await Promise.all([
      reviewUpdate(db, { actorUserId: secretariat.id, updateId: posted.value.id, decision: 'publish' }),
      reviewUpdate(db, {
        actorUserId: secretariat.id,
        updateId: posted.value.id,
        decision: 'return',
        note: 'Falta evidência',
      }),
    ])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    expect(both.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(['already_reviewed'])
    const review = await db
      .selectFrom('indicator_updates')
      .select('review')
      .where('id', '=', posted.value.id)
      .executeTakeFirstOrThrow()
    const publicView = (await getIndicator(db, { indicatorId: campaigns.id, viewer: null }))!
    expect(publicView.history.length).toBe(review.review === 'published' ? 1 : 0)
    expect(await pendingUpdates(db)).toEqual([])
  })

  it('the latest published value counts; returned ones never show; the secretariat may post for any body', async () => {
    const { secretariat, reporter, byCode, editionId } = await planInForce(db)
    const complaints = byCode('4.1.2.1') // decreasing: 40 % → 5 %
    const first = await update(complaints.id, reporter.id, 30, { referenceDate: '2026-03-31' })
    const second = await update(complaints.id, reporter.id, 22.5, { referenceDate: '2026-06-30' })
    const wrong = await update(complaints.id, reporter.id, 1, {
      referenceDate: '2026-09-30',
      status: 'achieved',
    })
    if (!first.ok || !second.ok || !wrong.ok) throw new Error()
    await reviewUpdate(db, { actorUserId: secretariat.id, updateId: second.value.id, decision: 'publish' })
    await reviewUpdate(db, { actorUserId: secretariat.id, updateId: first.value.id, decision: 'publish' })
    await reviewUpdate(db, {
      actorUserId: secretariat.id,
      updateId: wrong.value.id,
      decision: 'return',
      note: 'Valor impossível',
    })
    const latest = (await indicatorsWithLatest(db, editionId)).find((i) => i.id === complaints.id)!
    expect(latest.latest).toEqual({ value: 22.5, status: 'on_track', reference_date: '2026-06-30' })
    expect(latest.progress).toBe(0.5)
    const forReporter = (await getIndicator(db, {
      indicatorId: complaints.id,
      viewer: { userId: reporter.id, seesAll: false },
    }))!
    expect(forReporter.history.map((h) => h.value)).toEqual([30, 22.5])
    expect(forReporter.pendingOrReturned).toMatchObject([
      { review: 'returned', review_note: 'Valor impossível' },
    ])
    const courses = byCode('7.1.1.1')
    expect(
      (
        await postUpdate(db, {
          userId: secretariat.id,
          canReportForAnyBody: true,
          indicatorId: courses.id,
          referenceDate: '2026-06-30',
          value: 2750,
          status: 'on_track',
          evidence: 'SME',
        })
      ).ok,
    ).toBe(true)
  })

  it('plans not in force take no updates', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const draft = await importPlanMatrix(db, {
      actorUserId: secretariat.id,
      title: 'Rascunho',
      startsYear: 2025,
      endsYear: 2028,
      csv: GOOD_MATRIX,
    })
    if (!draft.ok) throw new Error()
    const indicator = await db.selectFrom('plan_indicators').select('id').executeTakeFirstOrThrow()
    expect(
      await postUpdate(db, {
        userId: secretariat.id,
        canReportForAnyBody: true,
        indicatorId: indicator.id,
        referenceDate: '2026-06-30',
        value: 1,
        status: 'on_track',
        evidence: 'x',
      }),
    ).toEqual({ ok: false, error: 'edition_not_in_force' })
    expect(
      await advanceEdition(db, { actorUserId: secretariat.id, editionId: draft.editionId, to: 'concluded' }),
    ).toEqual({ ok: false, error: 'not_next_status' })
  })
})

describe('dashboard, campaigns and open data', () => {
  it('progress per axis and per body, the pledge per year, and open data with the latest published value', async () => {
    const { secretariat, reporter, byCode, editionId } = await planInForce(db)
    const posted = await update(byCode('4.1.1.1').id, reporter.id, 1)
    if (!posted.ok) throw new Error()
    await reviewUpdate(db, { actorUserId: secretariat.id, updateId: posted.value.id, decision: 'publish' })
    for (const status of ['finished', 'finished', 'cancelled'] as const) {
      await createCampaign(db, {
        actorUserId: secretariat.id,
        title: `Campanha ${status}`,
        theme: 'xenophobia',
        year: 2025,
        languages: ['pt-BR', 'ht'],
        channels: ['radio'],
        status,
        actionIds: [byCode('4.1.1.1').action_id],
      })
    }
    await createCampaign(db, {
      actorUserId: secretariat.id,
      title: 'Uma só',
      theme: 'racism',
      year: 2026,
      languages: ['pt-BR'],
      channels: [],
      status: 'running',
      actionIds: [],
    })
    expect(
      await createCampaign(db, {
        actorUserId: secretariat.id,
        title: 'X',
        theme: 'racism',
        year: 2026,
        languages: ['pt-BR'],
        channels: [],
        status: 'planned',
        actionIds: ['ghost'],
      }),
    ).toEqual({ ok: false, error: 'unknown_action', field: 'actionIds' })

    const d = (await planDashboard(db, editionId))!
    expect(d.overall).toMatchObject({ total: 4, reported: 1, progress: 0.5 })
    expect(d.byAxis.find((a) => a.code === 'human_rights')).toMatchObject({
      actions: 2,
      total: 2,
      reported: 1,
      progress: 0.5,
    })
    expect(d.byAxis.find((a) => a.code === 'education')).toMatchObject({
      actions: 1,
      reported: 0,
      progress: null,
    })
    expect(d.byBody.find((b) => b.code === 'SMDHC')).toMatchObject({ actions: 2, progress: 0.5 })
    expect(d.pledge.filter((y) => y.year >= 2025).slice(0, 2)).toEqual([
      { year: 2025, delivered: 2, planned: 0, met: true, onCourse: true },
      { year: 2026, delivered: 1, planned: 0, met: false, onCourse: false },
    ])

    const rows = await planOpenData(db)
    expect(rows).toHaveLength(4)
    expect(rows.find((r) => r.indicator === '4.1.1.1')).toMatchObject({
      action: '4.1.1',
      responsible_bodies: 'SMDHC',
      latest_value: 1,
      latest_status: 'on_track',
      progress: 0.5,
      migracidades_dimension: 'protection_services',
    })
    expect(rows.find((r) => r.indicator === '7.1.1.1')).toMatchObject({ latest_value: null, progress: null })
    const uma = (
      await db.selectFrom('campaigns').select('id').where('year', '=', 2026).executeTakeFirstOrThrow()
    ).id
    expect(
      await linkCampaignAction(db, {
        actorUserId: secretariat.id,
        campaignId: uma,
        actionId: byCode('7.1.1.1').action_id,
      }),
    ).toEqual({ ok: true, value: null })
    expect(
      await linkCampaignAction(db, {
        actorUserId: secretariat.id,
        campaignId: uma,
        actionId: byCode('7.1.1.1').action_id,
      }),
    ).toEqual({ ok: false, error: 'already_linked', field: 'actionId' })
    expect(
      await linkCampaignAction(db, { actorUserId: secretariat.id, campaignId: uma, actionId: 'ghost' }),
    ).toEqual({ ok: false, error: 'unknown_action', field: 'actionId' })
    const campaigns = await campaignsOpenData(db)
    expect(campaigns.campaigns.find((c) => c.id === uma)!.actions).toEqual(['7.1.1'])
    expect(campaigns.campaigns.find((c) => c.title['pt-BR'] === 'Campanha finished')).toMatchObject({
      year: 2025,
      languages: ['pt-BR', 'ht'],
      actions: ['4.1.1'],
    })
    const dims = await migracidadesSummary(db, editionId)
    expect(dims.find((x) => x.code === 'protection_services')).toMatchObject({ actions: 2, progress: 0.5 })
    expect(dims.find((x) => x.code === 'health')).toMatchObject({ actions: 0, progress: null })
  })

  it('lists actions with filters, word search and status', async () => {
    const { secretariat, reporter, byCode, editionId } = await planInForce(db)
    const posted = await update(byCode('4.1.2.1').id, reporter.id, 40, { status: 'delayed' })
    if (!posted.ok) throw new Error()
    await reviewUpdate(db, { actorUserId: secretariat.id, updateId: posted.value.id, decision: 'publish' })
    expect((await listActions(db, { editionId, page: 1 })).total).toBe(4)
    expect(
      (await listActions(db, { editionId, axis: 'education', page: 1 })).rows.map((r) => r.code),
    ).toEqual(['7.1.1'])
    expect((await listActions(db, { editionId, q: 'DENUNCIAS', page: 1 })).rows.map((r) => r.code)).toEqual([
      '4.1.2',
    ])
    expect((await listActions(db, { editionId, q: '100%', page: 1 })).total).toBe(0)
    expect(
      (await listActions(db, { editionId, status: 'delayed', page: 1 })).rows.map((r) => r.code),
    ).toEqual(['4.1.2'])
    expect((await listActions(db, { editionId, status: 'no_data', page: 1 })).total).toBe(3)
    const cmi = await db
      .selectFrom('plan_bodies')
      .select('id')
      .where('code', '=', 'CMI')
      .executeTakeFirstOrThrow()
    expect(
      (await listActions(db, { editionId, bodyId: cmi.id, page: 1 })).rows.map((r) => r.code).sort(),
    ).toEqual(['1.1.1', '4.1.2'])
  })
})

describe('traceability', () => {
  it('actions show the proposals and contributions they came from; proposals show what they became', async () => {
    const { secretariat, byCode, editionId } = await planInForce(db)
    const action = byCode('4.1.1.1').action_id
    const conf = await conferenceEdition(db)
    await moveConferenceTo(db, conf.secretariat.id, conf.editionId, 'proposals_open')
    const proposal = await submitProposal(db, {
      axisId: conf.axes[3]!,
      title: 'Campanha contra a xenofobia',
      body: 'B',
      language: 'pt-BR',
      editionId: conf.editionId,
      userId: secretariat.id,
    })
    if (!proposal.ok) throw new Error()
    expect(
      await linkProposal(db, {
        actorUserId: secretariat.id,
        proposalId: proposal.value.id,
        target: { kind: 'action', id: action },
      }),
    ).toEqual({ ok: true, value: null })
    expect(
      await linkProposal(db, {
        actorUserId: secretariat.id,
        proposalId: proposal.value.id,
        target: { kind: 'action', id: action },
      }),
    ).toEqual({ ok: false, error: 'already_linked', field: 'proposalId' })
    expect(
      await linkProposal(db, {
        actorUserId: secretariat.id,
        proposalId: proposal.value.id,
        target: { kind: 'campaign', id: 'ghost' },
      }),
    ).toEqual({ ok: false, error: 'unknown_target' })

    const consultation = await consultationIn(db, 'open', { targets: [{ kind: 'action', id: action }] })
    const person = await createUser(db)
    const said = await contribute(db, {
      userId: person.id,
      authorName: 'P',
      consultationId: consultation.id,
      paragraphId: consultation.paragraphs[0]!,
      language: 'ht',
      body: 'Afich an kreyòl',
    })
    if (!said.ok) throw new Error()
    await answerContribution(db, {
      actorUserId: consultation.secretariat.id,
      contributionId: said.value.id,
      answer: 'accepted',
      text: 'Sim',
      target: { kind: 'action', id: action },
    })

    const trace = (await traceAxis(db, { editionId, axisCode: 'human_rights' }))!
    const traced = trace.objectives[0]!.actions.find((a) => a.id === action)!
    expect(traced.origins.map((o) => o.proposal_title ?? o.contribution_body)).toEqual([
      'Campanha contra a xenofobia',
      'Afich an kreyòl',
    ])
    expect(traced.origins[1]).toMatchObject({ contribution_language: 'ht', consultation_id: consultation.id })
    expect(traced.indicators.map((i) => i.code)).toEqual(['4.1.1.1'])
    expect((await outcomesOfProposal(db, proposal.value.id)).map((o) => o.action_code)).toEqual(['4.1.1'])
    expect(await traceAxis(db, { editionId, axisCode: 'nope' })).toBeNull()
  })
})

describe('LGPD', () => {
  it("a focal point's export lists their bodies and updates; erasure removes the staff link and keeps the public record", async () => {
    const { reporter, byCode } = await planInForce(db)
    const posted = await update(byCode('4.1.1.1').id, reporter.id, 1)
    if (!posted.ok) throw new Error()
    const exported = await exportMyData(db, reporter.id)
    expect(exported.plan_monitoring.bodies).toEqual([{ code: 'SMDHC' }])
    expect(exported.plan_monitoring.updates_submitted.map((u) => u.value)).toEqual([1])
    await eraseAccount(db, reporter.id)
    expect(
      await db.selectFrom('plan_body_staff').select('user_id').where('user_id', '=', reporter.id).execute(),
    ).toEqual([])
    expect(
      await db.selectFrom('indicator_updates').select('id').where('id', '=', posted.value.id).execute(),
    ).toHaveLength(1)
  })
})
