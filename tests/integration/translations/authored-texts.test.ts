import { afterAll, describe, expect, it } from 'vitest'
import { reviseDraft, saveTranslation } from '../../../app/consultations/authoring.server'
import { applyForCandidacy, translateStatement } from '../../../app/elections/candidacies.server'
import { fingerprint, parseContent, pickText, textsOnly } from '../../../app/i18n/content'
import type { DB } from '../../../app/lib/db.server'
import { addMaterial, createCampaign, setCampaignStatus } from '../../../app/plan/campaigns.server'
import { advanceEdition, importPlanMatrix } from '../../../app/plan/plan.server'
import { applyTranslation } from '../../../app/translations/apply.server'
import { REACH, translatableField } from '../../../app/translations/registry.server'
import * as materialsMigration from '../../../db/migrations/2026-12-04-036-translatable-campaign-materials'
import { DRAFT, consultationIn, planTargets } from '../../helpers/consultations'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'
import { approvedVoter, cmiElection } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { GOOD_MATRIX } from '../../helpers/plan'
import { openCycle } from '../../helpers/registration'

// Issue #19, ADR 027: every writer of election, plan, campaign and consultation texts goes through
// the content model — originals carry their language, translations their basis, and an edit of the
// original marks the translations made before as outdated.

afterAll(dropDatabasesOfThisFile)

const column = async (db: DB, table: 'consultations' | 'candidacies', id: string, name: string) =>
  (
    (await db
      .selectFrom(table)
      .select(`${name} as v` as 'id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()) as unknown as { v: string }
  ).v

const rowsOf = async (db: DB, kind: string, ids?: string[]) => translatableField(kind)!.rows(db, ids)

describe('consultation texts', () => {
  it('staff translations record their basis; revising the original marks them outdated, keeps paragraph ids', async () => {
    const db = await createTestDb()
    const { id, secretariat, paragraphs } = await consultationIn(db, 'draft')
    const title = await column(db, 'consultations', id, 'title_i18n')
    expect(parseContent(title)).toMatchObject({
      original: 'pt-BR',
      texts: { 'pt-BR': 'Campanha contra a xenofobia' },
    })
    const saved = await saveTranslation(db, {
      actorUserId: secretariat.id,
      id,
      language: 'ht',
      title: 'Kanpay kont ksenofobi',
      summary: '',
      sections: [],
      paragraphs: [
        { paragraphId: paragraphs[0]!, text: 'Premye paragraf.' },
        { paragraphId: paragraphs[2]!, text: 'Bis, metwo.' },
      ],
    })
    expect(saved.ok).toBe(true)
    const translated = await column(db, 'consultations', id, 'title_i18n')
    expect(parseContent(translated).basis).toEqual({ ht: fingerprint('Campanha contra a xenofobia') })
    expect(pickText(translated, 'ht')).toMatchObject({ text: 'Kanpay kont ksenofobi', state: 'translated' })

    // The secretariat rewrites the title and the first paragraph; the last paragraph is unchanged.
    const revised = await reviseDraft(db, {
      actorUserId: secretariat.id,
      id,
      title: 'Campanha contra a xenofobia 2027',
      summary: 'Resumo',
      draft: DRAFT.replace('Primeiro parágrafo da mensagem.', 'Primeiro parágrafo, revisto.'),
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      minAccountAgeDays: 0,
      targets: [],
    })
    expect(revised.ok).toBe(true)
    expect(pickText(await column(db, 'consultations', id, 'title_i18n'), 'ht')).toMatchObject({
      text: 'Kanpay kont ksenofobi',
      state: 'outdated',
      original: { text: 'Campanha contra a xenofobia 2027', lang: 'pt-BR' },
    })
    const after = await db
      .selectFrom('consultation_paragraphs')
      .select(['id', 'body_i18n'])
      .where('consultation_id', '=', id)
      .orderBy('position')
      .execute()
    expect(after.map((p) => p.id)).toEqual(paragraphs)
    expect(pickText(after[0]!.body_i18n, 'ht').state).toBe('outdated')
    expect(pickText(after[2]!.body_i18n, 'ht')).toMatchObject({ text: 'Bis, metwo.', state: 'translated' })

    // Saving the form again with the outdated text unchanged does not pass it off as current.
    await saveTranslation(db, {
      actorUserId: secretariat.id,
      id,
      language: 'ht',
      title: 'Kanpay kont ksenofobi',
      summary: '',
      sections: [],
      paragraphs: [{ paragraphId: paragraphs[0]!, text: 'Premye paragraf.' }],
    })
    expect(pickText(await column(db, 'consultations', id, 'title_i18n'), 'ht').state).toBe('outdated')

    // A shorter draft drops the paragraphs past its end; a longer one adds new originals.
    await reviseDraft(db, {
      actorUserId: secretariat.id,
      id,
      title: 'T',
      summary: 'S',
      draft: '## Só\n\nUm parágrafo.',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      minAccountAgeDays: 0,
      targets: [],
    })
    const short = await db
      .selectFrom('consultation_paragraphs')
      .select(['id', 'body_i18n'])
      .where('consultation_id', '=', id)
      .execute()
    expect(short.map((p) => p.id)).toEqual([paragraphs[0]])
    expect(
      (await db.selectFrom('consultation_sections').select('id').where('consultation_id', '=', id).execute())
        .length,
    ).toBe(1)
  })

  it('drafts are not queued; an open consultation is, first, with every part', async () => {
    const db = await createTestDb()
    const draft = await consultationIn(db, 'draft')
    const open = await consultationIn(db, 'open')
    const answered = await consultationIn(db, 'answered')
    const titles = await rowsOf(db, 'consultation.title')
    expect(titles.map((r) => r.id).sort()).toEqual([open.id, answered.id].sort())
    expect(titles.find((r) => r.id === open.id)).toMatchObject({
      reach: REACH.openNow,
      href: `/consultations/${open.id}`,
    })
    expect(titles.find((r) => r.id === answered.id)!.reach).toBe(REACH.archive)
    const bodies = await rowsOf(db, 'consultation_paragraph.body', [...open.paragraphs, ...draft.paragraphs])
    expect(bodies.map((r) => r.id).sort()).toEqual([...open.paragraphs].sort())
    expect(bodies[0]!.href).toBe(`/consultations/${open.id}#p-${bodies[0]!.id}`)
    expect((await rowsOf(db, 'consultation_section.heading')).every((r) => r.reach !== undefined)).toBe(true)
    expect(await rowsOf(db, 'consultation_question.prompt')).toEqual([])
  })
})

describe('candidate statements', () => {
  it('the original is the language the candidate wrote in; their translation records its basis; a rewrite outdates it', async () => {
    const db = await createTestDb()
    await openCycle(db)
    const { electionId, contests } = await cmiElection(db)
    const voter = await approvedVoter(db)
    const applied = await applyForCandidacy(db, {
      userId: voter.id,
      electionId,
      contestId: contests.C,
      kind: 'person',
      statement: 'Quiero un consejo que escuche.',
      language: 'es',
    })
    if (!applied.ok) throw new Error(applied.error)
    const id = applied.value.id
    expect(parseContent(await column(db, 'candidacies', id, 'statement_i18n'))).toMatchObject({
      original: 'es',
      texts: { es: 'Quiero un consejo que escuche.' },
    })
    expect(
      await translateStatement(db, {
        userId: voter.id,
        candidacyId: id,
        language: 'pt-BR',
        text: 'Quero um conselho que escute.',
      }),
    ).toEqual({ ok: true, value: null })
    const translated = await column(db, 'candidacies', id, 'statement_i18n')
    expect(parseContent(translated).basis).toEqual({ 'pt-BR': fingerprint('Quiero un consejo que escuche.') })
    expect(pickText(translated, 'pt-BR').state).toBe('translated')
    // The candidate rewrites the statement in Spanish: the Portuguese one is now outdated.
    await translateStatement(db, {
      userId: voter.id,
      candidacyId: id,
      language: 'es',
      text: 'Quiero un consejo que actúe.',
    })
    const rewritten = await column(db, 'candidacies', id, 'statement_i18n')
    expect(pickText(rewritten, 'pt-BR')).toMatchObject({
      state: 'outdated',
      original: { text: 'Quiero un consejo que actúe.', lang: 'es' },
    })
    // Another person's candidacy is not theirs to translate.
    const other = await approvedVoter(db)
    expect(
      await translateStatement(db, { userId: other.id, candidacyId: id, language: 'fr', text: 'x' }),
    ).toEqual({
      ok: false,
      error: 'not_found',
    })
    // Only accepted candidacies are queued.
    expect(await rowsOf(db, 'candidacy.statement', [id])).toEqual([])
    await db.updateTable('candidacies').set({ status: 'accepted' }).where('id', '=', id).execute()
    // …and only once candidates are public (the provisional list): not while the commission reviews.
    expect(await rowsOf(db, 'candidacy.statement', [id])).toEqual([])
    await db
      .updateTable('elections')
      .set({ phase: 'provisional_list' })
      .where('id', '=', electionId)
      .execute()
    expect(await rowsOf(db, 'candidacy.statement', [id])).toMatchObject([
      { id, reach: REACH.openNow, href: `/elections/${electionId}/contests/${contests.C}` },
    ])
  })

  it('a translator publishing at the same moment as the candidate keeps both texts', async () => {
    const db = await createTestDb({ file: true })
    await openCycle(db)
    const { electionId, contests } = await cmiElection(db)
    const voter = await approvedVoter(db)
    const applied = await applyForCandidacy(db, {
      userId: voter.id,
      electionId,
      contestId: contests.C,
      kind: 'person',
      statement: 'Um conselho que escute.',
      language: 'pt-BR',
    })
    if (!applied.ok) throw new Error(applied.error)
    const id = applied.value.id
    const field = translatableField('candidacy.statement')!
    const [mine] = await Promise.all([
      translateStatement(db, {
        userId: voter.id,
        candidacyId: id,
        language: 'es',
        text: 'Un consejo que escuche.',
      }),
      applyTranslation(db, field, id, 'ht', 'Yon konsèy ki koute.', fingerprint('Um conselho que escute.')),
    ])
    expect(mine.ok).toBe(true)
    const stored = await column(db, 'candidacies', id, 'statement_i18n')
    expect(textsOnly(stored).es).toBe('Un consejo que escuche.')
    // The translator's publication either landed or was told to retry; it was never silently lost.
    const ht = textsOnly(stored).ht
    expect(ht === undefined || ht === 'Yon konsèy ki koute.').toBe(true)
  })
})

describe('election texts', () => {
  it('titles typed in several languages at creation: Portuguese is the original, the others record it', async () => {
    const db = await createTestDb()
    await openCycle(db)
    const { electionId } = await cmiElection(db)
    const row = await db
      .selectFrom('elections')
      .select(['title_i18n', 'description_i18n'])
      .where('id', '=', electionId)
      .executeTakeFirstOrThrow()
    expect(parseContent(row.title_i18n)).toMatchObject({ original: 'pt-BR', texts: { 'pt-BR': 'Teste CMI' } })
    expect(row.description_i18n).toBe('{}')
    expect((await rowsOf(db, 'election.title', [electionId]))[0]!.reach).toBe(REACH.openNow)
    const { createElection } = await import('../../../app/elections/lifecycle.server')
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const created = await createElection(db, {
      actorUserId: commission.id,
      body: 'cpm',
      title: { 'pt-BR': 'Eleição CPM', es: 'Elección CPM' },
      description: { 'pt-BR': 'Descrição' },
      alternates: 1,
      rules: (await import('../../../app/elections/tally')).DEFAULT_RULES,
    })
    if (!created.ok) throw new Error(created.error)
    const draft = await db
      .selectFrom('elections')
      .select('title_i18n')
      .where('id', '=', created.value.id)
      .executeTakeFirstOrThrow()
    expect(parseContent(draft.title_i18n).basis).toEqual({ es: fingerprint('Eleição CPM') })
    // A draft election is not queued: nobody outside the commission can read it.
    expect(await rowsOf(db, 'election.title', [created.value.id])).toEqual([])
  })
})

describe('plan and campaign texts', () => {
  it('an imported plan writes originals; its texts are queued once it is in force, not as a draft', async () => {
    const db = await createTestDb()
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const imported = await importPlanMatrix(db, {
      actorUserId: secretariat.id,
      title: 'Plano 2025–2028',
      startsYear: 2025,
      endsYear: 2028,
      csv: GOOD_MATRIX,
    })
    if (!imported.ok) throw new Error(imported.error)
    const action = await db
      .selectFrom('plan_actions')
      .select(['id', 'title_i18n'])
      .where('edition_id', '=', imported.editionId)
      .where('code', '=', '4.1.1')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(action.title_i18n)).toEqual({ 'pt-BR': 'Duas campanhas por ano' })
    for (const kind of [
      'plan_edition.title',
      'plan_objective.title',
      'plan_action.title',
      'plan_indicator.name',
    ])
      expect(await rowsOf(db, kind), kind).toEqual([])
    await advanceEdition(db, { actorUserId: secretariat.id, editionId: imported.editionId, to: 'in_force' })
    expect(await rowsOf(db, 'plan_action.title', [action.id])).toMatchObject([
      { id: action.id, reach: REACH.current, href: `/plan/actions/${action.id}`, context: '4.1.1' },
    ])
    expect((await rowsOf(db, 'plan_indicator.name')).length).toBe(4)
    expect((await rowsOf(db, 'plan_body.name')).map((r) => r.context)).toEqual(
      expect.arrayContaining(['SMDHC', 'SME', 'CMI']),
    )
    // No description was written: nothing to translate.
    expect(await rowsOf(db, 'plan_action.description')).toEqual([])
    // A published translation of the action becomes outdated when the original changes.
    const field = translatableField('plan_action.title')!
    const published = await applyTranslation(
      db,
      field,
      action.id,
      'ht',
      'De kanpay chak ane',
      fingerprint('Duas campanhas por ano'),
    )
    expect(published.ok).toBe(true)
    await advanceEdition(db, { actorUserId: secretariat.id, editionId: imported.editionId, to: 'concluded' })
    expect((await rowsOf(db, 'plan_action.title', [action.id]))[0]!.reach).toBe(REACH.archive)
  })

  it('campaigns and materials: originals in their author’s language, reach by status', async () => {
    const db = await createTestDb()
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const created = await createCampaign(db, {
      actorUserId: secretariat.id,
      title: 'São Paulo acolhe',
      summary: 'Rádios comunitárias',
      theme: 'xenophobia',
      year: 2026,
      languages: ['pt-BR', 'ht'],
      channels: ['radio'],
      status: 'planned',
      actionIds: [],
    })
    if (!created.ok) throw new Error(created.error)
    const id = created.value.id
    expect(
      await addMaterial(db, {
        actorUserId: secretariat.id,
        campaignId: id,
        label: 'Afich',
        url: 'https://example.org/a.pdf',
        language: 'ht',
      }),
    ).toEqual({ ok: true, value: null })
    await addMaterial(db, {
      actorUserId: secretariat.id,
      campaignId: id,
      label: 'Cartaz',
      url: 'https://example.org/c.pdf',
    })
    const materials = await db
      .selectFrom('campaign_materials')
      .select(['id', 'label', 'label_i18n'])
      .where('campaign_id', '=', id)
      .orderBy('label')
      .execute()
    expect(materials.map((m) => parseContent(m.label_i18n))).toMatchObject([
      { original: 'ht', texts: { ht: 'Afich' } },
      { original: 'pt-BR', texts: { 'pt-BR': 'Cartaz' } },
    ])
    expect(pickText(materials[0]!.label_i18n, 'fr')).toMatchObject({
      text: 'Afich',
      lang: 'ht',
      state: 'untranslated',
    })
    expect((await rowsOf(db, 'campaign.title', [id]))[0]!.reach).toBe(REACH.current)
    await setCampaignStatus(db, { actorUserId: secretariat.id, campaignId: id, status: 'running' })
    expect((await rowsOf(db, 'campaign.summary', [id]))[0]!.reach).toBe(REACH.openNow)
    expect(
      (
        await rowsOf(
          db,
          'campaign_material.label',
          materials.map((m) => m.id),
        )
      ).map((r) => r.reach),
    ).toEqual([REACH.openNow, REACH.openNow])
    await setCampaignStatus(db, { actorUserId: secretariat.id, campaignId: id, status: 'finished' })
    expect((await rowsOf(db, 'campaign.title', [id]))[0]!.reach).toBe(REACH.archive)
  })
})

describe('migration 036: campaign material labels', () => {
  it('backfills label_i18n from the label, in the material’s language or Portuguese; down drops it', async () => {
    const db = await createTestDb()
    const { campaign } = await planTargets(db)
    await materialsMigration.down(db)
    const insert = (id: string, label: string, language: string | null) =>
      db
        .insertInto('campaign_materials')
        .values({ id, campaign_id: campaign, label, url: 'https://example.org/x', language } as never)
        .execute()
    await insert('m1', 'Cartaz', 'pt-BR')
    await insert('m2', 'Afich', 'ht')
    await insert('m3', 'Folheto', null)
    await insert('m4', 'ملصق', 'ar')
    await materialsMigration.up(db)
    const rows = await db
      .selectFrom('campaign_materials')
      .select(['id', 'label_i18n'])
      .orderBy('id')
      .execute()
    expect(rows.map((r) => [r.id, JSON.parse(r.label_i18n)])).toEqual([
      ['m1', { 'pt-BR': 'Cartaz' }],
      ['m2', { ht: 'Afich', _orig: 'ht' }],
      ['m3', { 'pt-BR': 'Folheto' }],
      ['m4', { ar: 'ملصق', _orig: 'ar' }],
    ])
    expect(pickText(rows[3]!.label_i18n, 'ar')).toMatchObject({ text: 'ملصق', state: 'original' })
  })
})
