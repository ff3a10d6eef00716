import { createHash } from 'node:crypto'
import { getLanguage } from '../i18n/i18n.server'
import type { DB } from './db.server'
import { PAGE_CACHE_HEADER, parsePageCacheHeader } from './page-cache'

// Issue #22, ADR 037: rendered public pages kept per (URL, language) in this process and served
// again while the tables they were built from have not changed.
//
// - Who may be served from here: a GET or HEAD whose only cookie (if any) is the language cookie.
//   A session, a booth, a flash or any cookie we do not know goes straight to Remix: nothing is
//   stored from it and nothing is served to it. That is how the personal header (a name) and
//   personal pages never enter the cache: they are only ever rendered for requests that bypass it.
// - What is stored: a 200 text/html response that sets no cookie, that every matched route
//   declared cacheable (PAGE_CACHE_HEADER, from handle.pageCache), and that carries no CSP nonce
//   (a hydrated page's scripts carry the request's nonce; replaying it would defeat the CSP).
// - When it is served again: the versions of its tables (table_versions, bumped by triggers in the
//   same transaction as every write, from any process) equal those read BEFORE it was rendered, and
//   it is younger than the TTL (pages that depend on the clock: voting hours, phases).
// - Bounded: LRU by entries and by bytes; attacker-chosen query strings only evict.

export type PageCacheOptions = {
  maxEntries?: number
  maxBytes?: number
  ttlMs?: number
  now?: () => number
  /**
   * Say what happened in X-Page-Cache (tests, the demo). Not in a real deployment: a `hit` would
   * tell anyone that someone else asked for that URL (a search) in the last seconds (review L1).
   */
  exposeOutcome?: boolean
}

type Entry = {
  key: string
  html: string
  bytes: number
  headers: [string, string][]
  tables: string[]
  versions: number[]
  etag: string
  storedAt: number
}

export type PageCacheOutcome = 'hit' | 'stored' | 'miss' | 'bypass'
export const PAGE_CACHE_STATUS_HEADER = 'X-Page-Cache'

/** The only cookie a cacheable request may carry (the language; it is part of the key). */
const LANGUAGE_COOKIE = 'lng'
/** Response headers never stored nor replayed (per request, per connection, or internal). */
const NOT_REPLAYED = new Set([
  'set-cookie',
  'content-length',
  'transfer-encoding',
  'connection',
  'date',
  'etag',
  PAGE_CACHE_HEADER,
])

/** True when the request carries nothing personal: no cookie other than the language cookie. */
export function isAnonymousRequest(request: Request): boolean {
  if (request.headers.has('Authorization')) return false
  const header = request.headers.get('Cookie')
  if (header === null) return true
  for (const part of header.split(';')) {
    const trimmed = part.trim()
    if (trimmed === '') continue
    const name = trimmed.split('=', 1)[0]!.trim()
    if (name !== LANGUAGE_COOKIE) return false
  }
  return true
}

/** The current versions of these tables (0 for a table no write has touched yet), in order. */
export async function readTableVersions(db: DB, tables: readonly string[]): Promise<number[]> {
  if (tables.length === 0) return []
  const rows = await db
    .selectFrom('table_versions')
    .select(['table_name', 'version'])
    .where('table_name', 'in', [...tables])
    .execute()
  const byName = new Map(rows.map((r) => [r.table_name, Number(r.version)]))
  return tables.map((t) => byName.get(t) ?? 0)
}

async function readAllVersions(db: DB): Promise<Map<string, number>> {
  const rows = await db.selectFrom('table_versions').select(['table_name', 'version']).execute()
  return new Map(rows.map((r) => [r.table_name, Number(r.version)]))
}

function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag)
}

export class PageCache {
  readonly maxEntries: number
  readonly maxBytes: number
  readonly ttlMs: number
  private readonly exposeOutcome: boolean
  private readonly now: () => number
  private readonly entries = new Map<string, Entry>()
  private bytes = 0

  constructor(
    private readonly db: () => DB,
    options: PageCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 2_000
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024
    this.ttlMs = options.ttlMs ?? 30_000
    this.now = options.now ?? Date.now
    this.exposeOutcome = options.exposeOutcome ?? true
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes }
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  /** The cache key: the URL's path and query, and the language the app would render it in. */
  async keyOf(request: Request): Promise<string> {
    const url = new URL(request.url)
    return `${await getLanguage(request)} ${url.pathname}${url.search}`
  }

  /**
   * Answers `request` from the cache, or through `render` (the Remix handler) and stores the answer
   * when it may be stored. The answer says what happened in X-Page-Cache; the internal declaration
   * header is always removed.
   */
  async respond(request: Request, render: () => Promise<Response>): Promise<Response> {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isAnonymousRequest(request))
      return withOutcome(await render(), 'bypass', this.exposeOutcome)
    const key = await this.keyOf(request)
    const db = this.db()
    const entry = this.entries.get(key)
    if (entry) {
      if (this.now() - entry.storedAt < this.ttlMs) {
        const current = await readTableVersions(db, entry.tables)
        if (current.every((v, i) => v === entry.versions[i])) {
          // Most recently used last: the Map's order is the LRU order.
          this.entries.delete(key)
          this.entries.set(key, entry)
          return this.replay(request, entry)
        }
      }
      this.remove(key)
    }
    // Read BEFORE rendering: a write during the render makes the stored page look older than it
    // is (one more render later), never newer (a stale page served as fresh).
    const before = request.method === 'GET' ? await readAllVersions(db) : null
    const response = await render()
    const tables = parsePageCacheHeader(response.headers.get(PAGE_CACHE_HEADER))
    if (
      !before ||
      !tables ||
      response.status !== 200 ||
      !(response.headers.get('Content-Type') ?? '').startsWith('text/html') ||
      response.headers.has('Set-Cookie')
    )
      return withOutcome(response, 'miss', this.exposeOutcome)
    const html = await response.text()
    const headers: [string, string][] = []
    for (const [name, value] of response.headers.entries())
      if (!NOT_REPLAYED.has(name.toLowerCase())) headers.push([name, value])
    // A hydrated page carries the request's CSP nonce on its scripts: never replay it (fail closed).
    if (/\bnonce=/i.test(html))
      return withOutcome(new Response(html, { status: 200, headers }), 'miss', this.exposeOutcome)
    const fresh: Entry = {
      key,
      html,
      bytes: Buffer.byteLength(html) + key.length,
      headers: withCachingHeaders(headers),
      tables,
      versions: tables.map((t) => before.get(t) ?? 0),
      etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 32)}"`,
      storedAt: this.now(),
    }
    this.store(fresh)
    return this.replay(request, fresh, 'stored')
  }

  private replay(request: Request, entry: Entry, outcome: PageCacheOutcome = 'hit'): Response {
    const headers = new Headers(entry.headers)
    headers.set('ETag', entry.etag)
    if (this.exposeOutcome) headers.set(PAGE_CACHE_STATUS_HEADER, outcome)
    if (etagMatches(request.headers.get('If-None-Match'), entry.etag)) {
      headers.delete('Content-Type')
      return new Response(null, { status: 304, headers })
    }
    return new Response(request.method === 'HEAD' ? null : entry.html, { status: 200, headers })
  }

  private store(entry: Entry): void {
    if (entry.bytes > this.maxBytes) return
    this.remove(entry.key)
    this.entries.set(entry.key, entry)
    this.bytes += entry.bytes
    for (const [key] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break
      this.remove(key)
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.bytes -= entry.bytes
  }
}

/**
 * A stored page varies by the cookie (a session makes it another, uncached page) and the language.
 * Browsers keep it only to revalidate it (ETag → 304); the app's own Cache-Control is kept when set.
 */
function withCachingHeaders(headers: [string, string][]): [string, string][] {
  const out = headers.filter(([name]) => name.toLowerCase() !== 'vary')
  out.push(['Vary', 'Cookie, Accept-Language'])
  if (!out.some(([name]) => name.toLowerCase() === 'cache-control')) out.push(['Cache-Control', 'no-cache'])
  return out
}

function withOutcome(response: Response, outcome: PageCacheOutcome, expose: boolean): Response {
  try {
    // Most answers' headers can be changed in place (no copy on every request, the vote included).
    response.headers.delete(PAGE_CACHE_HEADER)
    if (expose) response.headers.set(PAGE_CACHE_STATUS_HEADER, outcome)
    return response
  } catch {
    // Immutable headers (Response.redirect): a copy.
    const headers = new Headers(response.headers)
    headers.delete(PAGE_CACHE_HEADER)
    if (expose) headers.set(PAGE_CACHE_STATUS_HEADER, outcome)
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}
