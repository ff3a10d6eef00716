import { stripControlCharacters } from './control-characters'

// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM; ";" accepted as the
// separator when the header uses it (spreadsheets in pt-BR save CSV with semicolons).
export function parseCsv(input: string): string[][] {
  return parseCsvLines(input).map((r) => r.cells)
}

/**
 * As `parseCsv`, with the line of the file where each row starts (1 for the header), so a
 * problem is reported at the line a person sees in their editor even after blank lines or a
 * quoted field that spans lines. One pass over the text, no regular expression on its body.
 */
export function parseCsvLines(input: string): { line: number; cells: string[] }[] {
  const text = input.replace(/^\uFEFF/, '')
  const firstLine = text.slice(0, text.search(/\r?\n/) === -1 ? text.length : text.search(/\r?\n/))
  const sep = firstLine.split(';').length > firstLine.split(',').length ? ';' : ','
  const rows: { line: number; cells: string[] }[] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++
        field += ch
      }
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === sep) {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push({ line: rowLine, cells: row })
      line++
      rowLine = line
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push({ line: rowLine, cells: row })
  }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''))
}

/**
 * How a CSV is written. `comma` is RFC 4180 with "." decimals: the open-data contract, for
 * programs. `semicolon` is for spreadsheets set to pt-BR (and most of Europe), which split a CSV on
 * ";" and read "12,5" as a number: ";" between cells, "," in the numbers we write, and a UTF-8 BOM
 * so that Excel reads accents right. Chosen with `?sep=semicolon` (see app/lib/open-data.ts).
 */
export type CsvStyle = 'comma' | 'semicolon'

/** A plain decimal number, as our exports write them: left alone by the formula guard. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/
/** Characters a spreadsheet may read as the start of a formula (with their full-width forms). */
const FORMULA_CHARS = new Set(['=', '+', '-', '@', '\uff1d', '\uff0b', '\uff0d', '\uff20'])
/** Spaces and control characters, which some spreadsheets skip before a formula. */
const isBlankOrControl = (c: string) => c <= ' ' || c === '\u00a0' || c === '\u3000' || c === '\ufeff'

/**
 * True when a spreadsheet could run the cell as a formula (CSV injection): it starts with a tab or
 * a carriage return, or — after any spaces or control characters — with = + - @. A plain number
 * ("-12.5") is not a formula.
 */
export function looksLikeFormula(s: string): boolean {
  if (PLAIN_NUMBER.test(s)) return false
  if (s.startsWith('\t') || s.startsWith('\r')) return true
  let i = 0
  while (i < s.length && isBlankOrControl(s[i])) i++
  return FORMULA_CHARS.has(s[i])
}

/** One cell: formulas neutralised with a leading ', quoted per RFC 4180 when needed. */
export function csvCell(value: unknown, style: CsvStyle = 'comma'): string {
  let s: string
  if (typeof value === 'number' && Number.isFinite(value))
    s = style === 'semicolon' ? String(value).replace('.', ',') : String(value)
  else s = value === null || value === undefined ? '' : String(value)
  if (typeof value !== 'number' && looksLikeFormula(s)) s = `'${s}`
  // A comma file quotes ";" too: a spreadsheet that splits on ";" still keeps the cell whole.
  const special = style === 'semicolon' ? /[";\n\r]|^\s|\s$/ : /[",;\n\r]|^\s|\s$/
  return special.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: string[], rows: unknown[][], style: CsvStyle = 'comma'): string {
  const sep = style === 'semicolon' ? ';' : ','
  const body = [header, ...rows].map((r) => r.map((v) => csvCell(v, style)).join(sep)).join('\r\n') + '\r\n'
  return style === 'semicolon' ? `\uFEFF${body}` : body
}

/**
 * Text of an uploaded CSV. Spreadsheet programs on Windows save "CSV" in Windows-1252, not UTF-8:
 * bytes that are not valid UTF-8 are read as Windows-1252 (every byte is a character there, and a
 * file in it is almost never valid UTF-8 when it holds any accent). A BOM is dropped.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  // Control characters (a NUL from a binary file sent by mistake…) never reach the job or the rows.
  try {
    return {
      text: stripControlCharacters(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)),
      encoding: 'utf-8',
    }
  } catch {
    return { text: stripControlCharacters(decodeWindows1252(bytes)), encoding: 'windows-1252' }
  }
}

/**
 * Windows-1252 bytes 0x80–0x9F (the rest is Latin-1). Written out because Node 20's TextDecoder
 * decodes the label "windows-1252" as Latin-1, which turns “ ” – € into invisible control codes.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192)
    out += String.fromCharCode(
      ...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b)),
    )
  }
  return out
}
