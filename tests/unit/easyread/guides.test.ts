import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { backLink, findGuide, GUIDES, guideHref, QUOTED_LABELS } from '../../../app/easyread/guides'
import { GuideQuerySchema } from '../../../app/easyread/schemas.server'
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../../app/i18n/config'
import { isDirectional, isPictogram, Pictogram, PICTOGRAM_NAMES } from '../../../app/ui/pictograms'

// Issue #19 (easy read): every guide has enough numbered steps, in every language, each with a
// pictogram that exists; the texts keep Inclusion Europe's easy-to-read rules that a test can see
// (short lines, one idea per line, the hard words explained); the buttons a guide quotes are the
// real pages' buttons; the review line is driven by data.

type Tree = { [k: string]: string | Tree }
const load = (lng: string, ns: string): Tree =>
  JSON.parse(readFileSync(join('locales', lng, `${ns}.json`), 'utf8')) as Tree
const at = (tree: Tree, path: string): Tree | string | undefined =>
  path
    .split('.')
    .reduce<Tree | string | undefined>((node, k) => (typeof node === 'object' ? node[k] : undefined), tree)
const linesAt = (tree: Tree, path: string): string[] => {
  const node = at(tree, path)
  return node && typeof node === 'object'
    ? Object.values(node).filter((v): v is string => typeof v === 'string')
    : []
}

const MIN_STEPS = 6
const MIN_LINES_PER_STEP = 2

/** Words in a line; Chinese has no spaces, so its characters are counted (about 2 per word). */
const lengthOf = (lng: string, line: string) =>
  lng === 'zh'
    ? Math.ceil(line.replace(/[\s\p{P}]/gu, '').length / 2)
    : line.split(/\s+/).filter(Boolean).length
/** Sentences in a line: a question and its answer ("Something wrong? Press Change.") is one idea. */
const sentencesOf = (line: string) => line.split(/[.!?。！？؟]+/u).filter((s) => s.trim()).length

describe('the guides (code)', () => {
  it('are the four pages that decide whether someone can take part, each with enough steps', () => {
    expect(GUIDES.map((g) => g.slug)).toEqual(['registration', 'ballot', 'results', 'polling-place'])
    for (const guide of GUIDES) {
      expect(guide.steps.length, guide.slug).toBeGreaterThanOrEqual(MIN_STEPS)
      expect(new Set(guide.steps.map((s) => s.id)).size, `${guide.slug} step ids`).toBe(guide.steps.length)
      expect(guide.words.length, `${guide.slug} explains its hard words`).toBeGreaterThan(0)
    }
  })

  it('give every step a pictogram that exists', () => {
    for (const guide of GUIDES)
      for (const step of guide.steps)
        expect(isPictogram(step.pictogram), `${guide.slug}.${step.id}`).toBe(true)
    expect(isPictogram('nothing')).toBe(false)
    expect(isPictogram('toString')).toBe(false)
  })

  it('find a guide by slug only', () => {
    expect(findGuide('polling-place')?.key).toBe('pollingPlace')
    expect(findGuide('pollingPlace')).toBeNull()
    expect(findGuide(undefined)).toBeNull()
  })
})

describe('every pictogram', () => {
  for (const name of PICTOGRAM_NAMES) {
    it(`${name} is decoration: hidden from screen readers, not focusable, drawn in the text colour`, () => {
      const html = renderToStaticMarkup(createElement(Pictogram, { name }))
      expect(html).toMatch(/^<svg [^>]*aria-hidden="true"/)
      expect(html).toContain('focusable="false"')
      expect(html).toContain('stroke="currentColor"')
      expect(html).not.toMatch(/<(?:image|use|text|title)\b|href=/)
      expect(html.includes('pictogram--directional')).toBe(isDirectional(name))
    })
  }

  it('that points somewhere is mirrored in right-to-left pages (send, sign in, chart)', () => {
    expect(PICTOGRAM_NAMES.filter(isDirectional).sort()).toEqual(['chart', 'send', 'signIn'])
    const css = readFileSync(join('app', 'styles', 'app.css'), 'utf8')
    expect(css).toMatch(/\[dir='rtl'\] \.pictogram--directional \{\s*transform: scaleX\(-1\);/)
  })
})

describe('the guides in every language', () => {
  for (const lng of LANGUAGES) {
    const file = load(lng, 'easyread')
    for (const guide of GUIDES) {
      const base = `guides.${guide.key}`
      it(`${lng}: ${guide.slug} has its ${guide.steps.length} numbered steps, each with a title and ≥ ${MIN_LINES_PER_STEP} lines`, () => {
        expect(typeof at(file, `${base}.title`)).toBe('string')
        expect(linesAt(file, `${base}.intro`).length).toBeGreaterThan(0)
        const steps = at(file, `${base}.steps`) as Tree
        expect(Object.keys(steps).sort()).toEqual(guide.steps.map((s) => s.id).sort())
        for (const step of guide.steps) {
          expect(typeof at(file, `${base}.steps.${step.id}.title`), `${lng} ${step.id} title`).toBe('string')
          expect(
            linesAt(file, `${base}.steps.${step.id}.lines`).length,
            `${lng} ${step.id}`,
          ).toBeGreaterThanOrEqual(MIN_LINES_PER_STEP)
        }
        for (const word of guide.words) {
          expect(typeof at(file, `${base}.words.${word}.term`), `${lng} ${word}`).toBe('string')
          expect(typeof at(file, `${base}.words.${word}.meaning`), `${lng} ${word}`).toBe('string')
        }
      })

      it(`${lng}: ${guide.slug} keeps to short lines, one idea each`, () => {
        const lines = [
          ...linesAt(file, `${base}.intro`),
          ...guide.steps.flatMap((s) => linesAt(file, `${base}.steps.${s.id}.lines`)),
        ]
        for (const line of lines) {
          expect(lengthOf(lng, line), `${lng}: "${line}" is long`).toBeLessThanOrEqual(16)
          expect(sentencesOf(line), `${lng}: "${line}" has more than one idea`).toBeLessThanOrEqual(2)
        }
      })
    }
  }

  it('quote only buttons and labels that exist on the real pages', () => {
    const source = load(DEFAULT_LANGUAGE, 'easyread')
    const used = new Set([...JSON.stringify(source.guides).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))
    expect([...used].filter((name) => !(name in QUOTED_LABELS))).toEqual([])
    for (const [name, key] of Object.entries(QUOTED_LABELS)) {
      const [ns, path] = key.split(':')
      for (const lng of LANGUAGES)
        expect(typeof at(load(lng, ns), path), `${lng} ${name} → ${key}`).toBe('string')
    }
  })
})

describe('review state', () => {
  it('is no longer typed into the locale files: it comes from the database (ADR 026 "Review")', () => {
    for (const lng of LANGUAGES) {
      const meta = at(load(lng, 'easyread'), 'meta') as Record<string, unknown>
      expect(meta.reviewed, `${lng} meta.reviewed`).toBeUndefined()
    }
  })
})

describe('links between the real pages and the guides', () => {
  it('a guide opened from one election goes back to that election, otherwise to the general page', () => {
    const ballot = findGuide('ballot')!
    expect(backLink(ballot, 'demo-election-cpm-2026')).toEqual({
      to: '/elections/demo-election-cpm-2026/vote',
      label: 'election',
    })
    expect(backLink(findGuide('results')!, 'e1')).toEqual({ to: '/elections/e1/results', label: 'election' })
    expect(backLink(findGuide('polling-place')!, 'e1')).toEqual({
      to: '/elections/e1#polling-places',
      label: 'election',
    })
    expect(backLink(ballot, undefined)).toEqual({ to: '/elections', label: 'elections' })
    // Registration has no election: the election is ignored.
    expect(backLink(findGuide('registration')!, 'e1')).toEqual({ to: '/registration', label: 'registration' })
  })

  it('an election id that is not an id is ignored, never echoed into a link', () => {
    expect(GuideQuerySchema.parse({ election: 'demo-election-cmi-2024' }).election).toBe(
      'demo-election-cmi-2024',
    )
    for (const bad of ['//evil.example', '../admin', 'a b', 'x'.repeat(81), '', 'e1?x=1', 'e1#y'])
      expect(GuideQuerySchema.parse({ election: bad }).election, bad).toBeUndefined()
    expect(GuideQuerySchema.parse({}).election).toBeUndefined()
  })

  it('the real pages link to their guide, with the election they came from', () => {
    expect(guideHref('registration')).toBe('/easy-read/registration')
    expect(guideHref('ballot', 'e-1')).toBe('/easy-read/ballot?election=e-1')
  })
})
