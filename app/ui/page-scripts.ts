// Issue #22 (ADR 038): which pages are sent with scripts. A page is the chain of routes it matches
// (root, any layouts, the page's own route); each route says in `handle.hydrate` whether its own
// parts need JavaScript. The page goes without scripts only when every route in the chain says
// they do not — so a layout that needs JavaScript keeps it for every page under it, and a page that
// needs it keeps it under a layout that does not. Unsaid means "needs it": a new route hydrates
// until someone has checked it works without.

/**
 * `false`: this route's parts work without JavaScript. A function decides from the route's loader
 * data, for a route whose interactive part shows only to some people or in some states (it gets
 * `undefined` when the loader failed and an error boundary is shown). Default: needs JavaScript.
 */
// `never`: any route's function fits (`(data: SerializeFrom<typeof loader> | undefined) => …`).
export type Hydrate = boolean | ((data: never) => boolean)

type Match = { handle?: unknown; data?: unknown }

/** What one route says it needs: true unless it says false (or its function answers false). */
export function routeNeedsScripts(match: Match): boolean {
  const hydrate = (match.handle as { hydrate?: Hydrate } | undefined)?.hydrate
  if (typeof hydrate === 'function') return hydrate(match.data as never) !== false
  return hydrate !== false
}

/** Whether the page made of these matched routes is sent with its scripts. */
export function pageNeedsScripts(matches: readonly Match[]): boolean {
  return matches.length === 0 || matches.some(routeNeedsScripts)
}
