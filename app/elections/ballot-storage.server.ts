import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { dialectOf, isClosed, truncateWal, type DB } from '../lib/db.server'
import { yieldToEventLoop } from '../lib/event-loop.server'

/**
 * Secret ballot at rest (ADR 005; ADR 011 for PostgreSQL).
 *
 * A vote writes the voter's participation row and the ballot rows in one transaction (so neither
 * exists without the other). Nothing stored names the link, but storage can still betray it:
 *
 * - SQLite's WAL file holds each recent transaction whole: the page with the voter's participation
 *   row and the pages with their ballot rows and tracking code, side by side. After every vote the
 *   WAL is checkpointed and truncated to zero bytes (`afterVote`; grouped plain votes of a batch of
 *   at least 4 within 25 ms, ADR 041), and the database's free space is zeroed (`secure_delete`,
 *   app/lib/db.server.ts).
 * - Inside a b-tree page SQLite appends each new cell below the previous ones, so the physical
 *   position of the cells inserted since the page was last rebuilt follows the order of voting —
 *   for ballots, tracking codes and participation rows alike. While voting is open the election's
 *   rows of the three tables are rewritten in key order every `REWRITE_INTERVAL_MS` (if anything
 *   was cast since), and once more when voting closes.
 * - PostgreSQL stamps every row with the id of the transaction that wrote it (`xmin`) and appends
 *   rows to the heap in insertion order (`ctid`). Closing the vote rewrites the three tables in key
 *   order in one transaction (every live row then carries the closing transaction's id) and a
 *   VACUUM afterwards drops the old row versions and the used booth tokens. During voting the live
 *   tables and the server's WAL still link votes: ADR 011.
 *
 * What remains on SQLite (ADR 005): a copy of the data folder taken during voting can order, by
 * their position in pages, only the votes cast since the last rewrite (at most
 * `REWRITE_INTERVAL_MS`), and its WAL holds at most the vote being written, or the batches of
 * the last 25 ms (ADR 041), or, while another process keeps reading, the votes since the last
 * truncation that succeeded.
 */

/** How often the storage of open elections is rewritten in key order (the window of ADR 005). */
export const REWRITE_INTERVAL_MS = 10_000

const TABLES = [
  { table: 'ballots', key: 'id' },
  { table: 'tracking_codes', key: 'code' },
  { table: 'voter_participation', key: 'registration_id' },
] as const

type Table = (typeof TABLES)[number]

/**
 * Deletes the election's ballots, tracking codes and participation rows and writes them back in
 * the order of their keys, inside the caller's transaction (counts and constraints unchanged).
 */
export async function rewriteInKeyOrder(trx: Transaction<Database>, electionId: string): Promise<void> {
  for (const table of TABLES) await rewriteRange(trx, electionId, table, null, null)
}

/** The rows of one table whose key is in (after, upTo] (null: unbounded), rewritten in key order. */
async function rewriteRange(
  trx: Transaction<Database>,
  electionId: string,
  { table, key }: Table,
  after: string | null,
  upTo: string | null,
): Promise<void> {
  const postgres = dialectOf(trx) === 'postgres'
  const copy = sql.id(`rewrite_${table}`)
  const where = sql`election_id = ${electionId}${after === null ? sql`` : sql` AND ${sql.ref(key)} > ${after}`}${upTo === null ? sql`` : sql` AND ${sql.ref(key)} <= ${upTo}`}`
  // SQLite keeps temporary tables in memory (temp_store, db.server.ts); PostgreSQL drops it at commit.
  await sql`CREATE TEMPORARY TABLE ${copy}${postgres ? sql` ON COMMIT DROP` : sql``} AS SELECT * FROM ${sql.table(table)} WHERE ${where}`.execute(
    trx,
  )
  await sql`DELETE FROM ${sql.table(table)} WHERE ${where}`.execute(trx)
  await sql`INSERT INTO ${sql.table(table)} SELECT * FROM ${copy} ORDER BY ${sql.ref(key)}`.execute(trx)
  await sql`DROP TABLE ${copy}`.execute(trx)
}

/** Rows per transaction of the periodic rewrite: short write locks, so votes go on in between. */
const CHUNK_ROWS = 2000

/**
 * The periodic rewrite of one election, in chunks of consecutive keys, one transaction each (a
 * b-tree page holds a range of keys, so rewriting a range rebuilds its pages), yielding between
 * chunks. A vote cast meanwhile lands in the window of the next tick.
 */
async function rewriteInChunks(db: DB, electionId: string, chunkRows: number): Promise<void> {
  for (const table of TABLES) {
    let after: string | null = null
    for (;;) {
      const upTo: string | null = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          k: string
        }>`SELECT ${sql.ref(table.key)} AS k FROM ${sql.table(table.table)}
          WHERE election_id = ${electionId}${after === null ? sql`` : sql` AND ${sql.ref(table.key)} > ${after}`}
          ORDER BY ${sql.ref(table.key)} LIMIT 1 OFFSET ${chunkRows - 1}`.execute(trx)
        const end = rows[0]?.k ?? null
        await rewriteRange(trx, electionId, table, after, end)
        return end
      })
      if (upTo === null) break
      after = upTo
      await yieldToEventLoop()
    }
  }
}

/** Closing the vote, in the closing transaction: the storage no longer follows the order of voting. */
export async function sealBallotStorage(trx: Transaction<Database>, electionId: string): Promise<void> {
  await rewriteInKeyOrder(trx, electionId)
}

/**
 * After the sealing transaction commits: PostgreSQL reclaims the old row versions; SQLite empties
 * its WAL (which held the old pages and the rewrite).
 */
export async function vacuumBallotStorage(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await truncateWalOrReport(db)
    return
  }
  await sql`VACUUM ballots, tracking_codes, voter_participation, booth_tokens`.execute(db)
}

/** After a vote (or a booth ballot opened) commits: its frames leave the WAL file (false: not now). */
export async function afterVote(db: DB): Promise<boolean> {
  return truncateWalOrReport(db)
}

let failingSince: number | null = null
const REPORT_AFTER_MS = 60_000

/**
 * A reader in another process can keep the WAL from being truncated; the next vote or the next
 * tick tries again. If it keeps failing for a minute the operator is told (without any data).
 */
async function truncateWalOrReport(db: DB): Promise<boolean> {
  // Never throws: it runs after a vote committed, whose tracking code must still reach the voter.
  const { ok } = await truncateWal(db).catch((error: unknown) => {
    // A handle destroyed while this waited for its connection (a deferred checkpoint) is no failure.
    if (!isClosed(db))
      console.error('ballot secrecy: WAL checkpoint failed', (error as { code?: unknown } | null)?.code ?? '')
    return { ok: false }
  })
  if (ok) failingSince = null
  else {
    const now = Date.now()
    failingSince ??= now
    if (now - failingSince >= REPORT_AFTER_MS) {
      console.error(
        'ballot secrecy: the SQLite WAL could not be truncated for a minute (another process keeps reading it)',
      )
      failingSince = now
    }
  }
  return ok
}

/** What the last rewrite saw, per election: rows of the three tables (skip when nothing changed). */
const lastRewritten = new Map<string, number>()

/**
 * One tick of the rewrite (SQLite): every election in voting_open whose storage changed since the
 * last tick is rewritten in key order, one transaction each; then the WAL is truncated. Returns the
 * ids rewritten and whether the WAL is empty.
 */
export async function rewriteOpenElections(
  db: DB,
  { chunkRows = CHUNK_ROWS } = {},
): Promise<{ rewritten: string[]; walTruncated: boolean }> {
  if (dialectOf(db) !== 'sqlite') return { rewritten: [], walTruncated: true }
  const open = await db.selectFrom('elections').select('id').where('phase', '=', 'voting_open').execute()
  const rewritten: string[] = []
  for (const { id } of open) {
    const rows = await storedRows(db, id)
    if (lastRewritten.get(id) === rows) continue
    await rewriteInChunks(db, id, chunkRows)
    lastRewritten.set(id, rows)
    rewritten.push(id)
  }
  return { rewritten, walTruncated: await truncateWalOrReport(db) }
}

async function storedRows(db: DB, electionId: string): Promise<number> {
  let total = 0
  for (const { table } of TABLES) {
    const { rows } = await sql<{
      n: number
    }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE election_id = ${electionId}`.execute(db)
    total += Number(rows[0]?.n ?? 0)
  }
  return total
}

/** The server's timer (SQLite only): rewrites open elections every REWRITE_INTERVAL_MS. */
export function startBallotStorageRewriter(db: DB, everyMs = REWRITE_INTERVAL_MS): () => void {
  if (dialectOf(db) !== 'sqlite') return () => undefined
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    rewriteOpenElections(db)
      .catch((e: unknown) =>
        console.error('ballot storage rewrite failed', (e as { code?: unknown }).code ?? ''),
      )
      .finally(() => (running = false))
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
