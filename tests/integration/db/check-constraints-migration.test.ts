import { Migrator, sql, type Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { appendAudit } from '../../../app/audit/audit.server'
import { openSqlite, type DB } from '../../../app/lib/db.server'
import * as checkConstraintsMigration from '../../../db/migrations/2026-12-03-011-check-constraints'
import * as candidacyOrganisationsMigration from '../../../db/migrations/2026-12-04-019-candidacy-organisations'
import * as pollingPlacesMigration from '../../../db/migrations/2026-12-04-022-polling-places'
import * as appealWindowMigration from '../../../db/migrations/2026-12-04-029-candidacy-appeal-window'
import * as translatableMigration from '../../../db/migrations/2026-12-04-035-translatable-conference-council'
import * as materialLabelsMigration from '../../../db/migrations/2026-12-04-036-translatable-campaign-materials'
import { migrations } from '../../../db/migrations/index'
import { seedDemo, seedReference } from '../../../db/seed/index'
import { createEmptyPostgresSchema, onPostgres, testDialect } from '../../helpers/db'
import { checkConstraints } from './schema-introspection'

// Migration 011 (ADR 012): CHECK constraints for every closed set, added with ALTER TABLE on
// PostgreSQL and by rebuilding tables on SQLite. It must refuse data that breaks a rule (changing
// nothing), and on SQLite the rebuild must keep every row, column, key, index and trigger.

const BEFORE = '2026-11-23-010-postgres-trigram-search'
const MIGRATION = '2026-12-03-011-check-constraints'
const CHECKS_BEFORE = ['consultation_targets_one', 'outcome_links_one_source', 'outcome_links_one_target']

/** A database migrated up to migration 010, and a migrator to take it further step by step. */
async function databaseBefore011(): Promise<{ db: DB; migrator: Migrator }> {
  const provider = { getMigrations: async () => migrations }
  if (onPostgres) {
    const { db, schema } = await createEmptyPostgresSchema()
    const migrator = new Migrator({ db, provider, migrationTableSchema: schema })
    await expectSuccess(migrator.migrateTo(BEFORE))
    return { db, migrator }
  }
  const db = openSqlite(':memory:')
  const migrator = new Migrator({ db, provider })
  await expectSuccess(migrator.migrateTo(BEFORE))
  return { db, migrator }
}

async function expectSuccess(run: ReturnType<Migrator['migrateTo']>) {
  const { error } = await run
  expect(error).toBeUndefined()
}

const applied = async (migrator: Migrator) =>
  (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name)
const constraintNames = async (db: Kysely<any>) => (await checkConstraints(db)).map((c) => c.name).sort()

describe(`migration 011, CHECK constraints (${testDialect})`, () => {
  it('stops before changing anything when rows break a rule, naming each table, column and value', async () => {
    const { db, migrator } = await databaseBefore011()
    await seedReference(db)
    const now = new Date().toISOString()
    const user = (id: string, language: string) => ({
      id,
      display_name: id,
      preferred_language: language,
      created_at: now,
      email: null,
      phone: null,
      password_hash: null,
      password_changed_at: null,
      erased_at: null,
    })
    await db
      .insertInto('users')
      .values([user('u1', 'pt'), user('u2', 'pt'), user('u3', 'es')])
      .execute()
    await db
      .insertInto('outbox')
      .values({ id: 'm1', to_address: 'a@b.c', language: 'xx', subject: 's', body: 'b', created_at: now })
      .execute()
    await db
      .insertInto('rate_limits')
      .values({ key: 'k', window_started_at: now, failures: -1, locked_until: null })
      .execute()
    await db
      .insertInto('council_bodies')
      .values({
        id: 'b1',
        kind: 'senate' as never,
        name_i18n: '{}',
        subprefecture_id: null,
        parent_id: null,
        seats: 10,
        quorum_open_pct: 50,
        quorum_open_strict: 1,
        quorum_deliberate_pct: 50,
        quorum_deliberate_strict: 2,
        notice_days: 7,
        extraordinary_notice_days: 2,
        resolution_code: 'X',
        created_at: now,
      })
      .execute()
    if (!onPostgres)
      await sql`INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (NULL, 'u1', ${now}, ${now})`.execute(
        db,
      )

    const { error, results } = await migrator.migrateTo(MIGRATION)
    expect(results?.find((r) => r.migrationName === MIGRATION)?.status).toBe('Error')
    const message = (error as Error).message
    expect(message).toMatch(/nothing was changed/)
    expect(message).toContain('users.preferred_language = "pt" (2 rows)')
    expect(message).toContain('outbox.language = "xx" (1 row)')
    expect(message).toContain('rate_limits.failures = -1 (1 row)')
    expect(message).toContain('council_bodies.kind = "senate" (1 row)')
    expect(message).toContain('council_bodies.quorum_deliberate_strict = 2 (1 row)')
    if (!onPostgres) expect(message).toContain('sessions.id (primary key) = null (1 row)')
    expect(message).not.toContain('"es"')

    // Nothing changed: not recorded as applied, no constraint added, every row still there.
    expect(await applied(migrator)).not.toContain(MIGRATION)
    expect(await constraintNames(db)).toEqual(CHECKS_BEFORE)
    expect(await db.selectFrom('users').select('preferred_language').orderBy('id').execute()).toEqual([
      { preferred_language: 'pt' },
      { preferred_language: 'pt' },
      { preferred_language: 'es' },
    ])
    if (!onPostgres) expect((await sql`PRAGMA foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }])

    // Once the rows are corrected, it runs.
    await db
      .updateTable('users')
      .set({ preferred_language: 'pt-BR' })
      .where('id', 'in', ['u1', 'u2'])
      .execute()
    await db.updateTable('outbox').set({ language: 'pt-BR' }).execute()
    await db.updateTable('rate_limits').set({ failures: 0 }).execute()
    await db.updateTable('council_bodies').set({ kind: 'cpm', quorum_deliberate_strict: 1 }).execute()
    if (!onPostgres) await sql`UPDATE sessions SET id = 's1' WHERE id IS NULL`.execute(db)
    await expectSuccess(migrator.migrateTo(MIGRATION))
    expect(await applied(migrator)).toContain(MIGRATION)
    expect((await constraintNames(db)).length).toBeGreaterThan(80)
    await expect(db.updateTable('users').set({ preferred_language: 'pt' }).execute()).rejects.toThrow(
      /users_preferred_language_check/,
    )
    await db.destroy()
  })

  it('adds constraints that down removes again', async () => {
    const { db, migrator } = await databaseBefore011()
    await expectSuccess(migrator.migrateTo(MIGRATION))
    expect((await constraintNames(db)).length).toBeGreaterThan(80)
    await expectSuccess(migrator.migrateDown())
    expect(await constraintNames(db)).toEqual(CHECKS_BEFORE)
    await db.destroy()
  })
})

// ---------------------------------------------------------------------------------------------
// SQLite: the table rebuild.

type Structure = Record<
  string,
  {
    columns: unknown[]
    foreignKeys: unknown[]
    indexes: unknown[]
    withoutRowid: number
    triggers: unknown[]
  }
>

async function structure(db: Kysely<any>): Promise<Structure> {
  const tables = (
    await sql<{ name: string; wr: number }>`
      SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
        AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'kysely\\_%' ESCAPE '\\' ORDER BY name`.execute(
      db,
    )
  ).rows
  const result: Structure = {}
  for (const { name, wr } of tables) {
    const indexes = (
      await sql<{ name: string }>`SELECT * FROM pragma_index_list(${name}) ORDER BY name`.execute(db)
    ).rows
    result[name] = {
      columns: (await sql`SELECT * FROM pragma_table_info(${name}) ORDER BY cid`.execute(db)).rows,
      foreignKeys: (await sql`SELECT * FROM pragma_foreign_key_list(${name}) ORDER BY id, seq`.execute(db))
        .rows,
      indexes: await Promise.all(
        indexes.map(async (index) => ({
          // SQLite names the indexes behind UNIQUE and PRIMARY KEY after the table; they keep it.
          ...index,
          columns: (await sql`SELECT * FROM pragma_index_xinfo(${index.name}) ORDER BY seqno`.execute(db))
            .rows,
        })),
      ),
      withoutRowid: wr,
      triggers: (
        await sql`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${name} ORDER BY name`.execute(
          db,
        )
      ).rows,
    }
  }
  return result
}

async function contents(db: Kysely<any>, tables: string[]): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {}
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute()
    result[table] = rows.map((r) => JSON.stringify(r)).sort()
  }
  return result
}

describe.runIf(!onPostgres)('migration 011 on SQLite: rebuilding the tables', () => {
  it('keeps every row, column, key, index and trigger of a database full of demo data', async () => {
    const { db, migrator } = await databaseBefore011()
    await seedReference(db)
    // Without the named poll worker (migration 014), the council's terms (020), the imported
    // shares (021), the council's composition (024), the counsellors' workspace (028) nor the 2024
    // election's Belenios archive and key ceremony (038, 039). The demo's organisation candidacies (migration 019) and the finished election's
    // paper polling place (022) need their columns and tables, and its elections their appeal days
    // (029), its authored texts their `_i18n` columns (035) and its campaign materials their
    // translatable labels (036): they stand in for the seed and go again before the migrations
    // run, so what 011 rebuilds is what it had to.
    await candidacyOrganisationsMigration.up(db)
    await pollingPlacesMigration.up(db)
    await appealWindowMigration.up(db)
    await translatableMigration.up(db)
    await materialLabelsMigration.up(db)
    expect(
      await seedDemo(db, {
        pollWorkers: false,
        councilTerms: false,
        immigrantShares: false,
        composition: false,
        counsellors: false,
        translations: false,
        translators: false,
        verifiableElection: false,
      }),
    ).toBe(true)
    await materialLabelsMigration.down(db)
    await translatableMigration.down(db)
    await appealWindowMigration.down(db)
    await pollingPlacesMigration.down(db)
    await candidacyOrganisationsMigration.down(db)
    const now = new Date().toISOString()
    for (const action of ['role.grant', 'election.phase', 'registration.approve'])
      await db
        .transaction()
        .execute((trx) =>
          appendAudit(trx, { actorUserId: 'demo-admin', action, entityType: 'x', after: { n: 1 } }),
        )
    // Rows for tables the demo leaves empty.
    await db
      .insertInto('users')
      .values({ id: 'leaver', display_name: 'L', preferred_language: 'pt-BR', created_at: now })
      .execute()
    await db
      .insertInto('sessions')
      .values({ id: 'sess', user_id: 'leaver', expires_at: now, created_at: now })
      .execute()
    await db
      .insertInto('rate_limits')
      .values({ key: 'k', window_started_at: now, failures: 2, locked_until: null })
      .execute()
    await db
      .insertInto('outbox')
      .values({ id: 'm1', to_address: 'a@b.c', language: 'es', subject: 's', body: 'b', created_at: now })
      .execute()
    await db
      .insertInto('registration_drafts')
      .values({ user_id: 'leaver', data: '{}', updated_at: now })
      .execute()

    const before = await structure(db)
    const tables = Object.keys(before)
    const rowsBefore = await contents(db, tables)
    expect(Object.values(rowsBefore).flat().length).toBeGreaterThan(1300)

    await expectSuccess(migrator.migrateTo(MIGRATION))

    const after = await structure(db)
    expect(await contents(db, tables)).toEqual(rowsBefore)
    expect(Object.keys(after)).toEqual(tables)
    const becameNotNull: string[] = []
    for (const table of tables) {
      const [was, is] = [before[table]!, after[table]!]
      expect(is.foreignKeys, table).toEqual(was.foreignKeys)
      expect(is.indexes, table).toEqual(was.indexes)
      expect(is.withoutRowid, table).toEqual(was.withoutRowid)
      expect(is.triggers, table).toEqual(was.triggers)
      // Columns keep name, type, default and primary key; only text primary keys become NOT NULL.
      const columns = (list: unknown[]) => list as { name: string; notnull: number; pk: number }[]
      expect(
        columns(is.columns).map((c) => ({ ...c, notnull: 0 })),
        table,
      ).toEqual(columns(was.columns).map((c) => ({ ...c, notnull: 0 })))
      for (const [i, c] of columns(is.columns).entries()) {
        const old = columns(was.columns)[i]!
        if (c.notnull !== old.notnull) {
          expect(c.pk, `${table}.${c.name}`).toBe(1)
          expect([old.notnull, c.notnull]).toEqual([0, 1])
          becameNotNull.push(`${table}.${c.name}`)
        }
      }
    }
    expect(becameNotNull).toHaveLength(45)
    expect(after.audit_log!.triggers).toHaveLength(2)
    expect(after.ballots!.withoutRowid).toBe(1)

    expect((await sql`PRAGMA foreign_key_check`.execute(db)).rows).toEqual([])
    expect((await sql`PRAGMA integrity_check`.execute(db)).rows).toEqual([{ integrity_check: 'ok' }])
    expect((await sql`PRAGMA foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }])
    const checks = await constraintNames(db)
    expect(checks).toEqual(expect.arrayContaining([...CHECKS_BEFORE, 'ballots_choice_check']))

    // Keys and triggers still act: a cascade, a refused orphan, the append-only audit log.
    await db.deleteFrom('users').where('id', '=', 'leaver').execute()
    expect(await db.selectFrom('sessions').select('id').where('id', '=', 'sess').execute()).toEqual([])
    await expect(
      db
        .insertInto('sessions')
        .values({ id: 's2', user_id: 'nobody', expires_at: now, created_at: now })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY/)
    await expect(db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(
      /append-only/,
    )
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    await expect(
      sql`INSERT INTO users (id, display_name, created_at) VALUES (NULL, 'n', ${now})`.execute(db),
    ).rejects.toThrow(/NOT NULL/)

    // Down rebuilds the tables as they were.
    await expectSuccess(migrator.migrateDown())
    const restored = await structure(db)
    for (const table of tables) expect(restored[table], table).toEqual(before[table])
    expect(await constraintNames(db)).toEqual(CHECKS_BEFORE)
    expect((await sql`PRAGMA foreign_key_check`.execute(db)).rows).toEqual([])
    await db.destroy()
  })

  it('refuses to run inside a transaction, where foreign keys cannot be turned off', async () => {
    const { db } = await databaseBefore011()
    await expect(db.transaction().execute((trx) => checkConstraintsMigration.up(trx))).rejects.toThrow(
      /must run outside a transaction/,
    )
    expect(await constraintNames(db)).toEqual(CHECKS_BEFORE)
    expect((await sql`PRAGMA foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }])
    await db.destroy()
  })
})
