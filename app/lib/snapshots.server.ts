import { sha256Hex } from './hash.server'
import type { DB } from './db.server'
import { nowIso } from './ids.server'

// Expensive public answers (the census statistics, an election's bulletin board) are computed once
// per change and the stored result is served (#16.4, ADR 010). The store is a table, not process
// memory, so several server processes share it and see each other's changes.
//
// An answer is valid for one `version`: a string the caller builds cheaply from the database — a
// counter bumped in the same transaction as every change to the data (`bumpDataVersion`), and/or
// fields that change with it (a board's hashes). The version is read BEFORE the answer is computed,
// so a stored answer is never older than its label: a change in between only costs a recompute.

/**
 * Data sets with a version counter. `census`: the approved census of the current cycle — bumped by
 * a registration decision, an erasure and a change of cycle.
 */
export type DataSet = 'census'

/** Bumps a data set's counter; call it inside the transaction that changes the data. */
export async function bumpDataVersion(db: DB, name: DataSet): Promise<void> {
  await db
    .insertInto('data_versions')
    .values({ name, version: 1 })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({ version: eb('data_versions.version', '+', 1) })),
    )
    .execute()
}

export async function dataVersion(db: DB, name: DataSet): Promise<number> {
  const row = await db
    .selectFrom('data_versions')
    .select('version')
    .where('name', '=', name)
    .executeTakeFirst()
  return Number(row?.version ?? 0)
}

export type Snapshot = { body: string; etag: string; reused: boolean }

/**
 * The stored answer for (kind, key) if it was computed at `version`, else `compute()` serialised to
 * JSON, stored and returned. Two processes computing at once both store; either result is valid.
 */
export async function storedSnapshot(
  db: DB,
  input: { kind: string; key: string; version: string; compute: () => Promise<unknown> },
): Promise<Snapshot> {
  const { kind, key, version } = input
  const stored = await db
    .selectFrom('published_snapshots')
    .select(['version', 'etag', 'body'])
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst()
  if (stored && stored.version === version) return { body: stored.body, etag: stored.etag, reused: true }
  const body = JSON.stringify(await input.compute(), null, 1)
  const etag = `"${sha256Hex(body).slice(0, 32)}"`
  const row = { version, etag, body, computed_at: nowIso() }
  await db
    .insertInto('published_snapshots')
    .values({ kind, key, ...row })
    .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet(row))
    .execute()
  return { body, etag, reused: false }
}
