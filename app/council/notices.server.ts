import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'
import { toIcs } from '../lib/icalendar'
import { notify } from '../notices/notify.server'
import { membersOn } from './bodies.server'
import { calendarEvents } from './open-data.server'

// Notices to a body's members (issue #18): the convocation of a meeting (with its agenda and the
// meeting's iCalendar file attached) and minutes circulated for comment. Recipients are the full
// members and alternates serving on the meeting's date whose membership is linked to an account;
// each notice goes through `notify` (the person's language, channel and choice; never an erased
// account).

type Tx = Transaction<Database>
export type CouncilNoticeKind = 'meeting_convocation' | 'minutes_circulated'

/** Sends one notice per linked member; returns how many were sent. Runs in the caller's transaction. */
export async function noticeCouncilMembers(
  db: DB | Tx,
  input: { kind: CouncilNoticeKind; meetingId: string },
): Promise<number> {
  const meeting = await db
    .selectFrom('meetings')
    .select(['id', 'body_id', 'title', 'starts_at', 'place', 'online_url'])
    .where('id', '=', input.meetingId)
    .executeTakeFirstOrThrow()
  const members = await membersOn(db, { bodyId: meeting.body_id, on: meeting.starts_at.slice(0, 10) })
  const userIds = [...new Set(members.map((m) => m.user_id).filter((id): id is string => id !== null))]
  if (!userIds.length) return 0
  const convocation = input.kind === 'meeting_convocation'
  const agenda = convocation
    ? (
        await db
          .selectFrom('agenda_items')
          .select(['position', 'title'])
          .where('meeting_id', '=', meeting.id)
          .orderBy('position')
          .execute()
      )
        .map((i) => `${i.position}. ${i.title}`)
        .join('\n')
    : ''
  const events = convocation
    ? await calendarEvents(db as DB, { origin: publicOrigin(), meetingId: meeting.id })
    : []
  const attachment = events.length
    ? { name: `meeting-${meeting.id}.ics`, content: toIcs(events[0]!.title, events) }
    : undefined
  let sent = 0
  for (const userId of userIds) {
    const outcome = await notify(db, {
      userId,
      template: input.kind,
      params: {
        meeting: meeting.title,
        starts: { date: meeting.starts_at },
        place: meeting.place ?? meeting.online_url ?? '',
        agenda,
      },
      link: '/council/my',
      ...(attachment ? { attachment } : {}),
    })
    if (outcome.sent) sent++
  }
  return sent
}
