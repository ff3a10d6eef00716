import { csvCell, looksLikeFormula, parseCsvLines } from '../lib/csv'
import { stripControlCharacters } from '../lib/control-characters'
import { cleanTranslationText, refusedCodePoint } from './clean-text'

// Offline batches for translators (issue #19, ADR 028): the queue of one language written as XLIFF
// 1.2 or CSV (kind, id, basis, source, target), and read back. The readers are bounded and linear:
// no regular expression runs over the file's body, a file is refused past MAX_BATCH_BYTES, and a
// malformed file is a value (`not_xliff`, `no_header`…), never an exception.

export const MAX_BATCH_BYTES = 2 * 1024 * 1024
export const MAX_BATCH_ROWS = 5_000
export const CSV_COLUMNS = ['kind', 'id', 'basis', 'source', 'target'] as const

export type BatchItem = {
  kind: string
  id: string
  basis: string
  source: string
  sourceLang: string
  context?: string | null
}
/** One row read from a batch: its place in the file, and what it says (or that it is unreadable). */
export type BatchRow =
  | { line: number; kind: string; id: string; basis: string; target: string }
  | { line: number; malformed: true }
export type BatchParse =
  { ok: true; rows: BatchRow[] } | { ok: false; error: 'not_xliff' | 'no_header' | 'too_many_rows' | 'empty' }

// ---- XLIFF 1.2 ----

const escapeXml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')

/** One <file> per source language (XLIFF 1.2 names one source language per file). */
export function toXliff(items: readonly BatchItem[], targetLanguage: string): string {
  const bySource = new Map<string, BatchItem[]>()
  for (const item of items) bySource.set(item.sourceLang, [...(bySource.get(item.sourceLang) ?? []), item])
  const files = [...bySource].map(([source, group]) => {
    const units = group.map((item) => {
      const note = item.context ? `\n        <note>${escapeXml(item.context)}</note>` : ''
      return (
        `      <trans-unit id="${escapeXml(unitId(item))}" resname="${escapeXml(item.kind)}">\n` +
        `        <source xml:lang="${escapeXml(source)}">${escapeXml(item.source)}</source>\n` +
        `        <target xml:lang="${escapeXml(targetLanguage)}"></target>${note}\n` +
        `      </trans-unit>`
      )
    })
    return (
      `  <file original="mutirao" datatype="plaintext" source-language="${escapeXml(source)}" target-language="${escapeXml(targetLanguage)}">\n` +
      `    <body>\n${units.join('\n')}\n    </body>\n  </file>`
    )
  })
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n${files.join('\n')}\n</xliff>\n`
  )
}

/** `kind|entity|basis`: the unit's id carries what a submission needs, and survives CAT tools. */
const unitId = (item: { kind: string; id: string; basis: string }) => `${item.kind}|${item.id}|${item.basis}`

function splitUnitId(value: string): { kind: string; id: string; basis: string } | null {
  const first = value.indexOf('|')
  const last = value.lastIndexOf('|')
  if (first <= 0 || last <= first + 1 || last === value.length - 1) return null
  return { kind: value.slice(0, first), id: value.slice(first + 1, last), basis: value.slice(last + 1) }
}

/** The value of one attribute in a start tag's attribute text (a scan, not a pattern). */
function attribute(attrs: string, name: string): string | null {
  let i = 0
  while (i < attrs.length) {
    while (i < attrs.length && /\s/.test(attrs[i]!)) i++
    const nameStart = i
    while (i < attrs.length && attrs[i] !== '=' && !/\s/.test(attrs[i]!) && attrs[i] !== '/') i++
    const attrName = attrs.slice(nameStart, i)
    while (i < attrs.length && /\s/.test(attrs[i]!)) i++
    if (attrs[i] !== '=') {
      if (i === nameStart) i++ // a stray character: step over it
      continue
    }
    i++
    while (i < attrs.length && /\s/.test(attrs[i]!)) i++
    const quote = attrs[i]
    if (quote !== '"' && quote !== "'") return null
    const end = attrs.indexOf(quote, i + 1)
    if (end === -1) return null
    if (attrName === name) return decodeEntities(attrs.slice(i + 1, end))
    i = end + 1
  }
  return null
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** XML character data → text; null when it holds markup (inline tags) or a broken reference. */
function decodeEntities(s: string): string | null {
  let out = ''
  let i = 0
  while (i < s.length) {
    const ch = s[i]!
    if (ch === '<') return null
    if (ch !== '&') {
      out += ch
      i++
      continue
    }
    const end = s.indexOf(';', i)
    if (end === -1 || end - i > 10) return null
    const ref = s.slice(i + 1, end)
    if (NAMED[ref]) out += NAMED[ref]
    else if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || refusedCodePoint(code)) return null
      out += String.fromCodePoint(code)
    } else return null
    i = end + 1
  }
  return out
}

/** Element content: CDATA sections kept verbatim, the rest decoded. */
function elementText(inner: string): string | null {
  let out = ''
  let i = 0
  while (i < inner.length) {
    const cdata = inner.indexOf('<![CDATA[', i)
    const upTo = cdata === -1 ? inner.length : cdata
    const decoded = decodeEntities(inner.slice(i, upTo))
    if (decoded === null) return null
    out += decoded
    if (cdata === -1) break
    const close = inner.indexOf(']]>', cdata + 9)
    if (close === -1) return null
    out += inner.slice(cdata + 9, close)
    i = close + 3
  }
  return out
}

/** Line numbers counted as the scan moves forward only, so the whole file is read once. */
function lineCounter(text: string) {
  let at = 0
  let line = 1
  return (index: number) => {
    for (let i = text.indexOf('\n', at); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
      line++
      at = i + 1
    }
    return line
  }
}

export function parseXliff(input: string): BatchParse {
  const text = stripControlCharacters(input.replace(/^\uFEFF/, ''))
  if (!text.includes('<xliff')) return { ok: false, error: 'not_xliff' }
  const rows: BatchRow[] = []
  const lineAt = lineCounter(text)
  let pos = 0
  for (;;) {
    const start = text.indexOf('<trans-unit', pos)
    if (start === -1) break
    if (rows.length >= MAX_BATCH_ROWS) return { ok: false, error: 'too_many_rows' }
    const line = lineAt(start)
    const tagEnd = text.indexOf('>', start)
    const close = tagEnd === -1 ? -1 : text.indexOf('</trans-unit>', tagEnd)
    if (tagEnd === -1 || close === -1) {
      rows.push({ line, malformed: true })
      break
    }
    pos = close + 13
    const id = attribute(text.slice(start + 11, tagEnd), 'id')
    const parts = id ? splitUnitId(id) : null
    const body = text.slice(tagEnd + 1, close)
    const targetStart = body.indexOf('<target')
    if (!parts || targetStart === -1) {
      rows.push({ line, malformed: true })
      continue
    }
    const targetTagEnd = body.indexOf('>', targetStart)
    if (targetTagEnd === -1) {
      rows.push({ line, malformed: true })
      continue
    }
    if (body[targetTagEnd - 1] === '/') {
      rows.push({ line, ...parts, target: '' })
      continue
    }
    const targetClose = body.indexOf('</target>', targetTagEnd)
    const target = targetClose === -1 ? null : elementText(body.slice(targetTagEnd + 1, targetClose))
    rows.push(
      target === null ? { line, malformed: true } : { line, ...parts, target: cleanTranslationText(target) },
    )
  }
  return rows.length ? { ok: true, rows } : { ok: false, error: 'empty' }
}

// ---- CSV ----

export function toBatchCsv(items: readonly BatchItem[]): string {
  const lines = [
    CSV_COLUMNS.join(','),
    ...items.map((i) => [i.kind, i.id, i.basis, i.source, ''].map((v) => csvCell(v)).join(',')),
  ]
  return `${lines.join('\r\n')}\r\n`
}

/** The formula guard of our CSV writer added a leading ' to a cell such as "-x" or "=x": undo it. */
function unguard(cell: string): string {
  return cell.startsWith("'") && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell
}

export function parseBatchCsv(input: string): BatchParse {
  const table = parseCsvLines(stripControlCharacters(input))
  if (!table.length) return { ok: false, error: 'empty' }
  const header = table[0]!.cells.map((h) => h.trim().toLowerCase())
  const column = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof CSV_COLUMNS)[number],
    number
  >
  if (column.kind < 0 || column.id < 0 || column.basis < 0 || column.target < 0)
    return { ok: false, error: 'no_header' }
  if (table.length - 1 > MAX_BATCH_ROWS) return { ok: false, error: 'too_many_rows' }
  const rows: BatchRow[] = table.slice(1).map(({ line, cells }) => {
    const kind = cells[column.kind]?.trim() ?? ''
    const id = cells[column.id]?.trim() ?? ''
    const basis = cells[column.basis]?.trim() ?? ''
    if (!kind || !id || !basis) return { line, malformed: true }
    return { line, kind, id, basis, target: cleanTranslationText(unguard(cells[column.target] ?? '')) }
  })
  return rows.length ? { ok: true, rows } : { ok: false, error: 'empty' }
}

/** XLIFF when the file starts as XML, else CSV. */
export function parseBatch(text: string): BatchParse {
  const head = text.replace(/^\uFEFF/, '').trimStart()
  return head.startsWith('<') ? parseXliff(text) : parseBatchCsv(text)
}
