import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { originalContent } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { meetingQuorum } from './attendance.server'
import { getBody } from './bodies.server'
import { noticeCouncilMembers } from './notices.server'
import { agendaOpen, resolutionCode } from './rules'

// A meeting's life: scheduled → convened (convocation and agenda published) → in session → held,
// or cancelled before it opens; its agenda, and the page that shows it all.

type Tx = Transaction<Database>

export type NewMeeting = {
  bodyId: string
  kind: 'ordinary' | 'extraordinary'
  title: string
  startsAt: string
  place?: string
  onlineUrl?: string
}

export async function scheduleMeeting(
  db: DB,
  input: NewMeeting & { actorUserId: string },
): Promise<Result<{ id: string }, 'not_found' | 'place_or_link'>> {
  if (!input.place && !input.onlineUrl) return err('place_or_link', 'place')
  return db.transaction().execute(async (trx) => {
    if (!(await getBody(trx, input.bodyId))) return err('not_found')
    const id = newId()
    await trx
      .insertInto('meetings')
      .values({
        id,
        body_id: input.bodyId,
        kind: input.kind,
        title: input.title,
        title_i18n: originalContent(input.title),
        starts_at: input.startsAt,
        place: input.place ?? null,
        online_url: input.onlineUrl ?? null,
        status: 'scheduled',
        convened_at: null,
        opened_at: null,
        closed_at: null,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.schedule',
      entityType: 'meeting',
      entityId: id,
    })
    return ok({ id })
  })
}

export type NewItem = {
  title: string
  description?: string
  kind: 'information' | 'deliberation'
  motion?: string
  approvesMinutesOf?: string
}

export async function addAgendaItem(
  db: DB,
  input: NewItem & { actorUserId: string; meetingId: string },
): Promise<
  Result<
    { id: string },
    'not_found' | 'agenda_closed' | 'meeting_not_held' | 'motion_required' | 'other_body'
  >
> {
  if (input.kind === 'deliberation' && !input.motion && !input.approvesMinutesOf)
    return err('motion_required', 'motion')
  const { actorUserId, meetingId } = input
  return db.transaction().execute(async (trx) => {
    const meeting = await trx
      .selectFrom('meetings')
      .select(['status', 'body_id', 'starts_at'])
      .where('id', '=', meetingId)
      .executeTakeFirst()
    if (!meeting) return err('not_found')
    if (!agendaOpen(meeting.status)) return err('agenda_closed')
    if (input.approvesMinutesOf) {
      // Minutes are approved at a *later* meeting of the same body, once the earlier one was held.
      const earlier = await trx
        .selectFrom('meetings')
        .select(['status', 'body_id', 'starts_at'])
        .where('id', '=', input.approvesMinutesOf)
        .executeTakeFirst()
      if (!earlier || earlier.body_id !== meeting.body_id) return err('other_body', 'approvesMinutesOf')
      if (earlier.status !== 'held' || earlier.starts_at >= meeting.starts_at)
        return err('meeting_not_held', 'approvesMinutesOf')
    }
    const last = await trx
      .selectFrom('agenda_items')
      .select((eb) => eb.fn.max<number>('position').as('p'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst()
    const id = newId()
    await trx
      .insertInto('agenda_items')
      .values({
        id,
        meeting_id: meetingId,
        position: Number(last?.p ?? 0) + 1,
        title: input.title,
        description: input.description ?? null,
        title_i18n: originalContent(input.title),
        description_i18n: input.description ? originalContent(input.description) : null,
        kind: input.approvesMinutesOf ? 'deliberation' : input.kind,
        motion: input.motion ?? null,
        approves_minutes_of: input.approvesMinutesOf ?? null,
        vote_mode: null,
        votes_yes: null,
        votes_no: null,
        votes_abstain: null,
        present_at_vote: null,
        outcome: null,
        voted_at: null,
      })
      .execute()
    await appendAudit(trx, {
      actorUserId,
      action: 'council.agenda',
      entityType: 'meeting',
      entityId: meetingId,
      after: { item: id },
    })
    return ok({ id })
  })
}

type StepError = 'not_found' | 'wrong_status' | 'notice_too_short' | 'no_agenda' | 'no_quorum'

async function moveMeeting(trx: Tx, meetingId: string, from: string, set: Partial<Database['meetings']>) {
  const moved = await trx
    .updateTable('meetings')
    .set(set)
    .where('id', '=', meetingId)
    .where('status', '=', from as never)
    .executeTakeFirst()
  return Number(moved.numUpdatedRows) === 1
}

/** Publishes the convocation and agenda; ordinary meetings need the body's notice period. */
export async function convene(
  db: DB,
  input: { actorUserId: string; meetingId: string; now?: Date },
): Promise<Result<null, StepError>> {
  const now = input.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('meetings as m')
      .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
      .select(['m.status', 'm.kind', 'm.starts_at', 'b.notice_days', 'b.extraordinary_notice_days'])
      .where('m.id', '=', input.meetingId)
      .executeTakeFirst()
    if (!m) return err('not_found')
    if (m.status !== 'scheduled') return err('wrong_status')
    const items = await trx
      .selectFrom('agenda_items')
      .select('id')
      .where('meeting_id', '=', input.meetingId)
      .execute()
    if (items.length === 0) return err('no_agenda')
    const days = m.kind === 'ordinary' ? m.notice_days : m.extraordinary_notice_days
    if (new Date(m.starts_at).getTime() - now.getTime() < days * 86_400_000) return err('notice_too_short')
    if (
      !(await moveMeeting(trx, input.meetingId, 'scheduled', {
        status: 'convened',
        convened_at: now.toISOString(),
      }))
    )
      return err('wrong_status')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.convene',
      entityType: 'meeting',
      entityId: input.meetingId,
    })
    // The convocation goes to members and alternates with the published agenda (issue #18).
    await noticeCouncilMembers(trx, { kind: 'meeting_convocation', meetingId: input.meetingId })
    return ok(null)
  })
}

export async function cancelMeeting(
  db: DB,
  input: { actorUserId: string; meetingId: string },
): Promise<Result<null, StepError>> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('meetings')
      .select('status')
      .where('id', '=', input.meetingId)
      .executeTakeFirst()
    if (!m) return err('not_found')
    if (!agendaOpen(m.status)) return err('wrong_status')
    if (!(await moveMeeting(trx, input.meetingId, m.status, { status: 'cancelled' })))
      return err('wrong_status')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.cancel',
      entityType: 'meeting',
      entityId: input.meetingId,
    })
    return ok(null)
  })
}

export async function openSession(
  db: DB,
  input: { actorUserId: string; meetingId: string },
): Promise<Result<null, StepError>> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('meetings')
      .select('status')
      .where('id', '=', input.meetingId)
      .executeTakeFirst()
    if (!m) return err('not_found')
    if (m.status !== 'convened') return err('wrong_status')
    const q = (await meetingQuorum(trx, input.meetingId))!
    if (!q.canOpen) return err('no_quorum')
    if (!(await moveMeeting(trx, input.meetingId, 'convened', { status: 'in_session', opened_at: nowIso() })))
      return err('wrong_status')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.open',
      entityType: 'meeting',
      entityId: input.meetingId,
      after: { filled: q.filled },
    })
    return ok(null)
  })
}

export async function closeSession(
  db: DB,
  input: { actorUserId: string; meetingId: string },
): Promise<Result<null, StepError>> {
  return db.transaction().execute(async (trx) => {
    if (!(await moveMeeting(trx, input.meetingId, 'in_session', { status: 'held', closed_at: nowIso() }))) {
      const m = await trx
        .selectFrom('meetings')
        .select('status')
        .where('id', '=', input.meetingId)
        .executeTakeFirst()
      return err(m ? 'wrong_status' : 'not_found')
    }
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.close',
      entityType: 'meeting',
      entityId: input.meetingId,
    })
    return ok(null)
  })
}

export async function getMeeting(db: DB, id: string) {
  const meeting = await db
    .selectFrom('meetings as m')
    .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
    .selectAll('m')
    .select(['b.name_i18n as body_name_i18n', 'b.resolution_code'])
    .where('m.id', '=', id)
    .executeTakeFirst()
  if (!meeting) return null
  const items = await db
    .selectFrom('agenda_items')
    .selectAll()
    .where('meeting_id', '=', id)
    .orderBy('position')
    .execute()
  const named = items.length
    ? await db
        .selectFrom('item_votes as v')
        .innerJoin('body_members as bm', 'bm.id', 'v.member_id')
        .select(['v.item_id', 'v.vote', 'bm.display_name'])
        .where(
          'v.item_id',
          'in',
          items.map((i) => i.id),
        )
        .orderBy('bm.display_name')
        .execute()
    : []
  const resolutions = items.length
    ? await db
        .selectFrom('resolutions')
        .select(['id', 'item_id', 'year', 'number', 'title', 'title_i18n'])
        .where(
          'item_id',
          'in',
          items.map((i) => i.id),
        )
        .execute()
    : []
  const minutes = await db
    .selectFrom('minutes')
    .select(['id', 'status'])
    .where('meeting_id', '=', id)
    .executeTakeFirst()
  const approvesTitles = await Promise.all(
    items
      .filter((i) => i.approves_minutes_of)
      .map(async (i) => ({
        itemId: i.id,
        meeting: await db
          .selectFrom('meetings')
          .select(['id', 'title', 'title_i18n', 'starts_at'])
          .where('id', '=', i.approves_minutes_of!)
          .executeTakeFirst(),
      })),
  )
  const resolutionWithCode = (r: (typeof resolutions)[number] | undefined) =>
    r ? { ...r, code: resolutionCode(r.number, meeting.resolution_code, r.year) } : null
  return {
    meeting,
    items: items.map((i) => ({
      ...i,
      namedVotes: named.filter((v) => v.item_id === i.id),
      resolution: resolutionWithCode(resolutions.find((r) => r.item_id === i.id)),
      approves: approvesTitles.find((a) => a.itemId === i.id)?.meeting ?? null,
    })),
    quorum: (await meetingQuorum(db, id))!,
    minutes: minutes ?? null,
  }
}

export async function listMeetings(
  db: DB,
  opts: { bodyId?: string; year?: number; upcoming?: boolean } = {},
) {
  let q = db
    .selectFrom('meetings as m')
    .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
    .selectAll('m')
    .select(['b.name_i18n as body_name_i18n'])
  if (opts.bodyId) q = q.where('m.body_id', '=', opts.bodyId)
  if (opts.year)
    q = q.where('m.starts_at', '>=', `${opts.year}-01-01`).where('m.starts_at', '<', `${opts.year + 1}-01-01`)
  if (opts.upcoming)
    q = q.where('m.starts_at', '>=', nowIso()).where('m.status', 'in', ['convened', 'scheduled'])
  return q.orderBy('m.starts_at', opts.upcoming ? 'asc' : 'desc').execute()
}

/** Meetings of the body held before this date: the minutes an agenda item can put to the vote. */
export async function earlierHeldMeetings(db: DB, input: { bodyId: string; before: string }) {
  return db
    .selectFrom('meetings')
    .select(['id', 'title', 'title_i18n', 'starts_at'])
    .where('body_id', '=', input.bodyId)
    .where('status', '=', 'held')
    .where('starts_at', '<', input.before)
    .orderBy('starts_at', 'desc')
    .execute()
}
