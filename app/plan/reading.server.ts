import type { IndicatorStatus } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { allWordsLike } from '../lib/search'
import { getPlanEdition } from './plan.server'
import { assessmentLevel, pledgeByYear, progressTowardsTarget, summarise } from './progress'

// Reading the plan: indicators with their latest published value, the dashboard, the list of
// actions, one action, one indicator, and the MigraCidades self-assessment. Only published updates
// count; drafts of the plan are kept from the public by visibleEdition (plan.server.ts).

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
export async function originsOf(db: DB, where: { actionId?: string; campaignId?: string }) {
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

/** One indicator and its published history; `viewer`, for staff, adds what is waiting or was returned. */
export async function getIndicator(
  db: DB,
  input: { indicatorId: string; viewer: { userId: string; seesAll: boolean } | null },
) {
  const { indicatorId: id, viewer } = input
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
    const summary = {
      code: d.code,
      position: d.position,
      actions: actions.filter((a) => a.migracidades_dimension_id === d.id).length,
      ...summaryOf(own),
    }
    return { ...summary, level: assessmentLevel(summary) }
  })
}
