import { afterAll, describe, expect, it } from 'vitest'
import { votableProposals } from '../../../app/conference/priority-vote.server'
import { getProposal, listProposals, submitProposal } from '../../../app/conference/proposals.server'
import { decideProposal } from '../../../app/conference/systematisation.server'
import { scheduleMeeting } from '../../../app/council/meetings.server'
import { fingerprint, parseContent, pickText } from '../../../app/i18n/content'
import { REACH } from '../../../app/translations/fields'
import { applyTranslation } from '../../../app/translations/apply.server'
import { translatableField } from '../../../app/translations/registry.server'
import * as migration035 from '../../../db/migrations/2026-12-04-035-translatable-conference-council'
import { conferenceEdition, moveConferenceTo } from '../../helpers/conference'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

afterAll(dropDatabasesOfThisFile)

// Issue #19 (ADR 027, migration 035): proposals, meetings, agenda items, resolutions and polling
// places carry their authored texts in every language beside the plain original.

async function editionWithProposals(phase: 'proposals_open' | 'systematisation' | 'delegates_vote') {
  const db = await createTestDb()
  const setup = await conferenceEdition(db)
  await moveConferenceTo(db, setup.secretariat.id, setup.editionId, 'proposals_open')
  const author = await createUser(db)
  const submit = async (title: string, body: string, language: string, justification?: string) => {
    const r = await submitProposal(db, {
      axisId: setup.axes[0]!,
      title,
      body,
      justification,
      language,
      editionId: setup.editionId,
      userId: author.id,
    })
    if (!r.ok) throw new Error(r.error)
    return r.value.id
  }
  const es = await submit(
    'Clases de portugués',
    'En los CEUs, por la noche.',
    'es',
    'Sin portugués no hay trabajo.',
  )
  const pt = await submit('Saúde sem fronteiras', 'Atendimento em vários idiomas nas UBS.', 'pt-BR')
  if (phase !== 'proposals_open') await moveConferenceTo(db, setup.secretariat.id, setup.editionId, phase)
  return { db, ...setup, es, pt }
}

describe('proposals are translatable (conference_proposal.*)', () => {
  it('a new proposal stores its texts with the author language as the original', async () => {
    const { db, es } = await editionWithProposals('proposals_open')
    const row = await db
      .selectFrom('proposals')
      .select(['title_i18n', 'body_i18n', 'justification_i18n'])
      .where('id', '=', es)
      .executeTakeFirstOrThrow()
    expect(parseContent(row.title_i18n)).toMatchObject({
      original: 'es',
      texts: { es: 'Clases de portugués' },
    })
    expect(pickText(row.body_i18n, 'fr')).toMatchObject({ state: 'untranslated', lang: 'es' })
    expect(parseContent(row.justification_i18n).texts.es).toBe('Sin portugués no hay trabajo.')
  })

  it('a published French title reaches a French reader of the list and the delegate ballot; the other shows the original with its note', async () => {
    const { db, editionId, es, pt } = await editionWithProposals('delegates_vote')
    const field = translatableField('conference_proposal.title')!
    const published = await applyTranslation(
      db,
      field,
      es,
      'fr',
      'Cours de portugais',
      fingerprint('Clases de portugués'),
    )
    expect(published.ok).toBe(true)

    const ballot = await votableProposals(db, editionId)
    const byId = new Map(ballot.map((p) => [p.id, p]))
    expect(pickText(byId.get(es)!.title_i18n, 'fr')).toMatchObject({
      text: 'Cours de portugais',
      lang: 'fr',
      state: 'translated',
    })
    expect(pickText(byId.get(pt)!.title_i18n, 'fr')).toMatchObject({
      text: 'Saúde sem fronteiras',
      lang: 'pt-BR',
      state: 'untranslated',
    })
    // The plain column is still the original: search and ranking read it.
    expect(byId.get(es)!.title).toBe('Clases de portugués')

    const list = await listProposals(db, { editionId, page: 1 })
    expect(pickText(list.rows.find((r) => r.id === es)!.title_i18n, 'fr').text).toBe('Cours de portugais')
    const page = await getProposal(db, es)
    expect(pickText(page!.proposal.title_i18n, 'fr').text).toBe('Cours de portugais')
    expect(pickText(page!.proposal.body_i18n, 'fr').state).toBe('untranslated')
  })

  it('editing a proposal in systematisation marks its published French translation outdated', async () => {
    const { db, secretariat, es } = await editionWithProposals('systematisation')
    const field = translatableField('conference_proposal.title')!
    expect(
      (await applyTranslation(db, field, es, 'fr', 'Cours de portugais', fingerprint('Clases de portugués')))
        .ok,
    ).toBe(true)
    const edited = await decideProposal(db, {
      actorUserId: secretariat.id,
      proposalId: es,
      decision: { intent: 'edit', title: 'Clases de portugués para adultos', body: 'En los CEUs.' },
    })
    expect(edited.ok).toBe(true)
    const row = await db
      .selectFrom('proposals')
      .select(['title', 'title_i18n', 'justification_i18n'])
      .where('id', '=', es)
      .executeTakeFirstOrThrow()
    expect(row.title).toBe('Clases de portugués para adultos')
    expect(pickText(row.title_i18n, 'fr')).toMatchObject({ text: 'Cours de portugais', state: 'outdated' })
    expect(pickText(row.title_i18n, 'es')).toMatchObject({
      text: 'Clases de portugués para adultos',
      state: 'original',
    })
    // The justification was removed: its translations go with it.
    expect(row.justification_i18n).toBeNull()
    // A translation of the old wording is refused now.
    expect(
      await applyTranslation(db, field, es, 'en', 'x', fingerprint('Clases de portugués')),
    ).toMatchObject({
      ok: false,
      error: 'original_changed',
    })
  })

  it('the registry narrows to the ids asked for, with the reach of the phase and the public page', async () => {
    const { db, editionId, es, pt } = await editionWithProposals('proposals_open')
    const field = translatableField('conference_proposal.title')!
    const rows = await field.rows(db, [es])
    expect(rows).toEqual([
      expect.objectContaining({
        id: es,
        reach: REACH.openNow,
        href: `/conference/${editionId}/proposals/${es}`,
      }),
    ])
    expect(pickText(rows[0]!.stored, 'pt-BR').original.lang).toBe('es')
    expect((await field.rows(db)).map((r) => r.id).sort()).toEqual([es, pt].sort())
    // Only proposals with a justification are offered for it.
    expect((await translatableField('conference_proposal.justification')!.rows(db)).map((r) => r.id)).toEqual(
      [es],
    )
    expect(await field.rows(db, ['nope'])).toEqual([])
  })
})

describe('migration 035 backfills the JSON columns from the plain ones', () => {
  it('rows written before keep their plain text as the original, in their own language', async () => {
    const { db, es, pt } = await editionWithProposals('proposals_open')
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const body = await db.selectFrom('council_bodies').select('id').executeTakeFirst()
    let meetingId: string | null = null
    if (body) {
      const m = await scheduleMeeting(db, {
        actorUserId: secretariat.id,
        bodyId: body.id,
        kind: 'ordinary',
        title: 'Reunião ordinária',
        startsAt: '2030-01-10T17:00:00.000Z',
        place: 'Sede',
      })
      if (m.ok) meetingId = m.value.id
    }
    // Back to before 035, then up again: the backfill is what fills the columns.
    await migration035.down(db)
    await migration035.up(db)
    const rows = await db
      .selectFrom('proposals')
      .select(['id', 'title_i18n', 'body_i18n', 'justification_i18n'])
      .where('id', 'in', [es, pt])
      .execute()
    const esRow = rows.find((r) => r.id === es)!
    const ptRow = rows.find((r) => r.id === pt)!
    expect(JSON.parse(esRow.title_i18n!)).toEqual({ es: 'Clases de portugués', _orig: 'es' })
    expect(JSON.parse(esRow.justification_i18n!)).toEqual({
      es: 'Sin portugués no hay trabajo.',
      _orig: 'es',
    })
    expect(JSON.parse(ptRow.body_i18n!)).toEqual({ 'pt-BR': 'Atendimento em vários idiomas nas UBS.' })
    expect(ptRow.justification_i18n).toBeNull()
    if (meetingId) {
      const meeting = await db
        .selectFrom('meetings')
        .select('title_i18n')
        .where('id', '=', meetingId)
        .executeTakeFirstOrThrow()
      expect(pickText(meeting.title_i18n, 'fr')).toMatchObject({
        text: 'Reunião ordinária',
        state: 'untranslated',
      })
    }
    // Running it again changes nothing already written (re-runnable after an interruption).
    await migration035.down(db)
    await migration035.up(db)
    const again = await db
      .selectFrom('proposals')
      .select('title_i18n')
      .where('id', '=', es)
      .executeTakeFirstOrThrow()
    expect(again.title_i18n).toBe(esRow.title_i18n)
  })
})
