import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// A date must reach the reader through <DateTime iso language /> or formatDate (their language, not
// "1990-05-17"). This scan refuses the ways a raw ISO date has slipped into pages before (#19):
// - a date column rendered as a JSX child: `<dd>{r.birth_date}</dd>`, `({u.reference_date})`;
// - an ISO string cut or made in JSX: `{x.created_at.slice(0, 10)}`, `{d.toISOString()}`;
// - a raw date handed to a translation: `t('…', { date: c.birth_date })`.
// Attributes (`iso={r.birth_date}`, `key={m.created_at}`, `defaultValue=`) are not text and pass.
const DATE_FIELD = String.raw`[\w.!?]*\b(?:\w+_date|\w+_on|\w+_at|deadline|birthDate|date)`

export function rawDates(source: string): string[] {
  const found: string[] = []
  const patterns = [
    // {x.birth_date} or {x.birth_date ?? '—'} as a child, not an attribute value.
    new RegExp(String.raw`(?<![=\w$])\{\s*(${DATE_FIELD})\s*(?:\?\?\s*'[^']*'\s*)?\}`, 'g'),
    // {… .slice(0, 10) …} / {… toISOString() …} in JSX text (an object literal `{ on: … }` is code).
    /(?<![=\w$(,]\s*)\{(?!\s*\w+\s*:)[^{}]*(?:toISOString\(\)|\.slice\(0,\s*1[06]\))[^{}]*\}/g,
    // t('…', { date: x.birth_date }) — a bare date value, no formatDate(…) around it.
    new RegExp(String.raw`\bt\(\s*['\`][^'\`]+['\`]\s*,\s*\{[^}]*\b\w+\s*:\s*(${DATE_FIELD})\s*[,}]`, 'g'),
  ]
  for (const pattern of patterns)
    for (const m of source.matchAll(pattern)) found.push(m[0].replace(/\s+/g, ' '))
  return found
}

describe('the raw-date scanner', () => {
  it('finds raw dates in JSX text and translations', () => {
    expect(rawDates('<dd>{r.birth_date}</dd>')).toHaveLength(1)
    expect(rawDates("<dd>{r.birth_date ?? '—'}</dd>")).toHaveLength(1)
    expect(rawDates('{u.value} {u.unit} ({u.reference_date})')).toHaveLength(1)
    expect(rawDates('<td>{m.starts_at.slice(0, 10)}</td>')).toHaveLength(1)
    expect(rawDates('<p>{new Date(x).toISOString()}</p>')).toHaveLength(1)
    expect(rawDates("<li>{t('manage.representativeBorn', { date: c.birth_date })}</li>")).toHaveLength(1)
  })

  it('lets formatted dates, attributes and code through', () => {
    expect(rawDates('<DateTime iso={r.birth_date} language={lng} dateOnly />')).toEqual([])
    expect(rawDates('<li key={m.created_at}>')).toEqual([])
    expect(rawDates('<input type="date" defaultValue={v.birth_date} />')).toEqual([])
    expect(rawDates("{t('x', { date: formatDate(c.birth_date, i18n.language) })}")).toEqual([])
    expect(
      rawDates('await membersOn(db, { bodyId: body.id, on: new Date().toISOString().slice(0, 10) })'),
    ).toEqual([])
    expect(rawDates('termSummaries(db, new Date().toISOString().slice(0, 10))')).toEqual([])
    expect(rawDates('{formatDate(i.deadline, lng)}')).toEqual([])
  })
})

describe('pages show dates in the reader’s language', () => {
  it('no JSX in app/ renders an ISO date raw', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry)
        if (statSync(path).isDirectory()) walk(path)
        else if (entry.endsWith('.tsx')) files.push(path)
      }
    }
    walk('app')
    const found = files.flatMap((file) => rawDates(readFileSync(file, 'utf8')).map((m) => `${file}: ${m}`))
    expect(found).toEqual([])
  })
})
