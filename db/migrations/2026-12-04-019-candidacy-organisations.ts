import { sql, type Kysely } from 'kysely'

// Frozen. Issue #17, the CMI's segments. Segments A and B elect organisations: an immigrant
// collective or association (A) or an organisation that supports immigrants (B). Their candidacy
// names the organisation, its representative and an alternate representative, and carries proof
// that the group works in the city.
//
// `candidacies.organisation_key`: the organisation's name normalised (case, accents, spaces folded),
// unique per election, so one organisation stands once (NULL for people: both databases allow many
// NULLs in a unique index). `representative_document_type` / `_number`: a segment B representative
// need not be on the immigrant census, so the candidacy itself identifies them (for A and C the
// census registration does). `alternate_representative_name`: who sits if the representative leaves.
//
// `candidacy_proofs`: the files (PDF, JPEG, PNG) proving the group's work. Private like identity
// documents: stored outside public/, shown only to the electoral commission, deleted with the
// candidacy's personal data and by the retention run (`deleted_at` set, file gone).
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of [
    'organisation_key',
    'alternate_representative_name',
    'representative_document_type',
    'representative_document_number',
  ])
    await db.schema.alterTable('candidacies').addColumn(column, 'text').execute()
  await db.schema
    .createIndex('candidacies_one_per_organisation')
    .on('candidacies')
    .columns(['election_id', 'organisation_key'])
    .unique()
    .execute()

  await db.schema
    .createTable('candidacy_proofs')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('candidacy_id', 'text', (c) => c.notNull().references('candidacies.id').onDelete('cascade'))
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes >= 0`))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute()
  await db.schema
    .createIndex('candidacy_proofs_candidacy')
    .on('candidacy_proofs')
    .column('candidacy_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('candidacy_proofs').execute()
  await db.schema.dropIndex('candidacies_one_per_organisation').execute()
  for (const column of [
    'representative_document_number',
    'representative_document_type',
    'alternate_representative_name',
    'organisation_key',
  ])
    await db.schema.alterTable('candidacies').dropColumn(column).execute()
}
