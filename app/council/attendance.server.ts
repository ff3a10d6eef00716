import type { Transaction } from 'kysely'
import type { AttendanceStatus, Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { membersOn } from './bodies.server'
import { attendanceOpen, quorum, seatsFilled } from './rules'

// Who is at a meeting and the quorum it makes: the seats filled, with alternates sitting in for
// absent full members, decide whether the session may open and whether it may vote.

type Tx = Transaction<Database>

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
  const members = await membersOn(db, { bodyId: m.body_id, on: m.starts_at.slice(0, 10) })
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
    if (!attendanceOpen(m.status)) return err('wrong_status')
    const members = new Set(
      (await membersOn(trx, { bodyId: m.body_id, on: m.starts_at.slice(0, 10) })).map((x) => x.id),
    )
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
