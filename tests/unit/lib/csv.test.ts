import { describe, expect, it } from 'vitest'
import { decodeCsv, parseCsv, toCsv } from '../../../app/lib/csv'

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

describe('the formula guard', () => {
  // [cell, what the spreadsheet must receive]
  const table: [unknown, string][] = [
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\rx', `"'\rx"`],
    ['\tplain', "'\tplain"],
    ['  =1+1', "'  =1+1"],
    ['\u0000=1', "'\u0000=1"],
    ['\uff1dHYPERLINK()', "'\uff1dHYPERLINK()"],
    ['a=1', 'a=1'],
    ['user@example.org', 'user@example.org'],
    // Numbers are not formulas: open data must keep them as numbers.
    [-12.5, '-12.5'],
    ['-12.5', '-12.5'],
    ['-3', '-3'],
    [0, '0'],
    ['-1+1', "'-1+1"],
    ['-', "'-"],
  ]
  it.each(table)('%j is written as %j', (value, expected) => {
    expect(toCsv(['h'], [[value]])).toBe(`h\r\n${expected}\r\n`)
  })
  it('guards every cell of every row, the header included, not only the first', () => {
    const out = toCsv(
      ['=h', 'b'],
      [
        ['ok', '=x'],
        ['+y', 'ok'],
      ],
    )
    expect(parseCsv(out)).toEqual([
      ["'=h", 'b'],
      ['ok', "'=x"],
      ["'+y", 'ok'],
    ])
  })
})

describe('RFC 4180 quoting and the semicolon style', () => {
  it('quotes quotes, CR, LF and both separators, and reads back the same text', () => {
    const cells = ['say "hi"', 'two\r\nlines', 'cr\ronly', 'a,b', 'a;b', ' padded ']
    const out = toCsv(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], [cells])
    expect(out).toContain(`"say ""hi""","two\r\nlines","cr\ronly","a,b","a;b"," padded "\r\n`)
    expect(parseCsv(out)[1]).toEqual(cells)
  })
  it('writes ";" between cells, decimal commas in numbers and a BOM for pt-BR spreadsheets', () => {
    const out = toCsv(['name', 'value'], [['São Paulo; SP', -12.5]], 'semicolon')
    expect(out).toBe('\uFEFFname;value\r\n"São Paulo; SP";-12,5\r\n')
    expect(parseCsv(out)).toEqual([
      ['name', 'value'],
      ['São Paulo; SP', '-12,5'],
    ])
  })
})

describe('decodeCsv', () => {
  it('reads UTF-8 (with or without a BOM) as UTF-8', () => {
    const utf8 = new TextEncoder().encode('\uFEFFSão João, Conceição')
    expect(decodeCsv(utf8)).toEqual({ text: 'São João, Conceição', encoding: 'utf-8' })
  })
  it('reads a Windows-1252 file (not valid UTF-8) as Windows-1252', () => {
    // "São João, Conceição – “ok”" as a spreadsheet on Windows saves it.
    const bytes = Uint8Array.from([
      ...Buffer.from('S\u00e3o Jo\u00e3o, Concei\u00e7\u00e3o ', 'latin1'),
      0x96,
      0x20,
      0x93,
      0x6f,
      0x6b,
      0x94,
    ])
    expect(decodeCsv(bytes)).toEqual({ text: 'São João, Conceição – “ok”', encoding: 'windows-1252' })
  })
  it('tells invalid UTF-8 apart: a lone continuation byte, a truncated sequence, an overlong form', () => {
    for (const bytes of [[0x41, 0x80], [0xc3], [0xc0, 0xaf], [0xe3, 0x6f]])
      expect(decodeCsv(Uint8Array.from(bytes)).encoding).toBe('windows-1252')
    expect(decodeCsv(Uint8Array.from([0xc3, 0xa3])).encoding).toBe('utf-8')
  })
})

describe('decodeCsv and control characters', () => {
  it('drops NUL and other control characters (a binary file sent by mistake) but keeps tabs and line ends', () => {
    const bytes = Uint8Array.from([0x61, 0x00, 0x09, 0x62, 0x1b, 0x0d, 0x0a, 0x63, 0x7f])
    expect(decodeCsv(bytes).text).toBe('a\tb\r\nc')
  })
})
