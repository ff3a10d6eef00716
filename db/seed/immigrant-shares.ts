import type { Transaction } from 'kysely'
import { parseShareCsv } from '../../app/elections/share-csv'
import { recordShareImport } from '../../app/elections/shares.server'
import { toCsv } from '../../app/lib/csv'
import type { Database } from '../schema'
import { demoUserId } from './users'

// Demo immigrant population figures per subprefecture (issue #17). ILLUSTRATIVE, NOT OFFICIAL: the
// totals are of the order of the real ones, the immigrant counts are made up so that the 2015 rule
// (1 seat; 2 when immigrants are more than 3 %; 3 when 4 % or more) gives 38 seats in all, as in
// 2019: Sé and Mooca 3, Casa Verde/Cachoeirinha and Vila Maria/Vila Guilherme 2, every other 1.
// Pinheiros is exactly 3 % — one seat, since the rule says "more than". The source says so on
// every page that shows them.

export const DEMO_SHARE_SOURCE = 'Ilustrativo — não oficial (demo)'
export const DEMO_SHARE_DATE = '2019-07-01'
export const DEMO_SHARE_IMPORT = 'demo-shares-2019'

/** [subprefecture, immigrant population, total population] */
export const DEMO_IMMIGRANT_SHARES: readonly (readonly [string, number, number])[] = [
  ['Aricanduva/Formosa/Carrão', 2409, 267702],
  ['Butantã', 5995, 428217],
  ['Campo Limpo', 3643, 607105],
  ['Capela do Socorro', 2380, 594930],
  ['Casa Verde/Cachoeirinha', 9591, 309376],
  ['Cidade Ademar', 2055, 410998],
  ['Cidade Tiradentes', 423, 211501],
  ['Ermelino Matarazzo', 623, 207509],
  ['Freguesia/Brasilândia', 2851, 407245],
  ['Guaianases', 806, 268508],
  ['Ipiranga', 5566, 463804],
  ['Itaim Paulista', 1119, 373127],
  ['Itaquera', 3143, 523848],
  ['Jabaquara', 1790, 223780],
  ['Jaçanã/Tremembé', 3211, 291867],
  ['Lapa', 6722, 305526],
  ["M'Boi Mirim", 1690, 563305],
  ['Mooca', 15135, 343980],
  ['Parelheiros', 279, 139441],
  ['Penha', 6171, 474659],
  ['Perus', 730, 146046],
  ['Pinheiros', 8691, 289700],
  ['Pirituba/Jaraguá', 3501, 437592],
  ['Santana/Tucuruvi', 8445, 324815],
  ['Santo Amaro', 4522, 238025],
  ['São Mateus', 2134, 426794],
  ['São Miguel Paulista', 1478, 369496],
  ['Sapopemba', 1707, 284524],
  ['Sé', 26297, 431106],
  ['Vila Maria/Vila Guilherme', 10122, 297713],
  ['Vila Mariana', 5859, 344632],
  ['Vila Prudente', 2466, 246589],
]

/** The figures of one subprefecture, by its name. */
export function demoPopulationOf(name: string): { immigrant: number; total: number } | null {
  const found = DEMO_IMMIGRANT_SHARES.find(([n]) => n === name)
  return found ? { immigrant: found[1], total: found[2] } : null
}

/** The demo figures as a file, going through the same checks as a file the commission uploads. */
export function demoSharesCsv(): string {
  return toCsv(
    ['subprefecture', 'immigrant_population', 'total_population', 'source', 'reference_date'],
    DEMO_IMMIGRANT_SHARES.map(([name, immigrant, total]) => [
      name,
      immigrant,
      total,
      DEMO_SHARE_SOURCE,
      DEMO_SHARE_DATE,
    ]),
  )
}

/** Imported by the demo electoral commission; runs before the elections are seeded. */
export async function seedDemoImmigrantShares(trx: Transaction<Database>): Promise<void> {
  const subprefectures = await trx.selectFrom('subprefectures').select(['id', 'slug', 'name']).execute()
  const checked = parseShareCsv(demoSharesCsv(), subprefectures)
  if (!checked.ok) throw new Error(`demo immigrant shares refused: ${JSON.stringify(checked)}`)
  await recordShareImport(trx, {
    importId: DEMO_SHARE_IMPORT,
    actorUserId: demoUserId('electoral_commission'),
    at: '2026-08-20T12:00:00.000Z',
    rows: checked.rows,
  })
}

/** The demo CPM election keeps the figures its seats came from, as createElection does. */
export async function recordDemoCpmShares(trx: Transaction<Database>, electionId: string): Promise<void> {
  const subprefectures = await trx
    .selectFrom('subprefectures')
    .select(['id', 'immigrant_population', 'total_population', 'share_source', 'share_reference_date'])
    .execute()
  for (const s of subprefectures)
    await trx
      .updateTable('contests')
      .set({
        immigrant_population: s.immigrant_population,
        total_population: s.total_population,
        share_source: s.share_source,
        share_reference_date: s.share_reference_date,
      })
      .where('election_id', '=', electionId)
      .where('subprefecture_id', '=', s.id)
      .execute()
}
