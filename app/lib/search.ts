import { sql, type RawBuilder } from 'kysely'

/** Lower-case, accent-free text, so a LIKE search finds "educação" from "educacao" on any database. */
export function searchable(...parts: (string | null | undefined)[]): string {
  return parts.filter(Boolean).join(' ').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

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
    .map(
      (word) =>
        sql<boolean>`${sql.ref(column)} LIKE ${`%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`,
    )
}
