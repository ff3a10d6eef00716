import { sql, type Kysely } from 'kysely'

// Frozen. Issue #17 (seats, alternates and terms): a council body's composition is data. The CMI
// has 16 full members and 16 alternates, 8 government and 8 civil society (Decree 57,533/2016);
// another city's council, or the next decree, has other numbers.
//
// `council_bodies.government_seats` and `civil_society_seats` split `seats`; `alternates_per_seat`
// is how many alternates each full member has (1 on the CMI: 16 alternates). An election of the
// body fills its civil-society seats, at most `civil_society_seats × alternates_per_seat`
// alternates. Existing rows: a CMI plenary is half government, half civil society (the decree);
// every other body (a subprefecture's CPM is elected by its residents; a working group until the
// secretariat says otherwise) is counted as civil society. Integers only: the same on both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  const notNegative = (column: string) => sql.raw(`${column} >= 0`)
  await db.schema
    .alterTable('council_bodies')
    .addColumn('government_seats', 'integer', (c) =>
      c.notNull().defaultTo(0).check(notNegative('government_seats')),
    )
    .execute()
  await db.schema
    .alterTable('council_bodies')
    .addColumn('civil_society_seats', 'integer', (c) =>
      c.notNull().defaultTo(0).check(notNegative('civil_society_seats')),
    )
    .execute()
  await db.schema
    .alterTable('council_bodies')
    .addColumn('alternates_per_seat', 'integer', (c) =>
      c.notNull().defaultTo(1).check(notNegative('alternates_per_seat')),
    )
    .execute()
  await db
    .updateTable('council_bodies')
    .set({ government_seats: sql`seats / 2`, civil_society_seats: sql`seats - seats / 2` })
    .where('kind', '=', 'cmi_plenary')
    .execute()
  await db
    .updateTable('council_bodies')
    .set({ civil_society_seats: sql`seats` })
    .where('kind', '<>', 'cmi_plenary')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['alternates_per_seat', 'civil_society_seats', 'government_seats'])
    await db.schema.alterTable('council_bodies').dropColumn(column).execute()
}
