import type { Kysely } from 'kysely'

// Frozen. Issue #19 (ADR 027): the conference's proposals, the council's meetings, agenda items and
// resolutions, and the election's polling places get one JSON column per authored text field
// (`{ "<lng>": "…", "_orig": "<lng>", "_basis": {…} }`), beside the plain column.
//
// The plain column stays the original as written: search_text, ranking, open data's original fields
// and the code that compares texts read it. Every writer of a plain column writes its `_i18n`
// column too. The new columns are nullable: a row written before this migration is backfilled
// here, and a reader that meets NULL falls back to the plain column as the original, so nothing
// that inserts rows has to change at the same moment.
//
// Originals: a proposal's is its `language`, a polling place's its `text_language`; meetings,
// agenda items and resolutions have no language column and are written in Portuguese (pt-BR).
// The backfill is plain JavaScript over batches of rows (by id), the same on SQLite and PostgreSQL;
// it writes only rows whose `_i18n` is still NULL, so it can be re-run after an interruption.

type Backfill = {
  table: string
  /** plain column → its JSON column */
  columns: [plain: string, i18n: string][]
  /** the column naming the original's language, or null for Portuguese */
  languageColumn: string | null
}

const BACKFILLS: Backfill[] = [
  {
    table: 'proposals',
    columns: [
      ['title', 'title_i18n'],
      ['body', 'body_i18n'],
      ['justification', 'justification_i18n'],
    ],
    languageColumn: 'language',
  },
  { table: 'meetings', columns: [['title', 'title_i18n']], languageColumn: null },
  {
    table: 'agenda_items',
    columns: [
      ['title', 'title_i18n'],
      ['description', 'description_i18n'],
    ],
    languageColumn: null,
  },
  { table: 'resolutions', columns: [['title', 'title_i18n']], languageColumn: null },
  { table: 'polling_places', columns: [['name', 'name_i18n']], languageColumn: 'text_language' },
]

const DEFAULT_LANGUAGE = 'pt-BR'
const BATCH = 500

/** The content model's serialisation of a new original (app/i18n/content.ts, copied: frozen). */
function originalJson(text: unknown, language: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '') return null
  const lng = typeof language === 'string' && language ? language : DEFAULT_LANGUAGE
  return JSON.stringify(lng === DEFAULT_LANGUAGE ? { [lng]: text } : { [lng]: text, _orig: lng })
}

async function backfill(db: Kysely<any>, spec: Backfill) {
  let after = ''
  for (;;) {
    let query = db
      .selectFrom(spec.table)
      .select(['id', ...spec.columns.flat()])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
    if (spec.languageColumn) query = query.select(spec.languageColumn)
    const rows = (await query.execute()) as Record<string, string | null>[]
    if (rows.length === 0) return
    for (const row of rows) {
      const language = spec.languageColumn ? row[spec.languageColumn] : DEFAULT_LANGUAGE
      const set: Record<string, string> = {}
      for (const [plain, i18n] of spec.columns) {
        if (row[i18n] !== null && row[i18n] !== undefined) continue
        const json = originalJson(row[plain], language)
        if (json !== null) set[i18n] = json
      }
      if (Object.keys(set).length)
        await db.updateTable(spec.table).set(set).where('id', '=', row.id).execute()
    }
    after = rows[rows.length - 1]!.id!
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const spec of BACKFILLS)
    for (const [, i18n] of spec.columns)
      await db.schema.alterTable(spec.table).addColumn(i18n, 'text').execute()
  for (const spec of BACKFILLS) await backfill(db, spec)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const spec of [...BACKFILLS].reverse())
    for (const [, i18n] of [...spec.columns].reverse())
      await db.schema.alterTable(spec.table).dropColumn(i18n).execute()
}
