import type { DB } from '../lib/db.server'
import { getCurrentCycle } from '../registration/registrations.server'

// What the home page lists as "open now". Each feature (elections, consultations, conference)
// contributes its open items here when it lands.
export type OpenItem = { kind: 'election' | 'consultation' | 'conference' | 'registration'; title: string; href: string; closesAt: string | null; lang: string }

export async function listOpenNow(db: DB, _language: string): Promise<OpenItem[]> {
  const items: OpenItem[] = []
  const cycle = await getCurrentCycle(db)
  if (cycle) items.push({ kind: 'registration', title: cycle.name, href: '/registration', closesAt: null, lang: 'pt-BR' })
  return items
}
