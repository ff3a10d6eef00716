import type { CampaignStatus, CampaignTheme, IndicatorStatus } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { pickText, type I18nText } from '../i18n/config'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { allWordsLike, searchable } from '../lib/search'
import { err, ok, type Result } from '../lib/result'
import { parseMatrix, type MatrixProblem } from './matrix'
import { pledgeByYear, progressTowardsTarget, summarise } from './progress'

const json = (value: unknown) => JSON.stringify(value)

// ---------- editions ----------

export async function listPlanEditions(db: DB) {
  return db.selectFrom('plan_editions').selectAll().orderBy('starts_year', 'desc').execute()
}

/** The plan shown by default: the one in force (the most recent if several), else the latest. */
export async function currentEdition(db: DB) {
  return (
    (await db
      .selectFrom('plan_editions')
      .selectAll()
      .where('status', '=', 'in_force')
      .orderBy('starts_year', 'desc')
      .executeTakeFirst()) ??
    (await db
      .selectFrom('plan_editions')
      .selectAll()
      .where('status', '!=', 'draft')
      .orderBy('starts_year', 'desc')
      .executeTakeFirst()) ??
    null
  )
}

export async function getPlanEdition(db: DB, id: string) {
  return (await db.selectFrom('plan_editions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

const NEXT_EDITION_STATUS = { draft: 'in_force', in_force: 'concluded', concluded: null } as const

export async function advanceEdition(
  db: DB,
  input: { actorUserId: string; editionId: string; to: 'in_force' | 'concluded' },
): Promise<Result<null, 'not_found' | 'not_next_status'>> {
  return db.transaction().execute(async (trx) => {
    const e = await trx
      .selectFrom('plan_editions')
      .select('status')
      .where('id', '=', input.editionId)
      .executeTakeFirst()
    if (!e) return err('not_found')
    if (NEXT_EDITION_STATUS[e.status] !== input.to) return err('not_next_status')
    const moved = await trx
      .updateTable('plan_editions')
      .set({ status: input.to })
      .where('id', '=', input.editionId)
      .where('status', '=', e.status)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return err('not_next_status')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'plan.status',
      entityType: 'plan_edition',
      entityId: input.editionId,
      before: { status: e.status },
      after: { status: input.to },
    })
    return ok(null)
  })
}

/** The edition asked for (?edition=), else the plan in force. Drafts stay with the secretariat. */
export async function editionFromRequest(db: DB, request: Request) {
  const asked = new URL(request.url).searchParams.get('edition')
  const edition = asked ? await getPlanEdition(db, asked) : await currentEdition(db)
  if (!edition || edition.status === 'draft') return null
  return edition
}

// ---------- import of the whole matrix ----------

export type ImportInput = {
  title: string
  legalBasis?: string
  startsYear: number
  endsYear: number
  csv: string
}
export type ImportOutcome =
  | {
      ok: true
      editionId: string
      counts: { objectives: number; actions: number; indicators: number }
      newBodies: string[]
    }
  | { ok: false; error: 'empty' | 'bad_header' | 'too_many_rows' | 'years_order'; missing?: string[] }
  | { ok: false; error: 'bad_rows'; problems: MatrixProblem[] }

/** Imports a whole plan as a new draft edition, in one transaction, or nothing at all. */
export async function importPlanMatrix(
  db: DB,
  actorUserId: string,
  input: ImportInput,
): Promise<ImportOutcome> {
  if (input.endsYear < input.startsYear) return { ok: false, error: 'years_order' }
  const axes = await db.selectFrom('thematic_axes').select(['id', 'code', 'position']).execute()
  const dimensions = await db
    .selectFrom('migracidades_dimensions')
    .select(['id', 'code', 'position'])
    .execute()
  const parsed = parseMatrix(input.csv, { axes, dimensions })
  if (!parsed.ok) return parsed
  const editionId = newId()
  const known = await db.selectFrom('plan_bodies').select(['id', 'code']).execute()
  const newBodies = parsed.bodies.filter((code) => !known.some((b) => b.code === code))
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plan_editions')
      .values({
        id: editionId,
        title_i18n: json({ 'pt-BR': input.title }),
        legal_basis: input.legalBasis ?? null,
        starts_year: input.startsYear,
        ends_year: input.endsYear,
        status: 'draft',
        is_demo: 0,
        created_at: nowIso(),
      })
      .execute()
    const bodyId = new Map(known.map((b) => [b.code, b.id]))
    for (const code of newBodies) {
      const id = newId()
      // Named by their code until the secretariat names them; the code is what the matrix knows.
      await trx
        .insertInto('plan_bodies')
        .values({ id, code, name_i18n: json({ 'pt-BR': code }) })
        .execute()
      bodyId.set(code, id)
    }
    for (const [o, objective] of parsed.objectives.entries()) {
      const objectiveId = newId()
      await trx
        .insertInto('plan_objectives')
        .values({
          id: objectiveId,
          edition_id: editionId,
          thematic_axis_id: objective.axisId,
          code: objective.code,
          title_i18n: json({ 'pt-BR': objective.title }),
          position: o + 1,
        })
        .execute()
      for (const [a, action] of objective.actions.entries()) {
        const actionId = newId()
        await trx
          .insertInto('plan_actions')
          .values({
            id: actionId,
            edition_id: editionId,
            objective_id: objectiveId,
            code: action.code,
            title_i18n: json({ 'pt-BR': action.title }),
            description_i18n: null,
            sdg_targets: action.sdgTargets,
            migracidades_dimension_id: action.dimensionId,
            search_text: searchable(action.code, action.title),
            position: a + 1,
          })
          .execute()
        for (const [b, code] of action.bodies.entries())
          await trx
            .insertInto('plan_action_bodies')
            .values({ action_id: actionId, body_id: bodyId.get(code)!, lead: b === 0 ? 1 : 0 })
            .execute()
        for (const [i, ind] of action.indicators.entries()) {
          await trx
            .insertInto('plan_indicators')
            .values({
              id: newId(),
              action_id: actionId,
              code: ind.code,
              name_i18n: json({ 'pt-BR': ind.name }),
              unit: ind.unit,
              baseline: ind.baseline,
              target: ind.target,
              deadline: ind.deadline,
              position: i + 1,
            })
            .execute()
        }
      }
    }
    await appendAudit(trx, {
      actorUserId,
      action: 'plan.import',
      entityType: 'plan_edition',
      entityId: editionId,
      after: parsed.counts,
    })
  })
  return { ok: true, editionId, counts: parsed.counts, newBodies }
}

// ---------- reading the plan ----------

export type LatestValue = { value: number; status: IndicatorStatus; reference_date: string } | null

/** Every indicator of an edition with its latest *published* value (drafts and returned ones never show). */
export async function indicatorsWithLatest(db: DB, editionId: string) {
  const indicators = await db
    .selectFrom('plan_indicators as i')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .innerJoin('plan_objectives as o', 'o.id', 'a.objective_id')
    .innerJoin('thematic_axes as t', 't.id', 'o.thematic_axis_id')
    .select([
      'i.id',
      'i.action_id',
      'i.code',
      'i.name_i18n',
      'i.unit',
      'i.baseline',
      'i.target',
      'i.deadline',
      'a.code as action_code',
      'a.title_i18n as action_title_i18n',
      'a.migracidades_dimension_id',
      'o.code as objective_code',
      't.code as axis_code',
      't.position as axis_position',
    ])
    .where('a.edition_id', '=', editionId)
    .orderBy('t.position')
    .orderBy('o.position')
    .orderBy('a.position')
    .orderBy('i.position')
    .execute()
  const updates = await db
    .selectFrom('indicator_updates as u')
    .innerJoin('plan_indicators as i', 'i.id', 'u.indicator_id')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .select(['u.indicator_id', 'u.value', 'u.status', 'u.reference_date'])
    .where('a.edition_id', '=', editionId)
    .where('u.review', '=', 'published')
    .orderBy('u.reference_date', 'desc')
    .orderBy('u.reviewed_at', 'desc')
    .execute()
  const latest = new Map<string, LatestValue>()
  for (const u of updates)
    if (!latest.has(u.indicator_id))
      latest.set(u.indicator_id, { value: u.value, status: u.status, reference_date: u.reference_date })
  return indicators.map((i) => {
    const l = latest.get(i.id) ?? null
    return { ...i, latest: l, progress: l ? progressTowardsTarget(i.baseline, i.target, l.value) : null }
  })
}

type WithLatest = Awaited<ReturnType<typeof indicatorsWithLatest>>[number]
const summaryOf = (list: WithLatest[]) =>
  summarise(
    list.map((i) => ({
      baseline: i.baseline,
      target: i.target,
      value: i.latest?.value ?? null,
      status: i.latest?.status ?? null,
    })),
  )

export async function planDashboard(db: DB, editionId: string) {
  const edition = await getPlanEdition(db, editionId)
  if (!edition) return null
  const indicators = await indicatorsWithLatest(db, editionId)
  const axes = await db
    .selectFrom('thematic_axes')
    .select(['id', 'code', 'position'])
    .orderBy('position')
    .execute()
  const actionCounts = await db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_objectives as o', 'o.id', 'a.objective_id')
    .select(['o.thematic_axis_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('a.edition_id', '=', editionId)
    .groupBy('o.thematic_axis_id')
    .execute()
  const bodyLinks = await db
    .selectFrom('plan_action_bodies as ab')
    .innerJoin('plan_actions as a', 'a.id', 'ab.action_id')
    .innerJoin('plan_bodies as b', 'b.id', 'ab.body_id')
    .select(['ab.action_id', 'b.id', 'b.code', 'b.name_i18n'])
    .where('a.edition_id', '=', editionId)
    .execute()
  const bodies = [
    ...new Map(bodyLinks.map((l) => [l.id, { id: l.id, code: l.code, name_i18n: l.name_i18n }])).values(),
  ].sort((a, b) => a.code.localeCompare(b.code))
  const campaigns = await db.selectFrom('campaigns').select(['year', 'status']).execute()
  const lastYear = Math.max(edition.ends_year, new Date().getUTCFullYear())
  return {
    edition,
    overall: summaryOf(indicators),
    byAxis: axes.map((a) => ({
      code: a.code,
      position: a.position,
      actions: Number(actionCounts.find((c) => c.thematic_axis_id === a.id)?.n ?? 0),
      ...summaryOf(indicators.filter((i) => i.axis_code === a.code)),
    })),
    byBody: bodies.map((b) => {
      const actionIds = new Set(bodyLinks.filter((l) => l.id === b.id).map((l) => l.action_id))
      return {
        ...b,
        actions: actionIds.size,
        ...summaryOf(indicators.filter((i) => actionIds.has(i.action_id))),
      }
    }),
    pledge: pledgeByYear(campaigns, edition.starts_year, lastYear),
    lastUpdate: indicators.reduce<string | null>(
      (max, i) => (i.latest && (!max || i.latest.reference_date > max) ? i.latest.reference_date : max),
      null,
    ),
  }
}

export type ActionFilters = {
  editionId: string
  axis?: string
  bodyId?: string
  status?: string
  q?: string
  page: number
}
export const ACTIONS_PAGE_SIZE = 25

export async function listActions(db: DB, f: ActionFilters) {
  const indicators = await indicatorsWithLatest(db, f.editionId)
  let q = db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_objectives as o', 'o.id', 'a.objective_id')
    .innerJoin('thematic_axes as t', 't.id', 'o.thematic_axis_id')
    .select(['a.id', 'a.code', 'a.title_i18n', 't.code as axis_code', 'o.code as objective_code'])
    .where('a.edition_id', '=', f.editionId)
  if (f.axis) q = q.where('t.code', '=', f.axis)
  if (f.bodyId)
    q = q.where('a.id', 'in', (eb) =>
      eb.selectFrom('plan_action_bodies').select('action_id').where('body_id', '=', f.bodyId!),
    )
  if (f.q) for (const condition of allWordsLike('a.search_text', f.q)) q = q.where(condition)
  const rows = await q.orderBy('t.position').orderBy('o.position').orderBy('a.position').execute()
  const withState = rows.map((a) => {
    const own = indicators.filter((i) => i.action_id === a.id)
    const s = summaryOf(own)
    // The action's status is its most worrying indicator's: delayed beats on track beats achieved.
    const order: string[] = ['delayed', 'not_started', 'on_track', 'achieved', 'cancelled']
    const status =
      own
        .map((i) => i.latest?.status)
        .filter((x): x is IndicatorStatus => Boolean(x))
        .sort((x, y) => order.indexOf(x) - order.indexOf(y))[0] ?? null
    return { ...a, progress: s.progress, indicators: own.length, status }
  })
  const filtered = f.status
    ? withState.filter((a) => (f.status === 'no_data' ? a.status === null : a.status === f.status))
    : withState
  const start = (f.page - 1) * ACTIONS_PAGE_SIZE
  return {
    rows: filtered.slice(start, start + ACTIONS_PAGE_SIZE),
    total: filtered.length,
    hasMore: filtered.length > start + ACTIONS_PAGE_SIZE,
  }
}

export async function planBodies(db: DB) {
  return db.selectFrom('plan_bodies').selectAll().orderBy('code').execute()
}

/** Where an action or campaign came from: the proposals and contributions linked to it. */
async function originsOf(db: DB, where: { actionId?: string; campaignId?: string }) {
  let q = db
    .selectFrom('outcome_links as l')
    .leftJoin('proposals as p', 'p.id', 'l.proposal_id')
    .leftJoin('conference_editions as e', 'e.id', 'p.edition_id')
    .leftJoin('contributions as c', 'c.id', 'l.contribution_id')
    .leftJoin('consultations as k', 'k.id', 'c.consultation_id')
    .select([
      'l.id',
      'l.note',
      'l.proposal_id',
      'p.title as proposal_title',
      'p.language as proposal_language',
      'p.edition_id as conference_id',
      'e.title_i18n as conference_title_i18n',
      'l.contribution_id',
      'c.body as contribution_body',
      'c.language as contribution_language',
      'c.hidden_at',
      'c.paragraph_id',
      'c.answer',
      'k.id as consultation_id',
      'k.title_i18n as consultation_title_i18n',
    ])
  q = where.actionId
    ? q.where('l.action_id', '=', where.actionId)
    : q.where('l.campaign_id', '=', where.campaignId!)
  return q.orderBy('l.created_at').execute()
}

export async function getAction(db: DB, id: string) {
  const action = await db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_objectives as o', 'o.id', 'a.objective_id')
    .innerJoin('thematic_axes as t', 't.id', 'o.thematic_axis_id')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .leftJoin('migracidades_dimensions as d', 'd.id', 'a.migracidades_dimension_id')
    .select([
      'a.id',
      'a.code',
      'a.title_i18n',
      'a.description_i18n',
      'a.sdg_targets',
      'a.edition_id',
      'o.code as objective_code',
      'o.title_i18n as objective_title_i18n',
      't.code as axis_code',
      'd.code as dimension_code',
      'e.title_i18n as edition_title_i18n',
      'e.is_demo',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!action) return null
  const bodies = await db
    .selectFrom('plan_action_bodies as ab')
    .innerJoin('plan_bodies as b', 'b.id', 'ab.body_id')
    .select(['b.id', 'b.code', 'b.name_i18n', 'ab.lead'])
    .where('ab.action_id', '=', id)
    .orderBy('ab.lead', 'desc')
    .orderBy('b.code')
    .execute()
  const indicators = (await indicatorsWithLatest(db, action.edition_id)).filter((i) => i.action_id === id)
  const campaigns = await db
    .selectFrom('campaign_actions as ca')
    .innerJoin('campaigns as c', 'c.id', 'ca.campaign_id')
    .select(['c.id', 'c.title_i18n', 'c.year', 'c.status'])
    .where('ca.action_id', '=', id)
    .orderBy('c.year')
    .execute()
  return { action, bodies, indicators, campaigns, origins: await originsOf(db, { actionId: id }) }
}

export async function getIndicator(db: DB, id: string, viewer: { userId: string; seesAll: boolean } | null) {
  const indicator = await db
    .selectFrom('plan_indicators as i')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .select([
      'i.id',
      'i.code',
      'i.name_i18n',
      'i.unit',
      'i.baseline',
      'i.target',
      'i.deadline',
      'i.action_id',
      'a.code as action_code',
      'a.title_i18n as action_title_i18n',
      'a.edition_id',
    ])
    .where('i.id', '=', id)
    .executeTakeFirst()
  if (!indicator) return null
  const published = await db
    .selectFrom('indicator_updates')
    .select(['id', 'reference_date', 'value', 'status', 'evidence', 'evidence_url', 'reviewed_at'])
    .where('indicator_id', '=', id)
    .where('review', '=', 'published')
    .orderBy('reference_date')
    .orderBy('reviewed_at')
    .execute()
  // Staff see what is waiting or was returned: the secretariat all of it, reporters their own.
  let mine: {
    id: string
    reference_date: string
    value: number
    status: IndicatorStatus
    evidence: string
    review: string
    review_note: string | null
    submitted_at: string
  }[] = []
  if (viewer) {
    let q = db
      .selectFrom('indicator_updates')
      .select([
        'id',
        'reference_date',
        'value',
        'status',
        'evidence',
        'review',
        'review_note',
        'submitted_at',
      ])
      .where('indicator_id', '=', id)
      .where('review', '!=', 'published')
    if (!viewer.seesAll) q = q.where('submitted_by', '=', viewer.userId)
    mine = await q.orderBy('submitted_at', 'desc').execute()
  }
  const last = published.at(-1)
  return {
    indicator,
    history: published,
    pendingOrReturned: mine,
    progress: last ? progressTowardsTarget(indicator.baseline, indicator.target, last.value) : null,
  }
}

// ---------- monitoring updates ----------

export type UpdateInput = {
  userId: string
  canReportForAnyBody: boolean
  indicatorId: string
  referenceDate: string
  value: number
  status: IndicatorStatus
  evidence: string
  evidenceUrl?: string
}

/** Reporters post for the actions their body is responsible for; the secretariat for any. */
export async function mayReportOn(db: DB, userId: string, indicatorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('plan_indicators as i')
    .innerJoin('plan_action_bodies as ab', 'ab.action_id', 'i.action_id')
    .innerJoin('plan_body_staff as s', 's.body_id', 'ab.body_id')
    .select('i.id')
    .where('i.id', '=', indicatorId)
    .where('s.user_id', '=', userId)
    .executeTakeFirst()
  return Boolean(row)
}

export async function postUpdate(
  db: DB,
  input: UpdateInput,
): Promise<Result<{ id: string }, 'not_found' | 'not_your_body' | 'edition_not_in_force'>> {
  const found = await db
    .selectFrom('plan_indicators as i')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .select(['e.status'])
    .where('i.id', '=', input.indicatorId)
    .executeTakeFirst()
  if (!found) return err('not_found')
  if (found.status !== 'in_force') return err('edition_not_in_force')
  if (!input.canReportForAnyBody && !(await mayReportOn(db, input.userId, input.indicatorId)))
    return err('not_your_body')
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('indicator_updates')
      .values({
        id,
        indicator_id: input.indicatorId,
        reference_date: input.referenceDate,
        value: input.value,
        status: input.status,
        evidence: input.evidence,
        evidence_url: input.evidenceUrl ?? null,
        review: 'pending',
        review_note: null,
        submitted_by: input.userId,
        submitted_at: nowIso(),
        reviewed_by: null,
        reviewed_at: null,
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.userId,
      action: 'plan.update',
      entityType: 'plan_indicator',
      entityId: input.indicatorId,
      after: { value: input.value, status: input.status, reference_date: input.referenceDate },
    })
  })
  return ok({ id })
}

export async function pendingUpdates(db: DB) {
  return db
    .selectFrom('indicator_updates as u')
    .innerJoin('plan_indicators as i', 'i.id', 'u.indicator_id')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .leftJoin('users as s', 's.id', 'u.submitted_by')
    .select([
      'u.id',
      'u.reference_date',
      'u.value',
      'u.status',
      'u.evidence',
      'u.evidence_url',
      'u.submitted_at',
      's.display_name as submitted_by_name',
      'i.id as indicator_id',
      'i.code as indicator_code',
      'i.name_i18n',
      'i.unit',
      'i.baseline',
      'i.target',
      'a.code as action_code',
    ])
    .where('u.review', '=', 'pending')
    .orderBy('u.submitted_at')
    .execute()
}

/** The secretariat publishes or returns (with a note) a pending update; two reviewers cannot both act. */
export async function reviewUpdate(
  db: DB,
  input: { actorUserId: string; updateId: string; decision: 'publish' | 'return'; note?: string },
): Promise<Result<null, 'not_found' | 'already_reviewed' | 'note_required'>> {
  if (input.decision === 'return' && !input.note) return err('note_required', 'note')
  return db.transaction().execute(async (trx) => {
    const u = await trx
      .selectFrom('indicator_updates')
      .select(['review', 'indicator_id'])
      .where('id', '=', input.updateId)
      .executeTakeFirst()
    if (!u) return err('not_found')
    const done = await trx
      .updateTable('indicator_updates')
      .set({
        review: input.decision === 'publish' ? 'published' : 'returned',
        review_note: input.note ?? null,
        reviewed_by: input.actorUserId,
        reviewed_at: nowIso(),
      })
      .where('id', '=', input.updateId)
      .where('review', '=', 'pending')
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('already_reviewed')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: `plan.${input.decision}`,
      entityType: 'indicator_update',
      entityId: input.updateId,
      after: { indicator: u.indicator_id, note: input.note ?? null },
    })
    return ok(null)
  })
}

// ---------- campaigns ----------

export async function listCampaigns(db: DB) {
  const rows = await db
    .selectFrom('campaigns')
    .selectAll()
    .orderBy('year', 'desc')
    .orderBy('starts_on', 'desc')
    .execute()
  const years = rows.map((r) => r.year)
  return {
    campaigns: rows,
    pledge: rows.length
      ? pledgeByYear(rows, Math.min(...years), Math.max(...years, new Date().getUTCFullYear()))
      : [],
  }
}

export async function getCampaign(db: DB, id: string) {
  const campaign = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst()
  if (!campaign) return null
  const materials = await db
    .selectFrom('campaign_materials')
    .selectAll()
    .where('campaign_id', '=', id)
    .orderBy('label')
    .execute()
  const actions = await db
    .selectFrom('campaign_actions as ca')
    .innerJoin('plan_actions as a', 'a.id', 'ca.action_id')
    .select(['a.id', 'a.code', 'a.title_i18n'])
    .where('ca.campaign_id', '=', id)
    .orderBy('a.code')
    .execute()
  return { campaign, materials, actions, origins: await originsOf(db, { campaignId: id }) }
}

export type NewCampaign = {
  title: string
  summary?: string
  theme: CampaignTheme
  year: number
  languages: string[]
  channels: string[]
  startsOn?: string
  endsOn?: string
  status: CampaignStatus
  actionIds: string[]
}

export async function createCampaign(
  db: DB,
  actorUserId: string,
  input: NewCampaign,
): Promise<Result<{ id: string }, 'unknown_action' | 'dates_order'>> {
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) return err('dates_order', 'endsOn')
  const actions = input.actionIds.length
    ? await db.selectFrom('plan_actions').select('id').where('id', 'in', input.actionIds).execute()
    : []
  if (actions.length !== new Set(input.actionIds).size) return err('unknown_action', 'actionIds')
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('campaigns')
      .values({
        id,
        title_i18n: json({ 'pt-BR': input.title }),
        summary_i18n: input.summary ? json({ 'pt-BR': input.summary }) : null,
        theme: input.theme,
        year: input.year,
        languages: input.languages.join(' '),
        channels: input.channels.join(' '),
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        status: input.status,
        is_demo: 0,
        created_at: nowIso(),
      })
      .execute()
    for (const actionId of new Set(input.actionIds))
      await trx.insertInto('campaign_actions').values({ campaign_id: id, action_id: actionId }).execute()
    await appendAudit(trx, { actorUserId, action: 'campaign.create', entityType: 'campaign', entityId: id })
  })
  return ok({ id })
}

export async function setCampaignStatus(
  db: DB,
  input: { actorUserId: string; campaignId: string; status: CampaignStatus },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('campaigns')
      .select('status')
      .where('id', '=', input.campaignId)
      .executeTakeFirst()
    if (!c) return err('not_found')
    await trx
      .updateTable('campaigns')
      .set({ status: input.status })
      .where('id', '=', input.campaignId)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'campaign.status',
      entityType: 'campaign',
      entityId: input.campaignId,
      before: { status: c.status },
      after: { status: input.status },
    })
    return ok(null)
  })
}

export async function addMaterial(
  db: DB,
  input: { actorUserId: string; campaignId: string; label: string; url: string; language?: string },
): Promise<Result<null, 'not_found'>> {
  const c = await db
    .selectFrom('campaigns')
    .select('id')
    .where('id', '=', input.campaignId)
    .executeTakeFirst()
  if (!c) return err('not_found')
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('campaign_materials')
      .values({
        id: newId(),
        campaign_id: input.campaignId,
        label: input.label,
        url: input.url,
        language: input.language ?? null,
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'campaign.material',
      entityType: 'campaign',
      entityId: input.campaignId,
      after: { url: input.url },
    })
  })
  return ok(null)
}

/** The plan actions a campaign serves. */
export async function linkCampaignAction(
  db: DB,
  input: { actorUserId: string; campaignId: string; actionId: string },
): Promise<Result<null, 'not_found' | 'unknown_action' | 'already_linked'>> {
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('campaigns')
      .select('id')
      .where('id', '=', input.campaignId)
      .executeTakeFirst()
    if (!c) return err('not_found')
    const a = await trx
      .selectFrom('plan_actions')
      .select('id')
      .where('id', '=', input.actionId)
      .executeTakeFirst()
    if (!a) return err('unknown_action', 'actionId')
    const existing = await trx
      .selectFrom('campaign_actions')
      .select('action_id')
      .where('campaign_id', '=', input.campaignId)
      .where('action_id', '=', input.actionId)
      .executeTakeFirst()
    if (existing) return err('already_linked', 'actionId')
    await trx
      .insertInto('campaign_actions')
      .values({ campaign_id: input.campaignId, action_id: input.actionId })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'campaign.action',
      entityType: 'campaign',
      entityId: input.campaignId,
      after: { action: input.actionId },
    })
    return ok(null)
  })
}

/** Actions of the plans in force, for staff pickers. */
export async function actionOptions(db: DB) {
  return db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .innerJoin('plan_objectives as o', 'o.id', 'a.objective_id')
    .select(['a.id', 'a.code', 'a.title_i18n'])
    .where('e.status', '=', 'in_force')
    .orderBy('o.position')
    .orderBy('a.position')
    .execute()
}

// ---------- traceability ----------

/** The secretariat records that an approved conference proposal became (part of) an action or campaign. */
export async function linkProposal(
  db: DB,
  input: {
    actorUserId: string
    proposalId: string
    target: { kind: 'action' | 'campaign'; id: string }
    note?: string
  },
): Promise<Result<null, 'not_found' | 'unknown_target' | 'already_linked'>> {
  return db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom('proposals')
      .select('status')
      .where('id', '=', input.proposalId)
      .executeTakeFirst()
    if (!p) return err('not_found', 'proposalId')
    const table = input.target.kind === 'action' ? 'plan_actions' : 'campaigns'
    const target = await trx
      .selectFrom(table)
      .select('id')
      .where('id', '=', input.target.id)
      .executeTakeFirst()
    if (!target) return err('unknown_target')
    const column = input.target.kind === 'action' ? 'action_id' : 'campaign_id'
    const existing = await trx
      .selectFrom('outcome_links')
      .select('id')
      .where('proposal_id', '=', input.proposalId)
      .where(column, '=', input.target.id)
      .executeTakeFirst()
    if (existing) return err('already_linked', 'proposalId')
    await trx
      .insertInto('outcome_links')
      .values({
        id: newId(),
        contribution_id: null,
        proposal_id: input.proposalId,
        action_id: input.target.kind === 'action' ? input.target.id : null,
        campaign_id: input.target.kind === 'campaign' ? input.target.id : null,
        note: input.note ?? null,
        created_by: input.actorUserId,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'plan.link',
      entityType: input.target.kind,
      entityId: input.target.id,
      after: { proposal: input.proposalId },
    })
    return ok(null)
  })
}

/** Approved conference proposals (and motions), for the secretariat to link to actions. */
export async function linkableProposals(db: DB) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('conference_editions as e', 'e.id', 'p.edition_id')
    .select(['p.id', 'p.title', 'e.title_i18n as edition_title_i18n'])
    .where('p.status', 'in', ['approved', 'motion'])
    .orderBy('e.created_at', 'desc')
    .orderBy('p.title')
    .execute()
}

/** What proposals and contributions became, for their own pages. */
export async function outcomesOfProposal(db: DB, proposalId: string) {
  return db
    .selectFrom('outcome_links as l')
    .leftJoin('plan_actions as a', 'a.id', 'l.action_id')
    .leftJoin('campaigns as c', 'c.id', 'l.campaign_id')
    .select([
      'l.action_id',
      'l.campaign_id',
      'l.note',
      'a.code as action_code',
      'a.title_i18n as action_title_i18n',
      'c.title_i18n as campaign_title_i18n',
    ])
    .where('l.proposal_id', '=', proposalId)
    .execute()
}

/** One axis of a plan edition as a chain: origins → objectives → actions → indicators, and campaigns. */
export async function traceAxis(db: DB, editionId: string, axisCode: string) {
  const axis = await db
    .selectFrom('thematic_axes')
    .select(['id', 'code', 'position'])
    .where('code', '=', axisCode)
    .executeTakeFirst()
  const edition = await getPlanEdition(db, editionId)
  if (!axis || !edition) return null
  const objectives = await db
    .selectFrom('plan_objectives')
    .select(['id', 'code', 'title_i18n'])
    .where('edition_id', '=', editionId)
    .where('thematic_axis_id', '=', axis.id)
    .orderBy('position')
    .execute()
  const indicators = (await indicatorsWithLatest(db, editionId)).filter((i) => i.axis_code === axisCode)
  const actions = objectives.length
    ? await db
        .selectFrom('plan_actions')
        .select(['id', 'code', 'title_i18n', 'objective_id'])
        .where(
          'objective_id',
          'in',
          objectives.map((o) => o.id),
        )
        .orderBy('position')
        .execute()
    : []
  const chain = []
  for (const o of objectives) {
    const own = []
    for (const a of actions.filter((x) => x.objective_id === o.id)) {
      const campaigns = await db
        .selectFrom('campaign_actions as ca')
        .innerJoin('campaigns as c', 'c.id', 'ca.campaign_id')
        .select(['c.id', 'c.title_i18n', 'c.year'])
        .where('ca.action_id', '=', a.id)
        .orderBy('c.year')
        .execute()
      own.push({
        ...a,
        origins: await originsOf(db, { actionId: a.id }),
        indicators: indicators.filter((i) => i.action_id === a.id),
        campaigns,
      })
    }
    chain.push({ ...o, actions: own })
  }
  return { axis, edition, objectives: chain }
}

// ---------- reports and open data ----------

/** MigraCidades-style self-assessment: actions and indicator progress by governance dimension. */
export async function migracidadesSummary(db: DB, editionId: string) {
  const indicators = await indicatorsWithLatest(db, editionId)
  const dimensions = await db
    .selectFrom('migracidades_dimensions')
    .select(['id', 'code', 'position'])
    .orderBy('position')
    .execute()
  const actions = await db
    .selectFrom('plan_actions')
    .select(['id', 'migracidades_dimension_id'])
    .where('edition_id', '=', editionId)
    .execute()
  return dimensions.map((d) => {
    const own = indicators.filter((i) => i.migracidades_dimension_id === d.id)
    return {
      code: d.code,
      position: d.position,
      actions: actions.filter((a) => a.migracidades_dimension_id === d.id).length,
      ...summaryOf(own),
    }
  })
}

export async function planOpenData(db: DB) {
  const editions = (await listPlanEditions(db)).filter((e) => e.status !== 'draft')
  const rows = []
  for (const e of editions) {
    const bodies = await db
      .selectFrom('plan_action_bodies as ab')
      .innerJoin('plan_bodies as b', 'b.id', 'ab.body_id')
      .innerJoin('plan_actions as a', 'a.id', 'ab.action_id')
      .select(['ab.action_id', 'b.code'])
      .where('a.edition_id', '=', e.id)
      .execute()
    const actions = await db
      .selectFrom('plan_actions as a')
      .leftJoin('migracidades_dimensions as d', 'd.id', 'a.migracidades_dimension_id')
      .select(['a.id', 'a.code', 'a.title_i18n', 'a.sdg_targets', 'd.code as dimension'])
      .where('a.edition_id', '=', e.id)
      .execute()
    for (const i of await indicatorsWithLatest(db, e.id)) {
      const a = actions.find((x) => x.id === i.action_id)!
      rows.push({
        edition: e.id,
        edition_years: `${e.starts_year}-${e.ends_year}`,
        demonstration: e.is_demo === 1,
        axis: i.axis_code,
        objective: i.objective_code,
        action: i.action_code,
        action_title: pickText(a.title_i18n, 'pt-BR').text,
        responsible_bodies: bodies
          .filter((b) => b.action_id === a.id)
          .map((b) => b.code)
          .join(' '),
        sdg_targets: a.sdg_targets ?? '',
        migracidades_dimension: a.dimension ?? '',
        indicator: i.code,
        indicator_name: pickText(i.name_i18n, 'pt-BR').text,
        unit: i.unit,
        baseline: i.baseline,
        target: i.target,
        deadline: i.deadline,
        latest_value: i.latest?.value ?? null,
        latest_status: i.latest?.status ?? null,
        latest_reference_date: i.latest?.reference_date ?? null,
        progress: i.progress === null ? null : Math.round(i.progress * 1000) / 1000,
      })
    }
  }
  return rows
}

export async function campaignsOpenData(db: DB) {
  const { campaigns, pledge } = await listCampaigns(db)
  const materials = await db
    .selectFrom('campaign_materials')
    .select(['campaign_id', 'label', 'url', 'language'])
    .execute()
  const actions = await db
    .selectFrom('campaign_actions as ca')
    .innerJoin('plan_actions as a', 'a.id', 'ca.action_id')
    .select(['ca.campaign_id', 'a.code'])
    .execute()
  return {
    version: 1,
    pledge_per_year: pledge,
    campaigns: campaigns.map((c) => ({
      id: c.id,
      title: JSON.parse(c.title_i18n) as I18nText,
      summary: c.summary_i18n ? (JSON.parse(c.summary_i18n) as I18nText) : null,
      theme: c.theme,
      year: c.year,
      languages: c.languages.split(' ').filter(Boolean),
      channels: c.channels.split(' ').filter(Boolean),
      starts_on: c.starts_on,
      ends_on: c.ends_on,
      status: c.status,
      demonstration: c.is_demo === 1,
      materials: materials.filter((m) => m.campaign_id === c.id).map(({ campaign_id: _c, ...m }) => m),
      actions: actions.filter((a) => a.campaign_id === c.id).map((a) => a.code),
    })),
  }
}

/** Indicators a focal point reports on: those of the actions their bodies lead or share, in plans in force. */
export async function myIndicators(db: DB, userId: string) {
  return db
    .selectFrom('plan_body_staff as s')
    .innerJoin('plan_action_bodies as ab', 'ab.body_id', 's.body_id')
    .innerJoin('plan_actions as a', 'a.id', 'ab.action_id')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .innerJoin('plan_indicators as i', 'i.action_id', 'a.id')
    .innerJoin('plan_bodies as b', 'b.id', 's.body_id')
    .select(['i.id', 'i.code', 'i.name_i18n', 'a.code as action_code', 'b.code as body_code'])
    .where('s.user_id', '=', userId)
    .where('e.status', '=', 'in_force')
    .orderBy('a.code')
    .orderBy('i.position')
    .execute()
}
