import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { ok, type Ok } from '../lib/result'
import {
  readShareCsv,
  type ShareColumn,
  type ShareFileError,
  type ShareRow,
  type ShareRowProblem,
} from './share-csv'
import { seatsForPopulation, seatsForShare, sharePct, type ShareThresholds } from './seats'

// The immigrant share of each subprefecture's population, which gives its Participatory Council
// (CPM) seats (issue #17): the commission imports a file of figures (share-csv.ts checks it), sees
// the seats the thresholds give, and creates the election from them. A file is imported whole, in
// one transaction, or not at all; every accepted file is kept with who imported it and when.

export type ShareImportFailure = {
  ok: false
  error: ShareFileError
  field: 'file'
  details: { problems?: ShareRowProblem[]; missing?: ShareColumn[] }
}

export async function importShares(
  db: DB,
  input: { actorUserId: string; bytes: Uint8Array },
): Promise<Ok<{ importId: string; rows: number }> | ShareImportFailure> {
  const subprefectures = await db.selectFrom('subprefectures').select(['id', 'slug', 'name']).execute()
  const checked = readShareCsv(input.bytes, subprefectures)
  if (!checked.ok)
    return {
      ok: false,
      error: checked.error,
      field: 'file',
      details: {
        ...(checked.problems ? { problems: checked.problems } : {}),
        ...(checked.missing ? { missing: checked.missing } : {}),
      },
    }
  const importId = newId()
  await db
    .transaction()
    .execute((trx) =>
      recordShareImport(trx, { importId, actorUserId: input.actorUserId, at: nowIso(), rows: checked.rows }),
    )
  return ok({ importId, rows: checked.rows.length })
}

/** Writes a checked file: the import, its lines, the current figures and the audit entry. */
export async function recordShareImport(
  trx: Transaction<Database>,
  input: { importId: string; actorUserId: string; at: string; rows: ShareRow[] },
): Promise<void> {
  const { importId, at } = input
  // Always the same order of updates: two imports at once wait for each other row by row instead
  // of deadlocking, and the later one holds every row it names (PostgreSQL runs this SERIALIZABLE
  // and re-runs a transaction that lost; SQLite has one writer).
  const rows = [...input.rows].sort((a, b) => a.subprefectureId - b.subprefectureId)
  await trx
    .insertInto('immigrant_share_imports')
    .values({ id: importId, imported_by: input.actorUserId, imported_at: at, row_count: rows.length })
    .execute()
  await trx
    .insertInto('immigrant_share_import_rows')
    .values(
      rows.map((r) => ({
        import_id: importId,
        subprefecture_id: r.subprefectureId,
        line: r.line,
        immigrant_population: r.immigrant,
        total_population: r.total,
        source: r.source,
        reference_date: r.referenceDate,
      })),
    )
    .execute()
  for (const r of rows)
    await trx
      .updateTable('subprefectures')
      .set({
        immigrant_population: r.immigrant,
        total_population: r.total,
        immigrant_share_pct: sharePct(r),
        share_source: r.source,
        share_reference_date: r.referenceDate,
        share_import_id: importId,
      })
      .where('id', '=', r.subprefectureId)
      .execute()
  await appendAudit(trx, {
    actorUserId: input.actorUserId,
    action: 'subprefecture_shares.import',
    entityType: 'immigrant_share_import',
    entityId: importId,
    after: { rows: rows.length, subprefectures: rows.map((r) => r.subprefectureId) },
  })
}

export type SubprefectureShare = {
  id: number
  slug: string
  name: string
  immigrantPopulation: number | null
  totalPopulation: number | null
  sharePct: number | null
  source: string | null
  referenceDate: string | null
}

/** The current figures of every subprefecture (null where none was imported), by name. */
export async function currentShares(db: DB): Promise<SubprefectureShare[]> {
  const rows = await db
    .selectFrom('subprefectures')
    .select([
      'id',
      'slug',
      'name',
      'immigrant_population',
      'total_population',
      'immigrant_share_pct',
      'share_source',
      'share_reference_date',
    ])
    .orderBy('name')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    immigrantPopulation: r.immigrant_population,
    totalPopulation: r.total_population,
    sharePct: r.immigrant_share_pct,
    source: r.share_source,
    referenceDate: r.share_reference_date,
  }))
}

/**
 * The seats a subprefecture gets: from its two populations when imported (compared exactly), else
 * from a share set by other means, else the minimum.
 */
export function seatsOf(
  s: {
    immigrant_population: number | null
    total_population: number | null
    immigrant_share_pct: number | null
  },
  thresholds: ShareThresholds,
): number {
  if (s.immigrant_population !== null && s.total_population !== null)
    return seatsForPopulation({ immigrant: s.immigrant_population, total: s.total_population }, thresholds)
  return seatsForShare(s.immigrant_share_pct, thresholds)
}

/** What creating a CPM election with these thresholds would give, per subprefecture and in all. */
export async function sharePreview(db: DB, thresholds: ShareThresholds) {
  const shares = await currentShares(db)
  const rows = shares.map((s) => ({
    ...s,
    seats: seatsOf(
      {
        immigrant_population: s.immigrantPopulation,
        total_population: s.totalPopulation,
        immigrant_share_pct: s.sharePct,
      },
      thresholds,
    ),
  }))
  return { rows, totalSeats: rows.reduce((n, r) => n + r.seats, 0), imports: await recentImports(db) }
}

/** The last accepted files, newest first, with who imported them. */
export async function recentImports(db: DB, limit = 5) {
  return db
    .selectFrom('immigrant_share_imports as i')
    .innerJoin('users as u', 'u.id', 'i.imported_by')
    .select(['i.id', 'i.imported_at', 'i.row_count', 'u.display_name as imported_by'])
    .orderBy('i.imported_at', 'desc')
    .orderBy('i.id')
    .limit(limit)
    .execute()
}

/** The public, open-data view: the current figures, with their source and date. */
export async function subprefecturesOpenData(db: DB) {
  return (await currentShares(db)).map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
    immigrant_population: s.immigrantPopulation,
    total_population: s.totalPopulation,
    immigrant_share_pct: s.sharePct === null ? null : Math.round(s.sharePct * 1000) / 1000,
    source: s.source,
    reference_date: s.referenceDate,
  }))
}
