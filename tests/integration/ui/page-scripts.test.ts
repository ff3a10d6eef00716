import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { routeNeedsScripts } from '../../../app/ui/page-scripts'
import { seedDemo } from '../../../db/seed'
import { DEMO_EDITION_2019, DEMO_EDITION_2026 } from '../../../db/seed/conference'
import { DEMO_CONSULTATION_ANSWERED, DEMO_CONSULTATION_OPEN } from '../../../db/seed/consultations'
import { DEMO_CMI_BODY } from '../../../db/seed/council'
import { DEMO_NEXT_MEETING } from '../../../db/seed/counsellors'
import { DEMO_CMI_ELECTION, DEMO_CPM_ELECTION } from '../../../db/seed/elections'
import { demoUserId } from '../../../db/seed/users'
import type { Role } from '../../../db/schema'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { requestAs } from '../../helpers/factories'
import { sourceBuild, type SourceBuild } from '../../helpers/remix-build'

// Issue #22 (ADR 038): a public page that needs no JavaScript is sent without any — no <script>,
// no modulepreload — so an old phone loads 0 KB of it instead of ~105–135 KB. Each page is rendered
// through Remix's request handler with the real root, route modules and entry.server, as the
// production server renders it. The lists below are the contract: a page that starts shipping
// scripts again, or a route whose `handle.hydrate` changes without this file, fails here.

const ROUTES_DIR = fileURLToPath(new URL('../../../app/routes/', import.meta.url))

type Who = 'anonymous' | Role
type Visit = { url: string; as?: Who; status?: number }

/** Sent without scripts to everyone (`hydrate: false`): read-only pages and plain-form pages. */
const NO_SCRIPTS: Record<string, Visit> = {
  '_index.tsx': { url: '/' },
  'account.tsx': { url: '/account', as: 'voter' },
  'account_.notices.tsx': { url: '/account/notices', as: 'voter' },
  'account_.setup.tsx': { url: '/account/setup' },
  'census.tsx': { url: '/census' },
  'conference._index.tsx': { url: '/conference' },
  'conference.$id._index.tsx': { url: `/conference/${DEMO_EDITION_2026}` },
  'conference.$id.proposals._index.tsx': {
    url: `/conference/${DEMO_EDITION_2026}/proposals?axis=&q=moradia`,
  },
  'conference.$id.proposals.new.tsx': {
    url: `/conference/${DEMO_EDITION_2026}/proposals/new`,
    as: 'resident',
  },
  'conference.$id.report.tsx': { url: `/conference/${DEMO_EDITION_2019}/report` },
  'conference.$id.vote.tsx': { url: `/conference/${DEMO_EDITION_2026}/vote`, as: 'delegate' },
  'consultations._index.tsx': { url: '/consultations' },
  'consultations.$id._index.tsx': { url: `/consultations/${DEMO_CONSULTATION_OPEN}` },
  'consultations.$id.report.tsx': { url: `/consultations/${DEMO_CONSULTATION_ANSWERED}/report` },
  'council._index.tsx': { url: '/council' },
  'council.archive.tsx': { url: '/council/archive?q=&year=' },
  'council.my.tsx': { url: '/council/my', as: 'counsellor' },
  // Open only in demo mode to a loopback peer; elsewhere a 404 page, without scripts too.
  'dev.outbox.tsx': { url: '/dev/outbox', status: 404 },
  'easy-read._index.tsx': { url: '/easy-read' },
  'easy-read.$guide.tsx': { url: '/easy-read/ballot' },
  'elections._index.tsx': { url: '/elections' },
  'elections.$id._index.tsx': { url: `/elections/${DEMO_CPM_ELECTION}`, as: 'voter' },
  'elections.$id.apply.tsx': { url: `/elections/${DEMO_CPM_ELECTION}/apply`, as: 'resident' },
  'elections.$id.contests.$contestId.tsx': { url: '' }, // set in beforeAll (the contest's id)
  'elections.$id.results.tsx': { url: `/elections/${DEMO_CMI_ELECTION}/results` },
  'elections.$id.verify.tsx': { url: `/elections/${DEMO_CMI_ELECTION}/verify?code=ABC` },
  'forgot-password.tsx': { url: '/forgot-password' },
  'forgot-password_.code.tsx': { url: '/forgot-password/code' },
  'login.tsx': { url: '/login?redirectTo=%2Fcouncil' },
  'my-data.tsx': { url: '/my-data', as: 'voter' },
  'plan._index.tsx': { url: '/plan' },
  'plan.actions._index.tsx': { url: '/plan/actions' },
  'plan.campaigns._index.tsx': { url: '/plan/campaigns' },
  'plan.migracidades.tsx': { url: '/plan/migracidades' },
  'plan.report.tsx': { url: '/plan/report' },
  'plan.trace.$axis.tsx': { url: '' }, // set in beforeAll (an axis code)
  'privacy.tsx': { url: '/privacy' },
  'registration._index.tsx': { url: '/registration' },
  'registration.$step.tsx': { url: '/registration/document', as: 'resident' },
  'registration.claim.tsx': { url: '/registration/claim' },
  'registration.status.tsx': { url: '/registration/status' },
  'reset-password.$token.tsx': { url: '/reset-password/not-a-token' },
  'signup.tsx': { url: '/signup' },
  'signup_.confirm.$token.tsx': { url: '/signup/confirm/not-a-token' },
}

/**
 * Public pages with a part that only some people see, or that works only in some states: readers
 * get no scripts; the people (or states) with that part keep them (a handle.hydrate function).
 */
const DEPENDS: Record<
  string,
  {
    reader: Visit
    withScripts: Visit
    why: string
    /** Puts the data in the state that needs scripts for the second visit; returns the undo. */
    during?: () => Promise<() => Promise<unknown>>
  }
> = {
  'conference.$id.proposals.$proposalId.tsx': {
    reader: { url: '' }, // set in beforeAll
    withScripts: { url: '', as: 'secretariat' },
    why: "the secretariat's systematisation forms",
    // Systematisation is open while the edition is in that phase.
    during: async () => {
      const edition = db.updateTable('conference_editions').where('id', '=', DEMO_EDITION_2019)
      const { phase } = await db
        .selectFrom('conference_editions')
        .select('phase')
        .where('id', '=', DEMO_EDITION_2019)
        .executeTakeFirstOrThrow()
      await edition.set({ phase: 'systematisation' }).execute()
      return () => edition.set({ phase }).execute()
    },
  },
  'consultations.$id.p.$paragraphId.tsx': {
    reader: { url: '', as: 'voter' },
    withScripts: { url: '', as: 'moderator' },
    why: "moderators' hide forms",
  },
  'council.bodies.$id.tsx': {
    reader: { url: `/council/bodies/${DEMO_CMI_BODY}` },
    withScripts: { url: `/council/bodies/${DEMO_CMI_BODY}`, as: 'secretariat' },
    why: "the secretariat's membership and meeting forms",
  },
  'council.meetings.$id._index.tsx': {
    reader: { url: '' }, // a held meeting
    withScripts: { url: `/council/meetings/${DEMO_NEXT_MEETING}` }, // in session: it refreshes itself
    why: "a live meeting's self-refresh (useLiveRefresh), and the secretariat's forms",
    during: async () => {
      const { status } = await db
        .selectFrom('meetings')
        .select('status')
        .where('id', '=', DEMO_NEXT_MEETING)
        .executeTakeFirstOrThrow()
      await db
        .updateTable('meetings')
        .set({ status: 'in_session' })
        .where('id', '=', DEMO_NEXT_MEETING)
        .execute()
      return () => db.updateTable('meetings').set({ status }).where('id', '=', DEMO_NEXT_MEETING).execute()
    },
  },
  'council.meetings.$id.minutes.tsx': {
    reader: { url: '' },
    withScripts: { url: '', as: 'secretariat' },
    why: "the secretariat's minutes forms",
  },
  'council.resolutions.$id.tsx': {
    reader: { url: '' },
    withScripts: { url: '', as: 'secretariat' },
    why: "the secretariat's gazette and summary forms",
  },
  'plan.actions.$id.tsx': {
    reader: { url: '' },
    withScripts: { url: '', as: 'secretariat' },
    why: "the secretariat's linking forms",
  },
  'plan.campaigns.$id.tsx': {
    reader: { url: '' },
    withScripts: { url: '', as: 'secretariat' },
    why: "the secretariat's campaign forms",
  },
  'plan.indicators.$id.tsx': {
    reader: { url: '' },
    withScripts: { url: '', as: 'secretariat' },
    why: 'the progress-report form of those who may report',
  },
}

/** Pages that must keep their scripts for everyone, with the part that needs them. */
const MUST_HYDRATE: Record<string, { visit: Visit; why: string }> = {
  'elections.$id.vote.tsx': {
    visit: { url: `/elections/${DEMO_CPM_ELECTION}/vote`, as: 'voter' },
    why: 'the ballot is encrypted on the device (ADR 036)',
  },
  'booth.tsx': {
    // A device whose booth has ended: the booth page itself, still with the booth's scripts.
    visit: { url: '/booth' },
    why: 'the booth encrypts the ballot on the device too (ADR 036)',
  },
  'elections.$id.trustees.me.tsx': {
    // The demo's trustees exist only with its verifiable election (slow to seed): a commission
    // member who is not a trustee is refused, and even that page keeps the route's scripts.
    visit: { url: `/elections/${DEMO_CMI_ELECTION}/trustees/me`, as: 'electoral_commission', status: 403 },
    why: "a trustee's key is made and used on the trustee's device (ADR 035)",
  },
  'staff.registrations._index.tsx': {
    visit: { url: '/staff/registrations', as: 'secretariat' },
    why: 'staff pages keep pending indicators and background-job progress',
  },
}

const uiRoutes = readdirSync(ROUTES_DIR)
  .filter((f) => f.endsWith('.tsx'))
  .filter((f) => /^export default /m.test(readFileSync(join(ROUTES_DIR, f), 'utf8')))
  .sort()

let db: DB
let app: SourceBuild

beforeAll(async () => {
  db = await createTestDb()
  // Without the 2024 election's Belenios archive (most of the seed's time): pages, not crypto.
  await seedDemo(db, { verifiableElection: false })
  useAsAppDb(db)
  app = await sourceBuild()
  const one = async (q: Promise<{ id: string } | undefined>) => (await q)?.id ?? 'none'
  const contest = await one(
    db
      .selectFrom('contests')
      .select('id')
      .where('election_id', '=', DEMO_CPM_ELECTION)
      .orderBy('id')
      .executeTakeFirst(),
  )
  NO_SCRIPTS['elections.$id.contests.$contestId.tsx']!.url =
    `/elections/${DEMO_CPM_ELECTION}/contests/${contest}`
  const axis = await db.selectFrom('thematic_axes').select('code').orderBy('code').executeTakeFirstOrThrow()
  NO_SCRIPTS['plan.trace.$axis.tsx']!.url = `/plan/trace/${axis.code}`
  const set = (file: string, reader: string, withScripts = reader) => {
    DEPENDS[file]!.reader.url = reader
    DEPENDS[file]!.withScripts.url = withScripts
  }
  const proposal = await one(
    db
      .selectFrom('proposals')
      .select('id')
      .where('edition_id', '=', DEMO_EDITION_2019)
      .where('status', '!=', 'merged')
      .orderBy('id')
      .executeTakeFirst(),
  )
  set('conference.$id.proposals.$proposalId.tsx', `/conference/${DEMO_EDITION_2019}/proposals/${proposal}`)
  const paragraph = await one(
    db
      .selectFrom('consultation_paragraphs')
      .select('id')
      .where('consultation_id', '=', DEMO_CONSULTATION_OPEN)
      .orderBy('id')
      .executeTakeFirst(),
  )
  set('consultations.$id.p.$paragraphId.tsx', `/consultations/${DEMO_CONSULTATION_OPEN}/p/${paragraph}`)
  const held = await one(
    db.selectFrom('meetings').select('id').where('status', '=', 'held').orderBy('id').executeTakeFirst(),
  )
  DEPENDS['council.meetings.$id._index.tsx']!.reader.url = `/council/meetings/${held}`
  set('council.meetings.$id.minutes.tsx', `/council/meetings/${held}/minutes`)
  const resolution = await one(db.selectFrom('resolutions').select('id').orderBy('id').executeTakeFirst())
  set('council.resolutions.$id.tsx', `/council/resolutions/${resolution}`)
  const action = await one(db.selectFrom('plan_actions').select('id').orderBy('id').executeTakeFirst())
  set('plan.actions.$id.tsx', `/plan/actions/${action}`)
  const campaign = await one(db.selectFrom('campaigns').select('id').orderBy('id').executeTakeFirst())
  set('plan.campaigns.$id.tsx', `/plan/campaigns/${campaign}`)
  const indicator = await one(db.selectFrom('plan_indicators').select('id').orderBy('id').executeTakeFirst())
  set('plan.indicators.$id.tsx', `/plan/indicators/${indicator}`)
}, 600_000)

async function render(visit: Visit, headers: Record<string, string> = {}) {
  const userId = visit.as && visit.as !== 'anonymous' ? demoUserId(visit.as) : null
  const response = await app.handle(await requestAs(db, userId, visit.url, { headers }))
  return { status: response.status, html: await response.text() }
}

const scriptsIn = (html: string) => ({
  scriptTags: (html.match(/<script\b/gi) ?? []).length,
  buildModules: (html.match(/\/build\/[^"]*\.js/g) ?? []).length,
})

describe('the routes say which pages need scripts (handle.hydrate)', () => {
  it.each(uiRoutes)('%s is classified here as its handle says', async (file) => {
    const handle = ((await import(join(ROUTES_DIR, file))) as { handle?: { hydrate?: unknown } }).handle
    const says =
      handle?.hydrate === false ? 'no scripts' : typeof handle?.hydrate === 'function' ? 'depends' : 'scripts'
    const listed = file in NO_SCRIPTS ? 'no scripts' : file in DEPENDS ? 'depends' : 'scripts'
    expect(says, `${file}: update handle.hydrate or the lists in this file (ADR 038)`).toBe(listed)
  })

  it('every listed route exists', () => {
    for (const file of [...Object.keys(NO_SCRIPTS), ...Object.keys(DEPENDS), ...Object.keys(MUST_HYDRATE)])
      expect(uiRoutes, file).toContain(file)
  })

  it('the root layout needs no scripts of its own, so the page decides', async () => {
    const root = (await import('../../../app/root')) as { handle: unknown }
    expect(routeNeedsScripts({ handle: root.handle })).toBe(false)
  })
})

describe('pages sent without scripts (issue #22: 0 KB of JavaScript)', () => {
  it.each(Object.entries(NO_SCRIPTS))('%s', async (file, visit) => {
    const { status, html } = await render(visit)
    expect(status, `${file} ${visit.url}`).toBe(visit.status ?? 200)
    expect(html).toMatch(/<\/main>/)
    expect(scriptsIn(html), `${file} ${visit.url}`).toEqual({ scriptTags: 0, buildModules: 0 })
  })

  it.each(Object.entries(DEPENDS))('%s: readers get none; the others keep them', async (file, entry) => {
    const { reader, withScripts } = entry
    const read = await render(reader)
    expect(read.status, `${file} ${reader.url}`).toBe(200)
    expect(scriptsIn(read.html), `${file} as ${reader.as ?? 'anonymous'}`).toEqual({
      scriptTags: 0,
      buildModules: 0,
    })
    const undo = await entry.during?.()
    const kept = await render(withScripts).finally(() => undo?.())
    expect(kept.status, `${file} ${withScripts.url}`).toBe(200)
    expect(scriptsIn(kept.html).scriptTags, `${file} as ${withScripts.as ?? 'anonymous'}`).toBeGreaterThan(0)
  })

  it('a page under a no-script route that fails (404) is an error page without scripts too', async () => {
    const { status, html } = await render({ url: '/conference/no-such-edition' })
    expect(status).toBe(404)
    expect(scriptsIn(html)).toEqual({ scriptTags: 0, buildModules: 0 })
  })

  it('a failed post on a no-script form page answers with its errors, still without scripts', async () => {
    const request = await requestAs(db, null, '/login', {
      method: 'POST',
      headers: {
        Host: 'localhost',
        Origin: 'http://localhost',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ email: 'nobody@example.org', password: 'wrong password' }).toString(),
    })
    const response = await app.handle(request)
    const html = await response.text()
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect(html).toContain('nobody@example.org') // the typed e-mail kept in the form
    expect(scriptsIn(html)).toEqual({ scriptTags: 0, buildModules: 0 })
  })
})

describe('pages that keep their scripts', () => {
  it.each(Object.entries(MUST_HYDRATE))('%s (%s)', async (file, { visit }) => {
    const headers: Record<string, string> =
      file === 'booth.tsx' ? { Cookie: `mutirao_booth=${'a'.repeat(32)}` } : {}
    const { status, html } = await render(visit, headers)
    expect(status, `${file} ${visit.url}`).toBe(visit.status ?? 200)
    const found = scriptsIn(html)
    expect(found.scriptTags, file).toBeGreaterThan(0)
    // The entry and the page's own module are named: the browser loads and hydrates it.
    expect(html).toContain('/build/entry.client.js')
    if (!visit.status) expect(html).toContain(`/build/${app.routeIdOf(file)}.js`)
  })

  it('an error under a page that needs scripts keeps them (the page hydrates its error boundary)', async () => {
    const { status, html } = await render({ url: '/elections/no-such-election/vote', as: 'voter' })
    expect(status).toBe(404)
    expect(scriptsIn(html).scriptTags).toBeGreaterThan(0)
  })
})
