import { Agent } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSession } from '../../../app/auth/session.server'
import { translateStatement, withdrawCandidacy } from '../../../app/elections/candidacies.server'
import { languageCookie } from '../../../app/i18n/i18n.server'
import type { DB } from '../../../app/lib/db.server'
import { PAGE_CACHE_HEADER } from '../../../app/lib/page-cache'
import { PageCache, readTableVersions } from '../../../app/lib/page-cache.server'
import * as contestPage from '../../../app/routes/elections.$id.contests.$contestId'
import * as electionsList from '../../../app/routes/elections._index'
import { createTestDb, openAnotherConnection, useAsAppDb } from '../../helpers/db'
import { cpmElection } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { send, startEdge, type EdgeServer } from '../../helpers/http-edge'
import { pageHandler, type PageModule } from '../../helpers/page-render'

// Issue #22, ADR 037: rendered public pages kept by the HTTP edge (scripts/http-app.ts) per URL
// and language, served again while the tables they read are unchanged — tested on a real socket,
// through the production edge, with the real root and route loaders behind it.

let db: DB & { path: string }
let other: DB
let edge: EdgeServer
let cache: PageCache
let clock = 0
let election: Awaited<ReturnType<typeof cpmElection>>
let contestUrl: string
let alice: { id: string; cookie: string }
let bruno: { id: string; cookie: string }

const ALICE = 'Alícia Quintanilha-Zeferino'
const BRUNO = 'Bruno Wenceslau-Ypiranga'

// A hydrated page that declares itself cacheable all the same (a mistake): its nonce keeps it out.
const hydratedPage: PageModule = {
  handle: { pageCache: { tables: ['elections'] } },
  loader: electionsList.loader as PageModule['loader'],
}
// A page that is not declared cacheable.
const undeclaredPage: PageModule = { handle: {}, loader: electionsList.loader as PageModule['loader'] }

beforeAll(async () => {
  db = await createTestDb({ file: true })
  useAsAppDb(db)
  other = openAnotherConnection(db)
  await openCycle(db)
  election = await cpmElection(db, 'provisional_list')
  contestUrl = `/elections/${election.electionId}/contests/${election.contestId}`
  const person = async (name: string) => {
    const user = await createUser(db)
    await db.updateTable('users').set({ display_name: name }).where('id', '=', user.id).execute()
    return { id: user.id, cookie: `mutirao_session=${(await createSession(db, { userId: user.id })).token}` }
  }
  alice = await person(ALICE)
  bruno = await person(BRUNO)
  cache = new PageCache(() => db, { now: () => clock, maxEntries: 50 })
  edge = await startEdge([], {
    pageCache: cache,
    handler: pageHandler([
      {
        pattern: /^\/elections\/([^/]+)\/contests\/([^/]+)$/,
        module: contestPage as PageModule,
        params: (m) => ({ id: m[1]!, contestId: m[2]! }),
      },
      { pattern: /^\/elections$/, module: electionsList as PageModule, params: () => ({}) },
      { pattern: /^\/hydrated$/, module: hydratedPage, params: () => ({}) },
      { pattern: /^\/undeclared$/, module: undeclaredPage, params: () => ({}) },
    ]),
  })
}, 300_000)
afterAll(async () => {
  await edge?.close()
  await other?.destroy()
  await db?.destroy()
})
beforeEach(() => {
  cache.clear()
  clock += 60_000 // past any TTL left by the previous test
})

const get = (path: string, headers: Record<string, string> = {}) =>
  send(edge, path, { headers: { 'Accept-Language': 'pt-BR', ...headers } })
const outcome = (a: { headers: Record<string, unknown> }) => a.headers['x-page-cache']
const candidateName = async (i: number) =>
  (
    await db
      .selectFrom('candidacies')
      .select('display_name')
      .where('id', '=', election.candidates[i]!.candidacyId)
      .executeTakeFirstOrThrow()
  ).display_name

describe('two people, one cache', () => {
  it('nobody sees another person’s name; logged-in pages are never stored nor served from the cache', async () => {
    const a1 = await get(contestUrl, { Cookie: alice.cookie })
    expect(a1.status).toBe(200)
    expect(a1.body).toContain(ALICE)
    expect(outcome(a1)).toBe('bypass')
    expect(a1.headers['cache-control']).toBe('no-store')
    expect(cache.size.entries).toBe(0)

    const anon = await get(contestUrl)
    expect(anon.status).toBe(200)
    expect(outcome(anon)).toBe('stored')
    expect(anon.body).not.toContain(ALICE)
    expect(anon.body).not.toContain(BRUNO)
    expect(anon.body).toContain('/login')
    expect(anon.body).toContain(await candidateName(0))
    expect(cache.size.entries).toBe(1)

    const b1 = await get(contestUrl, { Cookie: bruno.cookie })
    expect(outcome(b1)).toBe('bypass')
    expect(b1.body).toContain(BRUNO)
    expect(b1.body).not.toContain(ALICE)

    const anon2 = await get(contestUrl)
    expect(outcome(anon2)).toBe('hit')
    expect(anon2.body).toBe(anon.body)
    expect(anon2.body).not.toContain(ALICE)
    expect(anon2.body).not.toContain(BRUNO)

    // Alice again, after the page was cached: her own page, rendered for her.
    const a2 = await get(contestUrl, { Cookie: `lng=pt-BR; ${alice.cookie}` })
    expect(outcome(a2)).toBe('bypass')
    expect(a2.body).toContain(ALICE)
    expect(a2.body).not.toContain(BRUNO)
    expect(cache.size.entries).toBe(1)
    // The internal declaration never reaches a browser.
    for (const answer of [a1, anon, b1, anon2, a2]) expect(answer.headers[PAGE_CACHE_HEADER]).toBeUndefined()
  })

  it('any cookie but the language (booth, flash, unknown, the __Host- session) bypasses the cache', async () => {
    await get(contestUrl)
    expect(cache.size.entries).toBe(1)
    for (const cookie of [
      `__Host-mutirao_session=${alice.cookie.split('=')[1]}`,
      'mutirao_flash=done',
      'something_else=1',
      'lng=es; tracker=abc',
    ]) {
      const answer = await get(contestUrl, { Cookie: cookie })
      expect(outcome(answer), cookie).toBe('bypass')
      expect(answer.body).not.toContain(ALICE)
    }
    expect(cache.size.entries).toBe(1)
    expect(outcome(await get(contestUrl, { Authorization: 'Basic eDp5' }))).toBe('bypass')
    expect(outcome(await get(contestUrl, { Cookie: 'lng=pt-BR' }))).toBe('hit')
  })
})

describe('invalidation by table versions', () => {
  it('a withdrawal through the domain function shows on the next request', async () => {
    const first = await get(contestUrl)
    expect(outcome(first)).toBe('stored')
    const leaving = election.candidates[3]!
    const name = await candidateName(3)
    expect(first.body).toContain(name)
    expect(outcome(await get(contestUrl))).toBe('hit')
    const withdrawn = await withdrawCandidacy(db, { userId: leaving.id, candidacyId: leaving.candidacyId })
    expect(withdrawn.ok).toBe(true)
    const after = await get(contestUrl)
    expect(outcome(after)).toBe('stored')
    expect(after.body).not.toContain(name)
    expect(outcome(await get(contestUrl))).toBe('hit')
  })

  it('a write through another connection (another process) is seen too', async () => {
    const first = await get(contestUrl)
    expect(outcome(first)).toBe('stored')
    const author = election.candidates[0]!
    const text = 'Declaração revista por outra conexão'
    expect(first.body).not.toContain(text)
    const written = await translateStatement(other, {
      userId: author.id,
      candidacyId: author.candidacyId,
      language: 'pt-BR',
      text,
    })
    expect(written.ok).toBe(true)
    const after = await get(contestUrl)
    expect(outcome(after)).toBe('stored')
    expect(after.body).toContain(text)
  })

  it('a write to a table the page does not read keeps the page; the versions only grow', async () => {
    const [before] = await readTableVersions(db, ['candidacies'])
    await get(contestUrl)
    await db.updateTable('users').set({ display_name: BRUNO }).where('id', '=', bruno.id).execute()
    expect(outcome(await get(contestUrl))).toBe('hit')
    await other.updateTable('elections').set({ updated_at: new Date().toISOString() }).execute()
    expect(outcome(await get(contestUrl))).toBe('stored')
    const [after] = await readTableVersions(db, ['candidacies'])
    expect(after).toBeGreaterThanOrEqual(before!)
  })

  it('an entry expires after its TTL even with no write (pages that depend on the clock)', async () => {
    await get(contestUrl)
    clock += cache.ttlMs - 1
    expect(outcome(await get(contestUrl))).toBe('hit')
    clock += 1
    expect(outcome(await get(contestUrl))).toBe('stored')
  })
})

describe('ETag and 304', () => {
  it('answers 304 to a matching If-None-Match, 200 with the page otherwise', async () => {
    const first = await get(contestUrl)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[\w-]{32}"$/)
    expect(first.headers.vary).toBe('Cookie, Accept-Language')
    expect(first.headers['cache-control']).toBe('no-cache')
    const revalidated = await get(contestUrl, { 'If-None-Match': etag })
    expect(revalidated.status).toBe(304)
    expect(revalidated.body).toBe('')
    expect(revalidated.headers.etag).toBe(etag)
    expect((await get(contestUrl, { 'If-None-Match': `"other", W/${etag}` })).status).toBe(304)
    const changed = await get(contestUrl, { 'If-None-Match': '"something-else"' })
    expect(changed.status).toBe(200)
    expect(changed.body).toBe(first.body)
    // A change: the old ETag no longer matches.
    const author = election.candidates[1]!
    await translateStatement(db, {
      userId: author.id,
      candidacyId: author.candidacyId,
      language: 'es',
      text: 'Nueva declaración',
    })
    const after = await get(contestUrl, { 'If-None-Match': etag })
    expect(after.status).toBe(200)
    expect(after.headers.etag).not.toBe(etag)
    // HEAD from the cache: the headers, no body.
    const head = await send(edge, contestUrl, { method: 'HEAD', headers: { 'Accept-Language': 'pt-BR' } })
    expect(head.status).toBe(200)
    expect(outcome(head)).toBe('hit')
    expect(head.body).toBe('')
  })
})

describe('language', () => {
  it('pt-BR and ar are different entries, by Accept-Language or by the language cookie', async () => {
    const pt = await get(contestUrl)
    const ar = await get(contestUrl, { 'Accept-Language': 'ar' })
    expect(outcome(pt)).toBe('stored')
    expect(outcome(ar)).toBe('stored')
    expect(pt.body).toContain('lang="pt-BR"')
    expect(ar.body).toContain('lang="ar"')
    expect(cache.size.entries).toBe(2)
    // The cookie as the app sets it (?lng=ar), read by the same function the app uses.
    const arCookie = (await languageCookie.serialize('ar')).split(';')[0]!
    const arByCookie = await get(contestUrl, { Cookie: arCookie })
    expect(outcome(arByCookie)).toBe('hit')
    expect(arByCookie.body).toBe(ar.body)
    expect(outcome(await get(contestUrl, { 'Accept-Language': 'pt-BR,pt;q=0.9' }))).toBe('hit')
    // ?lng= sets the language cookie: never stored, never served from the cache.
    const chosen = await get(`${contestUrl}?lng=ar`)
    expect(chosen.headers['set-cookie']).toBeDefined()
    expect(outcome(chosen)).toBe('miss')
    expect(outcome(await get(`${contestUrl}?lng=ar`))).toBe('miss')
  })
})

describe('what is never stored', () => {
  it('a page with scripts (the request’s nonce), an undeclared page, a 404, a POST', async () => {
    const hydrated = await get('/hydrated')
    expect(hydrated.status).toBe(200)
    expect(hydrated.body).toMatch(/nonce="[^"]+"/)
    expect(outcome(hydrated)).toBe('miss')
    const again = await get('/hydrated')
    expect(outcome(again)).toBe('miss')
    // Each request gets its own nonce: the second page was rendered again, never replayed.
    expect(again.body).not.toBe(hydrated.body)
    expect(outcome(await get('/undeclared'))).toBe('miss')
    expect(outcome(await get(`/elections/${election.electionId}/contests/nope`))).toBe('miss')
    const post = await send(edge, contestUrl, { method: 'POST', headers: { Origin: edge.origin }, body: '' })
    expect(outcome(post)).toBe('bypass')
    expect(cache.size.entries).toBe(0)
    // A redirect (immutable headers) passes through untouched but for the outcome.
    const redirected = await cache.respond(
      new Request('http://localhost/elections', { method: 'POST' }),
      async () => Response.redirect('http://localhost/elections', 303),
    )
    expect(redirected.status).toBe(303)
    expect(redirected.headers.get('X-Page-Cache')).toBe('bypass')
  })
})

describe('bounds', () => {
  it('LRU by entries: attacker-chosen query strings only evict; a recently used page stays', async () => {
    const small = new PageCache(() => db, { now: () => clock, maxEntries: 3 })
    const render = (body: string) => async () =>
      new Response(body, { headers: { 'Content-Type': 'text/html', [PAGE_CACHE_HEADER]: 'elections' } })
    const request = (q: string) =>
      new Request(`http://localhost/elections?${q}`, { headers: { 'Accept-Language': 'pt-BR' } })
    await small.respond(request('keep'), render('kept'))
    for (let i = 0; i < 10; i++) {
      await small.respond(request(`junk=${i}`), render(`junk ${i}`))
      const kept = await small.respond(request('keep'), render('re-rendered'))
      expect(await kept.text()).toBe('kept')
      expect(small.size.entries).toBeLessThanOrEqual(3)
    }
    expect(small.has('pt-BR /elections?keep')).toBe(true)
    expect(small.has('pt-BR /elections?junk=0')).toBe(false)
  })

  it('LRU by bytes; a page larger than the whole cache is not stored', async () => {
    const small = new PageCache(() => db, { now: () => clock, maxBytes: 10_000 })
    const render = (body: string) => async () =>
      new Response(body, { headers: { 'Content-Type': 'text/html', [PAGE_CACHE_HEADER]: 'elections' } })
    const request = (q: string) => new Request(`http://localhost/elections?${q}`)
    for (let i = 0; i < 10; i++) await small.respond(request(`p=${i}`), render('x'.repeat(3_000)))
    expect(small.size.bytes).toBeLessThanOrEqual(10_000)
    expect(small.size.entries).toBe(3)
    const huge = await small.respond(request('huge'), render('y'.repeat(20_000)))
    expect((await huge.text()).length).toBe(20_000)
    expect(small.has('pt-BR /elections?huge')).toBe(false)
    expect(small.size.bytes).toBeLessThanOrEqual(10_000)
  })
})

describe('two requests at once', () => {
  it('concurrent anonymous and personal requests each get their own page', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 8 })
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        send(edge, contestUrl, {
          agent,
          headers: {
            'Accept-Language': 'pt-BR',
            ...(i % 3 === 1 ? { Cookie: alice.cookie } : i % 3 === 2 ? { Cookie: bruno.cookie } : {}),
          },
        }).then((a) => ({ i, a })),
      ),
    )
    agent.destroy()
    for (const { i, a } of answers) {
      expect(a.status).toBe(200)
      expect(a.body.includes(ALICE), `${i}`).toBe(i % 3 === 1)
      expect(a.body.includes(BRUNO), `${i}`).toBe(i % 3 === 2)
    }
  })
})
