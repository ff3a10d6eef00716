import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// scripts/patches/@remix-run+router+*.patch (ADR 040): the server's route matching keeps the
// flattened, ranked branches and the last matches per path. These tests load the CommonJS build the
// server runs (the browser's ES module build is not patched) and check that matching answers as
// before and that no request can change what the next one gets.
const require = createRequire(import.meta.url)
const routerPath = require.resolve('@remix-run/router')
const { matchRoutes } = require('@remix-run/router') as typeof import('@remix-run/router')

type Route = import('@remix-run/router').AgnosticRouteObject
const routes: Route[] = [
  {
    id: 'root',
    path: '',
    children: [
      { id: 'home', index: true },
      { id: 'elections', path: 'elections' },
      { id: 'election', path: 'elections/:id' },
      { id: 'vote', path: 'elections/:id/vote' },
      { id: 'contest', path: 'elections/:id/contests/:contestId' },
      { id: 'files', path: 'files/*' },
    ],
  },
]
const ids = (path: string) => matchRoutes(routes, path)?.map((m) => m.route.id) ?? null

describe('the patched route matching (ADR 040)', () => {
  it('is the patched build: npm install applied scripts/patches', () => {
    expect(routerPath).toMatch(/router\.cjs\.js$/)
    expect(readFileSync(routerPath, 'utf8')).toContain('Mutirão patch')
  })

  it('matches as react-router does: static before dynamic, params, splats, no match', () => {
    expect(ids('/')).toEqual(['root', 'home'])
    expect(ids('/elections')).toEqual(['root', 'elections'])
    expect(ids('/elections/e1/vote')).toEqual(['root', 'vote'])
    expect(ids('/ELECTIONS/e1/VOTE/')).toEqual(['root', 'vote'])
    expect(matchRoutes(routes, '/elections/e1/contests/c9')?.at(-1)?.params).toEqual({
      id: 'e1',
      contestId: 'c9',
    })
    expect(matchRoutes(routes, '/files/a/b.pdf')?.at(-1)?.params).toEqual({ '*': 'a/b.pdf' })
    expect(ids('/nowhere/at/all')).toBeNull()
    // Asked again (now from the memo): the same answers.
    expect(ids('/elections/e1/vote')).toEqual(['root', 'vote'])
    expect(ids('/nowhere/at/all')).toBeNull()
  })

  it('hands out copies: what one caller changes, the next does not see', () => {
    const first = matchRoutes(routes, '/elections/e1/vote')!
    expect(first[0]!.params).toBe(first[1]!.params) // one params object per match, as upstream
    ;(first[1]!.params as Record<string, string>).id = 'tampered'
    first.pop()
    const second = matchRoutes(routes, '/elections/e1/vote')!
    expect(second.map((m) => m.route.id)).toEqual(['root', 'vote'])
    expect(second[1]!.params).toEqual({ id: 'e1' })
  })

  it('keeps answering right when a flood of distinct paths overflows the memo', () => {
    for (let i = 0; i < 2500; i++) expect(ids(`/elections/e${i}/vote`)).toEqual(['root', 'vote'])
    expect(matchRoutes(routes, '/elections/e7/vote')![1]!.params).toEqual({ id: 'e7' })
  })

  it('long paths are matched without being kept (a memo of 1,000 16 KB paths would be megabytes)', async () => {
    const long = `/elections/${'x'.repeat(5000)}/vote`
    expect(ids(long)).toEqual(['root', 'vote'])
    const again = matchRoutes(routes, long)!
    ;(again[1]!.params as Record<string, string>).id = 'tampered'
    expect(matchRoutes(routes, long)![1]!.params.id).toBe('x'.repeat(5000))
  })

  it('matches a new routes array on its own (the memo is per routes array)', () => {
    const other: Route[] = [{ id: 'only', path: 'elections/:id/vote' }]
    expect(matchRoutes(other, '/elections/e1/vote')?.map((m) => m.route.id)).toEqual(['only'])
    expect(ids('/elections/e1/vote')).toEqual(['root', 'vote'])
  })
})
