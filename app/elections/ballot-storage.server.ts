import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { dialectOf } from '../lib/db.server'

/**
 * Secret ballot at rest on PostgreSQL.
 *
 * A vote writes the voter's participation row and the ballot rows in one transaction (so neither
 * exists without the other). On SQLite nothing stored ties them together: ballots and tracking
 * codes live in WITHOUT ROWID tables ordered by their random keys. PostgreSQL, however, stamps
 * every row with the id of the transaction that wrote it (the hidden `xmin` column) and appends
 * rows to the table in insertion order (`ctid`), so during voting a database superuser could join
 * a ballot to its voter's participation row.
 *
 * Closing the vote removes that link: in the closing transaction the election's ballots and
 * tracking codes are copied out, deleted and written back in the order of their random keys, so
 * every live row carries the closing transaction's id and sits in key order. A VACUUM afterwards
 * drops the old row versions (and the used booth tokens, whose deletion named the ballot's
 * transaction). What remains is documented in ADR 011: WAL and backups taken during voting.
 */
export async function sealBallotStorage(trx: Transaction<Database>, electionId: string): Promise<void> {
  if (dialectOf(trx) === 'sqlite') return
  for (const table of ['ballots', 'tracking_codes'] as const) {
    const copy = sql.id(`sealed_${table}`)
    await sql`CREATE TEMPORARY TABLE ${copy} ON COMMIT DROP AS SELECT * FROM ${sql.table(table)} WHERE election_id = ${electionId}`.execute(
      trx,
    )
    await sql`DELETE FROM ${sql.table(table)} WHERE election_id = ${electionId}`.execute(trx)
    const key = table === 'ballots' ? sql.ref('id') : sql.ref('code')
    await sql`INSERT INTO ${sql.table(table)} SELECT * FROM ${copy} ORDER BY ${key}`.execute(trx)
  }
}

/** After the sealing transaction commits: reclaim the old row versions (PostgreSQL only). */
export async function vacuumBallotStorage(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) === 'sqlite') return
  await sql`VACUUM ballots, tracking_codes, booth_tokens`.execute(db)
}
