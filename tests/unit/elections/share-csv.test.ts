import { describe, expect, it } from 'vitest'
import {
  MAX_SHARE_CSV_BYTES,
  MAX_SHARE_FIELD,
  MAX_SHARE_ROWS,
  parseCount,
  parseShareCsv,
  readShareCsv,
} from '../../../app/elections/share-csv'
import { DEFAULT_SHARE_THRESHOLDS, seatsForPopulation } from '../../../app/elections/seats'

// The file of immigrant population figures per subprefecture (issue #17).

const SUBS = [
  { id: 1, slug: 'butanta', name: 'Butantã' },
  { id: 2, slug: 'se', name: 'Sé' },
  { id: 3, slug: 'sao-miguel-paulista', name: 'São Miguel Paulista' },
  { id: 4, slug: 'm-boi-mirim', name: "M'Boi Mirim" },
  { id: 5, slug: 'lapa', name: 'Lapa' },
]
const HEADER = 'subprefecture,immigrant_population,total_population,source,reference_date'
const file = (...lines: string[]) => [HEADER, ...lines].join('\n')
const bytes = (text: string) => new TextEncoder().encode(text)

describe('parseShareCsv', () => {
  it('reads a good file: names matched without accents or case, numbers with thousands separators', () => {
    const result = parseShareCsv(
      file(
        'BUTANTA,"5.995","428.217",IBGE Censo 2022,2022-08-01',
        'sé,26297,431106,Prefeitura,01/07/2019',
        'sao miguel paulista,1 478,369 496,x,2019-07-01',
        'MBoi Mirim,1690,563305,x,2019-07-01',
      ),
      SUBS,
    )
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          subprefectureId: 1,
          immigrant: 5995,
          total: 428217,
          source: 'IBGE Censo 2022',
          referenceDate: '2022-08-01',
        },
        {
          line: 3,
          subprefectureId: 2,
          immigrant: 26297,
          total: 431106,
          source: 'Prefeitura',
          referenceDate: '2019-07-01',
        },
        {
          line: 4,
          subprefectureId: 3,
          immigrant: 1478,
          total: 369496,
          source: 'x',
          referenceDate: '2019-07-01',
        },
        {
          line: 5,
          subprefectureId: 4,
          immigrant: 1690,
          total: 563305,
          source: 'x',
          referenceDate: '2019-07-01',
        },
      ],
    })
  })

  it('reads CRLF, a BOM, semicolons, quoted fields with commas, quotes and line breaks, and Portuguese headers', () => {
    const text =
      '\uFEFFSubprefeitura;População imigrante;População total;Fonte;Data de referência\r\n' +
      'Sé;100;1000;"Censo; ""oficial"", com\r\nduas linhas";2019-07-01\r\n' +
      '\r\n' +
      'Butantã;"1.000";"10.000";IBGE;2019-07-01\r\n'
    const result = parseShareCsv(text, SUBS)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rows.map((r) => [r.line, r.subprefectureId, r.immigrant, r.total, r.source])).toEqual([
      [2, 2, 100, 1000, 'Censo; "oficial", com\r\nduas linhas'],
      // Line numbers are the file's, after the quoted line break and the blank line.
      [5, 1, 1000, 10000, 'IBGE'],
    ])
  })

  it('refuses each kind of wrong line, with its line and column, and keeps none', () => {
    const result = parseShareCsv(
      file(
        'Atlantis,1,10,x,2019-07-01',
        'Sé,1,10,x,2019-07-01',
        'se,2,20,x,2019-07-01',
        'Butantã,dez,10,x,2019-07-01',
        'São Miguel Paulista,11,10,x,2019-07-01',
        "M'Boi Mirim,0,0,x,2019-07-01",
        'Lapa,1,10,,',
        'Butantã,1.5,-3,x,31/02/2019',
      ),
      SUBS,
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error).toBe('rows_invalid')
    expect(result.problems).toEqual([
      { line: 2, column: 'subprefecture', error: 'unknown_subprefecture', value: 'Atlantis' },
      { line: 4, column: 'subprefecture', error: 'duplicate_subprefecture', value: 'se', firstLine: 3 },
      { line: 5, column: 'immigrant_population', error: 'not_a_number', value: 'dez' },
      { line: 6, column: 'immigrant_population', error: 'immigrant_over_total' },
      { line: 7, column: 'total_population', error: 'total_zero' },
      { line: 8, column: 'source', error: 'required' },
      { line: 8, column: 'reference_date', error: 'required' },
      // Butantã again: line 5 named it first (a refused line still claims its subprefecture).
      { line: 9, column: 'subprefecture', error: 'duplicate_subprefecture', value: 'Butantã', firstLine: 5 },
      { line: 9, column: 'immigrant_population', error: 'not_a_number', value: '1.5' },
      { line: 9, column: 'total_population', error: 'not_a_number', value: '-3' },
      { line: 9, column: 'reference_date', error: 'date_invalid', value: '31/02/2019' },
    ])
  })

  it('refuses a file without data, or without a needed column', () => {
    expect(parseShareCsv(HEADER, SUBS)).toEqual({ ok: false, error: 'empty' })
    expect(parseShareCsv('', SUBS)).toEqual({ ok: false, error: 'empty' })
    expect(parseShareCsv('subprefecture,immigrant_share_pct,source\nSé,3,x', SUBS)).toEqual({
      ok: false,
      error: 'bad_header',
      missing: ['immigrant_population', 'total_population', 'reference_date'],
    })
  })

  it('bounds the input: too many rows, too large a file, a huge field', () => {
    const many = file(...Array.from({ length: MAX_SHARE_ROWS + 1 }, () => 'Sé,1,10,x,2019-07-01'))
    expect(parseShareCsv(many, SUBS)).toEqual({ ok: false, error: 'too_many_rows' })
    // Counted before parsing: a million line breaks are not parsed.
    expect(parseShareCsv(HEADER + '\n'.repeat(60_000), SUBS)).toEqual({ ok: false, error: 'too_many_rows' })
    expect(readShareCsv(bytes(file('Sé,1,10,x,2019-07-01') + ' '.repeat(MAX_SHARE_CSV_BYTES)), SUBS)).toEqual(
      {
        ok: false,
        error: 'too_large',
      },
    )
    expect(readShareCsv(new Uint8Array(0), SUBS)).toEqual({ ok: false, error: 'empty' })
    const huge = 'x'.repeat(MAX_SHARE_FIELD + 1)
    const result = parseShareCsv(file(`Sé,1,10,${huge},2019-07-01`, `${huge},1,10,x,2019-07-01`), SUBS)
    expect(result).toMatchObject({
      ok: false,
      problems: [
        { line: 2, column: 'source', error: 'too_long' },
        { line: 3, column: 'subprefecture', error: 'too_long' },
      ],
    })
  })

  it('takes well under a second on a hostile file at the size limit', () => {
    const hostile = `${HEADER}\nSé,${'1,'.repeat(20_000)}\n"${'"'.repeat(20_000)}`
    const started = performance.now()
    expect(parseShareCsv(hostile.slice(0, MAX_SHARE_CSV_BYTES), SUBS).ok).toBe(false)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('reads a Windows-1252 file from a spreadsheet program', () => {
    const text = file('Butantã,1,10,Prefeitura de São Paulo,2019-07-01')
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0))
    expect(readShareCsv(latin1, SUBS)).toMatchObject({
      ok: true,
      rows: [{ subprefectureId: 1, source: 'Prefeitura de São Paulo' }],
    })
  })
})

describe('parseCount', () => {
  it('reads whole numbers, with thousands grouped', () => {
    expect(parseCount('1234')).toBe(1234)
    expect(parseCount('1.234.567')).toBe(1234567)
    expect(parseCount('1,234')).toBe(1234)
    expect(parseCount('0')).toBe(0)
  })
  it('refuses decimals, signs, words and badly grouped numbers', () => {
    for (const v of ['1.5', '-1', '+1', '1e3', 'mil', '12.34.567', '1..234', '', '1234567890']) {
      expect(parseCount(v), v).toBeNull()
    }
  })
})

describe('seatsForPopulation (2015 rule)', () => {
  const seats = (immigrant: number, total: number) =>
    seatsForPopulation({ immigrant, total }, DEFAULT_SHARE_THRESHOLDS)
  it('gives 1 seat up to 3 %, 2 above 3 %, 3 from 4 %, compared exactly', () => {
    expect(seats(299, 10_000)).toBe(1)
    // Exactly 3 % is not "more than 3 %".
    expect(seats(8691, 289_700)).toBe(1)
    expect(seats(8692, 289_700)).toBe(2)
    expect(seats(3, 100)).toBe(1)
    expect(seats(301, 10_000)).toBe(2)
    expect(seats(399, 10_000)).toBe(2)
    expect(seats(4, 100)).toBe(3)
    expect(seats(0, 10)).toBe(1)
    expect(seatsForPopulation(null, DEFAULT_SHARE_THRESHOLDS)).toBe(1)
  })
})
