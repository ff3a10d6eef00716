// What JavaScript a page makes the browser load (js_kb_gzip_max in bench/run.ts), read from its HTML
// as a browser would: `<script src>`, `<link rel="modulepreload">`, and the `import` statements and
// `import()` calls inside inline module scripts — Remix's <Scripts> loads the manifest, the route
// modules and the entry that way (`import "/build/manifest-….js"; import * as route0 from "…";
// import("/build/entry.client-….js")`), beside modulepreload links that a page may or may not carry.
// Then each file's static imports (esbuild's shared chunks import one another), followed to the end.
// A dynamic `import("…")` inside a module is not followed: it loads on demand, not with the page.

const BUILD_JS = /^\/build\/[^"'?#\s]+\.js$/
// React and esbuild write double quotes; single quotes are accepted for hand-written markup.
const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined)

/** The /build/*.js paths an HTML page loads directly (before following the files' own imports). */
export function scriptReferences(html: string): string[] {
  const found = new Set<string>()
  const add = (path: string | undefined) => {
    if (path && BUILD_JS.test(path)) found.add(path)
  }
  for (const [, tag] of html.matchAll(/(<link\b[^>]*>)/gi)) {
    const rel = (attribute(tag!, 'rel') ?? '').toLowerCase().split(/\s+/)
    const as = (attribute(tag!, 'as') ?? '').toLowerCase()
    if (rel.includes('modulepreload') || (rel.includes('preload') && as === 'script'))
      add(attribute(tag!, 'href'))
  }
  for (const [, open, body] of html.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script\s*>/gi)) {
    const src = attribute(open!, 'src')
    if (src !== undefined) {
      add(src)
      continue
    }
    // An inline script: only a module script may use `import`; JSON and data blocks are skipped.
    if ((attribute(open!, 'type') ?? '').toLowerCase() !== 'module') continue
    for (const path of moduleSpecifiers(body!, { dynamic: true })) add(path)
  }
  return [...found]
}

/**
 * The specifiers a module imports: `import … from "x"`, `import "x"`, `export … from "x"` and,
 * with `dynamic`, `import("x")` with a literal string.
 */
export function moduleSpecifiers(code: string, { dynamic = false } = {}): string[] {
  const found: string[] = []
  // `import{a as b}from"./c.js"`, `import * as r from "/build/r.js"`, `import"./d.js"`, `export*from"./e.js"`.
  for (const m of code.matchAll(
    /(?:^|[^\w$.])(?:import|export)(?:[\w$*{}\s,]+?\bfrom)?\s*(["'])([^"'\s;(){},]+)\1/g,
  ))
    found.push(m[2]!)
  if (dynamic)
    for (const m of code.matchAll(/(?:^|[^\w$.])import\s*\(\s*(["'])([^"'\s;(){},]+)\1\s*\)/g))
      found.push(m[2]!)
  return found
}

/** A module's static imports as absolute /build paths (esbuild writes them relative: "./_shared/…"). */
export function staticImports(code: string, fromPath: string): string[] {
  return moduleSpecifiers(code)
    .filter((s) => s.startsWith('/') || s.startsWith('./') || s.startsWith('../'))
    .map((s) => new URL(s, `http://page${fromPath}`).pathname)
    .filter((p) => BUILD_JS.test(p))
}

/**
 * Every file the page loads: its references and, transitively, their static imports. `read` returns
 * a file's text (cached by the caller); the result is in discovery order, each path once.
 */
export async function pageScripts(html: string, read: (path: string) => Promise<string>): Promise<string[]> {
  const seen = new Set<string>()
  const queue = scriptReferences(html)
  while (queue.length) {
    const path = queue.shift()!
    if (seen.has(path)) continue
    seen.add(path)
    for (const next of staticImports(await read(path), path)) if (!seen.has(next)) queue.push(next)
  }
  return [...seen]
}

/** The measurement before issue #22 (kept to compare): `src="…"` or `href="…"` attributes only. */
export function srcHrefReferences(html: string): string[] {
  return [...new Set([...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]!))]
}
