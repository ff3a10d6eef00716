import { sql, type RawBuilder } from 'kysely'
import { searchable } from '../conference/ranking'

/**
 * Word search over a lower-cased, accent-free `search_text` column: every word must appear; LIKE
 * wildcards typed by people are literal. ESCAPE is explicit (SQLite has no default); the same SQL
 * runs on PostgreSQL.
 */
export function allWordsLike(column: string, query: string): RawBuilder<boolean>[] {
  return searchable(query)
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((word) => sql<boolean>`${sql.ref(column)} LIKE ${`%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`)
}
