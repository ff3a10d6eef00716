import type { Kysely } from 'kysely'
import type { Language } from '../../app/i18n/config'
import { fingerprint, parseContent } from '../../app/i18n/content'
import { applyTranslation } from '../../app/translations/apply.server'
import { translatableField, type TranslatableField } from '../../app/translations/registry.server'
import type { Database } from '../schema'
import { DEMO_TRANSLATIONS, type DemoTranslation } from './translations-data'

// The demo's translations (issue #19), published after every feature seed has written its texts,
// each made from the original as it stands (its fingerprint is the translation's basis, so an
// original edited later in the demo marks the translation outdated, as for any translation).

export type SeedTranslationsOptions = {
  /** who wrote the translations and who reviewed them (the demo's translator accounts) */
  translatorId: string | null
  reviewerId: string | null
  /** the fingerprint a translation is made from, given the stored column; default: its original's */
  basisOf?: (stored: string | null) => string
}

export type SeedTranslationsReport = {
  published: number
  /** kinds the registry does not list yet on this branch (wired at merge) */
  notRegistered: number
  /** rows the seed did not create (a demo seeded without some features, e.g. `pollWorkers: false`) */
  notFound: number
}

export const currentBasis = (stored: string | null): string => {
  const content = parseContent(stored)
  return fingerprint(content.texts[content.original] ?? '')
}

type People = Pick<SeedTranslationsOptions, 'translatorId' | 'reviewerId'>

/**
 * How one demo translation becomes public — the ONE place to change when the workflow lands
 * (then: submitted by the translator, published by the reviewer through the workflow). Today it
 * publishes straight into the entity through the registry's compare-and-set.
 */
async function publishDemoTranslation(
  db: Kysely<Database>,
  field: TranslatableField,
  entry: DemoTranslation,
  basis: string,
  _people: People,
) {
  return applyTranslation(db, field, entry.id, entry.language, entry.text, basis)
}

export async function seedTranslations(
  db: Kysely<Database>,
  { translatorId, reviewerId, basisOf = currentBasis }: SeedTranslationsOptions,
  entries: readonly DemoTranslation[] = DEMO_TRANSLATIONS,
): Promise<SeedTranslationsReport> {
  const report: SeedTranslationsReport = { published: 0, notRegistered: 0, notFound: 0 }
  for (const entry of entries) {
    const field = translatableField(entry.kind)
    // wired at merge: kinds other helpers add to the registry in parallel are skipped and counted
    // until then (conference_proposal.*, plan_objective.title, campaign.title, polling_place.name…).
    if (!field) {
      report.notRegistered += 1
      continue
    }
    const stored = await storedText(db, field, entry.id)
    if (stored === undefined) {
      report.notFound += 1
      continue
    }
    const result = await publishDemoTranslation(db, field, entry, basisOf(stored), {
      translatorId,
      reviewerId,
    })
    // Anything else is a mistake in the demo data (a translation into the original's language,
    // an original changed under it): the seed stops rather than load a half-translated demo.
    if (!result.ok) throw new Error(`demo translation ${describe(entry)}: ${result.error}`)
    report.published += 1
  }
  return report
}

async function storedText(
  db: Kysely<Database>,
  field: TranslatableField,
  id: string,
): Promise<string | null | undefined> {
  // The registry names tables and columns from code, never from input (as apply.server.ts does).
  const anyDb = db as unknown as Kysely<Record<string, Record<string, string | null>>>
  const row = await anyDb
    .selectFrom(field.table)
    .select(`${field.column} as stored`)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? ((row as { stored: string | null }).stored ?? null) : undefined
}

const describe = (e: { kind: string; id: string; language: Language }) => `${e.kind} ${e.id} ${e.language}`
