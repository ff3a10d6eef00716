import { sql, type Kysely } from 'kysely'

// Frozen. Issue #20 (ADR 034): the format an election's online and booth ballots take.
//
// elections.ballot_format: 'plain' — the ballot rows, tracking codes and per-ballot board of ADR
//   005 (every election created before this migration keeps it: its ballots were cast and counted
//   that way and stay so); 'belenios' — one Belenios archive per contest group (ADRs 029–033), no
//   plaintext ballot stored. Every election the staff create from now on is 'belenios'
//   (createElection); the column's default only keeps the existing rows as they were.
// booth_tokens.registration_sealed: for a 'belenios' election, the registration whose booth ballot
//   the token opens, sealed under CREDENTIALS_KEY and bound to the token's hash, so that the booth
//   can sign with that voter's credential (ADR 029) without a lasting voter-token link: the row is
//   deleted when the ballot is cast or cancelled. Null for a 'plain' election.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('elections')
    .addColumn('ballot_format', 'text', (c) =>
      c
        .notNull()
        .defaultTo('plain')
        .check(sql`ballot_format in ('plain', 'belenios')`),
    )
    .execute()
  await db.schema.alterTable('booth_tokens').addColumn('registration_sealed', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('booth_tokens').dropColumn('registration_sealed').execute()
  await db.schema.alterTable('elections').dropColumn('ballot_format').execute()
}
