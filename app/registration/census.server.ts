import { appendAudit } from '../audit/audit.server'
import { toCsv, type CsvStyle } from '../lib/csv'
import type { DB } from '../lib/db.server'
import { dataVersion, storedSnapshot } from '../lib/snapshots.server'
import { getCurrentCycle } from './cycles.server'
import { publishTables } from './disclosure'

// The approved census of the current cycle: the electoral commission's export, and the public
// statistics (aggregates only, small groups suppressed).

/** The approved census of the current cycle, for the electoral commission's export. */
export async function approvedCensus(db: DB) {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return { cycle: null, rows: [] }
  const rows = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('subprefectures as s', 's.id', 'r.subprefecture_id')
    .select([
      'r.protocol',
      'r.full_name',
      'r.social_name',
      'r.birth_date',
      'r.nationalities',
      'r.gender',
      's.name as subprefecture',
      'r.document_type',
      'r.document_number',
      'r.decided_at',
    ])
    .where('r.cycle_id', '=', cycle.id)
    .where('r.status', '=', 'approved')
    .orderBy('r.full_name')
    .execute()
  return { cycle, rows }
}

const EXPORT_COLUMNS = [
  'protocol',
  'full_name',
  'social_name',
  'birth_date',
  'nationalities',
  'gender',
  'subprefecture',
  'document_type',
  'document_number',
  'approved_at',
]

/** The approved census as CSV, for the electoral commission only; every export is audited. */
export async function exportApprovedCensus(db: DB, input: { actorUserId: string; style?: CsvStyle }) {
  const { cycle, rows } = await approvedCensus(db)
  await appendAudit(db, {
    actorUserId: input.actorUserId,
    action: 'census.export',
    entityType: 'census_cycle',
    entityId: cycle?.id ?? null,
    after: { rows: rows.length },
  })
  const csv = toCsv(
    EXPORT_COLUMNS,
    rows.map((r) => [
      r.protocol,
      r.full_name,
      r.social_name,
      r.birth_date,
      (JSON.parse(r.nationalities) as string[]).join(';'),
      r.gender,
      r.subprefecture,
      r.document_type,
      r.document_number,
      r.decided_at,
    ]),
    input.style,
  )
  return { csv, fileName: `census-${cycle?.election_day ?? 'none'}.csv` }
}

const AGE_BANDS = [
  { key: '16-17', min: 0, max: 17 },
  { key: '18-29', min: 18, max: 29 },
  { key: '30-44', min: 30, max: 44 },
  { key: '45-59', min: 45, max: 59 },
  { key: '60+', min: 60, max: 200 },
] as const

/**
 * Public aggregates of the approved census: every count rounded to 5, groups under 5 people shown
 * as suppressed (`null`), so that no count can be recovered by subtraction (see ./disclosure.ts).
 */
export async function censusStats(db: DB) {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return null
  const rows = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('subprefectures as s', 's.id', 'r.subprefecture_id')
    .select(['r.nationalities', 'r.gender', 'r.birth_date', 's.name as subprefecture'])
    .where('r.cycle_id', '=', cycle.id)
    .where('r.status', '=', 'approved')
    .execute()
  const age = (birth: string | null) => {
    if (!birth) return 'unknown'
    const years =
      Number(cycle.election_day.slice(0, 4)) -
      Number(birth.slice(0, 4)) -
      (cycle.election_day.slice(5) < birth.slice(5) ? 1 : 0)
    return AGE_BANDS.find((b) => years >= b.min && years <= b.max)?.key ?? 'unknown'
  }
  const { total, tables } = publishTables([
    rows.map((r) => (JSON.parse(r.nationalities) as string[])[0] ?? 'XX'),
    rows.map((r) => r.subprefecture),
    rows.map((r) => r.gender),
    rows.map((r) => age(r.birth_date)),
  ])
  const [byNationality, bySubprefecture, byGender, byAgeBand] = tables
  return {
    cycle: { name: cycle.name, electionDay: cycle.election_day },
    total,
    byNationality,
    bySubprefecture,
    byGender,
    byAgeBand,
  }
}

/**
 * censusStats as the public page serves it: computed once per change to the approved census and
 * stored (#16.4). The version is the census counter, the cycle's name and day (they label the
 * page and set the age bands) and the number of approved entries — the last as a safety net for
 * a writer that forgets to bump the counter.
 */
export async function publicCensusStats(db: DB): Promise<Awaited<ReturnType<typeof censusStats>>> {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return null
  const counter = await dataVersion(db, 'census')
  const { n } = await db
    .selectFrom('voter_registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cycle_id', '=', cycle.id)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow()
  const snapshot = await storedSnapshot(db, {
    kind: 'census_stats',
    key: 'current',
    version: JSON.stringify([counter, cycle.id, cycle.name, cycle.election_day, Number(n)]),
    compute: () => censusStats(db),
  })
  return JSON.parse(snapshot.body) as Awaited<ReturnType<typeof censusStats>>
}
