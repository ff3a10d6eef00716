import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

// Bad-input fuzzing of route actions (issue #9). The attack surface of each action is read from
// its source text, so a new action or a new field is fuzzed without anyone listing it here.

export type ActionSurface = {
  /** File name in app/routes, e.g. `council.meetings.$id._index.tsx`. */
  file: string
  /** Route id without extension, e.g. `council.meetings.$id._index`. */
  id: string
  params: string[]
  /** Plain field names (never `intent`). */
  fields: string[]
  /** Prefixes of generated names (`att_${id}`, `q_${id}` …): sent with fuzzed and real suffixes. */
  prefixes: string[]
  /** Fields rendered as file inputs. */
  fileFields: string[]
  /** Intent values the action or its forms know about. */
  intents: string[]
  readsIntent: boolean
  multipart: boolean
}

const routeIdOf = (file: string) => file.replace(/\.(tsx|ts|jsx|js)$/, '')

export function paramsOf(file: string): string[] {
  return routeIdOf(file)
    .split('.')
    .filter((s) => s.startsWith('$'))
    .map((s) => s.slice(1).replace(/\[.*$/, ''))
}

/** `council.meetings.$id._index` + { id: 'm1' } → `/council/meetings/m1`; `[.ics]` → `.ics`. */
export function urlOf(file: string, params: Record<string, string>): string {
  const segments = routeIdOf(file)
    .split(/\.(?![^[]*\])/)
    .filter((s) => s !== '_index' && !s.startsWith('_'))
    .map((s) =>
      s.startsWith('$')
        ? encodeURIComponent(params[s.slice(1)] ?? '')
        : // `signup_`: a trailing underscore only takes the route out of its parent's layout.
          s.replace(/\[([^\]]*)\]/g, '$1').replace(/_$/, ''),
    )
  return `/${segments.join('/')}`
}

function resolveImport(fromFile: string, spec: string): string | null {
  const base = resolve(dirname(fromFile), spec)
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

const all = (text: string, re: RegExp, group = 1) =>
  [...text.matchAll(re)].map((m) => m[group]).filter((v): v is string => Boolean(v))

/** Depth-1 keys of every object literal passed to `object(`/`extend(` in `text`, and spreads. */
function objectKeys(text: string): { keys: string[]; spreads: string[] } {
  const keys: string[] = []
  const spreads: string[] = []
  for (const start of [...text.matchAll(/\.(?:object|extend)\(\s*\{/g)].map(
    (m) => m.index + m[0].length - 1,
  )) {
    let depth = 0
    let expectKey = true
    for (let i = start; i < text.length; i++) {
      const c = text[i]!
      // Comments are skipped whole: an apostrophe in one ("the council's") is not a string.
      if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
        const close = text[i + 1] === '/' ? '\n' : '*/'
        const end = text.indexOf(close, i + 2)
        if (end === -1) break
        i = end + close.length - 1
        continue
      }
      if (c === "'" || c === '"' || c === '`') {
        const end = text.indexOf(c, i + 1)
        // An unclosed quote ends the scan (a -1 here once sent the loop back to the start, forever).
        if (end === -1) break
        const literal = text.slice(i + 1, end)
        if (depth === 1 && expectKey && /^\s*:/.test(text.slice(end + 1))) keys.push(literal)
        i = end
        expectKey = false
        continue
      }
      if ('({['.includes(c)) depth++
      else if (')}]'.includes(c)) {
        depth--
        if (depth === 0) break
      } else if (depth === 1 && c === ',') expectKey = true
      else if (depth === 1 && expectKey && /[A-Za-z_.]/.test(c)) {
        const m = /^(\.\.\.\s*)?([A-Za-z_][\w]*)/.exec(text.slice(i))!
        if (m[1]) spreads.push(m[2]!)
        else if (/^\s*[:,}]/.test(text.slice(i + m[0].length))) keys.push(m[2]!)
        i += m[0].length - 1
        expectKey = false
        continue
      }
      if (depth === 1 && !/\s|,|\{/.test(c)) expectKey = false
    }
  }
  return { keys, spreads }
}

/** The text of `const name = …` up to the next top-level declaration. */
function declaration(source: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\n)(?:export\\s+)?const\\s+${name}\\b[^=]*=`).exec(source)
  if (!m) return null
  const rest = source.slice(m.index + m[0].length)
  const end = rest.search(/\n(?:export\s|const\s|function\s|type\s|async\s|let\s|\/\/|\/\*)/)
  return end === -1 ? rest : rest.slice(0, end)
}

function schemaSurface(
  sources: string[],
  name: string,
  seen = new Set<string>(),
): { keys: string[]; intents: string[] } {
  if (seen.has(name)) return { keys: [], intents: [] }
  seen.add(name)
  const keys: string[] = []
  const intents: string[] = []
  for (const source of sources) {
    const decl = declaration(source, name)
    if (!decl) continue
    const found = objectKeys(decl)
    keys.push(...found.keys)
    intents.push(...all(decl, /intent:\s*z\s*\.literal\(\s*'([^']+)'/g))
    for (const list of all(decl, /intent:\s*z\s*\.enum\(\s*\[([^\]]*)\]/g))
      intents.push(...all(list, /'([^']+)'/g))
    for (const ref of new Set([...found.spreads, ...all(decl, /\b([A-Z]\w*Schema)\b/g)])) {
      const inner = schemaSurface(sources, ref, seen)
      keys.push(...inner.keys)
      intents.push(...inner.intents)
    }
  }
  return { keys, intents }
}

export function scanAction(routesDir: string, file: string): ActionSurface {
  const path = join(routesDir, file)
  const source = readFileSync(path, 'utf8')
  const imported = all(source, /from\s+'(\.\.?\/[^']+)'/g)
    .map((spec) => resolveImport(path, spec))
    .filter((p): p is string => p !== null)
    .map((p) => readFileSync(p, 'utf8'))
  // Field names can live in shared form components and schema modules the route imports.
  const markup = [source, ...imported]
  const names = new Set<string>()
  const prefixes = new Set<string>()
  const fileFields = new Set<string>()
  const intents = new Set<string>()
  for (const text of markup) {
    for (const n of all(text, /\bname=(?:"([^"]+)"|\{\s*'([^']+)'\s*\})/g)) names.add(n)
    for (const n of all(text, /\bname=\{\s*'([^']+)'\s*\}/g)) names.add(n)
    for (const p of all(text, /\bname=\{\s*`([^`$]+)\$\{/g)) prefixes.add(p)
    for (const n of [
      ...all(text, /<FileField\b[^<]*?\bname="([^"]+)"/g),
      ...all(text, /type="file"[^<]*?\bname="([^"]+)"/g),
      ...all(text, /\bname="([^"]+)"[^<]*?type="file"/g),
    ])
      fileFields.add(n)
  }
  for (const n of all(source, /formData\.get(?:All)?\(\s*'([^']+)'/g)) names.add(n)
  for (const p of [
    ...all(source, /formData\.get(?:All)?\(\s*`([^`$]+)\$\{/g),
    ...all(source, /\.startsWith\(\s*'([^']+_)'\s*\)/g),
    ...all(source, /const\s+name\s*=\s*`([^`$]+)\$\{/g),
  ])
    prefixes.add(p)
  // Schemas the action parses with, declared in the route or in a module it imports.
  for (const schema of new Set(all(source, /\b([A-Z]\w*Schema)\b/g))) {
    const surface = schemaSurface([source, ...imported], schema)
    for (const k of surface.keys) names.add(k)
    for (const i of surface.intents) intents.add(i)
  }
  for (const i of all(source, /\bintent\s*(?:===|!==)\s*'([^']+)'/g)) intents.add(i)
  for (const i of all(source, /\bname="intent"[^<>]*?\bvalue=(?:"([^"]+)"|\{'([^']+)'\})/g)) intents.add(i)
  for (const i of all(source, /\bvalue="([^"]+)"[^<>]*?\bname="intent"/g)) intents.add(i)
  // The action helper: intents are the keys of the table given to formAction, and submit buttons
  // name theirs with the `intent` prop (app/ui/action-feedback.tsx).
  // (`handler: intent(…)` is formAction's single handler, not an intent name.)
  for (const i of all(source, /^\s+'?(\w+)'?:\s*(?:intent|publicIntent)\(/gm))
    if (i !== 'handler') intents.add(i)
  for (const i of all(source, /<SubmitButton\b[^<>]*?\bintent="([^"]+)"/g)) intents.add(i)
  // `if (intent in steps)`: the keys of that lookup table are intents too.
  for (const table of all(source, /\bintent\s+in\s+(\w+)/g)) {
    const body = new RegExp(`const\\s+${table}\\s*=\\s*\\{([^}]*)\\}`).exec(source)?.[1] ?? ''
    for (const entry of body.split(',')) {
      const key = entry.split(':')[0]!.trim()
      if (/^\w+$/.test(key)) intents.add(key)
    }
  }
  const readsIntent = /\.get\(\s*'intent'\s*\)/.test(source) || names.has('intent') || intents.size > 0
  names.delete('intent')
  for (const f of fileFields) names.delete(f)
  return {
    file,
    id: routeIdOf(file),
    params: paramsOf(file),
    fields: [...names].sort(),
    prefixes: [...prefixes].sort(),
    fileFields: [...fileFields].sort(),
    intents: [...intents].sort(),
    readsIntent,
    multipart: /\breadMultipartForm\b/.test(source),
  }
}

export function routeFiles(routesDir: string): string[] {
  return readdirSync(routesDir)
    .filter((f) => /\.(tsx|ts|jsx|js)$/.test(f))
    .sort()
}

// ---------------------------------------------------------------------------------------------
// Payloads

export type Value = string | File
export type Entry = [name: string, value: Value]
export type Payload =
  | { label: string; kind: 'urlencoded' | 'multipart'; entries: Entry[] }
  | { label: string; kind: 'raw'; body: () => BodyInit | null; contentType: string | null; stream?: boolean }

export const MB = 1024 * 1024
/** The production server refuses bodies over 12 MB before the app sees them (scripts/server.ts). */
export const SERVER_BODY_LIMIT = 12 * MB

export const BIG_ASCII = 'A'.repeat(MB)
const BIG_UNIT = 'ação 中文 😀 \u200Fمرحبا\u202E \u200B\uFEFF 👩‍👩‍👧‍👦 \uFFFD\u0000 '
const unitBytes = Buffer.byteLength(BIG_UNIT)
/** About 1 MB of UTF-8 made of multi-byte characters, bidi controls, zero-width marks and NUL. */
export const BIG_UNICODE = BIG_UNIT.repeat(Math.floor(MB / unitBytes))

/** Sent as a whole payload (every field the same value), for every intent. */
export const UNICODE_EDGES: Record<string, string> = {
  rtl_override: '\u202Eexe.txt\u202C \u200F\u200E',
  arabic_rtl_mark: '\u200Fمرحبا بالعالم\u200F',
  zero_width: '\u200B\uFEFF\u200C\u200D',
  zero_width_inside: 'de\u200Bmo-secre\uFEFFtariat@exa\u200Dmple.org',
  emoji_zwj: '👩🏽‍💻👨‍👩‍👧‍👦🏳️‍🌈🇧🇷🧑🏿‍🤝‍🧑🏻',
  replacement_and_nonchars: '\uFFFD\uFFFD\uFFFE\uFFFF\uFDD0', // what a lone surrogate becomes in UTF-8
  nul_bytes: 'a\u0000b\u0000\u0000',
}

/** Mixed into the payloads field by field (rotating), so every field meets several of them. */
export const MORE_UNICODE_EDGES: string[] = [
  '\u0000',
  '\u0001\u0007\u001b[31mred\u001b[0m\u007f\u0085',
  `e${'\u0301'.repeat(500)}`,
  '２０２６-１２-０１',
  ' \t\r\n\u00A0\u2028\u2029\u3000\u180E',
  '𠜎𠜱𠝹𠱓𠱸',
  'аdmin', // Cyrillic а
  'x\r\nSet-Cookie: evil=1\r\n\r\n',
  // Control characters nobody types (#16): stripped from free text before it is stored.
  '\u0000\u0000',
  'Pauta\u0000 oculta\u0008\u000b\u000c\u001f',
  ...Object.values(UNICODE_EDGES),
]

/** Sent as a whole payload for every intent. */
export const WRONG_TYPES: string[] = [
  '[object Object]',
  'NaN',
  '-1',
  '1e309',
  '9999999999999999999999',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '',
]

/**
 * Cells a spreadsheet would run as formulas (CSV injection, #16.18): stored as typed, neutralised
 * when exported (app/lib/csv.ts). Mixed into the payloads like the wrong types.
 */
export const FORMULA_CELLS: string[] = [
  '=HYPERLINK("http://evil.example","clique")',
  '+1+1',
  "-1+cmd|' /C calc'!A0",
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  '  =1+1',
  '\uff1d1+1',
]

/** Mixed into the payloads field by field (rotating). */
export const MORE_WRONG_TYPES: string[] = [
  '0',
  '-0',
  '1.5',
  '0x1F',
  'Infinity',
  '-Infinity',
  'true',
  'null',
  'undefined',
  '[]',
  '{"a":1}',
  '2026-02-30',
  '9999-12-31T23:59',
  '0000-00-00',
  'javascript:alert(1)',
  '//evil.example',
  // Issue #16.7: what browsers read as another site (tabs and newlines dropped, `\` as `/`).
  '/\t/evil.example',
  '/\n/evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/.//evil.example',
  'https:evil.example',
  '__proto__',
  'constructor',
  '$where',
  '"; DROP TABLE users; --',
  ' ',
  '1,5',
  '１２',
  ...WRONG_TYPES,
  ...FORMULA_CELLS,
]

/**
 * Inputs shaped to make a backtracking pattern take quadratic time (issue #16.1), sent to every
 * field of every intent. 120 KB each: the old e-mail pattern needed ~14 s on the first one (2.7 s at
 * 30 KB, 34 s at 300 KB); a linear pattern takes a millisecond. Under the form's field limit, so
 * they reach the schemas.
 */
export const REGEX_SHAPE_BYTES = 120_000
const half = REGEX_SHAPE_BYTES / 2
export const REGEX_SHAPES: Record<string, string> = {
  email_dots: `a@${'a.'.repeat(half)} x`,
  email_ats: `${'a@'.repeat(half)} `,
  dotted_number: `1${'.000'.repeat(REGEX_SHAPE_BYTES / 4)},x`,
  whitespace_run: `>${' \t'.repeat(half)}!`,
  heading_spaces: `## ${' '.repeat(REGEX_SHAPE_BYTES)}\u0000`,
  code_run: `action:${'a.'.repeat(half)}\u0000`,
  redirect_slashes: `/${'\\/'.repeat(half)}\t`,
}

/** Intent values no form sends, including keys every plain object inherits. */
export const BOGUS_INTENTS = [
  'fuzz-bogus-intent',
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '__lookupGetter__',
  'then',
]

/**
 * Booth-state cookies (issue #16.12): a device in booth state holds no session, so a booth cookie
 * beside a valid staff session cookie — valid-looking, malformed, empty, or with the HTTPS prefix —
 * must leave every signed-in action refused.
 */
export const BOOTH_STATE_COOKIES = [
  `mutirao_booth=${'a'.repeat(32)}`,
  'mutirao_booth=',
  'mutirao_booth=%00%2E%2E',
  '__Host-mutirao_booth=x',
]

export const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
])

const encode = (() => {
  const cache = new Map<string, string>()
  return (s: string) => {
    if (s.length < 1000) return encodeURIComponent(s)
    let e = cache.get(s)
    if (!e) cache.set(s, (e = encodeURIComponent(s)))
    return e
  }
})()

export function urlencoded(entries: Entry[]): string {
  return entries.map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : v.name)}`).join('&')
}

export function toBody(payload: Payload): {
  body: BodyInit | null
  headers: Record<string, string>
  stream: boolean
} {
  if (payload.kind === 'raw')
    return {
      body: payload.body(),
      headers: payload.contentType ? { 'Content-Type': payload.contentType } : {},
      stream: Boolean(payload.stream),
    }
  if (payload.kind === 'urlencoded')
    return {
      body: urlencoded(payload.entries),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      stream: false,
    }
  const fd = new FormData()
  for (const [k, v] of payload.entries) fd.append(k, v)
  return { body: fd, headers: {}, stream: false }
}

/** Splits `names` into groups whose 1 MB values stay under the server's body limit. */
export function chunkForLimit(names: string[], bytesPerValue: number, reserve = 64 * 1024): string[][] {
  const per = Math.max(1, Math.floor((SERVER_BODY_LIMIT - reserve) / (bytesPerValue + 256)))
  const groups: string[][] = []
  for (let i = 0; i < names.length; i += per) groups.push(names.slice(i, i + per))
  return groups.length ? groups : [[]]
}

/** A stream that sends part of a body and then fails, as when the client goes away mid-upload. */
export function abortedStream(head: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(head))
      controller.error(new Error('client went away'))
    },
  })
}
