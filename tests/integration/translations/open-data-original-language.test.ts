import { afterAll, describe, expect, it } from 'vitest'
import { conferenceOpenData } from '../../../app/conference/open-data.server'
import { contributionsDocument } from '../../../app/consultations/open-data.server'
import { meetingsOpenData, resolutionsOpenData } from '../../../app/council/open-data.server'
import { createResolution } from '../../../app/council/resolutions.server'
import { electionsIndex } from '../../../app/elections/open-data.server'
import { originalContent, originalLanguage, withTranslation } from '../../../app/i18n/content'
import type { DB } from '../../../app/lib/db.server'
import { campaignsOpenData } from '../../../app/plan/open-data.server'
import { conferenceEdition } from '../../helpers/conference'
import { consultationIn, planTargets } from '../../helpers/consultations'
import { councilBody, heldMeeting } from '../../helpers/council'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'
import { cpmElection } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

afterAll(dropDatabasesOfThisFile)

// Open data publishes authored texts with their translations (textsOnly); a reuser must be able to
// tell the original from the translations, so every such text says which language it was written
// in (`original_language`, from `_orig`), even when the original is not Portuguese.
const writtenIn = (language: 'es' | 'fr' | 'ht', text: string) =>
  withTranslation(originalContent(text, language), 'pt-BR', `${text} (pt)`, 'basis')

async function setText(
  db: DB,
  table: 'elections' | 'conference_editions' | 'consultations',
  id: string,
  json: string,
) {
  await db.updateTable(table).set({ title_i18n: json }).where('id', '=', id).execute()
}

describe('original_language in open data', () => {
  it('is null where there is no text, else the author’s language', () => {
    expect(originalLanguage(null)).toBeNull()
    expect(originalLanguage('{"pt-BR":"Eleição"}')).toBe('pt-BR')
    expect(originalLanguage(writtenIn('ht', 'Eleksyon'))).toBe('ht')
  })

  it('elections.json: beside the title, in the language the title was written in', async () => {
    const db = await createTestDb()
    await openCycle(db)
    const { electionId } = await cpmElection(db)
    await setText(db, 'elections', electionId, writtenIn('es', 'Elección de prueba'))
    const { elections } = await electionsIndex(db, 'https://mutirao.example')
    expect(elections[0]).toMatchObject({
      title: { es: 'Elección de prueba', 'pt-BR': 'Elección de prueba (pt)' },
      original_language: 'es',
    })
  })

  it('conference proposals.json: the edition title', async () => {
    const db = await createTestDb()
    const { editionId } = await conferenceEdition(db)
    expect((await conferenceOpenData(db, editionId))!.edition.original_language).toBe('pt-BR')
    await setText(db, 'conference_editions', editionId, writtenIn('fr', 'Conférence'))
    expect((await conferenceOpenData(db, editionId))!.edition).toMatchObject({
      title: { fr: 'Conférence' },
      original_language: 'fr',
    })
  })

  it('consultation contributions.json: the consultation title', async () => {
    const db = await createTestDb()
    const { id } = await consultationIn(db, 'open')
    await setText(db, 'consultations', id, writtenIn('ht', 'Konsiltasyon'))
    expect((await contributionsDocument(db, id))!.consultation).toMatchObject({
      title: { ht: 'Konsiltasyon' },
      original_language: 'ht',
    })
  })

  it('campaigns.json: the title and, separately, the summary (null without one)', async () => {
    const db = await createTestDb()
    const { campaign } = await planTargets(db)
    const read = async () => (await campaignsOpenData(db)).campaigns.find((c) => c.id === campaign)!
    expect(await read()).toMatchObject({ original_language: 'pt-BR', summary_original_language: null })
    await db
      .updateTable('campaigns')
      .set({ title_i18n: writtenIn('es', 'Campaña'), summary_i18n: writtenIn('fr', 'Résumé') })
      .where('id', '=', campaign)
      .execute()
    expect(await read()).toMatchObject({ original_language: 'es', summary_original_language: 'fr' })
  })

  it('meetings.json and resolutions.json: titles (plain originals), agenda items, body names, summaries', async () => {
    const db = await createTestDb()
    const council = await councilBody(db)
    const { meetingId, itemId } = await heldMeeting(db, council)
    const created = await createResolution(db, {
      actorUserId: council.secretariat.id,
      itemId,
      title: 'Resolução de teste',
      text: 'Texto oficial.',
    })
    if (!created.ok) throw new Error(created.error)
    // Rows written before migration 035 have no `_i18n` yet: their plain title is Portuguese.
    await db.updateTable('meetings').set({ title_i18n: null }).where('id', '=', meetingId).execute()
    const before = (await meetingsOpenData(db))[0]
    expect(before).toMatchObject({ original_language: 'pt-BR', body_original_language: 'pt-BR' })
    expect(JSON.parse(JSON.stringify(before))).not.toHaveProperty('title_i18n')

    await db
      .updateTable('meetings')
      .set({ title_i18n: writtenIn('es', 'Reunión') })
      .where('id', '=', meetingId)
      .execute()
    await db
      .updateTable('agenda_items')
      .set({ title_i18n: writtenIn('ht', 'Kanpay') })
      .where('id', '=', itemId)
      .execute()
    await db
      .updateTable('resolutions')
      .set({ title_i18n: writtenIn('fr', 'Résolution'), summary_i18n: writtenIn('es', 'Resumen') })
      .where('id', '=', created.value.id)
      .execute()
    const meeting = (await meetingsOpenData(db))[0]
    expect(meeting.original_language).toBe('es')
    expect(meeting.agenda[0]).toMatchObject({ original_language: 'ht' })
    expect(meeting.agenda[0]).not.toHaveProperty('title_i18n')
    const [resolution] = await resolutionsOpenData(db)
    expect(resolution).toMatchObject({ original_language: 'fr', summary_original_language: 'es' })
    expect(resolution.title_i18n).toBeUndefined()
    expect(JSON.parse(JSON.stringify(resolution))).not.toHaveProperty('title_i18n')
  })
})
