import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Language } from '../../../app/i18n/config'
import { parseContent, pickText } from '../../../app/i18n/content'
import { translatableField } from '../../../app/translations/registry.server'
import type { Database } from '../../../db/schema'
import { seedDemo } from '../../../db/seed'
import { currentBasis, seedTranslations } from '../../../db/seed/translations'
import { DELIBERATE_GAPS, DEMO_TRANSLATIONS } from '../../../db/seed/translations-data'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'

afterAll(dropDatabasesOfThisFile)

// Where each kind of demo text lives, read here without the registry (some kinds are registered by
// other parts of #19): the JSON column when the text has one, else the plain column's language.
type Source = { table: string; column?: string; language?: string; original?: Language }
const SOURCES: Record<string, Source> = {
  'election.title': { table: 'elections', column: 'title_i18n' },
  'election.description': { table: 'elections', column: 'description_i18n' },
  'candidacy.statement': { table: 'candidacies', column: 'statement_i18n' },
  'polling_place.name': { table: 'polling_places', language: 'text_language' },
  'conference_edition.title': { table: 'conference_editions', column: 'title_i18n' },
  'conference_edition.motto': { table: 'conference_editions', column: 'motto_i18n' },
  'conference_axis.name': { table: 'conference_axes', column: 'name_i18n' },
  'conference_proposal.title': { table: 'proposals', language: 'language' },
  'conference_proposal.body': { table: 'proposals', language: 'language' },
  'plan_edition.title': { table: 'plan_editions', column: 'title_i18n' },
  'plan_body.name': { table: 'plan_bodies', column: 'name_i18n' },
  'plan_objective.title': { table: 'plan_objectives', column: 'title_i18n' },
  'plan_action.title': { table: 'plan_actions', column: 'title_i18n' },
  'plan_indicator.name': { table: 'plan_indicators', column: 'name_i18n' },
  'campaign.title': { table: 'campaigns', column: 'title_i18n' },
  'campaign_material.label': { table: 'campaign_materials', language: 'language' },
  'consultation.title': { table: 'consultations', column: 'title_i18n' },
  'consultation.summary': { table: 'consultations', column: 'summary_i18n' },
  'consultation_section.heading': { table: 'consultation_sections', column: 'heading_i18n' },
  'consultation_paragraph.body': { table: 'consultation_paragraphs', column: 'body_i18n' },
  'consultation_question.prompt': { table: 'consultation_questions', column: 'prompt_i18n' },
  'council_body.name': { table: 'council_bodies', column: 'name_i18n' },
  'meeting.title': { table: 'meetings', original: 'pt-BR' },
  // Meetings and agenda items are written in Portuguese (their texts get a JSON column at merge).
  'agenda_item.title': { table: 'agenda_items', original: 'pt-BR' },
  'agenda_item.description': { table: 'agenda_items', original: 'pt-BR' },
}

const READERS: Language[] = ['ar', 'zh', 'ht']
const key = (kind: string, id: string, language: string) => `${kind}|${id}|${language}`
const inData = new Set(DEMO_TRANSLATIONS.map((e) => key(e.kind, e.id, e.language)))

type AnyDb = Kysely<Record<string, Record<string, string | null>>>

async function sourceRow(db: Kysely<Database>, kind: string, id: string) {
  const source = SOURCES[kind]!
  const row = await (db as unknown as AnyDb)
    .selectFrom(source.table)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return row as Record<string, string | null> | undefined
}

/** The language the author wrote in, as the feature seed stored it. */
async function originalLanguage(db: Kysely<Database>, kind: string, id: string) {
  const source = SOURCES[kind]!
  const row = (await sourceRow(db, kind, id))!
  if (source.column) return parseContent(row[source.column]).original
  return source.language ? row[source.language] : source.original
}

/** Whether a reader in `language` sees this text in their language once the demo is seeded. */
async function readable(db: Kysely<Database>, kind: string, id: string, language: Language) {
  const field = translatableField(kind)
  if (field) {
    const row = (await (db as unknown as AnyDb)
      .selectFrom(field.table)
      .select(`${field.column} as stored`)
      .where('id', '=', id)
      .executeTakeFirstOrThrow()) as { stored: string | null }
    return pickText(row.stored, language).state !== 'untranslated'
  }
  // wired at merge: a kind not yet registered on this branch counts when the data carries it.
  const source = SOURCES[kind]!
  const row = (await sourceRow(db, kind, id))!
  if (source.column && parseContent(row[source.column]).texts[language]) return true
  if (source.language && row[source.language] === language) return true
  if (source.original === language) return true
  return inData.has(key(kind, id, language))
}

describe('the demo’s translations (#19)', () => {
  let db: Awaited<ReturnType<typeof createTestDb>>
  beforeAll(async () => {
    db = await createTestDb()
    // Without the 2024 election's Belenios archive (most of the seed's time; tests/integration/belenios/demo-archive.test.ts has it).
    expect(await seedDemo(db, { verifiableElection: false })).toBe(true)
  })

  it('names only known kinds and existing rows, once each, never in the original’s language', async () => {
    const seen = new Set<string>()
    for (const e of DEMO_TRANSLATIONS) {
      expect(SOURCES[e.kind], e.kind).toBeDefined()
      expect(await sourceRow(db, e.kind, e.id), `${e.kind} ${e.id}`).toBeDefined()
      expect(await originalLanguage(db, e.kind, e.id), `${e.kind} ${e.id}`).not.toBe(e.language)
      expect(seen.has(key(e.kind, e.id, e.language)), `twice: ${e.kind} ${e.id} ${e.language}`).toBe(false)
      seen.add(key(e.kind, e.id, e.language))
      expect(e.text.trim()).not.toBe('')
    }
  })

  it('reads every registered translation back in its language, as a current translation', async () => {
    const registered = DEMO_TRANSLATIONS.filter((e) => translatableField(e.kind))
    expect(registered.length).toBeGreaterThan(0)
    for (const e of registered) {
      const field = translatableField(e.kind)!
      const row = (await (db as unknown as AnyDb)
        .selectFrom(field.table)
        .select(`${field.column} as stored`)
        .where('id', '=', e.id)
        .executeTakeFirstOrThrow()) as { stored: string | null }
      expect(pickText(row.stored, e.language), `${e.kind} ${e.id} ${e.language}`).toMatchObject({
        text: e.text,
        lang: e.language,
        state: 'translated',
      })
      // Published with its basis: editing the original later marks it outdated.
      expect(parseContent(row.stored).basis[e.language]).toBe(currentBasis(row.stored))
    }
  })

  it('leaves in ar, zh and ht only the deliberate gaps among what the five pages list', async () => {
    const ids = async (table: keyof Database & string, where?: [string, string[]]) => {
      let q = (db as unknown as AnyDb).selectFrom(table).select('id')
      if (where) q = q.where(where[0], 'in', where[1])
      return (await q.orderBy('id').execute()).map((r) => r.id as string)
    }
    const plan = await ids('plan_editions', ['status', ['in_force']])
    const actions = await ids('plan_actions', ['edition_id', plan])
    const open = await ids('consultations', ['status', ['open']])
    const convened = await ids('meetings', ['status', ['convened']])
    const texts: [string, string[]][] = [
      ['election.title', await ids('elections', ['phase', ['candidacy_open', 'voting_open']])],
      ['election.description', await ids('elections', ['phase', ['candidacy_open', 'voting_open']])],
      ['conference_edition.title', await ids('conference_editions')],
      ['conference_proposal.title', await ids('proposals')],
      ['conference_proposal.body', await ids('proposals')],
      ['plan_edition.title', plan],
      ['plan_body.name', await ids('plan_bodies')],
      ['plan_objective.title', await ids('plan_objectives', ['edition_id', plan])],
      ['plan_action.title', actions],
      ['plan_indicator.name', await ids('plan_indicators', ['action_id', actions])],
      ['campaign.title', await ids('campaigns')],
      ['consultation.title', await ids('consultations')],
      ['consultation.summary', await ids('consultations')],
      ['consultation_section.heading', await ids('consultation_sections', ['consultation_id', open])],
      ['consultation_paragraph.body', await ids('consultation_paragraphs', ['consultation_id', open])],
      ['consultation_question.prompt', await ids('consultation_questions', ['consultation_id', open])],
      ['council_body.name', await ids('council_bodies')],
      ['agenda_item.title', await ids('agenda_items', ['meeting_id', convened])],
    ]
    expect(texts.find(([k]) => k === 'conference_proposal.title')![1]).toHaveLength(27)
    expect(texts.find(([k]) => k === 'plan_action.title')![1]).toHaveLength(14)
    const missing: string[] = []
    for (const [kind, list] of texts) {
      expect(list.length, kind).toBeGreaterThan(0)
      for (const id of list)
        for (const language of READERS)
          if (!(await readable(db, kind, id, language))) missing.push(key(kind, id, language))
    }
    expect(missing.sort()).toEqual(DELIBERATE_GAPS.map((g) => key(g.kind, g.id, g.language)).sort())
    // Exactly one item per language.
    for (const language of READERS)
      expect(new Set(DELIBERATE_GAPS.filter((g) => g.language === language).map((g) => g.id)).size).toBe(1)
  })

  it('leaves the gaps that are registered untranslated, so readers see the note', async () => {
    for (const gap of DELIBERATE_GAPS.filter((g) => translatableField(g.kind))) {
      const field = translatableField(gap.kind)!
      const row = (await (db as unknown as AnyDb)
        .selectFrom(field.table)
        .select(`${field.column} as stored`)
        .where('id', '=', gap.id)
        .executeTakeFirstOrThrow()) as { stored: string | null }
      expect(pickText(row.stored, gap.language)).toMatchObject({ state: 'untranslated', lang: 'pt-BR' })
    }
  })

  it('gives a French reader every proposal in French', async () => {
    for (const id of await (db as unknown as AnyDb).selectFrom('proposals').select('id').execute())
      for (const kind of ['conference_proposal.title', 'conference_proposal.body'])
        expect(await readable(db, kind, id.id as string, 'fr'), `${kind} ${id.id}`).toBe(true)
  })
})

describe('seeding translations', () => {
  it('counts rows the demo did not create, publishes the rest, and stops on an unknown kind', async () => {
    const db = await createTestDb()
    expect(await seedDemo(db, { translations: false, verifiableElection: false })).toBe(true)
    const report = await seedTranslations(
      db,
      { people: () => ({ translatorId: null, reviewerId: 'demo-secretariat' }) },
      [
        { kind: 'plan_action.title', id: 'demo-plan-2021-a1.1.1', language: 'ht', text: 'Eleksyon CMI' },
        { kind: 'plan_action.title', id: 'no-such-action', language: 'ht', text: 'x' },
      ],
    )
    expect(report).toEqual({ published: 1, notFound: 1 })
    await expect(
      seedTranslations(db, { people: () => ({ translatorId: null, reviewerId: null }) }, [
        { kind: 'no_such.kind', id: 'x', language: 'ht', text: 'x' },
      ]),
    ).rejects.toThrow(/unknown kind/)
    const row = await db
      .selectFrom('plan_actions')
      .select('title_i18n')
      .where('id', '=', 'demo-plan-2021-a1.1.1')
      .executeTakeFirstOrThrow()
    expect(pickText(row.title_i18n, 'ht')).toMatchObject({ text: 'Eleksyon CMI', state: 'translated' })
  })

  it('stops on a translation into the original’s language or from another version of the original', async () => {
    const db = await createTestDb()
    expect(await seedDemo(db, { translations: false, verifiableElection: false })).toBe(true)
    const people = { people: () => ({ translatorId: null, reviewerId: 'demo-secretariat' }) }
    await expect(
      seedTranslations(db, people, [
        { kind: 'plan_action.title', id: 'demo-plan-2021-a1.1.1', language: 'pt-BR', text: 'x' },
      ]),
    ).rejects.toThrow(/is_original/)
    await expect(
      seedTranslations(db, { ...people, basisOf: () => '00000000' }, [
        { kind: 'plan_action.title', id: 'demo-plan-2021-a1.1.1', language: 'ht', text: 'x' },
      ]),
    ).rejects.toThrow(/original_changed/)
  })
})
