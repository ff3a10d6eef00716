import type { Kysely } from 'kysely'

// Frozen. Issue #10 (PostgreSQL).
//
// 1. Fractional columns were declared `real`: an 8-byte float in SQLite but a 4-byte one in
//    PostgreSQL, where 0.1 would read back as 0.10000000149. On PostgreSQL they become
//    `double precision`, the same number SQLite stores. SQLite is untouched.
// 2. Outbox messages are claimed before sending (`claimed_until`), so several server processes
//    delivering at once never send one message twice, and a claim left by a crashed process
//    expires and the message is sent later.
const FRACTIONAL_COLUMNS = [
  ['subprefectures', 'immigrant_share_pct'],
  ['conference_editions', 'approval_threshold'],
  ['plan_indicators', 'baseline'],
  ['plan_indicators', 'target'],
  ['indicator_updates', 'value'],
] as const

const isSqlite = (db: Kysely<any>) =>
  (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) {
    for (const [table, column] of FRACTIONAL_COLUMNS) {
      await db.schema
        .alterTable(table)
        .alterColumn(column, (c) => c.setDataType('double precision'))
        .execute()
    }
  }
  await db.schema.alterTable('outbox').addColumn('claimed_until', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('claimed_until').execute()
  if (!isSqlite(db)) {
    for (const [table, column] of FRACTIONAL_COLUMNS) {
      await db.schema
        .alterTable(table)
        .alterColumn(column, (c) => c.setDataType('real'))
        .execute()
    }
  }
}
