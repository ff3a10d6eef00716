import type { Transaction } from 'kysely'
import { originalContent } from '../../app/i18n/content'
import type { Database, Language, PollingMethod } from '../schema'

// Demo polling places (issue #17). The 2024 CMI election had two: an electronic booth at the
// CRAI and a paper place whose count two commission members typed and confirmed, with blank and
// void votes. The open 2026 CPM election has two booth places (one named in Spanish): a paper place
// there would hold its count until two commission members typed it, and the demo has one. Names and addresses are real
// public places of the city used as illustrations: the demo's hours and counts are invented.
// Deterministic: fixed ids and times. Paper lines name only candidacies demo-cand-a1, a2, b1, b2,
// c1 and c2; the other candidacies got no paper votes (a missing line counts as zero).

type Tx = Transaction<Database>

const CMI_2024 = 'demo-election-cmi-2024'
const CPM_2026 = 'demo-election-cpm-2026'
/** The 2024 commission member who typed the paper count the second time (a past account). */
export const DEMO_COMMISSION_2024 = 'demo-commission-2024'

type Place = {
  id: string
  electionId: string
  name: string
  address: string
  language: Language
  method: PollingMethod
  serves: string[]
  at: string
}

const PLACES: Place[] = [
  {
    id: 'demo-place-cmi-2024-crai',
    electionId: CMI_2024,
    name: 'CRAI Oriana Jara',
    address: 'Rua Japurá, 234 — Bela Vista',
    language: 'pt-BR',
    method: 'booth',
    serves: ['Sé', 'Lapa'],
    at: '2024-11-10T12:00:00.000Z',
  },
  {
    id: 'demo-place-cmi-2024-paper',
    electionId: CMI_2024,
    name: 'Missão Paz',
    address: 'Rua do Glicério, 225 — Liberdade',
    language: 'pt-BR',
    method: 'paper',
    serves: ['Mooca', 'Penha'],
    at: '2024-11-10T12:00:00.000Z',
  },
  {
    id: 'demo-place-cpm-2026-crai',
    electionId: CPM_2026,
    name: 'CRAI Oriana Jara',
    address: 'Rua Japurá, 234 — Bela Vista',
    language: 'pt-BR',
    method: 'booth',
    serves: ['Sé'],
    at: '2026-11-01T12:00:00.000Z',
  },
  {
    id: 'demo-place-cpm-2026-coimbra',
    electionId: CPM_2026,
    name: 'Centro Comunitario de la Calle Coimbra',
    address: 'Rua Coimbra, 100 — Brás',
    language: 'es',
    method: 'booth',
    serves: ['Mooca'],
    at: '2026-11-01T12:00:00.000Z',
  },
]

async function insertPlaces(trx: Tx, places: Place[]) {
  const subs = await trx.selectFrom('subprefectures').select(['id', 'name']).execute()
  for (const p of places) {
    await trx
      .insertInto('polling_places')
      .values({
        id: p.id,
        election_id: p.electionId,
        name: p.name,
        address: p.address,
        text_language: p.language,
        name_i18n: originalContent(p.name, p.language),
        opens_at: '08:00',
        closes_at: '17:00',
        method: p.method,
        created_at: p.at,
        updated_at: p.at,
      })
      .execute()
    await trx
      .insertInto('polling_place_subprefectures')
      .values(
        p.serves.map((name) => ({
          polling_place_id: p.id,
          subprefecture_id: subs.find((s) => s.name === name)!.id,
        })),
      )
      .execute()
  }
}

/**
 * 2024 CMI: both places and the paper place's confirmed count. Called before the election's count,
 * so the stored result, the board and the recount include it. Six people voted on paper in each
 * segment; the paper votes do not change who was elected.
 */
export async function seedDemoCmiPollingPlaces(trx: Tx): Promise<void> {
  await insertPlaces(
    trx,
    PLACES.filter((p) => p.electionId === CMI_2024),
  )
  await trx
    .insertInto('users')
    .values({
      id: DEMO_COMMISSION_2024,
      email: null,
      phone: null,
      display_name: 'Marisol Huanca (Comissão 2024)',
      password_hash: null,
      preferred_language: 'es',
      created_at: '2024-08-01T12:00:00.000Z',
      password_changed_at: null,
    })
    .execute()
  const place = 'demo-place-cmi-2024-paper'
  const sheet: [contest: string, candidacy: string | 'blank' | 'void', votes: number][] = [
    ['demo-cmi-A', 'demo-cand-a1', 2],
    ['demo-cmi-A', 'demo-cand-a2', 1],
    ['demo-cmi-A', 'blank', 1],
    ['demo-cmi-A', 'void', 2],
    ['demo-cmi-B', 'demo-cand-b1', 1],
    ['demo-cmi-B', 'demo-cand-b2', 1],
    ['demo-cmi-B', 'blank', 2],
    ['demo-cmi-B', 'void', 2],
    ['demo-cmi-C', 'demo-cand-c1', 1],
    ['demo-cmi-C', 'demo-cand-c2', 2],
    ['demo-cmi-C', 'blank', 1],
    ['demo-cmi-C', 'void', 2],
  ]
  const typings = [
    { seq: 1, by: 'demo-electoral-commission', at: '2024-12-08T21:40:00.000Z' },
    { seq: 2, by: DEMO_COMMISSION_2024, at: '2024-12-08T22:05:00.000Z' },
  ]
  for (const t of typings) {
    await trx
      .insertInto('paper_count_entries')
      .values({ polling_place_id: place, seq: t.seq, entered_by: t.by, entered_at: t.at })
      .execute()
    await trx
      .insertInto('paper_count_lines')
      .values(
        sheet.map(([contest, line, votes]) => ({
          polling_place_id: place,
          seq: t.seq,
          contest_id: contest,
          choice: line === 'blank' || line === 'void' ? line : ('candidate' as const),
          candidacy_id: line === 'blank' || line === 'void' ? null : line,
          votes,
        })),
      )
      .execute()
  }
}

/** 2026 CPM (open): two booth places, one named in Spanish; the demo poll worker serves the CRAI. */
export async function seedDemoCpmPollingPlaces(trx: Tx): Promise<void> {
  await insertPlaces(
    trx,
    PLACES.filter((p) => p.electionId === CPM_2026),
  )
  await trx
    .insertInto('polling_place_workers')
    .values({
      election_id: CPM_2026,
      user_id: 'demo-secretariat',
      polling_place_id: 'demo-place-cpm-2026-crai',
    })
    .execute()
}
