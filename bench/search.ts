// `npm run bench:search`: the word search behind the proposal list (and, the same way, the plan and
// council archives): LIKE over a lower-cased, accent-free `search_text` column, every word required.
// Measures one page of results + the total for a common word pair in editions of 2,000, 20,000 and
// 100,000 proposals. Medians of 15 runs after a warm-up; SQLite, or PostgreSQL with
// BENCH_DATABASE_URL (BENCH_NO_TRGM=1 drops the trigram index of migration 010 to compare).
// Numbers feed the "search" decision in docs/decisions/011-postgresql.md.
import { sql } from 'kysely'
import { listProposals } from '../app/conference/proposals.server'
import { searchable } from '../app/lib/search'
import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/reference'
import { createScratchDatabase } from '../scripts/scratch-database'

const SIZES = [2_000, 20_000, 100_000]
const RUNS = 15
const WORDS = [
  'trabalho',
  'saúde',
  'educação',
  'português',
  'documentação',
  'cultura',
  'assistência',
  'transporte',
  'acolhimento',
  'renda',
  'crianças',
  'mulheres',
  'idosos',
  'refugiados',
  'esporte',
  'lazer',
]
// The searched pair is selective, as real searches are: "moradia" in 30 % of proposals, "xenofobia" in 3 %.

const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mutirao_bench')
const db = database.open()
await migrateToLatest(db)
await seedReference(db)
if (process.env.BENCH_NO_TRGM && database.dialect === 'postgres') {
  // The comparison run: search without migration 010's trigram index.
  await sql`DROP INDEX IF EXISTS proposals_search_trgm`.execute(db)
}
const at = new Date().toISOString()
let seed = 11
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const results: Record<string, number | string> = { database: database.dialect }
for (const size of SIZES) {
  const edition = `ed-${size}`
  await db
    .insertInto('conference_editions')
    .values({
      id: edition,
      title_i18n: '{}',
      motto_i18n: null,
      starts_on: null,
      ends_on: null,
      phase: 'proposals_open',
      votes_per_axis: 5,
      approval_threshold: 0.5,
      delegate_quota: 10,
      created_at: at,
      updated_at: at,
    })
    .execute()
  await db
    .insertInto('conference_axes')
    .values({
      id: `${edition}-axis`,
      edition_id: edition,
      kind: 'thematic',
      thematic_axis_id: 1,
      name_i18n: null,
      position: 1,
    })
    .execute()
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < size; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, size - i) }, (_, k) => {
        const words = Array.from({ length: 40 }, () => WORDS[Math.floor(rand() * WORDS.length)]!)
        if (rand() < 0.3) words.splice(5, 0, 'moradia')
        if (rand() < 0.03) words.splice(20, 0, 'xenofobia')
        const title = `Proposta ${i + k}: ${words.slice(0, 4).join(' ')}`
        const body = `Propomos ações de ${words.join(', ')} para a população imigrante da cidade.`
        return {
          id: `${edition}-${i + k}`,
          edition_id: edition,
          axis_id: `${edition}-axis`,
          kind: 'original' as const,
          origin: 'online' as const,
          preparatory_id: null,
          author_user_id: null,
          title,
          body,
          justification: null,
          language: 'pt-BR',
          coauthors: null,
          status: 'submitted' as const,
          merged_into_id: null,
          rejection_reason: null,
          search_text: searchable(title, body),
          created_at: at,
          updated_at: at,
        }
      })
      await trx.insertInto('proposals').values(rows).execute()
    }
  })
  if (database.dialect === 'postgres') {
    await sql`ANALYZE proposals`.execute(db) // fresh statistics, as autovacuum would have after a while
  }
  const search = () => listProposals(db, { editionId: edition, q: 'Moradia XENOFOBIA', page: 1 })
  await search()
  const times: number[] = []
  let total = 0
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    total = (await search()).total
    times.push(performance.now() - t)
  }
  results[`search_${size}_ms`] = +median(times).toFixed(1)
  console.log(
    `${database.dialect}: ${size} proposals, "moradia xenofobia" → ${total} matches, median ${median(times).toFixed(1)} ms`,
  )
}
await db.destroy()
await database.drop()
console.log(JSON.stringify(results))
