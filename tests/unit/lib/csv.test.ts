import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from '../../../app/lib/csv'

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ])
  })
  it('accepts semicolons (pt-BR spreadsheets) and a BOM, and skips blank lines', () => {
    expect(parseCsv('\uFEFFa;b\n1;2\n\n3;4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ])
  })
})

describe('toCsv', () => {
  it('neutralises spreadsheet formulas and quotes what needs quoting', () => {
    const out = toCsv(
      ['name', 'note'],
      [
        ['=HYPERLINK("x")', 'a,b'],
        ['+55', null],
      ],
    )
    expect(out).toContain(`"'=HYPERLINK(""x"")"`)
    expect(out).toContain('"a,b"')
    expect(out).toContain("'+55,")
    expect(parseCsv(out)[1][0]).toBe(`'=HYPERLINK("x")`)
  })
})
