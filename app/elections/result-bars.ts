// The geometry of a contest's result as horizontal bars (issue #19), kept pure so it is tested
// without a browser: the view (result-bars-view.tsx) only draws what this returns as an inline SVG.
//
// Coordinates are in the SVG's own units (viewBox `0 0 width height`); the SVG is drawn at 100 % of
// its container, so a 320-unit chart fits a 360 px phone and grows with the screen. Bars grow from
// the inline-start edge: from the left in left-to-right languages, from the right in Arabic. All
// text is anchored at its `start` and the SVG carries the page's `direction`, so in right-to-left
// `start` is the text's right edge (SVG's rule) and the text runs leftwards from `x`.

export type BarMark = 'elected' | 'alternate' | 'displaced' | 'none' | 'blank' | 'void'

export type BarInput = {
  id: string
  /** The candidacy's name (organisation first), or the "blank"/"void" label. */
  label: string
  votes: number
  mark: BarMark
  /** The outcome in words ("Elected · seated by parity"), written under the bar with a swatch. */
  note?: string
}

export type BarRow = BarInput & {
  /** The label as at most `maxLines` lines, each short enough for the chart's width. */
  lines: string[]
  /** Baseline of the first label line. */
  labelY: number
  labelX: number
  barX: number
  barY: number
  barWidth: number
  /** Where the vote count starts (just past the bar's end, on the inline-end side). */
  valueX: number
  valueY: number
  /** The note as lines under the bar, beside a swatch of the bar's pattern. */
  noteLines: string[]
  /** Baseline of the note's first line; null when there is no note. */
  noteY: number | null
  noteX: number
  /** The swatch: a small square of the bar's pattern at the note's inline start. */
  swatchX: number
}

export type BarLayout = {
  width: number
  height: number
  direction: 'ltr' | 'rtl'
  rows: BarRow[]
  lineHeight: number
}

export type BarOptions = {
  direction?: 'ltr' | 'rtl'
  /** viewBox width. */
  width?: number
  fontSize?: number
  /** Room kept past the longest bar for its vote count. */
  valueRoom?: number
  maxLines?: number
}

const PAD = 4
const BAR_HEIGHT = 16
const ROW_GAP = 14
export const SWATCH = 10

/** Width of a character in "ems": CJK, Hangul and full-width forms are about one em, others ~0.6. */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  return wide ? 1 : 0.6
}

/** Estimated width of a text in SVG units (no font metrics on the server: a safe over-estimate). */
export function textWidth(text: string, fontSize: number): number {
  let w = 0
  for (const ch of text) w += charWidth(ch)
  return w * fontSize
}

/**
 * Breaks a label into at most `maxLines` lines no wider than `room`: between words where it can,
 * inside a word that alone is too wide, and the last line ends with "…" when text is left over.
 * The full name is still in the SVG's description and the table.
 */
export function wrapLabel(text: string, room: number, fontSize: number, maxLines = 2): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean)
  const lines: string[] = []
  let line = ''
  const fits = (s: string) => textWidth(s, fontSize) <= room
  const push = (s: string) => {
    lines.push(s)
    return lines.length >= maxLines
  }
  let rest: string[] = []
  for (let i = 0; i < words.length; i++) {
    let word = words[i]
    const candidate = line ? `${line} ${word}` : word
    if (fits(candidate)) {
      line = candidate
      continue
    }
    if (line) {
      if (push(line)) {
        rest = words.slice(i)
        line = ''
        break
      }
      line = ''
    }
    // A word wider than the line: cut it where it stops fitting.
    while (!fits(word)) {
      let cut = 0
      let w = 0
      for (const ch of word) {
        w += charWidth(ch) * fontSize
        if (w > room) break
        cut += ch.length
      }
      cut = Math.max(cut, 1)
      if (push(word.slice(0, cut))) {
        rest = [word.slice(cut), ...words.slice(i + 1)]
        word = ''
        break
      }
      word = word.slice(cut)
    }
    if (lines.length >= maxLines) break
    line = word
  }
  if (line && lines.length < maxLines) lines.push(line)
  if (rest.some(Boolean)) {
    // Text left over: the last line ends with an ellipsis, shortened until it fits.
    let last = lines[lines.length - 1] ?? ''
    while (last && !fits(`${last}…`)) last = Array.from(last).slice(0, -1).join('').trimEnd()
    lines[lines.length - 1] = `${last}…`
  }
  return lines
}

/**
 * Lays out one bar per input, in the given order. Bar widths are proportional to the votes, the
 * largest count spanning the track (the width less the room for its count); zero votes draw no bar,
 * equal votes draw equal bars. Blank and void counts, when given, are bars on the same scale.
 */
export function layoutBars(items: readonly BarInput[], options: BarOptions = {}): BarLayout {
  const direction = options.direction ?? 'ltr'
  const width = options.width ?? 320
  const fontSize = options.fontSize ?? 14
  const valueRoom = options.valueRoom ?? 72
  const maxLines = options.maxLines ?? 2
  const lineHeight = Math.round(fontSize * 1.3)
  const track = Math.max(0, width - 2 * PAD - valueRoom)
  const max = Math.max(0, ...items.map((x) => Math.max(0, x.votes)))
  const inlineStart = direction === 'rtl' ? width - PAD : PAD
  let y = 0
  const rows = items.map((item) => {
    const lines = wrapLabel(item.label, width - 2 * PAD, fontSize, maxLines)
    const labelY = y + fontSize
    const barY = y + lines.length * lineHeight + 4
    const barWidth = max > 0 ? (Math.max(0, item.votes) / max) * track : 0
    const barX = direction === 'rtl' ? inlineStart - barWidth : inlineStart
    const valueX = direction === 'rtl' ? barX - 6 : barX + barWidth + 6
    const valueY = barY + BAR_HEIGHT - 3
    const noteRoom = width - 2 * PAD - SWATCH - 4
    const noteLines = item.note ? wrapLabel(item.note, noteRoom, fontSize, 3) : []
    const noteY = noteLines.length ? barY + BAR_HEIGHT + fontSize + 4 : null
    const noteX = direction === 'rtl' ? inlineStart - SWATCH - 4 : inlineStart + SWATCH + 4
    const swatchX = direction === 'rtl' ? inlineStart - SWATCH : inlineStart
    y = (noteY === null ? barY + BAR_HEIGHT : noteY + (noteLines.length - 1) * lineHeight) + ROW_GAP
    return {
      ...item,
      lines,
      labelX: inlineStart,
      labelY,
      barX: round(barX),
      barY,
      barWidth: round(barWidth),
      valueX: round(valueX),
      valueY,
      noteLines,
      noteY,
      noteX,
      swatchX,
    }
  })
  return { width, height: Math.max(0, y - ROW_GAP + 4), direction, rows, lineHeight }
}

const round = (n: number) => Math.round(n * 100) / 100

/** The mark a candidate's bar carries: displaced by parity first, then elected, then alternate. */
export function markOf(candidate: { outcome: string; displaced_by_parity?: unknown }): BarMark {
  if (candidate.displaced_by_parity) return 'displaced'
  if (candidate.outcome === 'elected' || candidate.outcome === 'elected_overall') return 'elected'
  if (candidate.outcome === 'alternate') return 'alternate'
  return 'none'
}

export const BAR_HEIGHT_UNITS = BAR_HEIGHT
