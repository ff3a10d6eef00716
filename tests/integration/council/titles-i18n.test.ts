import { afterAll, describe, expect, it } from 'vitest'
import { getMeeting, listMeetings } from '../../../app/council/meetings.server'
import { draftMinutes, getMinutes } from '../../../app/council/minutes.server'
import { createResolution, getResolution } from '../../../app/council/resolutions.server'
import { fingerprint, originalContent, pickText, withTranslation } from '../../../app/i18n/content'
import { storedOrPlain } from '../../../app/i18n/original-text'
import { councilBody, heldMeeting } from '../../helpers/council'
import { createTestDb, dropDatabasesOfThisFile } from '../../helpers/db'

// #19: council pages show meeting, agenda item and resolution titles through <Localised>; the
// queries behind them carry each title's `title_i18n` (migration 035) beside the plain original.

afterAll(dropDatabasesOfThisFile)

const arabic = (original: string, text: string) =>
  withTranslation(originalContent(original), 'ar', text, fingerprint(original))

describe('titles with their translations, for the council pages', () => {
  it('meeting lists, the meeting page (resolution) and the minutes record (agenda items)', async () => {
    const db = await createTestDb()
    const council = await councilBody(db)
    const { meetingId, itemId } = await heldMeeting(db, council)
    const s = council.secretariat.id
    const resolution = await createResolution(db, {
      actorUserId: s,
      itemId,
      title: 'Resolução',
      text: 'Texto.',
    })
    if (!resolution.ok) throw new Error(resolution.error)
    const item = await db
      .selectFrom('agenda_items')
      .select(['title'])
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow()
    const meeting = await db
      .selectFrom('meetings')
      .select('title')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow()
    await db
      .updateTable('meetings')
      .set({ title_i18n: arabic(meeting.title, 'اجتماع') })
      .where('id', '=', meetingId)
      .execute()
    await db
      .updateTable('agenda_items')
      .set({ title_i18n: arabic(item.title, 'حملة') })
      .where('id', '=', itemId)
      .execute()
    await db
      .updateTable('resolutions')
      .set({ title_i18n: arabic('Resolução', 'قرار') })
      .where('id', '=', resolution.value.id)
      .execute()

    const listed = (await listMeetings(db, { bodyId: council.bodyId })).find((m) => m.id === meetingId)!
    expect(pickText(storedOrPlain(listed.title_i18n, listed.title), 'ar').text).toBe('اجتماع')
    const page = (await getMeeting(db, meetingId))!
    const r = page.items.find((i) => i.id === itemId)!.resolution!
    expect(pickText(storedOrPlain(r.title_i18n, r.title), 'ar').text).toBe('قرار')
    // The resolution page links back to its meeting by the meeting's title.
    const onResolution = (await getResolution(db, resolution.value.id))!
    expect(
      pickText(storedOrPlain(onResolution.meeting_title_i18n, onResolution.meeting_title), 'ar').text,
    ).toBe('اجتماع')

    expect((await draftMinutes(db, { actorUserId: s, meetingId, text: 'Ata.' })).ok).toBe(true)
    const recorded = (await getMinutes(db, meetingId))!.minutes.record.items[0]!
    expect(recorded.title).toBe(item.title)
    expect(pickText(storedOrPlain(recorded.title_i18n, recorded.title), 'ar')).toMatchObject({
      text: 'حملة',
      lang: 'ar',
    })
  })

  it('the minutes show an item as recorded when its title changed after the record was drafted', async () => {
    const db = await createTestDb()
    const council = await councilBody(db)
    const { meetingId, itemId } = await heldMeeting(db, council)
    expect(
      (await draftMinutes(db, { actorUserId: council.secretariat.id, meetingId, text: 'Ata.' })).ok,
    ).toBe(true)
    const recordedTitle = (await getMinutes(db, meetingId))!.minutes.record.items[0]!.title
    await db
      .updateTable('agenda_items')
      .set({ title: 'Outro título', title_i18n: arabic('Outro título', 'عنوان آخر') })
      .where('id', '=', itemId)
      .execute()
    const recorded = (await getMinutes(db, meetingId))!.minutes.record.items[0]!
    expect(recorded).toMatchObject({ title: recordedTitle, title_i18n: null })
    expect(pickText(storedOrPlain(recorded.title_i18n, recorded.title), 'ar')).toMatchObject({
      text: recordedTitle,
      lang: 'pt-BR',
      state: 'untranslated',
    })
  })
})
