import type { DB } from '../lib/db.server'

// What the home page lists as "open now". Each feature (elections, consultations, conference)
// contributes its open items here when it lands; the foundation has none of its own.
export type OpenItem = { kind: 'election' | 'consultation' | 'conference' | 'registration'; title: string; href: string; closesAt: string | null; lang: string }

export async function listOpenNow(_db: DB, _language: string): Promise<OpenItem[]> {
  return []
}
