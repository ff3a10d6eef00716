import { randomUUID } from 'node:crypto'
import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { dialectOf, type DialectName } from './db.server'

// Queries on the hot paths (the session of every signed-in request, the reads of a vote), built and
// compiled by Kysely ONCE per dialect and then run with each call's values (ADR 040). Kysely builds
// an operation tree and compiles it to SQL on every call: ~12 µs for the session's join, four times
// what running it costs once the statement is prepared (db.server.ts keeps prepared statements).
// The query is still written with Kysely, so it stays typed and portable to PostgreSQL.
//
// How: the builder is run once with a unique marker value in place of each parameter; the markers
// are found among the compiled query's parameters, and each call puts its values in their places.
// Only scalar values can be parameters (an `in (…)` list changes the SQL with its length).

type Scalar = string | number | null
type Slot = { param: string } | { fixed: unknown }
type Compiled = { sql: string; slots: Slot[] }

export type PreparedQuery<P extends Record<string, Scalar>, Row> = {
  execute: (db: Kysely<Database>, params: P) => Promise<Row[]>
  executeTakeFirst: (db: Kysely<Database>, params: P) => Promise<Row | undefined>
}

/** The builder's stand-in for a parameter: `(db, param: Param<{ id: string }>) => … param('id') …`. */
export type Param<P extends Record<string, Scalar>> = <K extends keyof P & string>(name: K) => P[K]

export function preparedQuery<P extends Record<string, Scalar>, Row>(
  build: (db: Kysely<Database>, param: Param<P>) => Compilable<Row>,
): PreparedQuery<P, Row> {
  const compiled = new Map<DialectName, Compiled>()
  const compiledFor = (db: Kysely<Database>): Compiled => {
    const dialect = dialectOf(db)
    const known = compiled.get(dialect)
    if (known) return known
    const markers = new Map<string, string>()
    const param = <K extends keyof P & string>(name: K): P[K] => {
      const marker = `\u0000param:${name}:${randomUUID()}`
      markers.set(marker, name)
      return marker as P[K]
    }
    const query = build(db, param).compile()
    const slots: Slot[] = query.parameters.map((value) =>
      typeof value === 'string' && markers.has(value) ? { param: markers.get(value)! } : { fixed: value },
    )
    // Fail at the first call, never run a query whose value went somewhere else than a parameter.
    for (const [marker, name] of markers)
      if (query.sql.includes(marker) || !slots.some((s) => 'param' in s && s.param === name))
        throw new Error(`preparedQuery: "${name}" did not become a parameter of the compiled query`)
    const made = { sql: query.sql, slots }
    compiled.set(dialect, made)
    return made
  }
  const execute = async (db: Kysely<Database>, params: P): Promise<Row[]> => {
    const { sql, slots } = compiledFor(db)
    const values = slots.map((s) => ('param' in s ? params[s.param] : s.fixed))
    return (await db.executeQuery<Row>(CompiledQuery.raw(sql, values))).rows
  }
  return {
    execute,
    executeTakeFirst: async (db, params) => (await execute(db, params))[0],
  }
}
