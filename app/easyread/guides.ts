import type { PictogramName } from '../ui/pictograms'

// The easy-read guides (issue #19, docs/decisions/026-easy-read.md): instructions for the four pages
// that decide whether someone can take part. The order of the steps and each step's pictogram are
// code (they do not change with the language); every word is in locales/<lng>/easyread.json under
// `guides.<key>`. A second reader of each language checks each guide through the product
// (/translate/easy-read, app/easyread/reviews.server.ts; ADR 026 "Review").

export type GuideStep = { id: string; pictogram: PictogramName }
export type Guide = {
  slug: string
  /** The guide's object in easyread.json. */
  key: string
  /** Where the guide sends the reader back to, without a given election. */
  back: { to: string; label: 'registration' | 'elections' }
  steps: readonly GuideStep[]
  /** Hard words the guide explains (keys under `guides.<key>.words`). */
  words: readonly string[]
}

export const GUIDES: readonly Guide[] = [
  {
    slug: 'registration',
    key: 'registration',
    back: { to: '/registration', label: 'registration' },
    steps: [
      { id: 'account', pictogram: 'account' },
      { id: 'about', pictogram: 'form' },
      { id: 'home', pictogram: 'home' },
      { id: 'document', pictogram: 'document' },
      { id: 'contact', pictogram: 'phone' },
      { id: 'send', pictogram: 'send' },
      { id: 'wait', pictogram: 'clock' },
      { id: 'answer', pictogram: 'check' },
    ],
    words: ['subprefecture', 'protocol', 'secretariat', 'crai'],
  },
  {
    slug: 'ballot',
    key: 'ballot',
    back: { to: '/elections', label: 'elections' },
    steps: [
      { id: 'signIn', pictogram: 'signIn' },
      { id: 'open', pictogram: 'ballot' },
      { id: 'choose', pictogram: 'choose' },
      { id: 'blank', pictogram: 'blank' },
      { id: 'check', pictogram: 'look' },
      { id: 'confirm', pictogram: 'check' },
      { id: 'code', pictogram: 'code' },
      { id: 'verify', pictogram: 'list' },
    ],
    words: ['contest', 'blankVote', 'trackingCode', 'roll'],
  },
  {
    slug: 'results',
    key: 'results',
    back: { to: '/elections', label: 'elections' },
    steps: [
      { id: 'open', pictogram: 'chart' },
      { id: 'preliminary', pictogram: 'clock' },
      { id: 'official', pictogram: 'official' },
      { id: 'order', pictogram: 'list' },
      { id: 'elected', pictogram: 'seat' },
      { id: 'alternate', pictogram: 'alternate' },
      { id: 'parity', pictogram: 'parity' },
      { id: 'code', pictogram: 'code' },
    ],
    words: ['seat', 'alternate', 'parity', 'gazette'],
  },
  {
    slug: 'polling-place',
    key: 'pollingPlace',
    back: { to: '/elections', label: 'elections' },
    steps: [
      { id: 'find', pictogram: 'place' },
      { id: 'day', pictogram: 'calendar' },
      { id: 'bring', pictogram: 'document' },
      { id: 'worker', pictogram: 'pollWorker' },
      { id: 'booth', pictogram: 'booth' },
      { id: 'paper', pictogram: 'ballotBox' },
      { id: 'code', pictogram: 'code' },
      { id: 'once', pictogram: 'once' },
    ],
    words: ['pollingPlace', 'pollWorker', 'booth', 'roll'],
  },
]

/**
 * The real pages' buttons and labels that the guides quote (`“{{confirm}}”`), read from the pages'
 * own namespaces: the words a guide tells the reader to press are always the words on the button.
 */
export const QUOTED_LABELS = {
  start: 'registration:landing.start',
  edit: 'registration:wizard.edit',
  submit: 'registration:wizard.submit',
  vote: 'elections:overview.vote',
  blank: 'elections:vote.blank',
  review: 'elections:vote.review',
  change: 'elections:vote.change',
  confirm: 'elections:vote.confirm',
  verify: 'elections:overview.verify',
  results: 'elections:overview.results',
  elected: 'elections:outcomes.elected',
  alternate: 'elections:outcomes.alternate',
  places: 'polling:public.title',
} as const

export const GUIDE_SLUGS = GUIDES.map((g) => g.slug)

export function findGuide(slug: string | undefined): Guide | null {
  return GUIDES.find((g) => g.slug === slug) ?? null
}

const ELECTION_PAGE: Record<string, (id: string) => string> = {
  ballot: (id) => `/elections/${id}/vote`,
  results: (id) => `/elections/${id}/results`,
  'polling-place': (id) => `/elections/${id}#polling-places`,
}

export function backLink(
  guide: Guide,
  election: string | undefined,
): { to: string; label: Guide['back']['label'] | 'election' } {
  const page = election ? ELECTION_PAGE[guide.slug] : undefined
  return page && election ? { to: page(election), label: 'election' } : guide.back
}

/** The easy-read link on a real page: to its guide, remembering the election it came from. */
export function guideHref(slug: string, election?: string): string {
  return election ? `/easy-read/${slug}?election=${encodeURIComponent(election)}` : `/easy-read/${slug}`
}
