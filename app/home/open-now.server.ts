import { closeEndedVoting } from '../elections/lifecycle.server'
import { pickText } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { getCurrentCycle } from '../registration/cycles.server'

// What the home page lists as "open now". Each feature (elections, consultations, conference)
// contributes its open items here when it lands.
export type OpenItem = {
  kind: 'election' | 'candidacy' | 'consultation' | 'conference' | 'registration'
  title: string
  href: string
  closesAt: string | null
  lang: string
}

export async function listOpenNow(db: DB, language: string): Promise<OpenItem[]> {
  const items: OpenItem[] = []
  const cycle = await getCurrentCycle(db)
  if (cycle)
    items.push({
      kind: 'registration',
      title: cycle.name,
      href: '/registration',
      closesAt: null,
      lang: 'pt-BR',
    })
  // An election whose voting hours ended is closed before it is listed (issue #17).
  await closeEndedVoting(db)
  const elections = await db
    .selectFrom('elections')
    .select(['id', 'title_i18n', 'phase', 'candidacy_deadline', 'voting_ends'])
    .where('phase', 'in', ['candidacy_open', 'voting_open'])
    .orderBy('created_at', 'desc')
    .execute()
  for (const e of elections) {
    const { text, lang } = pickText(e.title_i18n, language)
    const voting = e.phase === 'voting_open'
    items.push({
      kind: voting ? 'election' : 'candidacy',
      title: text,
      href: voting ? `/elections/${e.id}/vote` : `/elections/${e.id}`,
      closesAt: voting ? e.voting_ends : e.candidacy_deadline,
      lang,
    })
  }
  const editions = await db
    .selectFrom('conference_editions')
    .select(['id', 'title_i18n', 'ends_on'])
    .where('phase', '=', 'proposals_open')
    .orderBy('created_at', 'desc')
    .execute()
  for (const e of editions) {
    const { text, lang } = pickText(e.title_i18n, language)
    items.push({ kind: 'conference', title: text, href: `/conference/${e.id}`, closesAt: e.ends_on, lang })
  }
  const now = new Date().toISOString()
  const consultations = await db
    .selectFrom('consultations')
    .select(['id', 'title_i18n', 'closes_at'])
    .where('status', '=', 'open')
    .where('opens_at', '<=', now)
    .where('closes_at', '>', now)
    .orderBy('closes_at')
    .execute()
  for (const c of consultations) {
    const { text, lang } = pickText(c.title_i18n, language)
    items.push({
      kind: 'consultation',
      title: text,
      href: `/consultations/${c.id}`,
      closesAt: c.closes_at,
      lang,
    })
  }
  return items
}
