import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { TIME_ZONE } from '../i18n/config'
import { translatorFor } from '../i18n/i18n.server'
import type { DB } from '../lib/db.server'
import { publicOrigin } from '../lib/env.server'
import { enqueueMessage } from '../mail/outbox.server'
import { membersOn } from './bodies.server'

// Notices to a body's members (issue #18): the convocation of a meeting (with its agenda and the
// meeting's iCalendar link — the outbox carries no attachments) and minutes circulated for comment.
// Recipients are the full members and alternates serving on the meeting's date whose membership is
// linked to an account that still has an address; each message is in the account's language.
//
// This is the one place the council sends messages: when the notices module (app/notices, with
// per-person preferences and channels) lands, `noticeCouncilMembers` becomes a call to its
// `notify(db, { kind, … })` and nothing else changes.

type Tx = Transaction<Database>
export type CouncilNoticeKind = 'meeting_convocation' | 'minutes_circulated'

function when(iso: string, language: string): string {
  const options = { dateStyle: 'full', timeStyle: 'short', timeZone: TIME_ZONE } as const
  try {
    return new Intl.DateTimeFormat(language, options).format(new Date(iso))
  } catch {
    return new Intl.DateTimeFormat('pt-BR', options).format(new Date(iso))
  }
}

/** Enqueues one message per member with an address; returns how many. Runs in the caller's transaction. */
export async function noticeCouncilMembers(
  db: DB | Tx,
  input: { kind: CouncilNoticeKind; meetingId: string },
): Promise<number> {
  const meeting = await db
    .selectFrom('meetings as m')
    .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
    .select(['m.id', 'm.body_id', 'm.title', 'm.starts_at', 'm.place', 'm.online_url', 'b.name_i18n'])
    .where('m.id', '=', input.meetingId)
    .executeTakeFirstOrThrow()
  const members = await membersOn(db, { bodyId: meeting.body_id, on: meeting.starts_at.slice(0, 10) })
  const userIds = [...new Set(members.map((m) => m.user_id).filter((id): id is string => id !== null))]
  if (!userIds.length) return 0
  const people = await db
    .selectFrom('users')
    .select(['id', 'email', 'phone', 'preferred_language'])
    .where('id', 'in', userIds)
    .where('erased_at', 'is', null)
    .execute()
  const items =
    input.kind === 'meeting_convocation'
      ? await db
          .selectFrom('agenda_items')
          .select(['position', 'title'])
          .where('meeting_id', '=', meeting.id)
          .orderBy('position')
          .execute()
      : []
  const bodyNames = JSON.parse(meeting.name_i18n) as Record<string, string>
  const origin = publicOrigin()
  let sent = 0
  for (const person of people) {
    const to = person.email ?? person.phone
    if (!to) continue
    const language = person.preferred_language
    const t = await translatorFor(language, 'council')
    const vars = {
      body: bodyNames[language] ?? bodyNames['pt-BR'] ?? Object.values(bodyNames)[0] ?? '',
      title: meeting.title,
      when: when(meeting.starts_at, language),
      place: meeting.place ?? meeting.online_url ?? '',
      interpolation: { escapeValue: false },
    }
    const lines =
      input.kind === 'meeting_convocation'
        ? [
            t('notices.convocation.intro', vars),
            '',
            t('notices.convocation.agenda'),
            ...items.map((i) => `${i.position}. ${i.title}`),
            '',
            t('notices.convocation.calendar', { url: `${origin}/council/meetings/${meeting.id}/ics` }),
            t('notices.convocation.answer', { url: `${origin}/council/my` }),
          ]
        : [
            t('notices.minutes.intro', vars),
            '',
            t('notices.minutes.comment', { url: `${origin}/council/my` }),
          ]
    lines.push('', t('notices.why', vars))
    const subjectKey =
      input.kind === 'meeting_convocation' ? 'notices.convocation.subject' : 'notices.minutes.subject'
    await enqueueMessage(db as DB, { to, language, subject: t(subjectKey, vars), body: lines.join('\n') })
    sent++
  }
  return sent
}
