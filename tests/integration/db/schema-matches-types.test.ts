import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectOf, type DB } from '../../../app/lib/db.server'
import { createTestDb, testDialect } from '../../helpers/db'
import {
  actualTables,
  checkConstraints,
  readDeclaredSchema,
  type ActualColumn,
  type CheckConstraint,
  type DeclaredColumn,
  type DeclaredSchema,
} from './schema-introspection'

// db/schema.ts is what the code believes; the migrated database is what holds. This test fails when
// they drift: a column a migration adds and schema.ts forgets (or the other way round), a type or
// nullability that differs, a value added to a closed set in one place only. It runs on SQLite and,
// in the PostgreSQL pass of `npm test`, on PostgreSQL. ADR 012.

/** Which database types hold a TypeScript `string` / `number`. */
const STORAGE: Record<'sqlite' | 'postgres', Record<DeclaredColumn['base'], string[]>> = {
  sqlite: { string: ['text'], number: ['integer', 'real'] },
  // Not `real`: on PostgreSQL that is a 4-byte float (0.1 reads back as 0.10000000149; migration 009).
  postgres: { string: ['text'], number: ['integer', 'double precision'] },
}

let db: DB & { path: string }
let declared: DeclaredSchema
let actual: Map<string, ActualColumn[]>
let checks: CheckConstraint[]

beforeAll(async () => {
  db = await createTestDb()
  declared = readDeclaredSchema()
  actual = await actualTables(db)
  checks = await checkConstraints(db)
})
afterAll(async () => {
  await db.destroy()
})

const closedSetColumns = () =>
  [...declared.tables.values()]
    .flat()
    .filter((c): c is DeclaredColumn & Required<Pick<DeclaredColumn, 'closedSet'>> => Boolean(c.closedSet))
const sorted = <T extends string | number>(values: readonly T[]) => [...values].sort()

describe(`db/schema.ts matches the migrated database (${testDialect})`, () => {
  it('db/schema.ts can be read', () => {
    expect(declared.problems).toEqual([])
    expect(declared.tables.size).toBeGreaterThan(60)
  })

  it('has the same tables', () => {
    expect(sorted([...actual.keys()])).toEqual(sorted([...declared.tables.keys()]))
  })

  it('has the same columns in every table', () => {
    const differences: string[] = []
    for (const [table, columns] of declared.tables) {
      const inDatabase = actual.get(table)
      if (!inDatabase) continue // reported by the test above
      const names = new Set(inDatabase.map((c) => c.column))
      for (const c of columns)
        if (!names.has(c.column))
          differences.push(`${table}.${c.column}: in db/schema.ts, not in the database`)
      const declaredNames = new Set(columns.map((c) => c.column))
      for (const c of inDatabase)
        if (!declaredNames.has(c.column))
          differences.push(`${table}.${c.column} (${c.type}): in the database, missing from db/schema.ts`)
    }
    expect(differences).toEqual([])
  })

  it('gives every column a compatible type and the same nullability', () => {
    const storage = STORAGE[dialectOf(db)]
    const differences: string[] = []
    for (const [table, columns] of declared.tables) {
      for (const c of columns) {
        const a = actual.get(table)?.find((x) => x.column === c.column)
        if (!a) continue
        const where = `${table}.${c.column}`
        if (!storage[c.base].includes(a.type))
          differences.push(`${where}: db/schema.ts says ${c.written}, the database stores ${a.type}`)
        if (c.nullable !== a.nullable)
          differences.push(
            `${where}: db/schema.ts says ${c.written} (${c.nullable ? 'nullable' : 'NOT NULL'}), ` +
              `the database column is ${a.nullable ? 'nullable' : 'NOT NULL'}`,
          )
        if (c.generated && !a.hasDefault)
          differences.push(`${where}: Generated<> in db/schema.ts, but the database has no default for it`)
      }
    }
    expect(differences).toEqual([])
  })

  it('declares every closed set as an exported `as const` list (zod schemas use the same constant)', () => {
    const inline = closedSetColumns()
      .filter((c) => !c.closedSet.list)
      .map((c) => `${c.table}.${c.column}: ${c.written}`)
    expect(inline).toEqual([])
  })

  it('has a CHECK constraint allowing exactly the values of each closed set in db/schema.ts', () => {
    const differences: string[] = []
    for (const c of closedSetColumns()) {
      const where = `${c.table}.${c.column}`
      const onColumn = checks.filter((k) => k.table === c.table && k.set?.column === c.column)
      if (onColumn.length !== 1) {
        differences.push(
          `${where}: db/schema.ts allows only ${c.closedSet.list ?? c.written}, but the database has ` +
            `${onColumn.length === 0 ? 'no CHECK constraint on it' : `${onColumn.length} CHECK constraints on it`}`,
        )
        continue
      }
      const allowed = onColumn[0]!.set!.values
      if (JSON.stringify(sorted(allowed)) !== JSON.stringify(sorted(c.closedSet.values)))
        differences.push(
          `${where}: db/schema.ts (${c.closedSet.list}) allows ${JSON.stringify(sorted(c.closedSet.values))}, ` +
            `the database's CHECK ${onColumn[0]!.name} allows ${JSON.stringify(sorted(allowed))}`,
        )
    }
    expect(differences).toEqual([])
  })

  it('has no CHECK restricting a column to a set of strings that db/schema.ts types as any string', () => {
    const declaredSets = new Set(closedSetColumns().map((c) => `${c.table}.${c.column}`))
    const undeclared = checks
      .filter((k) => k.set && k.set.values.every((v) => typeof v === 'string'))
      .filter((k) => !declaredSets.has(`${k.table}.${k.set!.column}`))
      .map(
        (k) =>
          `${k.table}.${k.set!.column}: the database allows ${JSON.stringify(k.set!.values)} (${k.name})`,
      )
    expect(undeclared).toEqual([])
  })
})

// Behaviour beats parsing: each closed set is written into a scratch row, every allowed value must
// go in and values outside the set must be refused by that column's CHECK. Also the 0/1 flags and
// the number ranges the database declares. Each attempt runs in a transaction that is rolled back,
// on a table emptied inside it, with foreign keys (and triggers) not enforced, so a row needs no
// parents: SQLite turns `foreign_keys` off on the test connection; PostgreSQL sets
// `session_replication_role = replica` for the transaction (the test server's user is a superuser).
describe(`the database enforces the closed sets of db/schema.ts (${testDialect})`, () => {
  type Outcome = { ok: true } | { ok: false; check: string | null; message: string }
  const ROLLBACK = new Error('rollback')

  async function attempt(table: string, column: string, value: unknown): Promise<Outcome> {
    const row = scratchRow(table, { [column]: value })
    let outcome: Outcome = { ok: true }
    const write = async (trx: Kysely<any>) => {
      await trx.deleteFrom(table).execute()
      try {
        await trx.insertInto(table).values(row).execute()
      } catch (error) {
        const e = error as { code?: string; constraint?: string; message?: string }
        const sqliteCheck = e.code === 'SQLITE_CONSTRAINT_CHECK'
        const postgresCheck = e.code === '23514'
        outcome = {
          ok: false,
          check: sqliteCheck
            ? (/CHECK constraint failed: (.*)$/.exec(e.message ?? '')?.[1] ?? '')
            : postgresCheck
              ? (e.constraint ?? '')
              : null,
          message: String(e.message),
        }
      }
      throw ROLLBACK
    }
    const run =
      dialectOf(db) === 'sqlite'
        ? () => db.transaction().execute(write)
        : () =>
            db.transaction().execute(async (trx) => {
              await sql`SET LOCAL session_replication_role = replica`.execute(trx)
              return write(trx)
            })
    await run().catch((error: unknown) => {
      if (error !== ROLLBACK) throw error
    })
    return outcome
  }

  /** A row that satisfies every rule of the table, with `overrides` applied. */
  function scratchRow(table: string, overrides: Record<string, unknown>): Record<string, unknown> {
    const row: Record<string, unknown> = {}
    for (const c of actual.get(table) ?? []) {
      const d = declared.tables.get(table)?.find((x) => x.column === c.column)
      row[c.column] =
        c.column in overrides
          ? overrides[c.column]
          : d?.closedSet
            ? d.closedSet.values[0]
            : c.nullable
              ? null
              : c.type === 'text'
                ? `scratch-${c.column}`
                : 1
    }
    return row
  }

  const refusedByItsCheck = (outcome: Outcome, k: CheckConstraint) =>
    !outcome.ok && outcome.check !== null && (k.name ? outcome.check === k.name : true)

  beforeAll(async () => {
    if (dialectOf(db) === 'sqlite') await sql`PRAGMA foreign_keys = OFF`.execute(db)
  })
  afterAll(async () => {
    if (dialectOf(db) === 'sqlite') await sql`PRAGMA foreign_keys = ON`.execute(db)
  })

  it('accepts every value of each closed set and refuses values outside it', async () => {
    const wrong: string[] = []
    for (const c of closedSetColumns()) {
      const where = `${c.table}.${c.column}`
      const check = checks.find((k) => k.table === c.table && k.set?.column === c.column)
      for (const value of c.closedSet.values) {
        const outcome = await attempt(c.table, c.column, value)
        if (!outcome.ok)
          wrong.push(`${where} = '${value}' (in ${c.closedSet.list}) was refused: ${outcome.message}`)
      }
      const first = c.closedSet.values[0]!
      const outside = [
        `not-a-${c.column}`,
        first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase(),
        ` ${first}`,
      ].filter((v) => !c.closedSet.values.includes(v))
      for (const value of outside) {
        const outcome = await attempt(c.table, c.column, value)
        if (!check || !refusedByItsCheck(outcome, check))
          wrong.push(
            `${where} = '${value}' (not in ${c.closedSet.list}) was ${outcome.ok ? 'accepted' : `refused otherwise: ${outcome.message}`}`,
          )
      }
      if (c.nullable) {
        const outcome = await attempt(c.table, c.column, null)
        if (!outcome.ok) wrong.push(`${where} = null was refused: ${outcome.message}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('holds the 0/1 flags and the number ranges it declares', async () => {
    const numeric = checks.filter(
      (k) => (k.set && k.set.values.every((v) => typeof v === 'number')) || k.range,
    )
    expect(numeric.length).toBeGreaterThan(20)
    const wrong: string[] = []
    for (const k of numeric) {
      const column = k.set?.column ?? k.range!.column
      const values = k.set
        ? (k.set.values as number[])
        : [k.range!.min, ...(k.range!.max === null ? [] : [k.range!.max])]
      const outside = k.set
        ? [Math.min(...values) - 1, Math.max(...values) + 1]
        : [k.range!.min - 1, ...(k.range!.max === null ? [] : [k.range!.max + 1])]
      for (const value of values) {
        const outcome = await attempt(k.table, column, value)
        if (!outcome.ok) wrong.push(`${k.table}.${column} = ${value} was refused: ${outcome.message}`)
      }
      for (const value of outside) {
        const outcome = await attempt(k.table, column, value)
        if (!refusedByItsCheck(outcome, k))
          wrong.push(
            `${k.table}.${column} = ${value} was ${outcome.ok ? 'accepted' : `refused otherwise: ${outcome.message}`}`,
          )
      }
    }
    expect(wrong).toEqual([])
  })
})
