import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql, type KyselyPlugin, type OperationNode, type RootOperationNode } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectOf, type DB } from '../../../app/lib/db.server'
import { declaredTables, type PageCacheDeclaration } from '../../../app/lib/page-cache'
import * as root from '../../../app/root'
import * as migration042 from '../../../db/migrations/2026-12-05-042-table-versions'
import { seedDemo } from '../../../db/seed'
import { createTestDb, testDialect, useAsAppDb as pointAppAt } from '../../helpers/db'
import { args, settle } from '../../helpers/routes'

// Issue #22, ADR 037: a cached page is served again while the versions of the tables it DECLARES
// are unchanged. A loader that reads a table it does not declare (or one without a trigger) would
// serve a stale page after a change to that table. This test renders every cacheable route
// anonymously, as the cache sees it, with a plugin that records every table each query touches,
// and fails on any table that is not declared or has no version trigger in the migrated database.

const ROUTES_DIR = fileURLToPath(new URL('../../../app/routes', import.meta.url))

type RouteModule = {
  handle?: { pageCache?: PageCacheDeclaration; hydrate?: boolean }
  loader?: (a: ReturnType<typeof args>) => unknown
}

/** Which URLs to render for each cacheable route (several when the data takes other paths). */
const URLS: Record<string, (ids: Ids) => string[]> = {
  '_index.tsx': () => ['/'],
  'elections._index.tsx': () => ['/elections'],
  'elections.$id.contests.$contestId.tsx': (ids) =>
    ids.contests.map((c) => `/elections/${c.election_id}/contests/${c.id}`),
  'plan._index.tsx': (ids) => ['/plan', ...ids.planEditions.map((e) => `/plan?edition=${e}`)],
  // Every filter the list's loader reads takes its own query path (?body= reads plan_action_bodies).
  'plan.actions._index.tsx': (ids) => [
    '/plan/actions',
    '/plan/actions?q=saude&axis=health',
    ...ids.planBodies.map((b) => `/plan/actions?body=${b}`),
    ...ids.planEditions.map((e) => `/plan/actions?edition=${e}&status=done`),
  ],
  'plan.campaigns._index.tsx': () => ['/plan/campaigns'],
  'plan.trace.$axis.tsx': (ids) => ids.axes.map((a) => `/plan/trace/${a}`),
  'consultations._index.tsx': () => ['/consultations'],
  'consultations.$id._index.tsx': (ids) => ids.consultations.map((c) => `/consultations/${c}`),
  'consultations.$id.report.tsx': (ids) => ids.consultations.map((c) => `/consultations/${c}/report`),
  'conference._index.tsx': () => ['/conference'],
  'conference.$id.proposals._index.tsx': (ids) =>
    ids.editions.flatMap((e) => [
      `/conference/${e}/proposals`,
      `/conference/${e}/proposals?q=saude&status=approved&page=2`,
    ]),
  'council._index.tsx': () => ['/council'],
  'council.archive.tsx': () => [
    '/council/archive',
    '/council/archive?q=xenofobia',
    '/council/archive?type=resolutions&year=2025',
  ],
}

type Ids = {
  contests: { id: string; election_id: string }[]
  planEditions: string[]
  planBodies: string[]
  axes: string[]
  consultations: string[]
  editions: string[]
}

/** Records the tables every query touches (query builders and raw SQL alike). */
function tableRecorder(known: Set<string>, into: Set<string>): KyselyPlugin {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return
    if (Array.isArray(node)) {
      for (const n of node) visit(n)
      return
    }
    const n = node as OperationNode & Record<string, unknown>
    if (n.kind === 'TableNode') {
      const name = (n as unknown as { table: { identifier: { name: string } } }).table.identifier.name
      if (known.has(name)) into.add(name)
    }
    if (n.kind === 'RawNode') {
      for (const fragment of (n as unknown as { sqlFragments: string[] }).sqlFragments)
        for (const word of fragment.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? [])
          if (known.has(word)) into.add(word)
    }
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value)
  }
  return {
    transformQuery: ({ node }: { node: RootOperationNode }) => {
      visit(node)
      return node
    },
    transformResult: async ({ result }) => result,
  }
}

async function tablesWithTriggers(db: DB): Promise<Set<string>> {
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ tbl_name: string }>`
      SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'table_version_%'`.execute(db)
    // Insert, update and delete each need theirs.
    const count = new Map<string, number>()
    for (const r of rows) count.set(r.tbl_name, (count.get(r.tbl_name) ?? 0) + 1)
    return new Set([...count].filter(([, n]) => n === 3).map(([t]) => t))
  }
  const { rows } = await sql<{ table_name: string }>`
    SELECT c.relname AS table_name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE t.tgname LIKE 'table_version_%' AND NOT t.tgisinternal`.execute(db)
  return new Set(rows.map((r) => r.table_name))
}

async function knownTables(db: DB): Promise<Set<string>> {
  const tables = await db.introspection.getTables()
  return new Set(tables.map((t) => t.name))
}

const cacheableFiles = async (): Promise<[string, RouteModule][]> => {
  const out: [string, RouteModule][] = []
  for (const file of readdirSync(ROUTES_DIR).sort()) {
    if (!/\.tsx?$/.test(file)) continue
    const mod = (await import(`${ROUTES_DIR}/${file}`)) as RouteModule
    if (mod.handle?.pageCache) out.push([file, mod])
  }
  return out
}

let db: DB
let ids: Ids
let known: Set<string>
let triggered: Set<string>
let routes: [string, RouteModule][]

beforeAll(async () => {
  db = await createTestDb()
  await seedDemo(db, { verifiableElection: false })
  const contests = await db.selectFrom('contests').select(['id', 'election_id']).orderBy('id').execute()
  const byElection = new Map<string, { id: string; election_id: string }>()
  for (const c of contests) if (!byElection.has(c.election_id)) byElection.set(c.election_id, c)
  ids = {
    contests: [...byElection.values()],
    planEditions: (await db.selectFrom('plan_editions').select('id').execute()).map((r) => r.id),
    planBodies: (await db.selectFrom('plan_bodies').select('id').limit(2).execute()).map((r) => r.id),
    axes: (await db.selectFrom('thematic_axes').select('code').limit(2).execute()).map((r) => r.code),
    consultations: (
      await db.selectFrom('consultations').select('id').where('status', '!=', 'draft').execute()
    ).map((r) => r.id),
    editions: (await db.selectFrom('conference_editions').select('id').execute()).map((r) => r.id),
  }
  known = await knownTables(db)
  triggered = await tablesWithTriggers(db)
  routes = await cacheableFiles()
}, 300_000)
afterAll(async () => {
  await db?.destroy()
})

describe(`every cacheable page declares the tables it reads, and each has a version trigger (${testDialect})`, () => {
  it('the cacheable routes are the ones this test knows how to render, and none is hydrated', () => {
    expect(routes.map(([file]) => file).sort()).toEqual(Object.keys(URLS).sort())
    for (const [file, mod] of routes) {
      expect(mod.handle?.hydrate, `${file}: a cached page carries no script (no nonce)`).toBe(false)
      expect(mod.loader, file).toBeDefined()
    }
  })

  it('no vote-path table has a trigger', () => {
    for (const table of [
      'ballots',
      'tracking_codes',
      'voter_participation',
      'belenios_cast_credentials',
      'belenios_blocks',
      'belenios_archives',
      'booth_tokens',
      'booth_sessions',
      'sessions',
      'rate_limits',
      'audit_log',
      'outbox',
      'jobs',
      'table_versions',
    ])
      expect(triggered.has(table), table).toBe(false)
  })

  it('renders each page anonymously and finds every table it reads declared and versioned', async () => {
    const problems: string[] = []
    const rendered: string[] = []
    for (const [file, mod] of routes) {
      const declared = declaredTables([mod.handle])!
      for (const url of URLS[file]!(ids)) {
        const read = new Set<string>()
        pointAppAt(db.withPlugin(tableRecorder(known, read)))
        const request = new Request(`http://localhost${url}`, { headers: { 'Accept-Language': 'pt-BR' } })
        const rootAnswer = await settle(Promise.resolve(root.loader(args(request) as never)))
        const params = paramsFor(file, url)
        const answer = await settle(Promise.resolve(mod.loader!(args(request, params))))
        rendered.push(`${url} ${answer.status}`)
        expect(rootAnswer.status, url).toBe(200)
        // The recorder sees the page's queries (a page with data reads at least one table).
        if (answer.status === 200) expect(read.size, url).toBeGreaterThan(0)
        for (const table of [...read].sort()) {
          if (!declared.includes(table)) problems.push(`${file} (${url}) reads ${table}: not declared`)
          if (!triggered.has(table)) problems.push(`${file} (${url}) reads ${table}: no version trigger`)
        }
      }
      for (const table of declared)
        if (!triggered.has(table)) problems.push(`${file} declares ${table}: no version trigger`)
    }
    pointAppAt(db)
    expect([...new Set(problems)]).toEqual([])
    // The renders found pages (not only 404s): the list of URLs stays meaningful as the seed moves.
    expect(rendered.filter((r) => r.endsWith(' 200')).length).toBeGreaterThanOrEqual(rendered.length - 2)
  })
})

/** The route's params from its file name and a URL of it. */
function paramsFor(file: string, url: string): Record<string, string> {
  const segments = file.replace(/\.tsx?$/, '').split('.')
  const parts = new URL(`http://localhost${url}`).pathname.split('/').filter(Boolean)
  const params: Record<string, string> = {}
  segments
    .filter((s) => s !== '_index')
    .forEach((s, i) => {
      if (s.startsWith('$')) params[s.slice(1)] = parts[i] ?? ''
    })
  return params
}

describe(`migration 042 (${testDialect})`, () => {
  it('goes down and up again; a write bumps its table once per statement or row, in its transaction', async () => {
    const fresh = await createTestDb()
    try {
      const bump = async () =>
        fresh.transaction().execute(async (trx) => {
          await trx
            .updateTable('subprefectures')
            .set({ name: sql`name` })
            .where('id', '=', 29)
            .execute()
          return (
            await trx
              .selectFrom('table_versions')
              .select('version')
              .where('table_name', '=', 'subprefectures')
              .executeTakeFirstOrThrow()
          ).version
        })
      const v0 = Number(
        (
          await fresh
            .selectFrom('table_versions')
            .select('version')
            .where('table_name', '=', 'subprefectures')
            .executeTakeFirstOrThrow()
        ).version,
      )
      expect(Number(await bump())).toBe(v0 + 1)
      // A rolled-back write leaves the version as it was.
      await fresh
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('subprefectures')
            .set({ name: sql`name` })
            .where('id', '=', 29)
            .execute()
          throw new Error('rollback')
        })
        .catch(() => undefined)
      expect(
        Number(
          (
            await fresh
              .selectFrom('table_versions')
              .select('version')
              .where('table_name', '=', 'subprefectures')
              .executeTakeFirstOrThrow()
          ).version,
        ),
      ).toBe(v0 + 1)
      await migration042.down(fresh)
      expect(await tablesWithTriggers(fresh)).toEqual(new Set())
      await fresh
        .updateTable('subprefectures')
        .set({ name: sql`name` })
        .where('id', '=', 29)
        .execute()
      await migration042.up(fresh)
      expect((await tablesWithTriggers(fresh)).has('subprefectures')).toBe(true)
      expect(Number(await bump())).toBe(1)
    } finally {
      await fresh.destroy()
    }
  })
})
