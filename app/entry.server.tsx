import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createI18nInstance, getLanguage } from './i18n/i18n.server'
import { applyPersonalCaching } from './lib/cache-control'
import { declaredTables, PAGE_CACHE_HEADER, pageCacheHeaderValue } from './lib/page-cache'
import { NonceProvider } from './ui/nonce'

const ABORT_DELAY = 5_000

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const language = await getLanguage(request)
  const i18n = await createI18nInstance(language)
  const nonce = loadContext?.cspNonce ?? ''
  // Bots and no-JS clients get the whole page at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '')

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          applyPersonalCaching(request, responseHeaders)
          markCacheable(responseHeaders, remixContext)
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Log only once the shell is out; before that, the rejection above reports it.
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

/**
 * Issue #22 (ADR 037): tells the HTTP edge that this page may be kept, and which tables it was
 * built from, when every matched route below the root declares `handle.pageCache`. The edge
 * decides the rest (anonymous request, 200, no cookie set, no nonce) and strips the header.
 */
function markCacheable(headers: Headers, context: EntryContext): void {
  const handles = context.staticHandlerContext.matches
    .filter((m) => m.route.id !== 'root')
    .map((m) => context.routeModules[m.route.id]?.handle)
  const tables = declaredTables(handles)
  if (tables) headers.set(PAGE_CACHE_HEADER, pageCacheHeaderValue(tables))
}

/** Loader and action data (client-side navigation) follow the same caching rule as documents. */
export function handleDataRequest(response: Response, { request }: { request: Request }): Response {
  try {
    applyPersonalCaching(request, response.headers)
    return response
  } catch {
    // Immutable headers (a Response.redirect): copy them into a new response.
    const headers = new Headers(response.headers)
    applyPersonalCaching(request, headers)
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}

// Unknown URLs and clients that hang up are not server faults; everything else is logged (the
// error only: never the request body, which can hold passwords or documents).
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  if (error instanceof Error && /^No route matches URL/.test(error.message)) return
  if (error && typeof error === 'object' && 'status' in error && (error as { status: number }).status === 404)
    return
  console.error(error)
}
