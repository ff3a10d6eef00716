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

type People = { translatorId: string | null; reviewerId: string | null }

export type SeedTranslationsOptions = {
  /** who wrote the translation into a language and who reviewed and published it */
  people: (language: Language) => People
  /** the fingerprint a translation is made from, given the stored column; default: its original's */
  basisOf?: (stored: string | null) => string
}

export type SeedTranslationsReport = {
  published: number
  /** rows the seed did not create (a demo seeded without some features, e.g. `pollWorkers: false`) */
  notFound: number
}

export const currentBasis = (stored: string | null): string => {
  const content = parseContent(stored)
  return fingerprint(content.texts[content.original] ?? '')
}

/**
 * How one demo translation becomes public, as through the workflow (ADR 028): submitted by a
 * translator, published by a second person. The domain functions open their own transactions and
 * the demo is seeded in one, so the seed writes what they would: the published text through the
 * registry's compare-and-set, and the submission's record with who wrote and who reviewed it.
 */
async function publishDemoTranslation(
  db: Kysely<Database>,
  field: TranslatableField,
  entry: DemoTranslation,
  basis: string,
  people: People,
) {
  const result = await applyTranslation(db, field, entry.id, entry.language, entry.text, basis)
  if (!result.ok) return result
  await db
    .insertInto('translation_submissions')
    .values({
      id: `demo-tr-${entry.kind}-${entry.id}-${entry.language}`,
      kind: entry.kind,
      entity_id: entry.id,
      language: entry.language,
      text: entry.text,
      basis,
      status: 'published',
      translator_id: people.translatorId,
      reviewer_id: people.reviewerId,
      review_note: null,
      created_at: SUBMITTED_AT,
      decided_at: REVIEWED_AT,
      pending_key: null,
    })
    .execute()
  return result
}

const SUBMITTED_AT = '2026-02-02T13:00:00.000Z'
const REVIEWED_AT = '2026-02-03T15:00:00.000Z'

export async function seedTranslations(
  db: Kysely<Database>,
  { people, basisOf = currentBasis }: SeedTranslationsOptions,
  entries: readonly DemoTranslation[] = DEMO_TRANSLATIONS,
): Promise<SeedTranslationsReport> {
  const report: SeedTranslationsReport = { published: 0, notFound: 0 }
  for (const entry of entries) {
    const field = translatableField(entry.kind)
    // A kind the registry does not list is a mistake in the demo data, not a row to skip.
    if (!field) throw new Error(`demo translation ${describe(entry)}: unknown kind`)
    const stored = await storedText(db, field, entry.id)
    if (stored === undefined) {
      report.notFound += 1
      continue
    }
    const result = await publishDemoTranslation(db, field, entry, basisOf(stored), people(entry.language))
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
