import { sql } from 'kysely'
import { tallyInput } from '../app/elections/counting.server'
import { recount } from '../app/elections/recount'
import { tally } from '../app/elections/tally'
import { migrateToLatest } from '../db/migrate'
import { seedReference } from '../db/seed/reference'
import { createScratchDatabase } from '../scripts/scratch-database'

// Counting 1,000,000 ballots: the server's GROUP BY count + seat allocation, and the public recount
// of the same ballots from the bulletin-board JSON. Reports medians of several runs (the machine is
// shared: read the ratio, not the absolute number). Usage: npm run bench:count [-- <ballots>]
const N = Number(process.argv[2] ?? 1_000_000)
const RUNS = 5
const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mutirao_bench') // SQLite, or PostgreSQL with BENCH_DATABASE_URL
const db = database.open()
await migrateToLatest(db)
await seedReference(db)
await sql`INSERT INTO census_cycles (id, name, election_day, min_voter_age, min_candidate_age, proof_of_residence_required, document_retention_days, is_current, created_at) VALUES ('c', 'c', '2026-12-13', 16, 18, 0, 30, 1, '2026-01-01')`.execute(
  db,
)
await sql`INSERT INTO elections (id, body, cycle_id, title_i18n, description_i18n, phase, rules, created_at, updated_at) VALUES ('e', 'cmi', 'c', '{}', '{}', 'voting_closed', '{}', '', '')`.execute(
  db,
)
const contests = ['A', 'B', 'C']
const candidates: Record<string, string[]> = {}
for (const [i, c] of contests.entries()) {
  await sql`INSERT INTO contests (id, election_id, kind, segment, seats, alternates, position) VALUES (${c}, 'e', 'segment', ${c}, 3, 2, ${i})`.execute(
    db,
  )
  candidates[c] = Array.from({ length: 12 }, (_, k) => `${c}${k}`)
  for (const [k, id] of candidates[c].entries()) {
    await sql`INSERT INTO candidacies (id, election_id, contest_id, kind, display_name, gender, birth_date, statement_i18n, status, created_at, updated_at) VALUES (${id}, 'e', ${c}, 'person', ${id}, ${k % 2 ? 'woman' : 'man'}, ${`19${50 + k}-01-01`}, '{}', 'accepted', '', '')`.execute(
      db,
    )
  }
}
console.log(`inserting ${N} ballot rows…`)
const rows: {
  id: string
  election_id: string
  contest_id: string
  choice: 'candidate' | 'blank'
  candidacy_id: string | null
}[] = []
let seed = 42
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
for (let i = 0; i < N; i++) {
  const c = contests[i % 3]
  const blank = rand() < 0.03
  // Skewed preferences so the ranking is not uniform.
  const k = Math.min(11, Math.floor(-Math.log(1 - rand()) * 3))
  rows.push({
    id: i.toString(36).padStart(8, '0') + Math.floor(rand() * 1e9).toString(36),
    election_id: 'e',
    contest_id: c,
    choice: blank ? 'blank' : 'candidate',
    candidacy_id: blank ? null : candidates[c][k],
  })
}
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < rows.length; i += 5000)
    await trx
      .insertInto('ballots')
      .values(rows.slice(i, i + 5000))
      .execute()
})

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const time = async (fn: () => Promise<unknown> | unknown) => {
  const times: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  return median(times)
}

const serverCount = await time(async () => {
  const input = await tallyInput(db, 'e')
  return tally(input.contests, input.rules)
})
const input = await tallyInput(db, 'e')
const board = {
  election: 'e',
  heads: { ballots: '', trackingCodes: '' },
  rules: input.rules,
  contests: input.contests.map((c) => ({
    id: c.id,
    seats: c.seats,
    alternates: c.alternates,
    candidates: c.candidates.map((x) => ({
      id: x.id,
      name: x.name,
      gender: x.gender,
      seniority: x.birthDate,
    })),
  })),
  tracking_codes: [],
  ballots: rows.map((r) => ({ contest: r.contest_id, choice: r.choice, candidacy: r.candidacy_id })),
}
const publicRecount = await time(() => recount(board))
console.log(
  JSON.stringify({
    ballots: N,
    runs: RUNS,
    server_count_median_ms: Math.round(serverCount),
    public_recount_median_ms: Math.round(publicRecount),
    recount_to_count_ratio: +(publicRecount / serverCount).toFixed(2),
  }),
)
await db.destroy()
await database.drop()
