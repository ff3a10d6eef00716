import type { AppLoadContext } from '@remix-run/node'
import { applyPersonalCaching } from '../../app/lib/cache-control'
import { declaredTables, PAGE_CACHE_HEADER, pageCacheHeaderValue } from '../../app/lib/page-cache'
import * as root from '../../app/root'
import type { WebHandler } from '../../scripts/http-app'
import { settle } from './routes'

// Pages as Remix serves them, for tests of the HTTP edge's page cache (issue #22) without a build:
// the root loader (the header with the person's name, the language cookie) and the route's loader
// run as Remix runs them; the page is HTML holding both loaders' data; the declaration header is
// set from the route's handle as app/entry.server.tsx sets it; a hydrated route's page carries the
// request's CSP nonce on a script, as <Scripts nonce> does.

type Loader = (a: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown
export type PageModule = { loader?: Loader; handle?: unknown }
export type MountedPage = {
  pattern: RegExp
  module: PageModule
  params: (m: RegExpExecArray) => Record<string, string>
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function pageHandler(pages: MountedPage[]): WebHandler {
  return async (request, context) => {
    const path = new URL(request.url).pathname
    let found: { page: MountedPage; match: RegExpExecArray } | null = null
    for (const page of pages) {
      const match = page.pattern.exec(path)
      if (match) {
        found = { page, match }
        break
      }
    }
    if (!found || !found.page.module.loader || (request.method !== 'GET' && request.method !== 'HEAD'))
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
    const run = (fn: Loader, params: Record<string, string>) =>
      settle(Promise.resolve(fn({ request, params, context })))
    const rootAnswer = await run(root.loader as unknown as Loader, {})
    if (rootAnswer.status !== 200) return rootAnswer
    const answer = await run(found.page.module.loader, found.page.params(found.match))
    if (answer.status !== 200) return answer
    const rootData = (await rootAnswer.json()) as { language: string; user: { displayName: string } | null }
    const data: unknown = await answer.json()
    const hydrated = (found.page.module.handle as { hydrate?: boolean } | undefined)?.hydrate !== false
    const html =
      `<!DOCTYPE html><html lang="${rootData.language}"><body>` +
      `<header>${rootData.user ? `<bdi>${escapeHtml(rootData.user.displayName)}</bdi>` : '<a href="/login">login</a>'}</header>` +
      `<main>${escapeHtml(JSON.stringify(data))}</main>` +
      (hydrated ? `<script nonce="${context.cspNonce ?? ''}">window.__remix = {}</script>` : '') +
      `</body></html>`
    const headers = new Headers({ 'Content-Type': 'text/html; charset=utf-8' })
    for (const cookie of [...rootAnswer.headers.getSetCookie(), ...answer.headers.getSetCookie()])
      headers.append('Set-Cookie', cookie)
    applyPersonalCaching(request, headers)
    const tables = declaredTables([found.page.module.handle])
    if (tables) headers.set(PAGE_CACHE_HEADER, pageCacheHeaderValue(tables))
    return new Response(html, { status: 200, headers })
  }
}
