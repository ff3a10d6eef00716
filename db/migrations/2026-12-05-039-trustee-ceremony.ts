import { sql, type Kysely } from 'kysely'

// Frozen. Issue #20 (ADR 032, "Trustees"): the electoral commission's threshold key ceremony.
//
// - trustee_ceremonies: one per election. `threshold` is k (members needed to decrypt; 2 ≤ k ≤ n
//   is the domain's rule, the database keeps k ≥ 1), `state` the step the members are at:
//   certificates (step 1), polynomials (step 3), voutputs (step 5), done. `parameters` is the published threshold-parameters JSON once step 6 ran. `started_by`
//   is unlinked on erasure.
// - trustee_ceremony_members: member i (1-based) of a ceremony and the PUBLIC messages they sent:
//   certificate, polynomial (encrypted shares), voutput (proof + their share encrypted to
//   themselves), and the vinput the server relays to them (step 4). Nothing private: seeds never
//   reach the server. The member link is public office: on erasure the user is unlinked and the
//   public material kept (as published translations, ADR 028).
const STATES = ['certificates', 'polynomials', 'voutputs', 'done']

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trustee_ceremonies')
    .addColumn('election_id', 'text', (c) =>
      c.primaryKey().notNull().references('elections.id').onDelete('cascade'),
    )
    .addColumn('threshold', 'integer', (c) => c.notNull().check(sql`threshold >= 1`))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql.raw(`state IN (${STATES.map((s) => `'${s}'`).join(', ')})`)),
    )
    .addColumn('parameters', 'text')
    .addColumn('started_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute()

  await db.schema
    .createTable('trustee_ceremony_members')
    .addColumn('election_id', 'text', (c) =>
      c.notNull().references('trustee_ceremonies.election_id').onDelete('cascade'),
    )
    .addColumn('member_index', 'integer', (c) => c.notNull().check(sql`member_index >= 1`))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('certificate', 'text')
    .addColumn('certificate_at', 'text')
    .addColumn('polynomial', 'text')
    .addColumn('polynomial_at', 'text')
    .addColumn('vinput', 'text')
    .addColumn('voutput', 'text')
    .addColumn('voutput_at', 'text')
    .addPrimaryKeyConstraint('trustee_ceremony_members_pk', ['election_id', 'member_index'])
    .addUniqueConstraint('trustee_ceremony_members_user', ['election_id', 'user_id'])
    .execute()
  await db.schema
    .createIndex('trustee_ceremony_members_by_user')
    .on('trustee_ceremony_members')
    .column('user_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('trustee_ceremony_members').execute()
  await db.schema.dropTable('trustee_ceremonies').execute()
}
