import { beforeEach, describe, expect, it } from 'vitest'
import type { Actor } from '../../../app/auth/permissions'
import {
  commentOnMinutes,
  commentOnUpdate,
  minutesComments,
} from '../../../app/council/member-comments.server'
import { getMeeting } from '../../../app/council/meetings.server'
import { advanceMinutes, draftMinutes } from '../../../app/council/minutes.server'
import {
  answerConvocation,
  decideProposal,
  meetingCounsel,
  myWorkspace,
  proposeAgendaItem,
} from '../../../app/council/workspace.server'
import type { DB } from '../../../app/lib/db.server'
import { newId, nowIso } from '../../../app/lib/ids.server'
import { eraseAccount, exportMyData } from '../../../app/privacy/my-data.server'
import type { Role } from '../../../db/schema'
import { councilBody, heldMeeting, upcomingMeeting as upcomingMeetingOf } from '../../helpers/council'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'
import { planInForce } from '../../helpers/plan'

// Issue #18: the counsellors' workspace. A counsellor is a person with the `counsellor` role linked
// to a full or alternate membership whose term has not ended; each command is refused for the role
// alone, another body, an ended term, or the wrong moment.

let db: DB
let c: Awaited<ReturnType<typeof councilBody>>
let member: Actor & {}
let alternate: Actor & {}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

async function counsellorOn(memberId: string, { roles = ['counsellor'] as Role[], language = 'pt-BR' } = {}) {
  const user = await createUser(db, { roles })
  await db.updateTable('users').set({ preferred_language: language }).where('id', '=', user.id).execute()
  await db.updateTable('body_members').set({ user_id: user.id }).where('id', '=', memberId).execute()
  return { id: user.id, roles: ['resident', ...roles] as Role[], email: user.email }
}

const upcomingMeeting = (opts: { startsInDays?: number; convened?: boolean } = {}) =>
  upcomingMeetingOf(db, c, opts)

beforeEach(async () => {
  db = await createTestDb()
  c = await councilBody(db)
  member = (await counsellorOn(c.full[2])) as Actor & {}
  alternate = (await counsellorOn(c.alternates[2], { language: 'es' })) as Actor & {}
})

describe('convocation notice', () => {
  it('goes to the linked members and alternates, in each one’s language, with the agenda and the .ics link', async () => {
    const meetingId = await upcomingMeeting()
    const rows = await db
      .selectFrom('outbox')
      .select(['to_address', 'language', 'subject', 'body', 'attachment_name', 'attachment_content'])
      .execute()
    expect(rows).toHaveLength(2)
    const es = rows.find((r) => r.language === 'es')!
    expect(es.subject).toContain('Convocatoria: Reunião de dezembro')
    expect(es.body).toContain('1. Informes')
    expect(es.attachment_name).toBe(`meeting-${meetingId}.ics`)
    expect(es.attachment_content).toContain('BEGIN:VEVENT')
    expect(es.attachment_content).toMatch(/SUMMARY:.*Reunião de dezembro/)
    const pt = rows.find((r) => r.language === 'pt-BR')!
    expect(pt.subject).toContain('Convocação')
  })

  it('is not sent to an erased account', async () => {
    await eraseAccount(db, alternate!.id)
    await upcomingMeeting()
    const rows = await db.selectFrom('outbox').select('language').execute()
    expect(rows.map((r) => r.language)).toEqual(['pt-BR'])
  })
})

describe('agenda proposals', () => {
  it('the secretariat accepts a proposal onto the end of the agenda; the proposer sees it accepted', async () => {
    const meetingId = await upcomingMeeting()
    const p = await proposeAgendaItem(db, {
      actor: member,
      meetingId,
      title: 'Acolhimento de venezuelanos',
      description: 'Situação dos abrigos',
    })
    expect(p.ok).toBe(true)
    if (!p.ok) return
    const counsel = await meetingCounsel(db, meetingId)
    expect(counsel.proposals).toMatchObject([{ title: 'Acolhimento de venezuelanos', status: 'pending' }])
    const decided = await decideProposal(db, {
      actorUserId: c.secretariat.id,
      proposalId: p.value.id,
      accept: true,
    })
    expect(decided.ok).toBe(true)
    const { items } = (await getMeeting(db, meetingId))!
    expect(items.map((i) => [i.position, i.title])).toEqual([
      [1, 'Informes'],
      [2, 'Acolhimento de venezuelanos'],
    ])
    const [body] = await myWorkspace(db, { userId: member!.id })
    expect(body.meetings[0].proposals).toMatchObject([{ status: 'accepted' }])
    expect(
      await decideProposal(db, {
        actorUserId: c.secretariat.id,
        proposalId: p.value.id,
        accept: false,
        reason: 'x',
      }),
    ).toEqual({ ok: false, error: 'already_decided' })
  })

  it('a decline needs a reason, which the proposer sees', async () => {
    const meetingId = await upcomingMeeting()
    const p = await proposeAgendaItem(db, { actor: alternate, meetingId, title: 'Ponto' })
    if (!p.ok) throw new Error(p.error)
    expect(
      await decideProposal(db, {
        actorUserId: c.secretariat.id,
        proposalId: p.value.id,
        accept: false,
        reason: ' ',
      }),
    ).toEqual({ ok: false, error: 'invalid_decline_reason' })
    await decideProposal(db, {
      actorUserId: c.secretariat.id,
      proposalId: p.value.id,
      accept: false,
      reason: 'Fora da competência do conselho',
    })
    const [body] = await myWorkspace(db, { userId: alternate!.id })
    expect(body.meetings[0].proposals).toMatchObject([
      { status: 'declined', decline_reason: 'Fora da competência do conselho' },
    ])
    expect((await getMeeting(db, meetingId))!.items).toHaveLength(1)
  })

  it('refuses the role alone, a linked account without the role, another body and an ended term', async () => {
    const meetingId = await upcomingMeeting()
    const roleOnly = await createUser(db, { roles: ['counsellor'] })
    const noRole = await counsellorOn(c.full[3], { roles: [] })
    const propose = (actor: Actor) => proposeAgendaItem(db, { actor, meetingId, title: 'Ponto' })
    expect(await propose({ id: roleOnly.id, roles: ['counsellor'] })).toEqual({
      ok: false,
      error: 'not_your_body',
    })
    expect(await propose(noRole)).toEqual({ ok: false, error: 'not_your_body' })
    const other = await councilBody(db)
    const elsewhere = await createUser(db, { roles: ['counsellor'] })
    await db
      .updateTable('body_members')
      .set({ user_id: elsewhere.id })
      .where('id', '=', other.full[0])
      .execute()
    expect(await propose({ id: elsewhere.id, roles: ['counsellor'] })).toEqual({
      ok: false,
      error: 'not_your_body',
    })
    await db
      .updateTable('body_members')
      .set({ term_ends: '2024-12-31' })
      .where('id', '=', c.full[2])
      .execute()
    expect(await propose(member)).toEqual({ ok: false, error: 'term_ended' })
    expect(await db.selectFrom('council_agenda_proposals').select('id').execute()).toEqual([])
  })

  it('is closed once the meeting has started, and the secretariat can no longer accept one', async () => {
    const meetingId = await upcomingMeeting()
    const p = await proposeAgendaItem(db, { actor: member, meetingId, title: 'Ponto' })
    if (!p.ok) throw new Error(p.error)
    expect(
      await proposeAgendaItem(db, {
        actor: member,
        meetingId,
        title: 'Tarde demais',
        now: new Date(inDays(11)),
      }),
    ).toEqual({ ok: false, error: 'meeting_started' })
    await db.updateTable('meetings').set({ status: 'in_session' }).where('id', '=', meetingId).execute()
    expect(await proposeAgendaItem(db, { actor: member, meetingId, title: 'Outro' })).toEqual({
      ok: false,
      error: 'meeting_started',
    })
    expect(
      await decideProposal(db, { actorUserId: c.secretariat.id, proposalId: p.value.id, accept: true }),
    ).toEqual({ ok: false, error: 'agenda_closed' })
  })

  it('two identical proposals sent at once leave one', async () => {
    const meetingId = await upcomingMeeting()
    const results = await Promise.all(
      [1, 2].map(() => proposeAgendaItem(db, { actor: member, meetingId, title: 'Mesmo ponto' })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: 'proposal_taken' })
    expect(await db.selectFrom('council_agenda_proposals').select('id').execute()).toHaveLength(1)
  })
})

describe('answering the convocation', () => {
  it('confirmed or excused until the meeting starts; the secretariat sees the answers', async () => {
    const draft = await upcomingMeeting({ convened: false })
    expect(await answerConvocation(db, { actor: member, meetingId: draft, response: 'confirmed' })).toEqual({
      ok: false,
      error: 'not_convened',
    })
    const meetingId = await upcomingMeeting({ startsInDays: 12 })
    expect((await answerConvocation(db, { actor: member, meetingId, response: 'confirmed' })).ok).toBe(true)
    expect((await answerConvocation(db, { actor: member, meetingId, response: 'excused' })).ok).toBe(true)
    expect((await answerConvocation(db, { actor: alternate, meetingId, response: 'confirmed' })).ok).toBe(
      true,
    )
    const { confirmations } = await meetingCounsel(db, meetingId)
    expect(confirmations.map((x) => [x.display_name, x.response])).toEqual([
      ['Suplente 3', 'confirmed'],
      ['Titular 3', 'excused'],
    ])
    expect(
      await answerConvocation(db, {
        actor: member,
        meetingId,
        response: 'confirmed',
        now: new Date(inDays(13)),
      }),
    ).toEqual({ ok: false, error: 'meeting_started' })
    // The real presence is still the secretariat's: an answer records no attendance.
    expect(
      await db.selectFrom('attendance').select('member_id').where('meeting_id', '=', meetingId).execute(),
    ).toEqual([])
  })
})

describe('minutes circulated for comment', () => {
  it('members comment on a circulated draft, the secretariat reads the comments, approval closes them', async () => {
    const { meetingId } = await heldMeeting(db, c)
    const drafted = await draftMinutes(db, { actorUserId: c.secretariat.id, meetingId, text: 'Ata.' })
    if (!drafted.ok) throw new Error(drafted.error)
    expect(await commentOnMinutes(db, { actor: member, meetingId, text: 'Cedo' })).toEqual({
      ok: false,
      error: 'not_circulated',
    })
    const before = await db.selectFrom('outbox').select('id').execute()
    await advanceMinutes(db, { actorUserId: c.secretariat.id, minutesId: drafted.value.id, to: 'circulated' })
    const notices = await db
      .selectFrom('outbox')
      .select(['language', 'subject'])
      .where('id', 'not in', before.length ? before.map((r) => r.id) : [''])
      .execute()
    expect(notices.map((n) => n.language).sort()).toEqual(['es', 'pt-BR'])
    expect(notices.find((n) => n.language === 'es')!.subject).toContain('Acta para comentarios')
    const [body] = await myWorkspace(db, { userId: member!.id })
    expect(body.minutes.map((n) => n.meeting_id)).toEqual([meetingId])
    expect((await commentOnMinutes(db, { actor: member, meetingId, text: 'Corrigir o item 1.' })).ok).toBe(
      true,
    )
    const outsider = await createUser(db, { roles: ['counsellor'] })
    expect(
      await commentOnMinutes(db, { actor: { id: outsider.id, roles: ['counsellor'] }, meetingId, text: 'x' }),
    ).toEqual({ ok: false, error: 'not_your_body' })
    expect((await minutesComments(db, meetingId)).map((x) => [x.display_name, x.text])).toEqual([
      ['Titular 3', 'Corrigir o item 1.'],
    ])
    // Approval by a later meeting's vote moves the minutes on (votes.server.ts); then comments close.
    await db.updateTable('minutes').set({ status: 'approved' }).where('id', '=', drafted.value.id).execute()
    expect(await commentOnMinutes(db, { actor: member, meetingId, text: 'Tarde' })).toEqual({
      ok: false,
      error: 'comments_closed',
    })
  })
})

describe('plan actions followed by the body', () => {
  it('members comment on published monitoring updates of the actions their body follows only', async () => {
    const plan = await planInForce(db)
    const indicator = plan.byCode('4.1.1.1')
    const other = plan.byCode('7.1.1.1')
    const published = async (indicatorId: string) => {
      const id = newId()
      await db
        .insertInto('indicator_updates')
        .values({
          id,
          indicator_id: indicatorId,
          reference_date: '2026-06-30',
          value: 1,
          status: 'on_track',
          evidence: 'Relatório',
          evidence_url: null,
          review: 'published',
          review_note: null,
          submitted_by: plan.reporter.id,
          submitted_at: nowIso(),
          reviewed_by: plan.secretariat.id,
          reviewed_at: nowIso(),
        })
        .execute()
      return id
    }
    const followedUpdate = await published(indicator.id)
    const otherUpdate = await published(other.id)
    await db
      .insertInto('council_body_plan_actions')
      .values({ body_id: c.bodyId, action_id: indicator.action_id })
      .execute()
    const [body] = await myWorkspace(db, { userId: member!.id })
    expect(body.plan.map((a) => a.id)).toEqual([indicator.action_id])
    expect(body.plan[0].updates.map((u) => u.id)).toEqual([followedUpdate])
    const comment = (updateId: string, actor: Actor = member) =>
      commentOnUpdate(db, { actor, bodyId: c.bodyId, updateId, text: 'Precisa de metas por região.' })
    expect((await comment(followedUpdate)).ok).toBe(true)
    expect(await comment(otherUpdate)).toEqual({ ok: false, error: 'not_followed' })
    const outsider = await createUser(db, { roles: ['counsellor'] })
    expect(await comment(followedUpdate, { id: outsider.id, roles: ['counsellor'] })).toEqual({
      ok: false,
      error: 'not_your_body',
    })
    const [after] = await myWorkspace(db, { userId: member!.id })
    expect(after.plan[0].updates[0].comments.map((x) => x.text)).toEqual(['Precisa de metas por região.'])
  })
})

describe('LGPD', () => {
  it('what a counsellor wrote is in their export, and erasure keeps it with the membership only', async () => {
    const meetingId = await upcomingMeeting()
    await proposeAgendaItem(db, { actor: member, meetingId, title: 'Ponto' })
    await answerConvocation(db, { actor: member, meetingId, response: 'confirmed' })
    const exported = await exportMyData(db, member!.id)
    expect(exported.council_work.agenda_proposals).toMatchObject([{ title: 'Ponto' }])
    expect(exported.council_work.convocation_answers).toMatchObject([{ response: 'confirmed' }])
    await eraseAccount(db, member!.id)
    const rows = await db.selectFrom('council_agenda_proposals').select(['user_id', 'member_id']).execute()
    expect(rows).toEqual([{ user_id: null, member_id: c.full[2] }])
    const answers = await db.selectFrom('attendance_confirmations').select('user_id').execute()
    expect(answers).toEqual([{ user_id: null }])
  })
})
