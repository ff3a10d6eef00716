import { beforeAll, describe, expect, it } from 'vitest'
import { getEdition } from '../../../app/conference/editions.server'
import { listProposals } from '../../../app/conference/proposals.server'
import { ProposalFiltersSchema } from '../../../app/conference/schemas.server'
import type { DB } from '../../../app/lib/db.server'
import { visibleEdition } from '../../../app/plan/plan.server'
import { listActions, planDashboard } from '../../../app/plan/reading.server'
import {
  BENCH_EDITION,
  BENCH_PLAN,
  conferenceAxisId,
  loadConferenceProposals,
  loadPlan,
  PROPOSALS_FILTERED_PATH,
} from '../../../bench/public-pages-data'
import { createTestDb } from '../../helpers/db'

// The data of bench/run.ts's conference_proposals_page_rps and plan_dashboard_rps: it loads on both
// databases (every constraint of the migrations holds) and the pages' own queries read it as meant —
// a full first page for the filters the bench sends, a dashboard with every axis and status.

let db: DB
const users = Array.from({ length: 60 }, (_, i) => `bench-user-${i}`)
beforeAll(async () => {
  db = await createTestDb()
  const at = '2026-12-05T08:00:00.000Z'
  await db
    .insertInto('users')
    .values(
      users.map((id) => ({
        id,
        email: `${id}@bench.local`,
        phone: null,
        display_name: id,
        password_hash: null,
        preferred_language: 'pt-BR',
        created_at: at,
        password_changed_at: null,
        erased_at: null,
      })),
    )
    .execute()
  await loadConferenceProposals(db, { userIds: users, at })
  await loadPlan(db, { at })
})

describe('the conference edition of the bench', () => {
  it('has 2,000 proposals over the 8 thematic axes, in several statuses, origins and languages', async () => {
    const byAxis = await db
      .selectFrom('proposals')
      .select(['axis_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('edition_id', '=', BENCH_EDITION)
      .groupBy('axis_id')
      .execute()
    expect(byAxis).toHaveLength(8)
    expect(byAxis.reduce((sum, a) => sum + Number(a.n), 0)).toBe(2000)
    for (const a of byAxis) expect(Number(a.n)).toBe(250)
    const distinct = async (column: 'status' | 'origin' | 'language') =>
      (
        await db
          .selectFrom('proposals')
          .select(column)
          .distinct()
          .where('edition_id', '=', BENCH_EDITION)
          .execute()
      )
        .map((r) => r[column])
        .sort()
    expect(await distinct('status')).toEqual(['consolidated', 'merged', 'motion', 'rejected', 'submitted'])
    expect(await distinct('origin')).toEqual(['online', 'preparatory', 'systematisation'])
    expect(await distinct('language')).toEqual(['ar', 'en', 'es', 'fr', 'ht', 'pt-BR', 'zh'])
  })

  it('merges originals only into consolidated proposals of their own axis', async () => {
    const merged = await db
      .selectFrom('proposals as p')
      .innerJoin('proposals as into', 'into.id', 'p.merged_into_id')
      .select(['p.axis_id', 'into.axis_id as into_axis', 'into.status as into_status'])
      .where('p.edition_id', '=', BENCH_EDITION)
      .execute()
    expect(merged.length).toBeGreaterThan(300)
    for (const m of merged) expect([m.into_axis, m.into_status]).toEqual([m.axis_id, 'consolidated'])
  })

  it('fills the first page the bench asks for: one axis and a word, as the filter form sends them', async () => {
    const url = new URL(PROPOSALS_FILTERED_PATH, 'http://bench')
    expect(url.pathname).toBe(`/conference/${BENCH_EDITION}/proposals`)
    expect([...url.searchParams.keys()].sort()).toEqual(['axis', 'origin', 'q', 'status'])
    const filters = ProposalFiltersSchema.parse(Object.fromEntries(url.searchParams))
    const found = await getEdition(db, BENCH_EDITION)
    expect(found?.axes.map((a) => a.id)).toContain(filters.axis)
    const page = await listProposals(db, {
      editionId: BENCH_EDITION,
      axisId: filters.axis,
      origin: filters.origin,
      status: filters.status,
      q: filters.q,
      page: filters.page,
    })
    expect(page.rows).toHaveLength(20)
    expect(page.total).toBeGreaterThan(40)
    expect(page.total).toBeLessThan(250)
    for (const row of page.rows) {
      expect(row.axis_id).toBe(conferenceAxisId('social_assistance_housing'))
      expect(row.title.toLowerCase()).toContain('moradia')
    }
    expect(page.rows.some((r) => r.supports > 0)).toBe(true)
  })
})

describe('the Municipal Plan of the bench', () => {
  it('is the plan the public sees, with 80 actions over 8 axes and their indicators', async () => {
    expect((await visibleEdition(db, null))?.id).toBe(BENCH_PLAN)
    const dashboard = await planDashboard(db, BENCH_PLAN)
    expect(dashboard?.byAxis).toHaveLength(8)
    for (const axis of dashboard!.byAxis) expect(axis.actions).toBe(10)
    expect(dashboard!.byBody.length).toBeGreaterThanOrEqual(8)
    expect(dashboard!.overall.total).toBeGreaterThan(120)
    expect(dashboard!.overall.reported).toBeGreaterThan(dashboard!.overall.total / 2)
    expect(dashboard!.overall.reported).toBeLessThan(dashboard!.overall.total)
    expect(dashboard!.lastUpdate).toBe('2026-09-30')
    expect(dashboard!.pledge.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028])
    const actions = await listActions(db, { editionId: BENCH_PLAN, page: 1 })
    expect(actions.total).toBe(80)
  })

  it('has published monitoring in every status a report can take, and updates the public never sees', async () => {
    const reviews = await db
      .selectFrom('indicator_updates')
      .select(['review', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['review', 'status'])
      .execute()
    const published = reviews.filter((r) => r.review === 'published').map((r) => r.status)
    expect(published.sort()).toEqual(['achieved', 'delayed', 'on_track'])
    expect(reviews.some((r) => r.review === 'pending')).toBe(true)
    expect(reviews.some((r) => r.review === 'returned')).toBe(true)
  })
})
