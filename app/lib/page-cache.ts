// Issue #22: which pages the HTTP edge may keep as rendered HTML (app/lib/page-cache.server.ts,
// ADR 037). A route declares it in its `handle`, with every table its loader reads for an anonymous
// visitor; each of those tables has a trigger that bumps its version (migration 042), and
// tests/integration/lib/page-cache-coverage.test.ts fails when a declared page reads a table it
// does not name or a table without a trigger. No import from server code: route modules use it.

/** What a cacheable route says in its handle: `handle.pageCache = { tables: [...] }`. */
export type PageCacheDeclaration = { tables: readonly string[] }

/**
 * The response header by which a render tells the edge "this page may be stored, and these are
 * the tables it was built from". The edge always strips it: it never reaches a browser.
 */
export const PAGE_CACHE_HEADER = 'x-mutirao-page-cache'

/**
 * The tables a page was built from, or null when any matched route (other than the root, whose
 * anonymous loader reads no table) does not declare itself cacheable: a page is cacheable only as
 * a whole.
 */
export function declaredTables(handles: readonly unknown[]): string[] | null {
  if (handles.length === 0) return null
  const tables = new Set<string>()
  for (const handle of handles) {
    const declaration = (handle as { pageCache?: PageCacheDeclaration } | undefined)?.pageCache
    if (!declaration || !Array.isArray(declaration.tables)) return null
    for (const table of declaration.tables) tables.add(table)
  }
  return [...tables].sort()
}

/** The header's value: table names are plain identifiers, joined by commas. */
export function pageCacheHeaderValue(tables: readonly string[]): string {
  return tables.join(',')
}

export function parsePageCacheHeader(value: string | null): string[] | null {
  if (value === null) return null
  const tables = value.split(',').filter(Boolean)
  return tables.every((t) => /^[a-z_][a-z0-9_]*$/.test(t)) ? tables : null
}
