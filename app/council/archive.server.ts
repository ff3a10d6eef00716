import type { DB } from '../lib/db.server'
import { allWordsLike } from '../lib/search'
import { resolutionCode } from './rules'

// The public archive: published minutes and resolutions, and each member's attendance record.

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
      'm.title_i18n',
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
      'r.title_i18n',
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
