import { readFileSync } from 'node:fs'
import { sql, type Kysely } from 'kysely'
import ts from 'typescript'
import { dialectOf } from '../../../app/lib/db.server'
import * as schemaModule from '../../../db/schema'

// What db/schema.ts declares (read with the TypeScript parser) and what a migrated database holds
// (read from SQLite's pragmas and sqlite_master, or PostgreSQL's catalogues), in one shape each, so
// schema-matches-types.test.ts can compare them.

// ---------------------------------------------------------------------------------------------
// db/schema.ts

export type DeclaredColumn = {
  table: string
  column: string
  /** The type as written, for messages. */
  written: string
  base: 'string' | 'number'
  nullable: boolean
  /** Kysely's Generated<>: the database supplies a value on insert. */
  generated: boolean
  /** A closed set of strings: its values, and the exported `as const` list they come from. */
  closedSet?: { values: string[]; list: string | null }
}

export type DeclaredSchema = {
  tables: Map<string, DeclaredColumn[]>
  /** Problems found while reading the file (a type the reader does not understand …). */
  problems: string[]
}

const SCHEMA_PATH = new URL('../../../db/schema.ts', import.meta.url)

type Resolved = {
  base: 'string' | 'number' | 'null'
  literals?: string[]
  list?: string | null
  generated?: boolean
}

export function readDeclaredSchema(source = readFileSync(SCHEMA_PATH, 'utf8')): DeclaredSchema {
  const file = ts.createSourceFile('schema.ts', source, ts.ScriptTarget.Latest, true)
  const interfaces = new Map<string, ts.InterfaceDeclaration>()
  const aliases = new Map<string, ts.TypeAliasDeclaration>()
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement)
    if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, statement)
  }
  const problems: string[] = []
  const runtimeLists = schemaModule as unknown as Record<string, unknown>

  /** `(typeof LIST)[number]` → 'LIST'. */
  const listOf = (node: ts.TypeNode): string | null => {
    if (!ts.isIndexedAccessTypeNode(node)) return null
    const object = ts.isParenthesizedTypeNode(node.objectType) ? node.objectType.type : node.objectType
    if (!ts.isTypeQueryNode(object) || !ts.isIdentifier(object.exprName)) return null
    if (node.indexType.kind !== ts.SyntaxKind.NumberKeyword) return null
    return object.exprName.text
  }

  const resolve = (node: ts.TypeNode, where: string): Resolved[] => {
    if (ts.isParenthesizedTypeNode(node)) return resolve(node.type, where)
    if (ts.isUnionTypeNode(node)) return node.types.flatMap((t) => resolve(t, where))
    if (node.kind === ts.SyntaxKind.StringKeyword) return [{ base: 'string' }]
    if (node.kind === ts.SyntaxKind.NumberKeyword) return [{ base: 'number' }]
    if (ts.isLiteralTypeNode(node)) {
      if (node.literal.kind === ts.SyntaxKind.NullKeyword) return [{ base: 'null' }]
      if (ts.isStringLiteral(node.literal))
        return [{ base: 'string', literals: [node.literal.text], list: null }]
    }
    const list = listOf(node)
    if (list) {
      const values = runtimeLists[list]
      if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
        problems.push(`${where}: ${list} is not an exported list of strings in db/schema.ts`)
        return [{ base: 'string' }]
      }
      return [{ base: 'string', literals: [...(values as string[])], list }]
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text
      const args = node.typeArguments ?? []
      if (name === 'Generated' && args.length === 1)
        return resolve(args[0]!, where).map((r) => ({ ...r, generated: true }))
      // ColumnType<Select, Insert, Update>: what a row holds is what a select returns.
      if (name === 'ColumnType' && args.length >= 1) return resolve(args[0]!, where)
      const alias = aliases.get(name)
      if (alias && args.length === 0) {
        const resolved = resolve(alias.type, `${where} (${name})`)
        // A named union of literals written inline (not from a list): remember it has no list.
        return resolved
      }
    }
    problems.push(`${where}: db/schema.ts uses a type this test does not understand: ${node.getText(file)}`)
    return [{ base: 'string' }]
  }

  const tables = new Map<string, DeclaredColumn[]>()
  const database = interfaces.get('Database')
  if (!database) problems.push('db/schema.ts has no `Database` interface')
  for (const member of database?.members ?? []) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isIdentifier(member.name)) continue
    const table = member.name.text
    const typeName = ts.isTypeReferenceNode(member.type) ? member.type.typeName.getText(file) : ''
    const declaration = interfaces.get(typeName)
    if (!declaration) {
      problems.push(`Database.${table}: interface ${member.type.getText(file)} not found in db/schema.ts`)
      continue
    }
    const columns: DeclaredColumn[] = []
    for (const property of declaration.members) {
      if (!ts.isPropertySignature(property) || !property.type || !ts.isIdentifier(property.name)) continue
      const column = property.name.text
      const where = `${table}.${column}`
      const parts = resolve(property.type, where)
      const nonNull = parts.filter((p) => p.base !== 'null')
      const bases = new Set(nonNull.map((p) => p.base))
      if (bases.size !== 1) {
        problems.push(`${where}: mixes ${[...bases].join(' and ') || 'nothing but null'}`)
        continue
      }
      const base = [...bases][0] as 'string' | 'number'
      const declared: DeclaredColumn = {
        table,
        column,
        written: property.type.getText(file),
        base,
        nullable: parts.some((p) => p.base === 'null') || property.questionToken !== undefined,
        generated: parts.some((p) => p.generated),
      }
      if (base === 'string' && nonNull.every((p) => p.literals)) {
        const lists = new Set(nonNull.map((p) => p.list ?? null))
        declared.closedSet = {
          values: [...new Set(nonNull.flatMap((p) => p.literals!))],
          list: lists.size === 1 ? [...lists][0]! : null,
        }
      } else if (nonNull.some((p) => p.literals)) {
        problems.push(`${where}: mixes string literals with string`)
      }
      columns.push(declared)
    }
    tables.set(table, columns)
  }
  return { tables, problems }
}

// ---------------------------------------------------------------------------------------------
// The migrated database

export type ActualColumn = {
  column: string
  /** As the database names it, lower-case: text, integer, real, double precision … */
  type: string
  nullable: boolean
  hasDefault: boolean
}

export type CheckConstraint = {
  table: string
  name: string | null
  /** The expression as the database stores or prints it. */
  definition: string
  /** Recognised `column IN (…)` over string or number literals. */
  set?: { column: string; values: (string | number)[] }
  /** Recognised `column >= min` / `column BETWEEN min AND max`. */
  range?: { column: string; min: number; max: number | null }
}

export async function actualTables(db: Kysely<any>): Promise<Map<string, ActualColumn[]>> {
  const tables = new Map<string, ActualColumn[]>()
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ name: string; wr: number }>`
      SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
        AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'kysely\\_%' ESCAPE '\\'`.execute(db)
    for (const { name, wr } of rows) {
      const { rows: info } = await sql<{
        name: string
        type: string
        notnull: number
        dflt_value: string | null
        pk: number
      }>`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(${name}) ORDER BY cid`.execute(
        db,
      )
      const primaryKeyColumns = info.filter((c) => c.pk > 0)
      tables.set(
        name,
        info.map((c) => {
          // NULL cannot be stored in a primary key of a WITHOUT ROWID table, nor in an INTEGER
          // PRIMARY KEY (it is the rowid: NULL means "assign the next one"). Elsewhere SQLite
          // stores NULL in a primary key unless the column says NOT NULL.
          const rowidAlias =
            primaryKeyColumns.length === 1 && c.pk === 1 && c.type.toLowerCase() === 'integer'
          const primaryKeyRefusesNull = c.pk > 0 && (wr === 1 || rowidAlias)
          return {
            column: c.name,
            type: c.type.toLowerCase(),
            nullable: c.notnull === 0 && !primaryKeyRefusesNull,
            hasDefault: c.dflt_value !== null || rowidAlias,
          }
        }),
      )
    }
    return tables
  }
  const { rows } = await sql<{
    table_name: string
    column_name: string
    data_type: string
    is_nullable: 'YES' | 'NO'
    column_default: string | null
  }>`
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND c.table_name NOT LIKE 'kysely\\_%'
    ORDER BY c.table_name, c.ordinal_position`.execute(db)
  for (const r of rows) {
    const columns = tables.get(r.table_name) ?? []
    columns.push({
      column: r.column_name,
      type: r.data_type.toLowerCase(),
      nullable: r.is_nullable === 'YES',
      hasDefault: r.column_default !== null,
    })
    tables.set(r.table_name, columns)
  }
  return tables
}

/** Every CHECK constraint of the database's tables, with the simple forms recognised. */
export async function checkConstraints(db: Kysely<any>): Promise<CheckConstraint[]> {
  if (dialectOf(db) === 'sqlite') {
    const { rows } = await sql<{ name: string; sql: string }>`
      SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL
        AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'kysely\\_%' ESCAPE '\\'`.execute(db)
    return rows.flatMap(({ name: table, sql: createSql }) =>
      sqliteChecks(createSql).map(({ name, body }) => ({
        table,
        name,
        definition: body,
        ...recogniseSqlite(body),
      })),
    )
  }
  const { rows } = await sql<{ table: string; name: string; definition: string }>`
    SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'c' AND n.nspname = current_schema() AND t.relname NOT LIKE 'kysely\\_%'
    ORDER BY t.relname, c.conname`.execute(db)
  return rows.map((r) => ({ ...r, ...recognisePostgres(r.definition) }))
}

/** `… constraint "name" check (body) …` and inline `check (body)` clauses of a CREATE TABLE. */
function sqliteChecks(createSql: string): { name: string | null; body: string }[] {
  const found: { name: string | null; body: string }[] = []
  const pattern = /(?:constraint\s+("(?:[^"]|"")+"|\w+)\s+)?check\s*\(/gi
  let match: RegExpExecArray | null
  while ((match = pattern.exec(createSql))) {
    if (insideQuotes(createSql, match.index)) continue
    const start = match.index + match[0].length
    const end = closingParen(createSql, start)
    const rawName = match[1] ?? null
    found.push({
      name: rawName?.startsWith('"') ? rawName.slice(1, -1).replace(/""/g, '"') : rawName,
      body: createSql.slice(start, end).trim(),
    })
    pattern.lastIndex = end
  }
  return found
}

function insideQuotes(text: string, index: number): boolean {
  let quote: string | null = null
  for (let i = 0; i < index; i++) {
    const ch = text[i]!
    if (quote) {
      if (ch === quote) quote = null
    } else if (ch === "'" || ch === '"') quote = ch
  }
  return quote !== null
}

function closingParen(text: string, from: number): number {
  let depth = 0
  let quote: string | null = null
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!
    if (quote) {
      if (ch === quote) quote = null
    } else if (ch === "'" || ch === '"') quote = ch
    else if (ch === '(') depth++
    else if (ch === ')') {
      if (depth === 0) return i
      depth--
    }
  }
  throw new Error(`unbalanced CHECK in ${text}`)
}

const identifier = String.raw`"?([A-Za-z_][A-Za-z0-9_]*)"?`
const stringLiterals = (list: string) =>
  [...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"))
const numberLiterals = (list: string) =>
  list
    .split(',')
    .map((v) => v.trim())
    .every((v) => /^-?\d+(\.\d+)?$/.test(v))
    ? list.split(',').map((v) => Number(v.trim()))
    : null

function recogniseSqlite(body: string): Pick<CheckConstraint, 'set' | 'range'> {
  const b = body.replace(/^\((.*)\)$/s, '$1').trim()
  const inList = new RegExp(String.raw`^${identifier}\s+in\s*\(([^()]*)\)$`, 'is').exec(b)
  if (inList) {
    const [, column, list] = inList as unknown as [string, string, string]
    const numbers = numberLiterals(list)
    if (numbers) return { set: { column, values: numbers } }
    const strings = stringLiterals(list)
    if (strings.length === list.split(',').length) return { set: { column, values: strings } }
    return {}
  }
  const atLeast = new RegExp(String.raw`^${identifier}\s*>=\s*(-?[\d.]+)$`, 'i').exec(b)
  if (atLeast) return { range: { column: atLeast[1]!, min: Number(atLeast[2]), max: null } }
  const between = new RegExp(String.raw`^${identifier}\s+between\s+(-?[\d.]+)\s+and\s+(-?[\d.]+)$`, 'i').exec(
    b,
  )
  if (between) return { range: { column: between[1]!, min: Number(between[2]), max: Number(between[3]) } }
  return {}
}

function recognisePostgres(definition: string): Pick<CheckConstraint, 'set' | 'range'> {
  // PostgreSQL prints `x IN (…)` as `CHECK ((x = ANY (ARRAY['a'::text, 'b'::text])))`, and
  // `x BETWEEN a AND b` as `CHECK (((x >= a) AND (x <= b)))`, numbers sometimes cast: `(0)::double precision`.
  const d = definition
    .replace(/^CHECK \((.*)\)$/s, '$1')
    .replace(/\((-?[\d.]+)\)::(?:double precision|numeric|real|integer|bigint)/g, '$1')
    .trim()
  const anyOf = new RegExp(
    String.raw`^\(${identifier} = ANY \(\(?ARRAY\[(.*)\]\)?(?:::text\[\])?\)\)$`,
    's',
  ).exec(d)
  if (anyOf) {
    const [, column, list] = anyOf as unknown as [string, string, string]
    const numbers = numberLiterals(list)
    if (numbers) return { set: { column, values: numbers } }
    return { set: { column, values: stringLiterals(list) } }
  }
  const atLeast = new RegExp(String.raw`^\(${identifier} >= (-?[\d.]+)\)$`).exec(d)
  if (atLeast) return { range: { column: atLeast[1]!, min: Number(atLeast[2]), max: null } }
  const between = new RegExp(
    String.raw`^\(\(${identifier} >= (-?[\d.]+)\) AND \(${identifier} <= (-?[\d.]+)\)\)$`,
  ).exec(d)
  if (between && between[1] === between[3])
    return { range: { column: between[1]!, min: Number(between[2]), max: Number(between[4]) } }
  return {}
}
