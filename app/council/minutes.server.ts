import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { searchable } from '../lib/search'
import { meetingQuorum } from './attendance.server'
import { noticeCouncilMembers } from './notices.server'
import { resolutionCode } from './rules'

// Minutes: drafted from the meeting's record once it was held, circulated to the members, approved
// by a vote at a later meeting (see votes.server.ts), published, and from then on corrected only by
// errata.

type Tx = Transaction<Database>
const json = (value: unknown) => JSON.stringify(value)

/** The structured record the minutes are drafted from: attendance, items, votes, resolutions. */
export async function meetingRecord(db: DB | Tx, meetingId: string) {
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
    if (input.to === 'circulated') {
      const { meeting_id } = await trx
        .selectFrom('minutes')
        .select('meeting_id')
        .where('id', '=', input.minutesId)
        .executeTakeFirstOrThrow()
      await noticeCouncilMembers(trx, { kind: 'minutes_circulated', meetingId: meeting_id })
    }
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
        .select([
          'm.id',
          'm.title',
          'm.title_i18n',
          'm.starts_at',
          'i.votes_yes',
          'i.votes_no',
          'i.votes_abstain',
        ])
        .where('i.id', '=', minutes.approved_by_item)
        .executeTakeFirst()
    : null
  const record = JSON.parse(minutes.record_json) as Awaited<ReturnType<typeof meetingRecord>>
  // The record keeps each item's title as it was when the minutes were drafted; readers of other
  // languages get the item's published translations (ADR 027) for as long as that original is the
  // same text — a title changed since is shown as recorded.
  const translated = await db
    .selectFrom('agenda_items')
    .select(['position', 'title', 'title_i18n'])
    .where('meeting_id', '=', meetingId)
    .execute()
  const items = record.items.map((item) => {
    const now = translated.find((i) => i.position === item.position && i.title === item.title)
    return { ...item, title_i18n: now?.title_i18n ?? null }
  })
  return {
    minutes: {
      ...minutes,
      record: { ...record, items },
    },
    errata,
    approvedBy: approvedBy ?? null,
  }
}

/**
 * Runs a command on a meeting's minutes. The minutes page addresses them by their meeting, which
 * has at most one set (UNIQUE meeting_id); no minutes yet is `not_found`.
 */
export async function onMeetingMinutes<T, E extends string>(
  db: DB,
  input: { meetingId: string; command: (minutesId: string) => Promise<Result<T, E>> },
): Promise<Result<T, E | 'not_found'>> {
  const row = await db
    .selectFrom('minutes')
    .select('id')
    .where('meeting_id', '=', input.meetingId)
    .executeTakeFirst()
  return row ? input.command(row.id) : err('not_found')
}
