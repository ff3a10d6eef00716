import { beforeEach, describe, expect, it } from 'vitest'
import { attendanceStats, searchArchive } from '../../../app/council/archive.server'
import { meetingQuorum, recordAttendance } from '../../../app/council/attendance.server'
import { endMembership, membersOn } from '../../../app/council/bodies.server'
import {
  addAgendaItem,
  closeSession,
  convene,
  openSession,
  scheduleMeeting,
} from '../../../app/council/meetings.server'
import {
  addErratum,
  advanceMinutes,
  draftMinutes,
  editMinutes,
  getMinutes,
} from '../../../app/council/minutes.server'
import { createResolution } from '../../../app/council/resolutions.server'
import { recordVote } from '../../../app/council/votes.server'
import type { DB } from '../../../app/lib/db.server'
import { councilBody, heldMeeting, meetingInSession } from '../../helpers/council'
import { createTestDb } from '../../helpers/db'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

describe('meetings, attendance and quorum', () => {
  it('convening needs an agenda and the notice period; extraordinary meetings a shorter one', async () => {
    const c = await councilBody(db)
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString()
    const m = await scheduleMeeting(db, {
      actorUserId: c.secretariat.id,
      bodyId: c.bodyId,
      kind: 'ordinary',
      title: 'Ordinária',
      startsAt: soon,
      onlineUrl: 'https://meet.example/x',
    })
    if (!m.ok) throw new Error()
    expect(await convene(db, { actorUserId: c.secretariat.id, meetingId: m.value.id })).toEqual({
      ok: false,
      error: 'no_agenda',
    })
    await addAgendaItem(db, {
      actorUserId: c.secretariat.id,
      meetingId: m.value.id,
      title: 'Informes',
      kind: 'information',
    })
    expect(await convene(db, { actorUserId: c.secretariat.id, meetingId: m.value.id })).toEqual({
      ok: false,
      error: 'notice_too_short',
    })
    const x = await scheduleMeeting(db, {
      actorUserId: c.secretariat.id,
      bodyId: c.bodyId,
      kind: 'extraordinary',
      title: 'Extraordinária',
      startsAt: soon,
      place: 'Sede',
    })
    if (!x.ok) throw new Error()
    await addAgendaItem(db, {
      actorUserId: c.secretariat.id,
      meetingId: x.value.id,
      title: 'Urgente',
      kind: 'information',
    })
    expect(await convene(db, { actorUserId: c.secretariat.id, meetingId: x.value.id })).toEqual({
      ok: true,
      value: null,
    })
    expect(
      await scheduleMeeting(db, {
        actorUserId: c.secretariat.id,
        bodyId: c.bodyId,
        kind: 'ordinary',
        title: 'Sem lugar',
        startsAt: soon,
      }),
    ).toEqual({ ok: false, error: 'place_or_link', field: 'place' })
    expect(
      await addAgendaItem(db, {
        actorUserId: c.secretariat.id,
        meetingId: x.value.id,
        title: 'Votação',
        kind: 'deliberation',
      }),
    ).toEqual({ ok: false, error: 'motion_required', field: 'motion' })
  })

  it('alternates sit in for absent full members; quorum decides opening and voting', async () => {
    const c = await councilBody(db)
    // Full 1 present; alternates of 2 and 3 present (their full members absent): 3 seats filled.
    const { meetingId, itemId } = await meetingInSession(db, c, [
      c.full[0]!,
      c.alternates[1]!,
      c.alternates[2]!,
    ])
    const q = (await meetingQuorum(db, meetingId))!
    expect(q).toMatchObject({ filled: 3, toOpen: 2, toDeliberate: 3, canOpen: true, canDeliberate: true })
    expect(q.sittingIn).toEqual([
      { alternateId: c.alternates[1], forId: c.full[1] },
      { alternateId: c.alternates[2], forId: c.full[2] },
    ])
    expect(
      await recordVote(db, {
        actorUserId: c.secretariat.id,
        itemId,
        mode: 'counts',
        yes: 2,
        no: 0,
        abstain: 0,
      }),
    ).toEqual({ ok: false, error: 'wrong_status' })
    expect(await openSession(db, { actorUserId: c.secretariat.id, meetingId })).toEqual({
      ok: true,
      value: null,
    })
    // Full member 2 arrives: the alternate no longer counts for that seat; then two leave — no quorum to vote.
    await recordAttendance(db, {
      actorUserId: c.secretariat.id,
      meetingId,
      entries: [
        { memberId: c.full[1]!, status: 'present' },
        { memberId: c.alternates[2]!, status: 'absent' },
        { memberId: c.full[0]!, status: 'excused' },
      ],
    })
    // Present now: full 2 and its alternate (who no longer counts) — one seat.
    expect((await meetingQuorum(db, meetingId))!.filled).toBe(1)
    expect(
      await recordVote(db, {
        actorUserId: c.secretariat.id,
        itemId,
        mode: 'counts',
        yes: 2,
        no: 0,
        abstain: 0,
      }),
    ).toEqual({ ok: false, error: 'no_quorum' })
    await recordAttendance(db, {
      actorUserId: c.secretariat.id,
      meetingId,
      entries: [
        { memberId: c.full[0]!, status: 'present' },
        { memberId: c.full[3]!, status: 'present' },
      ],
    })
    expect(
      await recordVote(db, {
        actorUserId: c.secretariat.id,
        itemId,
        mode: 'counts',
        yes: 3,
        no: 1,
        abstain: 1,
      }),
    ).toEqual({ ok: false, error: 'too_many_votes' })
    expect(
      await recordVote(db, {
        actorUserId: c.secretariat.id,
        itemId,
        mode: 'counts',
        yes: 2,
        no: 1,
        abstain: 0,
      }),
    ).toEqual({ ok: true, value: { outcome: 'approved' } })
    expect(
      await recordVote(db, {
        actorUserId: c.secretariat.id,
        itemId,
        mode: 'counts',
        yes: 0,
        no: 3,
        abstain: 0,
      }),
    ).toEqual({ ok: false, error: 'already_voted' })
    const item = await db
      .selectFrom('agenda_items')
      .select(['present_at_vote', 'votes_yes', 'outcome'])
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow()
    expect(item).toEqual({ present_at_vote: 3, votes_yes: 2, outcome: 'approved' })
  })

  it('a meeting without the quorum to open stays closed; named votes come only from those sitting', async () => {
    const c = await councilBody(db)
    const thin = await meetingInSession(db, c, [c.alternates[0]!])
    expect(await openSession(db, { actorUserId: c.secretariat.id, meetingId: thin.meetingId })).toEqual({
      ok: false,
      error: 'no_quorum',
    })
    const { meetingId, itemId } = await meetingInSession(db, c, [
      c.full[0]!,
      c.full[1]!,
      c.alternates[2]!,
      c.alternates[0]!,
    ])
    await openSession(db, { actorUserId: c.secretariat.id, meetingId })
    // The alternate of a present full member is in the room but does not vote.
    expect(
      await recordVote(db, {
        actorUserId: c.secretariat.id,
        itemId,
        mode: 'named',
        votes: [{ memberId: c.alternates[0]!, vote: 'yes' }],
      }),
    ).toEqual({ ok: false, error: 'not_sitting' })
    const named = await recordVote(db, {
      actorUserId: c.secretariat.id,
      itemId,
      mode: 'named',
      votes: [
        { memberId: c.full[0]!, vote: 'yes' },
        { memberId: c.full[1]!, vote: 'no' },
        { memberId: c.alternates[2]!, vote: 'no' },
      ],
    })
    expect(named).toEqual({ ok: true, value: { outcome: 'rejected' } })
    expect(
      await db
        .selectFrom('item_votes')
        .select(['member_id', 'vote'])
        .where('item_id', '=', itemId)
        .orderBy('vote')
        .execute(),
    ).toHaveLength(3)
  })

  it('members are those on the meeting date; ended memberships stay in the history', async () => {
    const c = await councilBody(db)
    expect(
      await endMembership(db, {
        actorUserId: c.secretariat.id,
        memberId: c.full[3]!,
        on: '2021-06-30',
        reason: 'Renúncia',
      }),
    ).toEqual({ ok: true, value: null })
    expect((await membersOn(db, { bodyId: c.bodyId, on: '2021-01-01' })).map((m) => m.id)).toContain(
      c.full[3],
    )
    expect((await membersOn(db, { bodyId: c.bodyId, on: '2022-01-01' })).map((m) => m.id)).not.toContain(
      c.full[3],
    )
    const { meetingId } = await meetingInSession(db, c, [c.full[0]!])
    expect(
      await recordAttendance(db, {
        actorUserId: c.secretariat.id,
        meetingId,
        entries: [{ memberId: c.full[3]!, status: 'present' }],
      }),
    ).toEqual({ ok: false, error: 'not_a_member' })
  })
})

describe('resolutions', () => {
  it('numbers per body per year with no gaps and no duplicates, even when created at the same time', async () => {
    const c = await councilBody(db)
    const approved: string[] = []
    for (let i = 0; i < 3; i++) {
      const { meetingId, itemId } = await meetingInSession(db, c, c.full, { title: `Reunião ${i}` })
      await openSession(db, { actorUserId: c.secretariat.id, meetingId })
      await addAgendaItem(db, {
        actorUserId: c.secretariat.id,
        meetingId,
        title: 'x',
        kind: 'deliberation',
        motion: 'm',
      }).catch(() => undefined)
      await recordVote(db, {
        actorUserId: c.secretariat.id,
        itemId,
        mode: 'counts',
        yes: 3,
        no: 0,
        abstain: 0,
      })
      approved.push(itemId)
    }
    const results = await Promise.all(
      approved.map((itemId, i) =>
        createResolution(db, {
          actorUserId: c.secretariat.id,
          itemId,
          title: `Resolução ${i}`,
          text: 'Texto',
        }),
      ),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    const year = new Date(Date.now() + 10 * 86_400_000).getUTCFullYear()
    expect(results.map((r) => r.ok && r.value.code).sort()).toEqual([
      `Nº 1/CT/${year}`,
      `Nº 2/CT/${year}`,
      `Nº 3/CT/${year}`,
    ])
    expect(
      await createResolution(db, {
        actorUserId: c.secretariat.id,
        itemId: approved[0]!,
        title: 'De novo',
        text: 'T',
      }),
    ).toEqual({ ok: false, error: 'already_resolution' })
    const twice = await Promise.all(
      [0, 1].map(() =>
        createResolution(db, {
          actorUserId: c.secretariat.id,
          itemId: approved[1]!,
          title: 'Corrida',
          text: 'T',
        }),
      ),
    )
    expect(twice.every((r) => !r.ok && r.error === 'already_resolution')).toBe(true)
    const rejected = await meetingInSession(db, c, c.full)
    await openSession(db, { actorUserId: c.secretariat.id, meetingId: rejected.meetingId })
    await recordVote(db, {
      actorUserId: c.secretariat.id,
      itemId: rejected.itemId,
      mode: 'counts',
      yes: 1,
      no: 3,
      abstain: 0,
    })
    expect(
      await createResolution(db, {
        actorUserId: c.secretariat.id,
        itemId: rejected.itemId,
        title: 'Não',
        text: 'T',
      }),
    ).toEqual({ ok: false, error: 'not_approved' })
    expect(await db.selectFrom('resolutions').select('number').orderBy('number').execute()).toEqual([
      { number: 1 },
      { number: 2 },
      { number: 3 },
    ])
  })
})

describe('minutes lifecycle', () => {
  it('drafted after the meeting, circulated, approved by a vote at a later meeting, published, then only errata', async () => {
    const c = await councilBody(db)
    const s = c.secretariat.id
    const notYet = await meetingInSession(db, c, c.full, { startsInDays: 8 })
    expect(
      await draftMinutes(db, { actorUserId: s, meetingId: notYet.meetingId, text: 'Cedo demais' }),
    ).toEqual({ ok: false, error: 'meeting_not_held' })

    const first = await heldMeeting(db, c, { startsInDays: 10, title: 'Reunião de março' })
    const drafted = await draftMinutes(db, {
      actorUserId: s,
      meetingId: first.meetingId,
      text: 'O conselho discutiu a campanha contra a xenofobia.',
    })
    if (!drafted.ok) throw new Error(drafted.error)
    const record = (await getMinutes(db, first.meetingId))!.minutes.record
    expect(record.items).toEqual([
      expect.objectContaining({ title: 'Campanha', yes: 3, no: 1, outcome: 'approved' }),
    ])
    expect(record.attendance.filter((a) => a.status === 'present').map((a) => a.name)).toEqual(
      expect.arrayContaining(['Titular 1', 'Titular 2', 'Titular 3', 'Titular 4']),
    )
    expect(
      await editMinutes(db, {
        actorUserId: s,
        minutesId: drafted.value.id,
        text: 'O conselho discutiu e aprovou a campanha contra a xenofobia.',
      }),
    ).toEqual({ ok: true, value: null })

    // Approving at a later meeting: the agenda item must point at a meeting already held.
    const later = await scheduleMeeting(db, {
      actorUserId: s,
      bodyId: c.bodyId,
      kind: 'ordinary',
      title: 'Reunião de abril',
      startsAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      place: 'Sede',
    })
    if (!later.ok) throw new Error()
    expect(
      await addAgendaItem(db, {
        actorUserId: s,
        meetingId: later.value.id,
        title: 'Ata',
        kind: 'deliberation',
        approvesMinutesOf: notYet.meetingId,
      }),
    ).toEqual({ ok: false, error: 'meeting_not_held', field: 'approvesMinutesOf' })
    const approveItem = await addAgendaItem(db, {
      actorUserId: s,
      meetingId: later.value.id,
      title: 'Aprovação da ata de março',
      kind: 'deliberation',
      approvesMinutesOf: first.meetingId,
    })
    if (!approveItem.ok) throw new Error()
    await convene(db, { actorUserId: s, meetingId: later.value.id })
    await recordAttendance(db, {
      actorUserId: s,
      meetingId: later.value.id,
      entries: c.full.map((id) => ({ memberId: id, status: 'present' as const })),
    })
    await openSession(db, { actorUserId: s, meetingId: later.value.id })
    // Not circulated yet: the vote is refused and nothing is recorded.
    expect(
      await recordVote(db, {
        actorUserId: s,
        itemId: approveItem.value.id,
        mode: 'counts',
        yes: 4,
        no: 0,
        abstain: 0,
      }),
    ).toEqual({ ok: false, error: 'minutes_not_circulated' })
    expect(
      (
        await db
          .selectFrom('agenda_items')
          .select('outcome')
          .where('id', '=', approveItem.value.id)
          .executeTakeFirstOrThrow()
      ).outcome,
    ).toBeNull()
    expect(
      await advanceMinutes(db, { actorUserId: s, minutesId: drafted.value.id, to: 'published' }),
    ).toEqual({ ok: false, error: 'wrong_status' })
    expect(
      await advanceMinutes(db, { actorUserId: s, minutesId: drafted.value.id, to: 'circulated' }),
    ).toEqual({ ok: true, value: null })
    expect(
      await editMinutes(db, {
        actorUserId: s,
        minutesId: drafted.value.id,
        text: 'Mudança depois de circular',
      }),
    ).toEqual({ ok: false, error: 'not_editable' })
    expect(
      await recordVote(db, {
        actorUserId: s,
        itemId: approveItem.value.id,
        mode: 'counts',
        yes: 4,
        no: 0,
        abstain: 0,
      }),
    ).toEqual({ ok: true, value: { outcome: 'approved' } })
    expect((await getMinutes(db, first.meetingId))!.minutes).toMatchObject({
      status: 'approved',
      approved_by_item: approveItem.value.id,
    })
    // Approving minutes is not a deliberation of the council: it never becomes a resolution (#16).
    expect(
      await createResolution(db, { actorUserId: s, itemId: approveItem.value.id, title: 'Ata', text: 'x' }),
    ).toEqual({ ok: false, error: 'minutes_approval' })
    expect(await db.selectFrom('resolutions').select('id').execute()).toEqual([])
    await closeSession(db, { actorUserId: s, meetingId: later.value.id })

    expect(await addErratum(db, { actorUserId: s, minutesId: drafted.value.id, text: 'Cedo' })).toEqual({
      ok: false,
      error: 'wrong_status',
    })
    expect(
      await advanceMinutes(db, { actorUserId: s, minutesId: drafted.value.id, to: 'published' }),
    ).toEqual({ ok: true, value: null })
    // Published minutes never change; corrections are errata linked to them.
    expect(await editMinutes(db, { actorUserId: s, minutesId: drafted.value.id, text: 'Reescrita' })).toEqual(
      { ok: false, error: 'not_editable' },
    )
    expect(
      await addErratum(db, {
        actorUserId: s,
        minutesId: drafted.value.id,
        text: 'Onde se lê "março", leia-se "abril".',
      }),
    ).toEqual({ ok: true, value: null })
    const published = (await getMinutes(db, first.meetingId))!
    expect(published.minutes.text).toBe('O conselho discutiu e aprovou a campanha contra a xenofobia.')
    expect(published.errata.map((e) => e.text)).toEqual(['Onde se lê "março", leia-se "abril".'])
    expect(published.approvedBy).toMatchObject({ id: later.value.id, votes_yes: 4 })

    const found = await searchArchive(db, { q: 'XENOFOBIA aprovou', page: 1 })
    expect(found.minutes.map((m) => m.meeting_id)).toEqual([first.meetingId])
    // The archive lists the meeting's title with its translations (#19: shown through <Localised>).
    expect(found.minutes[0]).toHaveProperty('title_i18n')
    expect((await searchArchive(db, { q: 'inexistente', page: 1 })).minutes).toEqual([])
  })

  it('attendance statistics per member count the meetings held during their term', async () => {
    const c = await councilBody(db)
    await heldMeeting(db, c, { startsInDays: 10 })
    const { meetingId } = await meetingInSession(db, c, [c.full[0]!, c.alternates[1]!, c.full[2]!], {
      startsInDays: 11,
    })
    await recordAttendance(db, {
      actorUserId: c.secretariat.id,
      meetingId,
      entries: [{ memberId: c.full[1]!, status: 'excused' }],
    })
    await openSession(db, { actorUserId: c.secretariat.id, meetingId })
    await closeSession(db, { actorUserId: c.secretariat.id, meetingId })
    const stats = await attendanceStats(db, c.bodyId)
    expect(stats.find((s) => s.id === c.full[0])).toMatchObject({
      meetings: 2,
      present: 2,
      absent: 0,
      rate: 1,
    })
    expect(stats.find((s) => s.id === c.full[1])).toMatchObject({
      meetings: 2,
      present: 1,
      excused: 1,
      absent: 0,
      rate: 0.5,
    })
    expect(stats.find((s) => s.id === c.full[3])).toMatchObject({ meetings: 2, present: 1, absent: 1 })
    expect(stats.find((s) => s.id === c.alternates[1])).toMatchObject({ present: 1 })
  })
})
