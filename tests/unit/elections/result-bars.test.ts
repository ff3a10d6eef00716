import { describe, expect, it } from 'vitest'
import { layoutBars, markOf, textWidth, wrapLabel, type BarInput } from '../../../app/elections/result-bars'

const bar = (id: string, votes: number, extra: Partial<BarInput> = {}): BarInput => ({
  id,
  label: `Candidacy ${id}`,
  votes,
  mark: 'none',
  ...extra,
})

describe('result bars: widths', () => {
  it('are proportional to the votes, the largest count spanning the track', () => {
    const { rows } = layoutBars([bar('a', 40), bar('b', 20), bar('c', 10)], { width: 320, valueRoom: 72 })
    const track = 320 - 8 - 72
    expect(rows.map((r) => r.barWidth)).toEqual([track, track / 2, track / 4])
  })

  it('draw no bar for zero votes, and none at all when nobody has a vote (no division by zero)', () => {
    expect(layoutBars([bar('a', 5), bar('b', 0)]).rows[1].barWidth).toBe(0)
    const empty = layoutBars([bar('a', 0), bar('b', 0)])
    expect(empty.rows.map((r) => r.barWidth)).toEqual([0, 0])
    expect(empty.rows.every((r) => Number.isFinite(r.valueX))).toBe(true)
  })

  it('draw equal bars for a tie', () => {
    const { rows } = layoutBars([bar('a', 7), bar('b', 7), bar('c', 3)])
    expect(rows[0].barWidth).toBe(rows[1].barWidth)
    expect(rows[2].barWidth).toBeLessThan(rows[0].barWidth)
  })

  it('put blank and void counts on the same scale as the candidacies', () => {
    const { rows } = layoutBars([bar('a', 10), bar('blank', 20, { mark: 'blank' })])
    expect(rows[0].barWidth * 2).toBeCloseTo(rows[1].barWidth)
  })

  it('leave room for every count inside the chart', () => {
    const { rows, width } = layoutBars([bar('a', 123456), bar('b', 1)], { width: 320, valueRoom: 72 })
    for (const r of rows) {
      expect(r.barX).toBeGreaterThanOrEqual(0)
      expect(r.barX + r.barWidth).toBeLessThanOrEqual(width)
      expect(r.valueX + textWidth('123.456', 14)).toBeLessThanOrEqual(width)
    }
  })
})

describe('result bars: direction', () => {
  it('grow from the left in left-to-right languages', () => {
    const { rows } = layoutBars([bar('a', 10), bar('b', 5)], { direction: 'ltr', width: 320 })
    expect(rows.map((r) => r.barX)).toEqual([4, 4])
    expect(rows[0].labelX).toBe(4)
    expect(rows[1].valueX).toBe(rows[1].barX + rows[1].barWidth + 6)
  })

  it('grow from the right in Arabic: same widths, mirrored positions, text anchored on the right', () => {
    const items = [bar('a', 10), bar('b', 5), bar('c', 0)]
    const ltr = layoutBars(items, { direction: 'ltr', width: 320 })
    const rtl = layoutBars(items, { direction: 'rtl', width: 320 })
    expect(rtl.direction).toBe('rtl')
    rtl.rows.forEach((r, i) => {
      expect(r.barWidth).toBe(ltr.rows[i].barWidth)
      // Each bar ends at the right edge (320 − 4) and starts where its width says.
      expect(r.barX + r.barWidth).toBeCloseTo(316)
      expect(r.barX).toBeCloseTo(320 - ltr.rows[i].barX - ltr.rows[i].barWidth)
      expect(r.labelX).toBe(316)
      // The count sits past the bar's end, on its left.
      expect(r.valueX).toBeCloseTo(r.barX - 6)
    })
  })

  it('put the outcome swatch at the inline start and the note beside it', () => {
    const items = [bar('a', 3, { mark: 'elected', note: 'Elected' })]
    const [l] = layoutBars(items, { direction: 'ltr' }).rows
    const [r] = layoutBars(items, { direction: 'rtl' }).rows
    expect(l.swatchX).toBe(4)
    expect(l.noteX).toBeGreaterThan(l.swatchX)
    expect(r.swatchX).toBe(316 - 10)
    expect(r.noteX).toBeLessThan(r.swatchX)
  })
})

describe('result bars: rows', () => {
  it('stack without overlapping, a note adding its lines, and the height holds them all', () => {
    const layout = layoutBars([
      bar('a', 9, { mark: 'elected', note: 'Elected by the most votes overall · seated by the parity rule' }),
      bar('b', 4),
    ])
    const [a, b] = layout.rows
    expect(a.noteLines.length).toBeGreaterThan(1)
    expect(a.noteY).not.toBeNull()
    expect(b.labelY - 14).toBeGreaterThan(a.noteY! + (a.noteLines.length - 1) * layout.lineHeight)
    expect(b.noteY).toBeNull()
    expect(layout.height).toBeGreaterThanOrEqual(b.barY + 16)
  })

  it('give the marks that matter in words: displaced by parity before elected, then alternate', () => {
    expect(markOf({ outcome: 'elected' })).toBe('elected')
    expect(markOf({ outcome: 'elected_overall' })).toBe('elected')
    expect(markOf({ outcome: 'alternate' })).toBe('alternate')
    expect(markOf({ outcome: 'not_elected' })).toBe('none')
    expect(markOf({ outcome: 'alternate', displaced_by_parity: true })).toBe('displaced')
  })
})

describe('result bars: long names', () => {
  const room = 312
  it('wrap between words onto a second line', () => {
    const lines = wrapLabel('Associação de Costureiras Bolivianas (Rosa Mamani)', room, 14)
    expect(lines.length).toBe(2)
    expect(lines.join(' ')).toBe('Associação de Costureiras Bolivianas (Rosa Mamani)')
    for (const line of lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(room)
  })

  it('end with an ellipsis when a name needs more than two lines, never wider than the chart', () => {
    const name =
      'Associação Cultural e Beneficente dos Imigrantes e Refugiados Latino-Americanos da Zona Leste de São Paulo (Maria das Dores da Silva)'
    const lines = wrapLabel(name, room, 14)
    expect(lines).toHaveLength(2)
    expect(lines[1].endsWith('…')).toBe(true)
    for (const line of lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(room)
  })

  it('cut a single word longer than the line instead of overflowing', () => {
    const lines = wrapLabel('X'.repeat(100), room, 14)
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(room)
    expect(lines[1].endsWith('…')).toBe(true)
  })

  it('count Chinese characters as wide', () => {
    const lines = wrapLabel('自由区华人文化中心移民妇女互助协会与社区服务网络联合会（王晨）', 200, 14)
    for (const line of lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(200)
    expect(lines.length).toBe(2)
  })

  it('keep a short name on one line as written, and an empty one empty', () => {
    expect(wrapLabel('Jean Joseph', room, 14)).toEqual(['Jean Joseph'])
    expect(wrapLabel('   ', room, 14)).toEqual([])
  })

  it('lay out every label line within the width at the chart font size', () => {
    const layout = layoutBars([bar('a', 1, { label: 'W'.repeat(80) })], { width: 320 })
    for (const line of layout.rows[0].lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(320 - 8)
  })
})
