import { closeEndedVoting } from '../elections/lifecycle.server'
import { originalContent, pickText, type Picked } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { getCurrentCycle } from '../registration/cycles.server'

// What the home page lists as "open now". Each feature (elections, consultations, conference)
// contributes its open items here when it lands.
// The title comes picked for the reader, with its state: the page shows the original's "not yet
// translated" note beside it, never a silent mix (ADR 027).
export type OpenItem = {
  kind: 'election' | 'candidacy' | 'consultation' | 'conference' | 'registration'
  title: Picked
  href: string
  closesAt: string | null
}

export async function listOpenNow(db: DB, language: string): Promise<OpenItem[]> {
  const items: OpenItem[] = []
  const cycle = await getCurrentCycle(db)
  if (cycle)
    items.push({
      kind: 'registration',
      // A cycle's name is written once, in Portuguese (no translations are kept for it).
      title: pickText(originalContent(cycle.name), language),
      href: '/registration',
      closesAt: null,
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
    const voting = e.phase === 'voting_open'
    items.push({
      kind: voting ? 'election' : 'candidacy',
      title: pickText(e.title_i18n, language),
      href: voting ? `/elections/${e.id}/vote` : `/elections/${e.id}`,
      closesAt: voting ? e.voting_ends : e.candidacy_deadline,
    })
  }
  const editions = await db
    .selectFrom('conference_editions')
    .select(['id', 'title_i18n', 'ends_on'])
    .where('phase', '=', 'proposals_open')
    .orderBy('created_at', 'desc')
    .execute()
  for (const e of editions) {
    items.push({
      kind: 'conference',
      title: pickText(e.title_i18n, language),
      href: `/conference/${e.id}`,
      closesAt: e.ends_on,
    })
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
    items.push({
      kind: 'consultation',
      title: pickText(c.title_i18n, language),
      href: `/consultations/${c.id}`,
      closesAt: c.closes_at,
    })
  }
  return items
}
