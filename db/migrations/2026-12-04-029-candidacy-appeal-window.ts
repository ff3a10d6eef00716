import { sql, type Kysely } from 'kysely'

// Frozen. Issue #18 (candidacy and appeal notices): the appeal window is the electoral commission's
// data, not a constant in the code (ADR 024).
//
// elections.candidacy_appeal_days: how many days a rejected candidate has to appeal, counted from
//   the moment they are told (the rejection notice). 10 by default — the general term of an
//   administrative appeal (Lei 9.784/1999, art. 59); no São Paulo notice with its own term was
//   found. 1..60 so that a typo cannot close the window at once or keep it open for a term.
// candidacies.appeal_deadline: the instant (ISO, UTC) until which this rejected candidacy may be
//   appealed, fixed when it was rejected: it is the date the notice told the person, so changing
//   the election's days later does not move a date someone was already given. Null for a candidacy
//   never rejected, and for rejections decided before this migration (they keep the old rule: the
//   appeals phase alone bounds them).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('elections')
    .addColumn('candidacy_appeal_days', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(10)
        .check(sql`candidacy_appeal_days between 1 and 60`),
    )
    .execute()
  await db.schema.alterTable('candidacies').addColumn('appeal_deadline', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('candidacies').dropColumn('appeal_deadline').execute()
  await db.schema.alterTable('elections').dropColumn('candidacy_appeal_days').execute()
}
