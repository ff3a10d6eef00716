import { getResources } from '../i18n/resources.server'
import type { Language } from '../i18n/config'
import { guideFingerprint } from './fingerprint'
import { QUOTED_LABELS, type Guide } from './guides'

// One easy-read guide's text in one language, read from the locale files the server shipped with
// (issue #19, ADR 026 "Review"): what a reviewer reads beside the pt-BR original, and the
// fingerprint a review records.

export type GuideText = {
  language: Language
  title: string
  intro: string[]
  steps: { id: string; title: string; lines: string[] }[]
  words: { term: string; meaning: string }[]
}

type Tree = Record<string, unknown>

function at(tree: unknown, path: string): unknown {
  let node: unknown = tree
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined
    node = (node as Tree)[part]
  }
  return node
}

/** The guide's subtree of easyread.json in that language (what the fingerprint covers). */
export function guideSubtree(language: Language, guide: Guide): unknown {
  return at(getResources()[language].easyread, `guides.${guide.key}`)
}

// The locale files are read once per process (resources.server.ts), so a guide's fingerprint in a
// language cannot change while the server runs: computed once, not on every public page view.
const prints = new Map<string, string>()

/** The fingerprint of the guide's text in that language as shipped now. */
export function currentGuideFingerprint(language: Language, guide: Guide): string {
  const key = `${guide.slug}|${language}`
  let print = prints.get(key)
  if (print === undefined) {
    print = guideFingerprint(guideSubtree(language, guide))
    prints.set(key, print)
  }
  return print
}

/** The guide's words with the real pages' labels filled in, as the public page shows them. */
export function guideText(language: Language, guide: Guide): GuideText {
  const resources = getResources()[language]
  const labels = Object.fromEntries(
    Object.entries(QUOTED_LABELS).map(([name, key]) => {
      const [ns, path] = key.split(':') as [keyof typeof resources, string]
      const value = at(resources[ns], path)
      return [name, typeof value === 'string' ? value : '']
    }),
  )
  const fill = (value: unknown): string =>
    typeof value === 'string'
      ? value.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => labels[name] ?? whole)
      : ''
  const lines = (value: unknown): string[] =>
    value && typeof value === 'object' ? Object.values(value as Tree).map(fill) : []
  const tree = guideSubtree(language, guide)
  return {
    language,
    title: fill(at(tree, 'title')),
    intro: lines(at(tree, 'intro')),
    steps: guide.steps.map((step) => ({
      id: step.id,
      title: fill(at(tree, `steps.${step.id}.title`)),
      lines: lines(at(tree, `steps.${step.id}.lines`)),
    })),
    words: guide.words.map((word) => ({
      term: fill(at(tree, `words.${word}.term`)),
      meaning: fill(at(tree, `words.${word}.meaning`)),
    })),
  }
}
