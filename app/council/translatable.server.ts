import type { MeetingStatus } from '../../db/schema'
import { storedOrPlain } from '../i18n/original-text'
import { REACH, type Reach, type TranslatableField, idsIn } from '../translations/fields'

// The council's authored texts (ADR 027: the translation registry): body names, meeting titles,
// agenda items, resolution titles and summaries, and the summaries of published minutes. Meetings,
// agenda items and resolutions are written by the secretariat in Portuguese (no language column).

/** A meeting convened ahead is what people can act on (come, follow, read the agenda). */
export function meetingReach(status: MeetingStatus): Reach {
  if (status === 'convened' || status === 'in_session') return REACH.openNow
  return status === 'scheduled' ? REACH.current : REACH.archive
}

/** Decisions of this year are current; older ones are the archive. */
const yearReach = (at: string | null, now = new Date()): Reach =>
  at && at.slice(0, 4) === String(now.getUTCFullYear()) ? REACH.current : REACH.archive

function meetingTitle(): TranslatableField {
  return {
    kind: 'meeting.title',
    table: 'meetings',
    column: 'title_i18n',
    labelKey: 'kinds.meeting.title',
    multiline: false,
    rows: async (db, ids) => {
      let q = db.selectFrom('meetings').select(['id', 'status', 'title', 'title_i18n'])
      if (ids) q = q.where('id', 'in', idsIn(ids))
      return (await q.orderBy('starts_at').orderBy('id').execute()).flatMap((r) => {
        const stored = storedOrPlain(r.title_i18n, r.title)
        return stored === null
          ? []
          : [{ id: r.id, stored, reach: meetingReach(r.status), href: `/council/meetings/${r.id}` }]
      })
    },
  }
}

function agendaField(field: 'title' | 'description'): TranslatableField {
  const column = `${field}_i18n` as const
  return {
    kind: `agenda_item.${field}`,
    table: 'agenda_items',
    column,
    labelKey: `kinds.agenda_item.${field}`,
    multiline: field === 'description',
    rows: async (db, ids) => {
      let q = db
        .selectFrom('agenda_items as i')
        .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
        .select(['i.id', 'i.meeting_id', 'm.status', `i.${field} as plain`, `i.${column} as stored`])
        .where(`i.${field}`, 'is not', null)
      if (ids) q = q.where('i.id', 'in', idsIn(ids))
      const rows = await q.orderBy('m.starts_at').orderBy('i.position').orderBy('i.id').execute()
      return rows.flatMap((r) => {
        const stored = storedOrPlain(r.stored, r.plain)
        return stored === null
          ? []
          : [
              {
                id: r.id,
                stored,
                reach: meetingReach(r.status),
                href: `/council/meetings/${r.meeting_id}#item-${r.id}`,
              },
            ]
      })
    },
  }
}

export const councilFields: readonly TranslatableField[] = [
  {
    kind: 'council_body.name',
    table: 'council_bodies',
    column: 'name_i18n',
    labelKey: 'kinds.council_body.name',
    multiline: false,
    rows: async (db, ids) => {
      let q = db.selectFrom('council_bodies').select(['id', 'name_i18n as stored'])
      if (ids) q = q.where('id', 'in', idsIn(ids))
      return (await q.orderBy('id').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: REACH.current,
        href: `/council/bodies/${r.id}`,
      }))
    },
  },
  meetingTitle(),
  agendaField('title'),
  agendaField('description'),
  {
    kind: 'resolution.title',
    table: 'resolutions',
    column: 'title_i18n',
    labelKey: 'kinds.resolution.title',
    multiline: false,
    rows: async (db, ids) => {
      let q = db.selectFrom('resolutions').select(['id', 'title', 'title_i18n', 'created_at'])
      if (ids) q = q.where('id', 'in', idsIn(ids))
      return (await q.orderBy('created_at').orderBy('id').execute()).flatMap((r) => {
        const stored = storedOrPlain(r.title_i18n, r.title)
        return stored === null
          ? []
          : [{ id: r.id, stored, reach: yearReach(r.created_at), href: `/council/resolutions/${r.id}` }]
      })
    },
  },
  {
    kind: 'resolution.summary',
    table: 'resolutions',
    column: 'summary_i18n',
    labelKey: 'kinds.resolution.summary',
    multiline: true,
    rows: async (db, ids) => {
      let q = db
        .selectFrom('resolutions')
        .select(['id', 'summary_i18n as stored', 'created_at'])
        .where('summary_i18n', 'is not', null)
      if (ids) q = q.where('id', 'in', idsIn(ids))
      return (await q.orderBy('created_at').orderBy('id').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: yearReach(r.created_at),
        href: `/council/resolutions/${r.id}`,
      }))
    },
  },
  {
    kind: 'minutes.summary',
    table: 'minutes',
    column: 'summary_i18n',
    labelKey: 'kinds.minutes.summary',
    multiline: true,
    // Drafts and minutes circulated to members are not public: only published minutes are read.
    rows: async (db, ids) => {
      let q = db
        .selectFrom('minutes')
        .select(['id', 'meeting_id', 'summary_i18n as stored', 'published_at'])
        .where('status', '=', 'published')
        .where('summary_i18n', 'is not', null)
      if (ids) q = q.where('id', 'in', idsIn(ids))
      return (await q.orderBy('published_at').orderBy('id').execute()).map((r) => ({
        id: r.id,
        stored: r.stored,
        reach: yearReach(r.published_at),
        href: `/council/meetings/${r.meeting_id}/minutes`,
      }))
    },
  },
]
