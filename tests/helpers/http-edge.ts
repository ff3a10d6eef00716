import { createServer, request as httpRequest, Agent, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AppLoadContext } from '@remix-run/node'
import type { PageCache } from '../../app/lib/page-cache.server'
import { createHttpApp, type WebHandler } from '../../scripts/http-app'
import { settle } from './routes'

// The production HTTP edge (scripts/http-app.ts) on a real socket, with route modules behind it in
// place of the Remix build: body limits, keep-alive, Host checks and the client address are tested
// as a browser or an attacker meets them.

type RouteFn = (a: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown
export type RouteModule = { loader?: RouteFn; action?: RouteFn }
export type Mounted = { path: string; module: RouteModule; params?: Record<string, string> }

export function routeHandler(routes: Mounted[]): WebHandler {
  return async (request, context) => {
    const path = new URL(request.url).pathname
    const route = routes.find((r) => r.path === path)
    const fn =
      request.method === 'GET' || request.method === 'HEAD' ? route?.module.loader : route?.module.action
    if (!route || !fn) return new Response('Not found', { status: 404 })
    const result = await settle(Promise.resolve(fn({ request, params: route.params ?? {}, context })))
    return result instanceof Response ? result : Response.json(result ?? null)
  }
}

/** What the server answered, seen from its side: a client may lose an answer to a reset socket. */
export type Served = { path: string; status: number; bytesRead: number }

export type EdgeServer = {
  port: number
  origin: string
  server: Server
  served: Served[]
  close: () => Promise<void>
}

export async function startEdge(
  routes: Mounted[],
  options: {
    demo?: boolean
    publicOrigin?: (port: number) => string
    hops?: number
    host?: string
    /** In place of routeHandler(routes), e.g. tests/helpers/page-render.ts's pages. */
    handler?: WebHandler
    pageCache?: PageCache
    /** Serve public/ and public/build/ as production does (files are read from the working directory). */
    staticFiles?: boolean
  } = {},
): Promise<EdgeServer> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const origin = options.publicOrigin?.(port) ?? `http://localhost:${port}`
  const app = createHttpApp(
    {
      publicOrigin: origin,
      PUBLIC_ORIGIN: origin,
      DEMO_MODE: options.demo ?? false,
      PORT: port,
      TRUST_PROXY_HOPS: options.hops ?? 0,
      hsts: false,
    },
    options.handler ?? routeHandler(routes),
    options.staticFiles ?? false,
    { pageCache: options.pageCache },
  )
  const served: Served[] = []
  server.on('request', (req, res) => {
    res.on('finish', () =>
      served.push({ path: req.url ?? '', status: res.statusCode, bytesRead: req.socket.bytesRead }),
    )
  })
  server.on('request', app)
  return {
    port,
    origin,
    server,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type Answer = {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  reusedSocket: boolean
}

/**
 * One request over node's own client (keep-alive when an agent is given). `body` may be a string,
 * a Buffer, or a generator of chunks sent with Transfer-Encoding: chunked (no Content-Length).
 */
export function send(
  edge: { port: number },
  path: string,
  init: {
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer | (() => AsyncGenerator<Buffer>)
    agent?: Agent
    address?: string
    timeoutMs?: number
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: init.address ?? '127.0.0.1',
      port: edge.port,
      path,
      method: init.method ?? 'GET',
      headers: { Host: `localhost:${edge.port}`, ...init.headers },
      agent: init.agent ?? false,
    })
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${init.timeoutMs ?? 20_000} ms`))
    }, init.timeoutMs ?? 20_000)
    let answered = false
    req.on('response', (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      const done = () => {
        clearTimeout(timer)
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          reusedSocket: req.reusedSocket,
        })
      }
      res.on('end', done)
      // The server may cut the connection after its answer (a refused body past the drain limit):
      // the answer still stands.
      res.on('close', done)
    })
    req.on('error', (e) => {
      // A write error (EPIPE, ECONNRESET) after the answer arrived is the server closing a
      // connection whose body it refused, not a failed request.
      if (answered) return
      clearTimeout(timer)
      reject(e)
    })
    const body = init.body
    if (typeof body === 'function') {
      void (async () => {
        try {
          for await (const chunk of body()) {
            // A client stops sending once the server has answered (a 413 mid-body): what it sent
            // after that would only be drained, and past the drain limit the server cuts the
            // connection — a write error (EPIPE) racing the answer on a busy machine.
            if (req.destroyed || req.writableEnded || answered) return
            if (!req.write(chunk)) await new Promise((r) => req.once('drain', r))
          }
          req.end()
        } catch {
          // the server closed the connection while we were still sending: expected after a 413
        }
      })()
      req.on('error', () => {})
    } else req.end(body)
  })
}
