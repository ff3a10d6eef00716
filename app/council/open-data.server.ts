import { originalLanguage, pickText, textsOnly } from '../i18n/content'
import { storedOrPlain } from '../i18n/original-text'
import type { DB } from '../lib/db.server'
import { resolutionCode } from './rules'

// What anyone may download: meetings (agenda, attendance counts, votes) and resolutions as JSON,
// and the meetings as an iCalendar feed. Meetings only scheduled, not yet convened, stay out.

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
      'm.title_i18n',
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
      'i.title_i18n',
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
    body: textsOnly(m.name_i18n),
    body_original_language: originalLanguage(m.name_i18n),
    name_i18n: undefined,
    // The plain title is the original (ADR 027): say which language it is in.
    original_language: originalLanguage(storedOrPlain(m.title_i18n, m.title)),
    title_i18n: undefined,
    attendance: Object.fromEntries(
      attendance.filter((a) => a.meeting_id === m.id).map((a) => [a.status, Number(a.n)]),
    ),
    agenda: items
      .filter((i) => i.meeting_id === m.id)
      .map(({ meeting_id: _m, title_i18n, ...i }) => ({
        ...i,
        original_language: originalLanguage(storedOrPlain(title_i18n, i.title)),
      })),
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
      'r.title_i18n',
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
    original_language: originalLanguage(storedOrPlain(r.title_i18n, r.title)),
    title_i18n: undefined,
    summary: r.summary_i18n ? textsOnly(r.summary_i18n) : null,
    summary_original_language: originalLanguage(r.summary_i18n),
    summary_i18n: undefined,
  }))
}

/** Meetings as calendar events (convened, in session, held or cancelled: what the public may know). */
export async function calendarEvents(db: DB, { origin, meetingId }: { origin: string; meetingId?: string }) {
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
    title: `${pickText(m.name_i18n, 'pt-BR').text}: ${m.title}`,
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
