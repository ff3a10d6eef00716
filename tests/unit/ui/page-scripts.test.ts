import { describe, expect, it } from 'vitest'
import { pageNeedsScripts, routeNeedsScripts } from '../../../app/ui/page-scripts'

// Issue #22 (ADR 038): a page is sent without scripts only when every route it matches says its own
// parts need none. Nested routes cannot lose scripts one of them needs, whichever level says false.

const none = { handle: { hydrate: false } }
const needs = { handle: { hydrate: true } }
const unsaid = { handle: { title: 'x' } }
const managersOnly = (data: unknown) => ({
  handle: { hydrate: (d: { canManage: boolean } | undefined) => Boolean(d?.canManage) },
  data,
})

describe('which pages are sent with scripts', () => {
  it('no scripts when the root and the page both say their parts need none', () => {
    expect(pageNeedsScripts([none, none])).toBe(false)
  })

  it('a route that says nothing needs scripts: a new page hydrates until someone checks it', () => {
    expect(routeNeedsScripts(unsaid)).toBe(true)
    expect(routeNeedsScripts({})).toBe(true)
    expect(pageNeedsScripts([none, unsaid])).toBe(true)
  })

  it('a child that needs scripts keeps them under a layout that needs none', () => {
    expect(pageNeedsScripts([none, none, unsaid])).toBe(true)
    expect(pageNeedsScripts([none, none, needs])).toBe(true)
  })

  it('a layout that needs scripts keeps them for a child that needs none', () => {
    expect(pageNeedsScripts([none, unsaid, none])).toBe(true)
    expect(pageNeedsScripts([none, needs, none])).toBe(true)
  })

  it('a function decides from the route’s loader data (staff parts on a public page)', () => {
    expect(pageNeedsScripts([none, managersOnly({ canManage: false })])).toBe(false)
    expect(pageNeedsScripts([none, managersOnly({ canManage: true })])).toBe(true)
  })

  it('a function given no data (its loader failed: an error page) is asked all the same', () => {
    expect(pageNeedsScripts([none, managersOnly(undefined)])).toBe(false)
  })

  it('no matched route at all keeps the scripts (nothing said they are not needed)', () => {
    expect(pageNeedsScripts([])).toBe(true)
  })
})
