// `npm run db:copy -- --from sqlite:<path> --to postgres://user@host/db`: moves a deployment's data
// from the embedded SQLite file to PostgreSQL. Stop the server first (nobody may write during
// the copy). The target is migrated, must hold no data yet, and is filled in ONE transaction: a
// failed copy leaves it empty. Afterwards every table's row count is compared and the audit
// chain is verified on the target. Uploaded files (UPLOAD_DIR) are not in the database: move
// that directory with the server.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import SQLite from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import { verifyAuditChain } from '../app/audit/audit.server'
import { openPostgres, type DB } from '../app/lib/db.server'
import { migrateToLatest } from '../db/migrate'
import { migrations } from '../db/migrations/index'

export class CopyError extends Error {}

export type CopyReport = { tables: { table: string; rows: number }[]; auditEntries: number; ms: number }

type TableInfo = {
  name: string
  columns: string[]
  key: string[]
  parents: string[]
  selfReferences: { column: string; parentColumn: string }[]
}

/** The app's tables in an order where every table comes after the tables it references. */
function readTables(source: SQLite.Database): TableInfo[] {
  const names = (
    source
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'kysely\\_%' ESCAPE '\\' AND name <> 'table_versions' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((t) => t.name)
  const tables = names.map((name): TableInfo => {
    const columns = source.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(name) as {
      name: string
      pk: number
    }[]
    const foreign = source
      .prepare(`SELECT "table" AS parent, "from" AS col, "to" AS parentCol FROM pragma_foreign_key_list(?)`)
      .all(name) as { parent: string; col: string; parentCol: string }[]
    return {
      name,
      columns: columns.map((c) => c.name),
      key: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      parents: [...new Set(foreign.filter((f) => f.parent !== name).map((f) => f.parent))],
      selfReferences: foreign
        .filter((f) => f.parent === name)
        .map((f) => ({ column: f.col, parentColumn: f.parentCol })),
    }
  })
  const ordered: TableInfo[] = []
  const placed = new Set<string>()
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && t.parents.every((p) => placed.has(p)))
    if (!ready.length) throw new CopyError('circular foreign keys between tables; cannot order the copy')
    for (const t of ready) {
      ordered.push(t)
      placed.add(t.name)
    }
  }
  return ordered
}

/** Rows of a table that references itself (a reply to a comment), parents before children. */
function parentsFirst(rows: Record<string, unknown>[], table: TableInfo): Record<string, unknown>[] {
  if (!table.selfReferences.length) return rows
  const out: Record<string, unknown>[] = []
  const present = new Map<string, Set<unknown>>(table.selfReferences.map((r) => [r.parentColumn, new Set()]))
  let pending = rows
  while (pending.length) {
    const next: Record<string, unknown>[] = []
    for (const row of pending) {
      const ready = table.selfReferences.every(
        (r) => row[r.column] == null || present.get(r.parentColumn)!.has(row[r.column]),
      )
      if (!ready) {
        next.push(row)
        continue
      }
      out.push(row)
      for (const r of table.selfReferences) present.get(r.parentColumn)!.add(row[r.parentColumn])
    }
    if (next.length === pending.length)
      throw new CopyError(`${table.name}: rows reference rows that do not exist`)
    pending = next
  }
  return out
}

export async function copySqliteToPostgres({
  sqlitePath,
  target,
  schema,
  log = () => undefined,
}: {
  sqlitePath: string
  target: DB
  schema?: string
  log?: (line: string) => void
}): Promise<CopyReport> {
  const started = Date.now()
  const source = new SQLite(resolve(sqlitePath), { readonly: true, fileMustExist: true })
  try {
    const applied = new Set(
      (source.prepare(`SELECT name FROM kysely_migration`).all() as { name: string }[]).map((m) => m.name),
    )
    const missing = Object.keys(migrations).filter((m) => !applied.has(m))
    if (missing.length)
      throw new CopyError(
        `the SQLite database is not up to date (missing ${missing.join(', ')}): run npm run db:migrate on it first`,
      )
    await migrateToLatest(target, { schema })
    const tables = readTables(source)
    for (const t of tables) {
      const any = await sql<{ one: number }>`SELECT 1 AS one FROM ${sql.table(t.name)} LIMIT 1`.execute(
        target,
      )
      if (any.rows.length)
        throw new CopyError(`the target already holds data (table ${t.name}); copy into an empty database`)
    }
    const report: CopyReport = { tables: [], auditEntries: 0, ms: 0 }
    await target.transaction().execute(async (trx) => {
      for (const t of tables) {
        // Key order: ballots land in the order of their random ids, as on SQLite (ADR 011).
        const select = source.prepare(
          `SELECT * FROM "${t.name}"${t.key.length ? ` ORDER BY ${t.key.map((k) => `"${k}"`).join(', ')}` : ''}`,
        )
        const batchSize = Math.max(1, Math.floor(20_000 / t.columns.length)) // under PostgreSQL's 65,535 parameters
        const insert = (rows: Record<string, unknown>[]) =>
          (trx as unknown as Kysely<Record<string, Record<string, unknown>>>)
            .insertInto(t.name)
            .values(rows)
            .execute()
        let count = 0
        if (t.selfReferences.length) {
          // Replies after what they reply to: such tables are read whole to order them.
          const ordered = parentsFirst(select.all() as Record<string, unknown>[], t)
          for (let i = 0; i < ordered.length; i += batchSize) await insert(ordered.slice(i, i + batchSize))
          count = ordered.length
        } else {
          // Streamed in batches: a census of 500,000 or a million ballots never sits in memory whole.
          let batch: Record<string, unknown>[] = []
          for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
            batch.push(row)
            if (batch.length === batchSize) {
              await insert(batch)
              count += batch.length
              batch = []
            }
          }
          if (batch.length) await insert(batch)
          count += batch.length
        }
        report.tables.push({ table: t.name, rows: count })
        log(`  ${t.name.padEnd(32)} ${count}`)
      }
    })
    for (const t of report.tables) {
      const { n } = (
        await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t.table)}`.execute(target)
      ).rows[0]!
      if (Number(n) !== t.rows)
        throw new CopyError(`${t.table}: ${t.rows} rows in SQLite but ${n} in PostgreSQL`)
    }
    const chain = await verifyAuditChain(target)
    if (!chain.ok)
      throw new CopyError(`the audit chain does not verify on the target (broken at ${chain.brokenAtSeq})`)
    report.auditEntries = chain.entries
    report.ms = Date.now() - started
    return report
  } finally {
    source.close()
  }
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : undefined
}

async function main() {
  const from = argument('from')
  const to = argument('to')
  if (!from?.startsWith('sqlite:') || !to || !/^postgres(?:ql)?:\/\//.test(to)) {
    console.error(
      'Usage: npm run db:copy -- --from sqlite:<path to .sqlite> --to postgres://user@host:5432/database',
    )
    process.exitCode = 2
    return
  }
  const target = openPostgres(to)
  try {
    console.log(
      `Copying ${resolve(from.slice('sqlite:'.length))} to PostgreSQL (${new URL(to).host}${new URL(to).pathname})`,
    ) // never the password
    const report = await copySqliteToPostgres({
      sqlitePath: from.slice('sqlite:'.length),
      target,
      log: console.log,
    })
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0)
    console.log(
      `Copied ${rows} rows in ${report.tables.length} tables in ${report.ms} ms; row counts match; audit chain verified (${report.auditEntries} entries).`,
    )
    console.log('Next: move UPLOAD_DIR along, set DATABASE_URL and start the server.')
  } catch (error) {
    console.error(`Copy failed: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  } finally {
    await target.destroy()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main()
