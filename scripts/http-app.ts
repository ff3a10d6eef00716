// The HTTP edge in front of Remix (issue #16.2, #16.3, #16.5): host and origin checks, security
// headers, a body limit counted as bytes arrive, and connections left clean after a refusal.
// Separate from scripts/server.ts so tests run it on a real socket with route modules behind it.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AppLoadContext } from '@remix-run/node'
import serveStatic from 'serve-static'
import { boothRedirect } from '../app/elections/booth-lock'
import type { Env } from '../app/lib/env.server'
import { PAGE_CACHE_HEADER } from '../app/lib/page-cache'
import type { PageCache } from '../app/lib/page-cache.server'
import {
  clientAddressOf,
  hostAllowed,
  isSameOriginRequest,
  securityHeaders,
  servedOrigins,
} from '../app/lib/http-security'

/** Whole requests over this are refused (the largest form: two 5 MB documents and the fields). */
export const MAX_BODY_BYTES = 12 * 1024 * 1024
/**
 * After answering before a body was read to its end (a refusal, a 413), at most this much more is
 * read and thrown away, for at most DRAIN_MS, so the connection can serve its next request; past
 * either, the connection is closed.
 */
export const DRAIN_BYTES = 16 * 1024 * 1024
export const DRAIN_MS = 5_000

export type WebHandler = (request: Request, context: AppLoadContext) => Promise<Response>

type EdgeEnv = Pick<Env, 'publicOrigin' | 'PUBLIC_ORIGIN' | 'DEMO_MODE' | 'PORT' | 'TRUST_PROXY_HOPS'> & {
  hsts: boolean
}

/** Reads the rest of a request body into nothing, bounded; closes the connection past the bounds. */
function drain(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return
  let drained = 0
  const close = () => req.socket.destroy()
  const timer = setTimeout(close, DRAIN_MS)
  timer.unref()
  req.removeAllListeners('data')
  req.on('data', (chunk: Buffer) => {
    drained += chunk.byteLength
    if (drained > DRAIN_BYTES) {
      clearTimeout(timer)
      close()
    }
  })
  req.once('end', () => clearTimeout(timer))
  req.once('close', () => clearTimeout(timer))
  req.resume()
}

/** Answers with a plain-text refusal and leaves the connection ready for its next request (or closed). */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  if (!res.headersSent) {
    res.statusCode = status
    res.setHeader('Content-Type', 'text/plain; charset=utf-8')
    res.setHeader('Cache-Control', 'no-store')
    res.end(text)
  }
  drain(req)
}

/**
 * The request body as a web stream that counts bytes as they arrive (chunked bodies have no
 * Content-Length to check up front) and fails past `limit`, calling `onTooLarge` once.
 */
function limitedBody(
  req: IncomingMessage,
  limit: number,
  onTooLarge: () => void,
): ReadableStream<Uint8Array> {
  let received = 0
  let done = false
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (done) return
          received += chunk.byteLength
          if (received > limit) {
            done = true
            controller.error(new Error('request body over the limit'))
            onTooLarge()
            return
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if ((controller.desiredSize ?? 0) <= 0) req.pause()
        })
        req.once('end', () => {
          if (done) return
          done = true
          controller.close()
        })
        req.once('error', (e) => {
          if (done) return
          done = true
          controller.error(e)
        })
        req.pause()
      },
      pull() {
        req.resume()
      },
      cancel() {
        done = true
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  )
}

function webHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(key, v)
  }
  return headers
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  if (response.statusText) res.statusMessage = response.statusText
  for (const [key, value] of response.headers.entries()) {
    // Several Set-Cookie headers must stay separate. The page cache's declaration is internal.
    if (key === 'set-cookie' || key === PAGE_CACHE_HEADER) continue
    res.setHeader(key, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader('Set-Cookie', cookies)
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  let ended = false
  try {
    const first = await reader.read()
    if (first.done) return
    // A body that was in memory (a JSON answer, a cached page) has ended by the next turn of the
    // event loop: it leaves in one write with its length, not as a chunk and then the end of a
    // chunked body (two writes). A streamed body goes on chunk by chunk.
    let next = reader.read()
    // Handled where it is awaited; this keeps a failure while waiting for 'drain' from going unhandled.
    next.catch(() => undefined)
    const soon = await Promise.race([next, new Promise<null>((resolve) => setImmediate(resolve, null))])
    if (soon?.done && !res.hasHeader('content-length')) {
      res.setHeader('Content-Length', first.value.byteLength)
      ended = true
      res.end(first.value)
      return
    }
    let chunk: Uint8Array | undefined = first.value
    while (chunk) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve))
      if (res.destroyed) {
        void reader.cancel().catch(() => undefined)
        return
      }
      const { done, value } = await next
      chunk = done ? undefined : value
      if (chunk) {
        next = reader.read()
        next.catch(() => undefined)
      }
    }
  } catch {
    // The body failed half-way (a render that threw after its first bytes): the client must not
    // take what it got for the whole answer, so the connection is cut instead of ended.
    ended = true
    res.destroy()
  } finally {
    if (!ended) res.end()
  }
}

/** A request as Node's server hands it over: what server.on('request', …) takes. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/** serve-static's options for the build's fingerprinted files (a year) and other public files (an hour). */
// No directory redirects: a folder's path falls through to the app like any other page.
const BUILD_FILES = { immutable: true, maxAge: '1y', index: false, redirect: false } as const
const PUBLIC_FILES = { maxAge: '1h', index: false, redirect: false } as const

/**
 * The HTTP edge: checks, then `handle` (Remix in production; route modules in tests).
 * `staticFiles` serves the build's assets (production only). `pageCache` keeps rendered public
 * pages for anonymous requests (issue #22, ADR 037), just in front of `handle`.
 *
 * Plain node:http, no framework (ADR 040): the steps below are all a request goes through. Express
 * added a router walk, a query-string parse and a change of every request's prototype to each
 * request, a tenth of what a vote cost once the rest was made lean.
 */
export function createHttpApp(
  env: EdgeEnv,
  handle: WebHandler,
  staticFiles = false,
  { pageCache }: { pageCache?: PageCache } = {},
): RequestListener {
  const origins = servedOrigins(env)
  const base = env.publicOrigin
  const buildFiles = staticFiles ? serveStatic('public/build', BUILD_FILES) : null
  const publicFiles = staticFiles ? serveStatic('public', PUBLIC_FILES) : null

  const serveFile = (
    serve: ReturnType<typeof serveStatic> | null,
    req: IncomingMessage,
    res: ServerResponse,
    next: () => void,
  ) => (serve ? serve(req, res, (error?: unknown) => (error ? fail(req, res, error) : next())) : next())

  return (req, res) => {
    // Nothing a request carries may throw out of here: on a plain node:http server an exception
    // in a request listener ends the process (and every request it holds).
    try {
      edge(req, res)
    } catch (error) {
      fail(req, res, error)
    }
  }

  function edge(req: IncomingMessage, res: ServerResponse) {
    const nonce = randomUUID()
    for (const [name, value] of Object.entries(securityHeaders(nonce, { hsts: env.hsts })))
      res.setHeader(name, value)
    // The path as the request names it (no query), and as Remix will route it. Node's parser lets
    // through request targets that are not URLs (`GET http://a:b/`): refused here.
    const target = parseTarget(req.url)
    if (!target) {
      refuse(req, res, 400, 'Bad request')
      return
    }
    // Methods a web Request cannot carry (undici refuses them): refused before one is made.
    if (UNSUPPORTED_METHODS.has(req.method ?? '')) {
      res.setHeader('Allow', 'GET, HEAD, POST')
      refuse(req, res, 405, 'Method not allowed')
      return
    }
    // Issue #16.5: a request for another host is refused, so nothing is made from a Host an
    // attacker chose. /healthz answers any host (load balancers call it by address).
    if (target.pathname !== '/healthz' && !hostAllowed(req.headers.host, origins)) {
      refuse(req, res, 400, 'Unknown host')
      return
    }
    const ok = origins.some((origin) =>
      isSameOriginRequest(
        req.method ?? 'GET',
        { origin: req.headers.origin, referer: req.headers.referer ?? headerOf(req, 'referrer') },
        origin,
      ),
    )
    if (!ok) {
      refuse(req, res, 403, 'Cross-site request refused')
      return
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      refuse(req, res, 413, 'Request too large')
      return
    }
    // Fingerprinted build assets under /build, then other public files (the booth's page needs
    // them too); then the app. Files are looked up by the resolved path, so `/build/../x` is never
    // a file under /build; other public files all have an extension (favicon.svg), so a page's
    // path is not looked up on disk.
    const app = () => toApp(req, res, target, nonce)
    if (target.pathname.startsWith('/build/') && buildFiles)
      serveFile(
        buildFiles,
        withPath(req, `${target.pathname.slice('/build'.length)}${target.search}`),
        res,
        () => serveFile(publicFiles, withPath(req, `${target.pathname}${target.search}`), res, app),
      )
    else if (publicFiles && target.pathname.slice(target.pathname.lastIndexOf('/')).includes('.'))
      serveFile(publicFiles, withPath(req, `${target.pathname}${target.search}`), res, app)
    else toApp(req, res, target, nonce)
  }

  function toApp(req: IncomingMessage, res: ServerResponse, target: URL, nonce: string) {
    try {
      // A device in booth state reaches only the booth (issue #16.12): every other page, file or
      // data URL is sent back to /booth, before Remix runs anything (app/elections/booth-lock.ts).
      // The path as Remix will route it (dot segments resolved): `/build/../council/calendar.ics`
      // is not an asset (review L4).
      if (boothRedirect(target.pathname, req.headers.cookie)) {
        res.statusCode = 303
        res.setHeader('Location', '/booth')
        res.setHeader('Cache-Control', 'no-store')
        res.end()
        drain(req)
        return
      }
      toRemix(req, res, target, nonce)
    } catch (error) {
      // After a file lookup this runs from serve-static's callback, outside the listener's try.
      fail(req, res, error)
    }
  }

  function toRemix(req: IncomingMessage, res: ServerResponse, target: URL, nonce: string) {
    const controller = new AbortController()
    let tooLarge = false
    const init: RequestInit & { duplex?: 'half' } = {
      method: req.method,
      headers: webHeaders(req),
      signal: controller.signal,
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      init.body = limitedBody(req, MAX_BODY_BYTES, () => {
        // Issue #16.2: a chunked body past the limit is refused as it streams, not read whole.
        tooLarge = true
        controller.abort()
        refuse(req, res, 413, 'Request too large')
      })
      init.duplex = 'half'
    }
    // Every URL Remix sees is on the public origin: nothing downstream can read a Host header, nor a
    // host in the request target (`GET //evil.example/x`, `GET http://evil.example/x`: review L3).
    const request = new Request(new URL(`${target.pathname}${target.search}`, base), init)
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    // Issue #16.3: an answer given before the body was read to its end (a refused upload, a field
    // over its limit) must not leave the rest in the connection for the next request to trip on.
    res.on('finish', () => drain(req))
    const render = () =>
      handle(request, {
        clientAddress: clientAddressOf(
          req.socket.remoteAddress,
          req.headers['x-forwarded-for'],
          env.TRUST_PROXY_HOPS,
        ),
        socketAddress: req.socket.remoteAddress,
        cspNonce: nonce,
      })
    // After the booth redirect above: a device in booth state never reaches the cache.
    ;(pageCache ? pageCache.respond(request, render) : render())
      .then(async (response) => {
        if (tooLarge || res.headersSent) {
          await response.body?.cancel().catch(() => {})
          return
        }
        await send(res, response)
      })
      .catch((error: unknown) => {
        if (tooLarge || res.headersSent) {
          res.destroy()
          return
        }
        fail(req, res, error)
      })
  }
}

const UNSUPPORTED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])

function parseTarget(url: string | undefined): URL | null {
  try {
    return new URL(url ?? '/', 'http://target.invalid')
  } catch {
    return null
  }
}

/** An error no route answered: logged by its kind only, answered 500 (the connection stays usable). */
function fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  console.error('request failed:', error instanceof Error ? error.name : typeof error)
  if (res.headersSent) {
    res.destroy()
    return
  }
  refuse(req, res, 500, 'Internal Server Error')
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** serve-static reads the path from req.url: it is given the resolved one (inside /build: the rest). */
function withPath(req: IncomingMessage, url: string): IncomingMessage {
  return Object.assign(Object.create(req) as IncomingMessage, { url })
}
