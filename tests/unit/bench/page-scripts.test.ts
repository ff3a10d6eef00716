import { describe, expect, it } from 'vitest'
import {
  moduleSpecifiers,
  pageScripts,
  scriptReferences,
  srcHrefReferences,
  staticImports,
} from '../../../bench/page-scripts'

// The head and body Remix's <Scripts> writes (2.17, production): modulepreload links, the context
// script, and the inline module script that imports the manifest, the route modules and the entry.
const remixPage = `<!DOCTYPE html><html><head><link rel="stylesheet" href="/build/_assets/app-X.css"/></head><body>
<a href="/build/not-loaded.js">a link is not a script</a>
<link rel="modulepreload" href="/build/manifest-M.js"/><link rel="modulepreload" href="/build/entry.client-E.js"/>
<link rel="modulepreload" href="/build/_shared/chunk-A.js"/><link rel="modulepreload" href="/build/root-R.js"/>
<script nonce="n1">window.__remixContext = {"url":"/plan","state":{"loaderData":{"x":"import(\\"/build/fake.js\\")"}}};</script>
<script nonce="n1" type="module" async="">import "/build/manifest-M.js";
import * as route0 from "/build/root-R.js";
import * as route1 from "/build/routes/plan._index-P.js";
window.__remixRouteModules = {"root":route0,"routes/plan._index":route1};

import("/build/entry.client-E.js");</script></body></html>`

describe('the JavaScript a page loads (bench js_kb_gzip_max)', () => {
  it('reads modulepreload links and the imports of inline module scripts, not links or data', () => {
    expect(scriptReferences(remixPage).sort()).toEqual([
      '/build/_shared/chunk-A.js',
      '/build/entry.client-E.js',
      '/build/manifest-M.js',
      '/build/root-R.js',
      '/build/routes/plan._index-P.js',
    ])
  })

  it('counts a route module imported only by the inline script, which src/href attributes miss', () => {
    expect(srcHrefReferences(remixPage)).not.toContain('/build/routes/plan._index-P.js')
    // …and the old measure counted an <a href> to a .js file as loaded.
    expect(srcHrefReferences(remixPage)).toContain('/build/not-loaded.js')
  })

  it('reads <script src> in any quoting, preload as=script, and nothing from a page without scripts', () => {
    const html = `<script src='/build/a.js'></script><script type="module" src=/build/b.js></script>
      <link as="script" rel="preload" href="/build/c.js"><link rel="preload" as="style" href="/build/d.js">
      <script type="application/json">{"import":"/build/e.js"}</script>`
    expect(scriptReferences(html).sort()).toEqual(['/build/a.js', '/build/b.js', '/build/c.js'])
    expect(scriptReferences('<!DOCTYPE html><html><body><p>no scripts</p></body></html>')).toEqual([])
  })

  it("follows a module's static imports (relative, as esbuild writes them), not its dynamic ones", () => {
    const code =
      'import{a as b,c}from"./_shared/chunk-A.js";import"../_shared/chunk-B.js";export*from"./x.js";' +
      'const lazy=()=>import("./_shared/lazy-C.js");const s="import";fetch("/build/no.js")'
    expect(moduleSpecifiers(code)).toEqual(['./_shared/chunk-A.js', '../_shared/chunk-B.js', './x.js'])
    expect(staticImports(code, '/build/routes/plan-P.js')).toEqual([
      '/build/routes/_shared/chunk-A.js',
      '/build/_shared/chunk-B.js',
      '/build/routes/x.js',
    ])
  })

  it('collects every file once, through chunks that import one another', async () => {
    const files: Record<string, string> = {
      '/build/manifest-M.js': 'window.__remixManifest={}',
      '/build/entry.client-E.js': 'import{r}from"./_shared/chunk-A.js";import"./_shared/chunk-B.js";',
      '/build/_shared/chunk-A.js': 'import"./chunk-B.js";export const r=1',
      '/build/_shared/chunk-B.js': 'import"./chunk-A.js";',
      '/build/root-R.js': 'import"./_shared/chunk-A.js";',
      '/build/routes/plan._index-P.js': 'import"/build/_shared/chunk-D.js";',
      '/build/_shared/chunk-D.js': '',
    }
    const read: string[] = []
    const scripts = await pageScripts(remixPage, async (path) => {
      read.push(path)
      if (!(path in files)) throw new Error(`not a file: ${path}`)
      return files[path]!
    })
    expect(scripts.sort()).toEqual(Object.keys(files).sort())
    expect(read.length).toBe(new Set(read).size)
  })
})
