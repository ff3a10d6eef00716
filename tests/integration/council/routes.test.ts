import { beforeEach, describe, expect, it } from 'vitest'
import { advanceMinutes, draftMinutes } from '../../../app/council/minutes.server'
import type { DB } from '../../../app/lib/db.server'
import { loader as archiveLoader } from '../../../app/routes/council.archive'
import { action as bodyAction } from '../../../app/routes/council.bodies.$id'
import { loader as calendarLoader } from '../../../app/routes/council.calendar[.ics]'
import {
  action as meetingAction,
  loader as meetingLoader,
} from '../../../app/routes/council.meetings.$id._index'
import {
  action as minutesAction,
  loader as minutesLoader,
} from '../../../app/routes/council.meetings.$id.minutes'
import { loader as resolutionsLoader } from '../../../app/routes/open-data.resolutions[.json]'
import { loader as meetingsLoader } from '../../../app/routes/open-data.meetings[.json]'
import { councilBody, heldMeeting, meetingInSession } from '../../helpers/council'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

const post = async (userId: string | null, url: string, body: Record<string, string>) =>
  requestAs(db, userId, url, { method: 'POST', body: form(body) })

describe('council routes', () => {
  it('scheduling: bad input 400 per field with values kept; only the secretariat', async () => {
    const c = await councilBody(db)
    const url = `/council/bodies/${c.bodyId}`
    const bad = await settle(
      bodyAction(
        args(
          await post(c.secretariat.id, url, {
            intent: 'meeting',
            kind: 'ordinary',
            title: 'Reunião de maio',
            startsAt: '2026-13-40T10:00',
            place: '',
            onlineUrl: 'javascript:alert(1)',
          }),
          { id: c.bodyId },
        ),
      ),
    )
    expect(bad.status).toBe(400)
    const failed = await bad.json()
    expect(failed.fieldErrors).toEqual({ startsAt: 'date_invalid', onlineUrl: 'url_invalid' })
    expect(failed.values.title).toBe('Reunião de maio')
    const noPlace = await settle(
      bodyAction(
        args(
          await post(c.secretariat.id, url, {
            intent: 'meeting',
            kind: 'ordinary',
            title: 'T',
            startsAt: '2026-12-01T10:00',
          }),
          { id: c.bodyId },
        ),
      ),
    )
    expect((await noPlace.json()).fieldErrors).toEqual({ place: 'place_or_link' })
    const resident = await createUser(db)
    expect(
      (
        await settle(
          bodyAction(
            args(
              await post(resident.id, url, {
                intent: 'meeting',
                kind: 'ordinary',
                title: 'T',
                startsAt: '2026-12-01T10:00',
                place: 'Sede',
              }),
              { id: c.bodyId },
            ),
          ),
        )
      ).status,
    ).toBe(403)
    const good = await settle(
      bodyAction(
        args(
          await post(c.secretariat.id, url, {
            intent: 'meeting',
            kind: 'ordinary',
            title: 'T',
            startsAt: '2026-12-01T10:00',
            place: 'Sede',
          }),
          { id: c.bodyId },
        ),
      ),
    )
    expect(good.headers.get('Location')).toMatch(/^\/council\/meetings\/[a-z2-7]+\?done=scheduled$/)
  })

  it('an agenda item posted with NUL and escape characters is stored without them', async () => {
    const c = await councilBody(db)
    const { meetingId } = await meetingInSession(db, c, c.full)
    const response = await settle(
      meetingAction(
        args(
          await post(c.secretariat.id, `/council/meetings/${meetingId}`, {
            intent: 'item',
            kind: 'information',
            title: 'Informe\u0000 da \u001b[2Jsecretaria',
            description: '\u0000\u0007',
          }),
          { id: meetingId },
        ),
      ),
    )
    expect(response.status).toBe(302)
    const items = await db
      .selectFrom('agenda_items')
      .select(['title', 'description'])
      .where('meeting_id', '=', meetingId)
      .where('title', 'like', 'Informe%')
      .execute()
    expect(items).toEqual([{ title: 'Informe da [2Jsecretaria', description: null }])
  })

  it('seating the elected of a bogus election fails with a message and writes no audit entry', async () => {
    const c = await councilBody(db)
    const url = `/council/bodies/${c.bodyId}`
    const audited = async () =>
      (await db.selectFrom('audit_log').select('action').execute()).filter(
        (r) => r.action === 'council.seat_elected',
      )
    const bogus = await settle(
      bodyAction(
        args(await post(c.secretariat.id, url, { intent: 'seat', electionId: 'no-such-election' }), {
          id: c.bodyId,
        }),
      ),
    )
    expect(bogus.status).toBe(400)
    expect((await bogus.json()).fieldErrors).toEqual({ electionId: 'election_not_found' })
    expect(await audited()).toEqual([])
    expect(
      await db.selectFrom('body_members').select('id').where('council_member_id', 'is not', null).execute(),
    ).toEqual([])
  })

  it('recording a vote without quorum is refused with a message and nothing changes', async () => {
    const c = await councilBody(db)
    const { meetingId, itemId } = await meetingInSession(db, c, [c.full[0]!, c.full[1]!])
    const url = `/council/meetings/${meetingId}`
    await settle(
      meetingAction(args(await post(c.secretariat.id, url, { intent: 'open' }), { id: meetingId })),
    )
    const refused = await settle(
      meetingAction(
        args(await post(c.secretariat.id, url, { intent: 'vote', itemId, yes: '2', no: '0', abstain: '0' }), {
          id: meetingId,
        }),
      ),
    )
    expect(refused.status).toBe(409)
    expect((await refused.json()).fieldErrors).toEqual({ form: 'no_quorum' })
    expect(
      (
        await db
          .selectFrom('agenda_items')
          .select('outcome')
          .where('id', '=', itemId)
          .executeTakeFirstOrThrow()
      ).outcome,
    ).toBeNull()
    const page = await (
      await settle(meetingLoader(args(await requestAs(db, null, url), { id: meetingId })))
    ).json()
    expect(page.quorum).toMatchObject({ filled: 2, toDeliberate: 3, canDeliberate: false })
    const badCounts = await settle(
      meetingAction(
        args(
          await post(c.secretariat.id, url, { intent: 'vote', itemId, yes: 'dois', no: '0', abstain: '0' }),
          { id: meetingId },
        ),
      ),
    )
    expect((await badCounts.json()).fieldErrors).toEqual({ yes: 'number_invalid' })
  })

  it('the attendance grid (att_*) and named votes (v_*) are read per member; a value no form offers is refused', async () => {
    const c = await councilBody(db)
    const { meetingId, itemId } = await meetingInSession(db, c, [])
    const url = `/council/meetings/${meetingId}`
    const act = async (body: Record<string, string>) =>
      settle(meetingAction(args(await post(c.secretariat.id, url, body), { id: meetingId })))
    const present = async () =>
      (
        await db
          .selectFrom('attendance')
          .select('member_id')
          .where('meeting_id', '=', meetingId)
          .where('status', '=', 'present')
          .execute()
      ).length
    const bogus = await act({
      intent: 'attendance',
      [`att_${c.full[0]}`]: 'present',
      [`att_${c.full[1]}`]: 'maybe',
    })
    expect(bogus.status).toBe(400)
    expect((await bogus.json()).fieldErrors).toEqual({ attendance: 'choose_option' })
    expect(await present()).toBe(0)
    const saved = await act({
      intent: 'attendance',
      [`att_${c.full[0]}`]: 'present',
      [`att_${c.full[1]}`]: 'present',
      [`att_${c.alternates[2]}`]: 'present',
      [`att_${c.full[3]}`]: '',
    })
    expect(saved.headers.get('Location')).toBe(`${url}?done=attendance#attendance`)
    expect(await present()).toBe(3)
    await act({ intent: 'open' })
    const none = await act({ intent: 'named', itemId })
    expect(none.status).toBe(409)
    expect((await none.json()).fieldErrors).toEqual({ form: 'no_votes' })
    const named = await act({
      intent: 'named',
      itemId,
      [`v_${c.full[0]}`]: 'yes',
      [`v_${c.full[1]}`]: 'yes',
      [`v_${c.alternates[2]}`]: 'no',
    })
    expect(named.headers.get('Location')).toBe(`${url}?done=voted#item-${itemId}`)
    expect(
      await db
        .selectFrom('agenda_items')
        .select(['vote_mode', 'votes_yes', 'votes_no', 'outcome'])
        .where('id', '=', itemId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ vote_mode: 'named', votes_yes: 2, votes_no: 1, outcome: 'approved' })
  })

  it('minutes: hidden until published; drafting before the meeting is held is refused; published ones cannot be edited', async () => {
    const c = await councilBody(db)
    const early = await meetingInSession(db, c, c.full)
    const tooEarly = await settle(
      minutesAction(
        args(
          await post(c.secretariat.id, `/council/meetings/${early.meetingId}/minutes`, {
            intent: 'draft',
            text: 'Cedo',
          }),
          { id: early.meetingId },
        ),
      ),
    )
    expect((await tooEarly.json()).fieldErrors).toEqual({ form: 'meeting_not_held' })
    const { meetingId } = await heldMeeting(db, c)
    const url = `/council/meetings/${meetingId}/minutes`
    expect(
      (await settle(minutesLoader(args(await requestAs(db, null, url), { id: meetingId })))).status,
    ).toBe(404)
    const drafted = await draftMinutes(db, { actorUserId: c.secretariat.id, meetingId, text: 'Relato' })
    if (!drafted.ok) throw new Error()
    await advanceMinutes(db, { actorUserId: c.secretariat.id, minutesId: drafted.value.id, to: 'circulated' })
    await db
      .updateTable('minutes')
      .set({ status: 'published', published_at: new Date().toISOString() })
      .where('id', '=', drafted.value.id)
      .execute()
    expect(
      (await settle(minutesLoader(args(await requestAs(db, null, url), { id: meetingId })))).status,
    ).toBe(200)
    const edit = await settle(
      minutesAction(
        args(await post(c.secretariat.id, url, { intent: 'edit', text: 'Reescrita' }), { id: meetingId }),
      ),
    )
    expect(edit.status).toBe(409)
    expect((await edit.json()).fieldErrors).toEqual({ form: 'not_editable' })
    expect((await db.selectFrom('minutes').select('text').executeTakeFirstOrThrow()).text).toBe('Relato')
    const found = await (
      await settle(archiveLoader(args(await requestAs(db, null, '/council/archive?q=relato&type=minutes'))))
    ).json()
    expect(found.minutes.map((m: { meeting_id: string }) => m.meeting_id)).toEqual([meetingId])
  })

  it('calendar and open data are public', async () => {
    const c = await councilBody(db)
    await heldMeeting(db, c)
    const ics = await settle(calendarLoader(args(await requestAs(db, null, '/council/calendar.ics'))))
    expect(ics.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    const text = await ics.text()
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(text).toContain('SUMMARY:Conselho de teste: Reunião ordinária')
    const meetings = await (
      await settle(meetingsLoader(args(await requestAs(db, null, '/open-data/meetings.json'))))
    ).json()
    expect(meetings.meetings[0]).toMatchObject({
      status: 'held',
      attendance: { present: 4, absent: 4 },
      agenda: [{ title: 'Campanha', votes_yes: 3, outcome: 'approved' }],
    })
    const resolutions = await (
      await settle(resolutionsLoader(args(await requestAs(db, null, '/open-data/resolutions.json'))))
    ).json()
    expect(resolutions).toEqual({ version: 1, resolutions: [] })
  })
})
