import type { Transaction } from 'kysely'
import type { AttendanceStatus, Database, VoteChoice } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { allWordsLike, searchable } from '../lib/search'
import { outcomeOf, quorum, resolutionCode, seatsFilled } from './rules'

type Tx = Transaction<Database>
const json = (value: unknown) => JSON.stringify(value)

// ---------- bodies and members ----------

export async function listBodies(db: DB) {
  return db.selectFrom('council_bodies').selectAll().orderBy('kind').orderBy('created_at').execute()
}

export async function getBody(db: DB | Tx, id: string) {
  return (await db.selectFrom('council_bodies').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

/** Members on a given day (ISO date or instant): started on or before it, not ended by then. */
export async function membersOn(db: DB | Tx, bodyId: string, at: string) {
  return db
    .selectFrom('body_members')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('term_starts', '<=', at)
    .where((eb) => eb.or([eb('term_ends', 'is', null), eb('term_ends', '>', at)]))
    .orderBy('sector', 'desc')
    .orderBy('segment')
    .orderBy('role')
    .orderBy('display_name')
    .execute()
}

export async function memberHistory(db: DB, bodyId: string) {
  return db
    .selectFrom('body_members')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('term_ends', 'is not', null)
    .orderBy('term_ends', 'desc')
    .execute()
}

export type NewMember = {
  displayName: string
  sector: 'government' | 'civil_society'
  segment?: string
  organisation?: string
  role: 'full' | 'alternate'
  alternateFor?: string
  termStarts: string
  termEnds?: string
  userId?: string
  councilMemberId?: string
}

/** Government seats are appointed by hand; elected members come from council_members. */
export async function addMember(
  db: DB,
  actorUserId: string,
  bodyId: string,
  input: NewMember,
): Promise<Result<{ id: string }, 'not_found' | 'unknown_full_member' | 'dates_order'>> {
  if (input.termEnds && input.termEnds <= input.termStarts) return err('dates_order', 'termEnds')
  return db.transaction().execute(async (trx) => {
    if (!(await getBody(trx, bodyId))) return err('not_found')
    if (input.role === 'alternate' && input.alternateFor) {
      const full = await trx
        .selectFrom('body_members')
        .select('id')
        .where('id', '=', input.alternateFor)
        .where('body_id', '=', bodyId)
        .where('role', '=', 'full')
        .executeTakeFirst()
      if (!full) return err('unknown_full_member', 'alternateFor')
    }
    const id = newId()
    await trx
      .insertInto('body_members')
      .values({
        id,
        body_id: bodyId,
        council_member_id: input.councilMemberId ?? null,
        user_id: input.userId ?? null,
        display_name: input.displayName,
        sector: input.sector,
        segment: input.segment ?? null,
        organisation: input.organisation ?? null,
        role: input.role,
        alternate_for: input.role === 'alternate' ? (input.alternateFor ?? null) : null,
        term_starts: input.termStarts,
        term_ends: input.termEnds ?? null,
        ended_reason: null,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId,
      action: 'council.member',
      entityType: 'council_body',
      entityId: bodyId,
      after: { member: id, role: input.role, sector: input.sector },
    })
    return ok({ id })
  })
}

/** Ends a membership; the row stays, so attendance and votes keep their names (history). */
export async function endMembership(
  db: DB,
  input: { actorUserId: string; memberId: string; on: string; reason: string },
): Promise<Result<null, 'not_found' | 'already_ended' | 'dates_order'>> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('body_members')
      .select(['term_starts', 'term_ends', 'body_id'])
      .where('id', '=', input.memberId)
      .executeTakeFirst()
    if (!m) return err('not_found')
    if (m.term_ends && m.term_ends <= nowIso()) return err('already_ended')
    if (input.on <= m.term_starts) return err('dates_order', 'on')
    await trx
      .updateTable('body_members')
      .set({ term_ends: input.on, ended_reason: input.reason })
      .where('id', '=', input.memberId)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.member_end',
      entityType: 'council_body',
      entityId: m.body_id,
      after: { member: input.memberId, on: input.on },
    })
    return ok(null)
  })
}

/**
 * Seats the secretariat's elected members on the body: the titulars and alternates the official
 * result put in council_members for that body (CMI or a subprefecture's CPM), each alternate paired
 * with the titular of the same segment/contest and rank. Idempotent.
 */
export async function seatElected(
  db: DB,
  input: { actorUserId: string; bodyId: string; electionId: string },
): Promise<Result<{ added: number }, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const body = await getBody(trx, input.bodyId)
    if (!body) return err('not_found')
    let q = trx.selectFrom('council_members').selectAll().where('election_id', '=', input.electionId)
    q =
      body.kind === 'cpm'
        ? q.where('body', '=', 'cpm').where('subprefecture_id', '=', body.subprefecture_id)
        : q.where('body', '=', 'cmi')
    const elected = await q.orderBy('seat', 'desc').orderBy('segment').orderBy('rank').execute()
    const already = new Set(
      (
        await trx
          .selectFrom('body_members')
          .select('council_member_id')
          .where('body_id', '=', input.bodyId)
          .where('council_member_id', 'is not', null)
          .execute()
      ).map((r) => r.council_member_id),
    )
    const fullIds = new Map<string, string>()
    let added = 0
    for (const e of elected) {
      const key = `${e.segment ?? ''}:${e.rank}`
      if (already.has(e.id)) continue
      const id = newId()
      await trx
        .insertInto('body_members')
        .values({
          id,
          body_id: input.bodyId,
          council_member_id: e.id,
          user_id: e.user_id,
          display_name: e.display_name,
          sector: 'civil_society',
          segment: e.segment,
          organisation: null,
          role: e.seat === 'titular' ? 'full' : 'alternate',
          alternate_for: e.seat === 'alternate' ? (fullIds.get(key) ?? null) : null,
          term_starts: e.term_starts.slice(0, 10),
          term_ends: e.term_ends?.slice(0, 10) ?? null,
          ended_reason: null,
          created_at: nowIso(),
        })
        .execute()
      if (e.seat === 'titular') fullIds.set(key, id)
      added += 1
    }
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.seat_elected',
      entityType: 'council_body',
      entityId: input.bodyId,
      after: { election: input.electionId, added },
    })
    return ok({ added })
  })
}

// ---------- meetings ----------

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
  actorUserId: string,
  input: NewMeeting,
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
    await appendAudit(trx, { actorUserId, action: 'council.schedule', entityType: 'meeting', entityId: id })
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
  actorUserId: string,
  meetingId: string,
  input: NewItem,
): Promise<
  Result<
    { id: string },
    'not_found' | 'agenda_closed' | 'meeting_not_held' | 'motion_required' | 'other_body'
  >
> {
  if (input.kind === 'deliberation' && !input.motion && !input.approvesMinutesOf)
    return err('motion_required', 'motion')
  return db.transaction().execute(async (trx) => {
    const meeting = await trx
      .selectFrom('meetings')
      .select(['status', 'body_id', 'starts_at'])
      .where('id', '=', meetingId)
      .executeTakeFirst()
    if (!meeting) return err('not_found')
    if (meeting.status !== 'scheduled' && meeting.status !== 'convened') return err('agenda_closed')
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
    if (m.status !== 'scheduled' && m.status !== 'convened') return err('wrong_status')
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

/** Members expected at the meeting (on its date), their attendance, and the quorum it makes. */
export async function meetingQuorum(db: DB | Tx, meetingId: string) {
  const m = await db
    .selectFrom('meetings as m')
    .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
    .select([
      'm.body_id',
      'm.starts_at',
      'b.seats',
      'b.quorum_open_pct',
      'b.quorum_open_strict',
      'b.quorum_deliberate_pct',
      'b.quorum_deliberate_strict',
    ])
    .where('m.id', '=', meetingId)
    .executeTakeFirst()
  if (!m) return null
  const members = await membersOn(db, m.body_id, m.starts_at.slice(0, 10))
  const rows = await db
    .selectFrom('attendance')
    .select(['member_id', 'status'])
    .where('meeting_id', '=', meetingId)
    .execute()
  const status = new Map(rows.map((r) => [r.member_id, r.status]))
  const seats = seatsFilled(members, (id) => status.get(id))
  return {
    members: members.map((x) => ({
      ...x,
      attendance: status.get(x.id) ?? null,
      sittingInFor: seats.sittingIn.find((s) => s.alternateId === x.id)?.forId ?? null,
    })),
    sittingIn: seats.sittingIn,
    ...quorum(
      m.seats,
      seats.filled,
      { pct: m.quorum_open_pct, strict: m.quorum_open_strict === 1 },
      { pct: m.quorum_deliberate_pct, strict: m.quorum_deliberate_strict === 1 },
    ),
  }
}

/** Present / absent / excused for members of the body on the meeting's date, while convened or in session. */
export async function recordAttendance(
  db: DB,
  input: {
    actorUserId: string
    meetingId: string
    entries: { memberId: string; status: AttendanceStatus }[]
  },
): Promise<Result<null, 'not_found' | 'wrong_status' | 'not_a_member'>> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('meetings')
      .select(['status', 'body_id', 'starts_at'])
      .where('id', '=', input.meetingId)
      .executeTakeFirst()
    if (!m) return err('not_found')
    if (m.status !== 'convened' && m.status !== 'in_session') return err('wrong_status')
    const members = new Set((await membersOn(trx, m.body_id, m.starts_at.slice(0, 10))).map((x) => x.id))
    if (input.entries.some((e) => !members.has(e.memberId))) return err('not_a_member')
    const at = nowIso()
    for (const e of input.entries) {
      await trx
        .insertInto('attendance')
        .values({ meeting_id: input.meetingId, member_id: e.memberId, status: e.status, recorded_at: at })
        .onConflict((oc) =>
          oc.columns(['meeting_id', 'member_id']).doUpdateSet({ status: e.status, recorded_at: at }),
        )
        .execute()
    }
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.attendance',
      entityType: 'meeting',
      entityId: input.meetingId,
      after: { entries: input.entries.length },
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

export type VoteInput =
  | { actorUserId: string; itemId: string; mode: 'counts'; yes: number; no: number; abstain: number }
  | { actorUserId: string; itemId: string; mode: 'named'; votes: { memberId: string; vote: VoteChoice }[] }
export type VoteError =
  | 'not_found'
  | 'wrong_status'
  | 'not_deliberative'
  | 'already_voted'
  | 'no_quorum'
  | 'too_many_votes'
  | 'not_sitting'
  | 'minutes_not_circulated'

/**
 * Records the vote on an item while the meeting is in session and has the quorum to deliberate.
 * Counts cannot exceed the seats filled; named votes only from members sitting (full members
 * present, or alternates sitting in). An item that approves earlier minutes approves them when it
 * passes, in the same transaction.
 */
export async function recordVote(
  db: DB,
  input: VoteInput,
): Promise<Result<{ outcome: 'approved' | 'rejected' }, VoteError>> {
  return db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom('agenda_items as i')
      .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
      .select(['i.kind', 'i.outcome', 'i.meeting_id', 'i.approves_minutes_of', 'm.status'])
      .where('i.id', '=', input.itemId)
      .executeTakeFirst()
    if (!item) return err('not_found')
    if (item.status !== 'in_session') return err('wrong_status')
    if (item.kind !== 'deliberation') return err('not_deliberative')
    if (item.outcome) return err('already_voted')
    const q = (await meetingQuorum(trx, item.meeting_id))!
    if (!q.canDeliberate) return err('no_quorum')
    let yes: number, no: number, abstain: number
    if (input.mode === 'counts') {
      ;({ yes, no, abstain } = input)
      if (yes + no + abstain > q.filled) return err('too_many_votes')
    } else {
      const sitting = new Set(
        q.members
          .filter((m) => (m.role === 'full' && m.attendance === 'present') || m.sittingInFor)
          .map((m) => m.id),
      )
      if (
        input.votes.some((v) => !sitting.has(v.memberId)) ||
        new Set(input.votes.map((v) => v.memberId)).size !== input.votes.length
      )
        return err('not_sitting')
      yes = input.votes.filter((v) => v.vote === 'yes').length
      no = input.votes.filter((v) => v.vote === 'no').length
      abstain = input.votes.filter((v) => v.vote === 'abstain').length
      for (const v of input.votes)
        await trx
          .insertInto('item_votes')
          .values({ item_id: input.itemId, member_id: v.memberId, vote: v.vote })
          .execute()
    }
    const outcome = outcomeOf(yes, no)
    if (item.approves_minutes_of && outcome === 'approved') {
      const approved = await trx
        .updateTable('minutes')
        .set({
          status: 'approved',
          approved_by_item: input.itemId,
          approved_at: nowIso(),
          updated_at: nowIso(),
        })
        .where('meeting_id', '=', item.approves_minutes_of)
        .where('status', '=', 'circulated')
        .executeTakeFirst()
      if (Number(approved.numUpdatedRows) !== 1) return err('minutes_not_circulated')
    }
    const done = await trx
      .updateTable('agenda_items')
      .set({
        vote_mode: input.mode,
        votes_yes: yes,
        votes_no: no,
        votes_abstain: abstain,
        present_at_vote: q.filled,
        outcome,
        voted_at: nowIso(),
      })
      .where('id', '=', input.itemId)
      .where('outcome', 'is', null)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('already_voted')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.vote',
      entityType: 'agenda_item',
      entityId: input.itemId,
      after: { yes, no, abstain, outcome },
    })
    return ok({ outcome })
  })
}

/**
 * Numbers a resolution for an approved item: the next number of the body in that year, inside the
 * transaction. The UNIQUE (body, year, number) constraint turns a concurrent double into a retry,
 * so numbers never repeat and — since resolutions are never deleted — never skip.
 */
export async function createResolution(
  db: DB,
  input: { actorUserId: string; itemId: string; title: string; text: string; gazetteReference?: string },
): Promise<Result<{ id: string; code: string }, 'not_found' | 'not_approved' | 'already_resolution'>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const item = await trx
          .selectFrom('agenda_items as i')
          .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
          .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
          .select(['i.outcome', 'm.body_id', 'm.starts_at', 'b.resolution_code'])
          .where('i.id', '=', input.itemId)
          .executeTakeFirst()
        if (!item) return err('not_found')
        if (item.outcome !== 'approved') return err('not_approved')
        const existing = await trx
          .selectFrom('resolutions')
          .select('id')
          .where('item_id', '=', input.itemId)
          .executeTakeFirst()
        if (existing) return err('already_resolution')
        const year = Number(item.starts_at.slice(0, 4))
        const last = await trx
          .selectFrom('resolutions')
          .select((eb) => eb.fn.max<number>('number').as('n'))
          .where('body_id', '=', item.body_id)
          .where('year', '=', year)
          .executeTakeFirst()
        const number = Number(last?.n ?? 0) + 1
        const id = newId()
        const code = resolutionCode(number, item.resolution_code, year)
        await trx
          .insertInto('resolutions')
          .values({
            id,
            body_id: item.body_id,
            year,
            number,
            item_id: input.itemId,
            title: input.title,
            body: input.text,
            summary_i18n: null,
            gazette_reference: input.gazetteReference ?? null,
            search_text: searchable(code, input.title, input.text),
            created_at: nowIso(),
          })
          .execute()
        await appendAudit(trx, {
          actorUserId: input.actorUserId,
          action: 'council.resolution',
          entityType: 'resolution',
          entityId: id,
          after: { code },
        })
        return ok({ id, code })
      })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      // Another resolution took this number (or this item) at the same moment: read again.
    }
  }
  throw new Error('could not number the resolution after 5 attempts')
}

export async function setGazetteReference(
  db: DB,
  input: { actorUserId: string; resolutionId: string; reference: string },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('resolutions')
      .set({ gazette_reference: input.reference })
      .where('id', '=', input.resolutionId)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('not_found')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.gazette',
      entityType: 'resolution',
      entityId: input.resolutionId,
      after: { reference: input.reference },
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
        .select(['id', 'item_id', 'year', 'number', 'title'])
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
          .select(['id', 'title', 'starts_at'])
          .where('id', '=', i.approves_minutes_of!)
          .executeTakeFirst(),
      })),
  )
  return {
    meeting,
    items: items.map((i) => ({
      ...i,
      namedVotes: named.filter((v) => v.item_id === i.id),
      resolution: resolutions.find((r) => r.item_id === i.id) ?? null,
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

// ---------- minutes ----------

/** The structured record the minutes are drafted from: attendance, items, votes, resolutions. */
async function meetingRecord(db: DB | Tx, meetingId: string) {
  const q = (await meetingQuorum(db, meetingId))!
  const items = await db
    .selectFrom('agenda_items')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute()
  const resolutions = items.length
    ? await db
        .selectFrom('resolutions as r')
        .innerJoin('council_bodies as b', 'b.id', 'r.body_id')
        .select(['r.item_id', 'r.number', 'r.year', 'b.resolution_code'])
        .where(
          'r.item_id',
          'in',
          items.map((i) => i.id),
        )
        .execute()
    : []
  return {
    attendance: q.members.map((m) => ({
      name: m.display_name,
      sector: m.sector,
      segment: m.segment,
      role: m.role,
      status: m.attendance ?? 'absent',
      sitting_in_for: q.members.find((x) => x.id === m.sittingInFor)?.display_name ?? null,
    })),
    quorum: { filled: q.filled, seats: q.seats },
    items: items.map((i) => {
      const r = resolutions.find((x) => x.item_id === i.id)
      return {
        position: i.position,
        title: i.title,
        kind: i.kind,
        motion: i.motion,
        yes: i.votes_yes,
        no: i.votes_no,
        abstain: i.votes_abstain,
        outcome: i.outcome,
        resolution: r ? resolutionCode(r.number, r.resolution_code, r.year) : null,
      }
    }),
  }
}

export type MinutesError =
  'not_found' | 'meeting_not_held' | 'already_drafted' | 'not_editable' | 'wrong_status'

export async function draftMinutes(
  db: DB,
  input: { actorUserId: string; meetingId: string; text: string },
): Promise<Result<{ id: string }, MinutesError>> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('meetings')
      .select(['status', 'title'])
      .where('id', '=', input.meetingId)
      .executeTakeFirst()
    if (!m) return err('not_found')
    if (m.status !== 'held') return err('meeting_not_held')
    const existing = await trx
      .selectFrom('minutes')
      .select('id')
      .where('meeting_id', '=', input.meetingId)
      .executeTakeFirst()
    if (existing) return err('already_drafted')
    const record = await meetingRecord(trx, input.meetingId)
    const id = newId()
    await trx
      .insertInto('minutes')
      .values({
        id,
        meeting_id: input.meetingId,
        status: 'draft',
        record_json: json(record),
        text: input.text,
        summary_i18n: null,
        approved_by_item: null,
        approved_at: null,
        circulated_at: null,
        published_at: null,
        search_text: searchable(
          m.title,
          input.text,
          record.items.map((i) => `${i.title} ${i.motion ?? ''}`).join(' '),
        ),
        updated_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.minutes_draft',
      entityType: 'minutes',
      entityId: id,
    })
    return ok({ id })
  })
}

/** Only a draft changes. Circulated, approved and published minutes are fixed; published ones take errata. */
export async function editMinutes(
  db: DB,
  input: { actorUserId: string; minutesId: string; text: string; summary?: Record<string, string> },
): Promise<Result<null, MinutesError>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('minutes as n')
      .innerJoin('meetings as m', 'm.id', 'n.meeting_id')
      .select(['n.status', 'n.record_json', 'm.title'])
      .where('n.id', '=', input.minutesId)
      .executeTakeFirst()
    if (!row) return err('not_found')
    if (row.status !== 'draft') return err('not_editable')
    const record = JSON.parse(row.record_json) as { items: { title: string; motion: string | null }[] }
    const changed = await trx
      .updateTable('minutes')
      .set({
        text: input.text,
        summary_i18n: input.summary && Object.keys(input.summary).length ? json(input.summary) : null,
        search_text: searchable(
          row.title,
          input.text,
          record.items.map((i) => `${i.title} ${i.motion ?? ''}`).join(' '),
        ),
        updated_at: nowIso(),
      })
      .where('id', '=', input.minutesId)
      .where('status', '=', 'draft')
      .executeTakeFirst()
    if (Number(changed.numUpdatedRows) !== 1) return err('not_editable')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.minutes_edit',
      entityType: 'minutes',
      entityId: input.minutesId,
    })
    return ok(null)
  })
}

/** draft → circulated (to members, before the approving meeting); approved → published. */
export async function advanceMinutes(
  db: DB,
  input: { actorUserId: string; minutesId: string; to: 'circulated' | 'published' },
): Promise<Result<null, MinutesError>> {
  const from = input.to === 'circulated' ? 'draft' : 'approved'
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('minutes')
      .select('status')
      .where('id', '=', input.minutesId)
      .executeTakeFirst()
    if (!row) return err('not_found')
    const at = nowIso()
    const done = await trx
      .updateTable('minutes')
      .set(
        input.to === 'circulated'
          ? { status: 'circulated', circulated_at: at, updated_at: at }
          : { status: 'published', published_at: at, updated_at: at },
      )
      .where('id', '=', input.minutesId)
      .where('status', '=', from)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('wrong_status')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: `council.minutes_${input.to}`,
      entityType: 'minutes',
      entityId: input.minutesId,
    })
    return ok(null)
  })
}

export async function addErratum(
  db: DB,
  input: { actorUserId: string; minutesId: string; text: string },
): Promise<Result<null, MinutesError>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('minutes')
      .select('status')
      .where('id', '=', input.minutesId)
      .executeTakeFirst()
    if (!row) return err('not_found')
    if (row.status !== 'published') return err('wrong_status')
    await trx
      .insertInto('minutes_errata')
      .values({
        id: newId(),
        minutes_id: input.minutesId,
        text: input.text,
        created_by: input.actorUserId,
        published_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.erratum',
      entityType: 'minutes',
      entityId: input.minutesId,
    })
    return ok(null)
  })
}

export async function getMinutes(db: DB, meetingId: string) {
  const minutes = await db
    .selectFrom('minutes')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  if (!minutes) return null
  const errata = await db
    .selectFrom('minutes_errata')
    .select(['id', 'text', 'published_at'])
    .where('minutes_id', '=', minutes.id)
    .orderBy('published_at')
    .execute()
  const approvedBy = minutes.approved_by_item
    ? await db
        .selectFrom('agenda_items as i')
        .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
        .select(['m.id', 'm.title', 'm.starts_at', 'i.votes_yes', 'i.votes_no', 'i.votes_abstain'])
        .where('i.id', '=', minutes.approved_by_item)
        .executeTakeFirst()
    : null
  return {
    minutes: {
      ...minutes,
      record: JSON.parse(minutes.record_json) as Awaited<ReturnType<typeof meetingRecord>>,
    },
    errata,
    approvedBy: approvedBy ?? null,
  }
}

export async function getResolution(db: DB, id: string) {
  return (
    (await db
      .selectFrom('resolutions as r')
      .innerJoin('council_bodies as b', 'b.id', 'r.body_id')
      .innerJoin('agenda_items as i', 'i.id', 'r.item_id')
      .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
      .selectAll('r')
      .select([
        'b.name_i18n as body_name_i18n',
        'b.resolution_code',
        'm.id as meeting_id',
        'm.title as meeting_title',
        'm.starts_at',
        'i.votes_yes',
        'i.votes_no',
        'i.votes_abstain',
      ])
      .where('r.id', '=', id)
      .executeTakeFirst()) ?? null
  )
}

// ---------- public archive ----------

export const ARCHIVE_PAGE_SIZE = 20

/** Published minutes and resolutions by body and year, with accent-insensitive word search. */
export async function searchArchive(
  db: DB,
  f: { q?: string; bodyId?: string; year?: number; type?: 'minutes' | 'resolutions'; page: number },
) {
  const offset = (f.page - 1) * ARCHIVE_PAGE_SIZE
  let minutes = db
    .selectFrom('minutes as n')
    .innerJoin('meetings as m', 'm.id', 'n.meeting_id')
    .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
    .select([
      'n.id',
      'm.id as meeting_id',
      'm.title',
      'm.starts_at',
      'b.name_i18n as body_name_i18n',
      'n.summary_i18n',
      'n.published_at',
    ])
    .where('n.status', '=', 'published')
  let resolutions = db
    .selectFrom('resolutions as r')
    .innerJoin('council_bodies as b', 'b.id', 'r.body_id')
    .select([
      'r.id',
      'r.number',
      'r.year',
      'r.title',
      'r.summary_i18n',
      'r.created_at',
      'b.name_i18n as body_name_i18n',
      'b.resolution_code',
    ])
  if (f.bodyId) {
    minutes = minutes.where('m.body_id', '=', f.bodyId)
    resolutions = resolutions.where('r.body_id', '=', f.bodyId)
  }
  if (f.year) {
    minutes = minutes
      .where('m.starts_at', '>=', `${f.year}-01-01`)
      .where('m.starts_at', '<', `${f.year + 1}-01-01`)
    resolutions = resolutions.where('r.year', '=', f.year)
  }
  if (f.q) {
    for (const c of allWordsLike('n.search_text', f.q)) minutes = minutes.where(c)
    for (const c of allWordsLike('r.search_text', f.q)) resolutions = resolutions.where(c)
  }
  const [m, r] = await Promise.all([
    f.type === 'resolutions'
      ? []
      : minutes
          .orderBy('m.starts_at', 'desc')
          .limit(ARCHIVE_PAGE_SIZE + 1)
          .offset(f.type === 'minutes' ? offset : 0)
          .execute(),
    f.type === 'minutes'
      ? []
      : resolutions
          .orderBy('r.year', 'desc')
          .orderBy('r.number', 'desc')
          .limit(ARCHIVE_PAGE_SIZE + 1)
          .offset(f.type === 'resolutions' ? offset : 0)
          .execute(),
  ])
  return {
    minutes: m.slice(0, ARCHIVE_PAGE_SIZE),
    resolutions: r
      .slice(0, ARCHIVE_PAGE_SIZE)
      .map((x) => ({ ...x, code: resolutionCode(x.number, x.resolution_code, x.year) })),
    hasMore: m.length > ARCHIVE_PAGE_SIZE || r.length > ARCHIVE_PAGE_SIZE,
  }
}

/** Absenteeism is a public concern: per member of a body, in the meetings held during their term. */
export async function attendanceStats(db: DB, bodyId: string) {
  const held = await db
    .selectFrom('meetings')
    .select(['id', 'starts_at'])
    .where('body_id', '=', bodyId)
    .where('status', '=', 'held')
    .execute()
  const members = await db
    .selectFrom('body_members')
    .selectAll()
    .where('body_id', '=', bodyId)
    .orderBy('sector', 'desc')
    .orderBy('role')
    .orderBy('display_name')
    .execute()
  const rows = held.length
    ? await db
        .selectFrom('attendance')
        .select(['meeting_id', 'member_id', 'status'])
        .where(
          'meeting_id',
          'in',
          held.map((h) => h.id),
        )
        .execute()
    : []
  return members.map((m) => {
    const during = held.filter(
      (h) =>
        h.starts_at.slice(0, 10) >= m.term_starts && (!m.term_ends || h.starts_at.slice(0, 10) < m.term_ends),
    )
    const own = rows.filter((r) => r.member_id === m.id && during.some((d) => d.id === r.meeting_id))
    const present = own.filter((r) => r.status === 'present').length
    const excused = own.filter((r) => r.status === 'excused').length
    return {
      id: m.id,
      display_name: m.display_name,
      sector: m.sector,
      segment: m.segment,
      role: m.role,
      term_starts: m.term_starts,
      term_ends: m.term_ends,
      meetings: during.length,
      present,
      excused,
      absent: during.length - present - excused,
      rate: during.length ? present / during.length : null,
    }
  })
}

export async function meetingsOpenData(db: DB) {
  const meetings = await db
    .selectFrom('meetings as m')
    .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
    .select([
      'm.id',
      'm.body_id',
      'b.name_i18n',
      'm.kind',
      'm.title',
      'm.starts_at',
      'm.place',
      'm.online_url',
      'm.status',
    ])
    .where('m.status', '!=', 'scheduled')
    .orderBy('m.starts_at')
    .execute()
  const items = await db
    .selectFrom('agenda_items as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .select([
      'i.meeting_id',
      'i.position',
      'i.title',
      'i.kind',
      'i.motion',
      'i.votes_yes',
      'i.votes_no',
      'i.votes_abstain',
      'i.outcome',
    ])
    .where('m.status', '!=', 'scheduled')
    .orderBy('i.position')
    .execute()
  const attendance = await db
    .selectFrom('attendance')
    .select(['meeting_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['meeting_id', 'status'])
    .execute()
  const minutes = await db.selectFrom('minutes').select(['meeting_id', 'status', 'published_at']).execute()
  return meetings.map((m) => ({
    ...m,
    body: JSON.parse(m.name_i18n) as Record<string, string>,
    name_i18n: undefined,
    attendance: Object.fromEntries(
      attendance.filter((a) => a.meeting_id === m.id).map((a) => [a.status, Number(a.n)]),
    ),
    agenda: items.filter((i) => i.meeting_id === m.id).map(({ meeting_id: _m, ...i }) => i),
    minutes: minutes.find((x) => x.meeting_id === m.id && x.status === 'published')
      ? `/council/meetings/${m.id}/minutes`
      : null,
  }))
}

export async function resolutionsOpenData(db: DB) {
  const rows = await db
    .selectFrom('resolutions as r')
    .innerJoin('council_bodies as b', 'b.id', 'r.body_id')
    .innerJoin('agenda_items as i', 'i.id', 'r.item_id')
    .select([
      'r.id',
      'r.body_id',
      'b.resolution_code',
      'r.year',
      'r.number',
      'r.title',
      'r.body',
      'r.summary_i18n',
      'r.gazette_reference',
      'r.created_at',
      'i.meeting_id',
      'i.votes_yes',
      'i.votes_no',
      'i.votes_abstain',
    ])
    .orderBy('r.year')
    .orderBy('r.number')
    .execute()
  return rows.map((r) => ({
    ...r,
    code: resolutionCode(r.number, r.resolution_code, r.year),
    summary: r.summary_i18n ? (JSON.parse(r.summary_i18n) as Record<string, string>) : null,
    summary_i18n: undefined,
  }))
}

export type NewBody = {
  kind: 'cmi_plenary' | 'working_group' | 'cpm'
  name: string
  subprefectureId?: number
  parentId?: string
  seats: number
  quorumOpenPct: number
  quorumOpenStrict: boolean
  quorumDeliberatePct: number
  quorumDeliberateStrict: boolean
  noticeDays: number
  extraordinaryNoticeDays: number
  resolutionCode: string
}

export async function createBody(db: DB, actorUserId: string, input: NewBody): Promise<{ id: string }> {
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('council_bodies')
      .values({
        id,
        kind: input.kind,
        name_i18n: json({ 'pt-BR': input.name }),
        subprefecture_id: input.subprefectureId ?? null,
        parent_id: input.parentId ?? null,
        seats: input.seats,
        quorum_open_pct: input.quorumOpenPct,
        quorum_open_strict: input.quorumOpenStrict ? 1 : 0,
        quorum_deliberate_pct: input.quorumDeliberatePct,
        quorum_deliberate_strict: input.quorumDeliberateStrict ? 1 : 0,
        notice_days: input.noticeDays,
        extraordinary_notice_days: input.extraordinaryNoticeDays,
        resolution_code: input.resolutionCode,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, { actorUserId, action: 'council.body', entityType: 'council_body', entityId: id })
  })
  return { id }
}

export async function setResolutionSummary(
  db: DB,
  input: { actorUserId: string; resolutionId: string; summary: Record<string, string> },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('resolutions')
      .set({ summary_i18n: Object.keys(input.summary).length ? json(input.summary) : null })
      .where('id', '=', input.resolutionId)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('not_found')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.summary',
      entityType: 'resolution',
      entityId: input.resolutionId,
      after: { languages: Object.keys(input.summary) },
    })
    return ok(null)
  })
}

/** Elections whose official result seated members, for "seat the elected" on a body page. */
export async function electionsWithSeats(db: DB) {
  return db
    .selectFrom('council_members as c')
    .innerJoin('elections as e', 'e.id', 'c.election_id')
    .select(['e.id', 'e.title_i18n'])
    .distinct()
    .orderBy('e.id')
    .execute()
}

/** Meetings as calendar events (convened, in session, held or cancelled: what the public may know). */
export async function calendarEvents(db: DB, origin: string, meetingId?: string) {
  let q = db
    .selectFrom('meetings as m')
    .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
    .select([
      'm.id',
      'm.title',
      'm.starts_at',
      'm.place',
      'm.online_url',
      'm.status',
      'm.convened_at',
      'm.created_at',
      'b.name_i18n',
    ])
    .where('m.status', '!=', 'scheduled')
  if (meetingId) q = q.where('m.id', '=', meetingId)
  const meetings = await q.orderBy('m.starts_at').execute()
  const items = meetings.length
    ? await db
        .selectFrom('agenda_items')
        .select(['meeting_id', 'position', 'title'])
        .where(
          'meeting_id',
          'in',
          meetings.map((m) => m.id),
        )
        .orderBy('position')
        .execute()
    : []
  return meetings.map((m) => ({
    uid: `${m.id}@mutirao`,
    startsAt: m.starts_at,
    durationMinutes: 180,
    title: `${(JSON.parse(m.name_i18n) as Record<string, string>)['pt-BR'] ?? ''}: ${m.title}`,
    description:
      items
        .filter((i) => i.meeting_id === m.id)
        .map((i) => `${i.position}. ${i.title}`)
        .join('\n') + `\n${origin}/council/meetings/${m.id}`,
    location: m.place ?? m.online_url,
    url: `${origin}/council/meetings/${m.id}`,
    cancelled: m.status === 'cancelled',
    updatedAt: m.convened_at ?? m.created_at,
  }))
}
