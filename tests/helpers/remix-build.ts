import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
// Remix's own flat-routes convention (the compiler's), so URLs match routes as in production.
import { flatRoutes } from '@remix-run/dev/dist/config/flat-routes.js'
import remixConfig from '../../remix.config.js'
import { routeContext } from './routes'

// The app as the Remix compiler assembles it, but from the source modules: root, every route of
// app/routes (flat routes, as remix.config.js ignores them) and entry.server, behind Remix's real
// request handler. Documents render exactly as in production, down to <Scripts>; only the browser
// assets are stand-ins (`/build/<route id>.js`), so a test reads which scripts a page names without
// running `remix build`.

const APP_DIR = fileURLToPath(new URL('../../app', import.meta.url))

type RouteModule = Record<string, unknown>

export type SourceBuild = {
  build: ServerBuild
  /** Route ids by file name in app/routes (`elections.$id.vote.tsx` → `routes/elections.$id.vote`). */
  routeIdOf: (file: string) => string
  /** Renders a request as the production server would (the same load context). */
  handle: (request: Request) => Promise<Response>
}

export async function sourceBuild(): Promise<SourceBuild> {
  const manifest = flatRoutes(APP_DIR, remixConfig.ignoredRouteFiles)
  const modules: Record<string, RouteModule> = {
    root: (await import(join(APP_DIR, 'root.tsx'))) as RouteModule,
  }
  for (const route of Object.values(manifest))
    modules[route.id] = (await import(join(APP_DIR, route.file))) as RouteModule
  const all = [{ id: 'root', path: '', file: 'root.tsx' }, ...Object.values(manifest)] as {
    id: string
    parentId?: string
    path?: string
    index?: boolean
    caseSensitive?: boolean
  }[]
  const entry = (await import(join(APP_DIR, 'entry.server.tsx'))) as ServerBuild['entry']['module']
  const build: ServerBuild = {
    mode: 'production',
    entry: { module: entry },
    routes: Object.fromEntries(
      all.map((r) => [
        r.id,
        {
          id: r.id,
          parentId: r.parentId,
          path: r.path,
          index: r.index,
          caseSensitive: r.caseSensitive,
          module: modules[r.id] as unknown as ServerBuild['routes'][string]['module'],
        },
      ]),
    ),
    assets: {
      entry: { module: '/build/entry.client.js', imports: [] },
      routes: Object.fromEntries(
        all.map((r) => {
          const m = modules[r.id]!
          return [
            r.id,
            {
              id: r.id,
              parentId: r.parentId,
              path: r.path,
              index: r.index,
              caseSensitive: r.caseSensitive,
              module: `/build/${r.id}.js`,
              imports: [],
              hasAction: Boolean(m.action),
              hasLoader: Boolean(m.loader),
              hasClientAction: false,
              hasClientLoader: false,
              hasErrorBoundary: Boolean(m.ErrorBoundary),
            },
          ]
        }),
      ),
      url: '/build/manifest-source.js',
      version: 'source',
    },
    publicPath: '/build/',
    assetsBuildDirectory: 'public/build',
    future: remixConfig.future as unknown as ServerBuild['future'],
    isSpaMode: false,
  }
  const handler = createRequestHandler(build, 'production')
  const byFile = new Map(
    readdirSync(join(APP_DIR, 'routes')).map((file) => [
      file,
      Object.values(manifest).find((r) => r.file === `routes/${file}`)?.id ?? '',
    ]),
  )
  return {
    build,
    routeIdOf: (file) => {
      const id = byFile.get(file)
      if (!id) throw new Error(`no route for app/routes/${file}`)
      return id
    },
    handle: (request) => handler(request, routeContext),
  }
}
