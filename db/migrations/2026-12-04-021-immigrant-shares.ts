import { sql, type Kysely } from 'kysely'

// Frozen. Issue #17, Participatory Council (CPM) seats. The seats of each subprefecture follow the
// immigrant share of its population, which the electoral commission imports from a CSV file.
//
// `immigrant_share_imports`: one row per accepted file (who, when, how many lines); its lines in
// `immigrant_share_import_rows` (the populations, the source and the reference date as given), so
// every import stays on record. A file is imported whole or not at all.
// `subprefectures` gains the current figures (the last import that named it) and the import they
// came from; `immigrant_share_pct` is then computed from the two populations, never read from a file.
// `contests` keeps the figures a CPM election was created with, so the seats and the share shown
// with them stay together when a later import changes the current figures.
// Integers and text only (dates as ISO text): the same on SQLite and PostgreSQL.

const FIGURES = [
  ['immigrant_population', 'integer'],
  ['total_population', 'integer'],
  ['share_source', 'text'],
  ['share_reference_date', 'text'],
] as const

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('immigrant_share_imports')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('immigrant_share_import_rows')
    .addColumn('import_id', 'text', (c) => c.notNull().references('immigrant_share_imports.id'))
    .addColumn('subprefecture_id', 'integer', (c) => c.notNull().references('subprefectures.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('immigrant_population', 'integer', (c) => c.notNull().check(sql`immigrant_population >= 0`))
    .addColumn('total_population', 'integer', (c) => c.notNull().check(sql`total_population > 0`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reference_date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('immigrant_share_import_rows_pk', ['import_id', 'subprefecture_id'])
    .addCheckConstraint('immigrant_share_rows_within_total', sql`immigrant_population <= total_population`)
    .execute()
  // SQLite adds one column per statement.
  for (const [column, type] of FIGURES)
    await db.schema.alterTable('subprefectures').addColumn(column, type).execute()
  await db.schema.alterTable('subprefectures').addColumn('share_import_id', 'text').execute()
  for (const [column, type] of FIGURES)
    await db.schema.alterTable('contests').addColumn(column, type).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [column] of FIGURES) await db.schema.alterTable('contests').dropColumn(column).execute()
  await db.schema.alterTable('subprefectures').dropColumn('share_import_id').execute()
  for (const [column] of FIGURES) await db.schema.alterTable('subprefectures').dropColumn(column).execute()
  await db.schema.dropTable('immigrant_share_import_rows').execute()
  await db.schema.dropTable('immigrant_share_imports').execute()
}
