import { createHash } from 'node:crypto'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { prepareArchives } from '../../app/elections/verifiable.server'
import { commissionThresholdParameters } from '../../app/elections/trustees.server'
import { openSqlite, type DB } from '../../app/lib/db.server'
import { completeCeremony, type Ceremony } from '../helpers/elections'
import { unique } from './fixtures'

// Verifiable elections (issue #20) written straight into the e2e server's database for the specs
// that vote in them, and removed afterwards so that the shared database stays as the other specs
// expect it (the voter's home page, the commission's list, the notices ticker).

const databasePath = () => join(process.env.E2E_DATA_DIR!, 'mutirao.sqlite')

// The server runs in demo mode: its public, fixed credentials key (app/lib/sealed.server.ts).
export const DEMO_KEY = { bytes: createHash('sha256').update('mutirao demo credentials key').digest() }

export type VerifiableElection = {
  id: string
  contestId: string
  /** The candidacies' ids and display names, in ballot order. */
  candidates: { id: string; name: string }[]
  uuids: string[]
  ceremony: Ceremony
}

/**
 * A CMI election in `voting_open` (ballot_format 'belenios'), one segment contest with two
 * candidates, the given registrations on its roll, the commission's key ceremony done (the given
 * users are its members, 2 of 3 needed) and its archives prepared.
 */
export async function verifiableElection(input: {
  prefix: string
  registrationIds: string[]
  trusteeUserIds?: string[]
}): Promise<VerifiableElection> {
  const db: DB = openSqlite(databasePath())
  try {
    const id = `${input.prefix}-${unique()}`
    const { contestId, candidates } = await insertOneContestElection(db, {
      id,
      phase: 'voting_open',
      title: `Eleição verificável ${id}`,
    })
    for (const registrationId of input.registrationIds) await addToRoll(db, id, registrationId)
    const ceremony = await completeCeremony(db, id, { userIds: input.trusteeUserIds })
    const commission = await commissionThresholdParameters(db, id)
    const prepared = await db
      .transaction()
      .execute((trx) => prepareArchives(trx, { electionId: id, key: DEMO_KEY, commission, now: new Date() }))
    if (!prepared.ok) throw new Error(prepared.error)
    const archives = await db
      .selectFrom('belenios_archives')
      .select('uuid')
      .where('election_id', '=', id)
      .orderBy('group_key')
      .execute()
    return { id, contestId, candidates, uuids: archives.map((a) => a.uuid), ceremony }
  } finally {
    await db.destroy()
  }
}

/**
 * A CMI election (ballot_format 'belenios') in the given phase with one segment contest and two
 * accepted candidates, written straight into the database.
 */
export async function insertOneContestElection(
  db: DB,
  input: { id: string; phase: 'campaign' | 'voting_open'; title: string },
): Promise<{ contestId: string; candidates: { id: string; name: string }[] }> {
  const { id } = input
  const at = new Date().toISOString()
  await db
    .insertInto('elections')
    .values({
      id,
      body: 'cmi',
      cycle_id: 'demo-cycle-2026',
      title_i18n: JSON.stringify({ 'pt-BR': input.title }),
      description_i18n: '{}',
      phase: input.phase,
      ballot_format: 'belenios',
      voting_starts: new Date(Date.now() - 3_600_000).toISOString(),
      voting_ends: new Date(Date.now() + 86_400_000).toISOString(),
      rules: JSON.stringify({
        parity: { enabled: false, minShare: 0.5, countsTowards: [] },
        overallSeats: 0,
        drawSeed: 'e2e',
      }),
      created_at: at,
      updated_at: at,
    })
    .execute()
  const contestId = `${id}-A`
  await db
    .insertInto('contests')
    .values({
      id: contestId,
      election_id: id,
      kind: 'segment',
      segment: 'A',
      subprefecture_id: null,
      seats: 1,
      alternates: 1,
      position: 1,
    })
    .execute()
  const candidates = [1, 2].map((n) => ({ id: `${id}-c${n}`, name: `Representante ${n}` }))
  for (const [i, c] of candidates.entries())
    await db
      .insertInto('candidacies')
      .values({
        id: c.id,
        election_id: id,
        contest_id: contestId,
        user_id: null,
        kind: 'organisation',
        display_name: c.name,
        organisation_name: `Coletivo ${i + 1}`,
        representative_name: null,
        gender: 'woman',
        birth_date: `198${i + 1}-01-01`,
        statement_i18n: '{}',
        photo_key: null,
        status: 'accepted',
        decision_reason: null,
        appeal_text: null,
        created_at: at,
        updated_at: at,
      })
      .execute()
  return { contestId, candidates }
}

/** Puts a registration on the election's roll (with its subprefecture, as the roll freeze does). */
export async function addToRoll(db: DB, electionId: string, registrationId: string) {
  const reg = await db
    .selectFrom('voter_registrations')
    .select(['id', 'subprefecture_id'])
    .where('id', '=', registrationId)
    .executeTakeFirstOrThrow()
  await db
    .insertInto('voter_rolls')
    .values({ election_id: electionId, registration_id: reg.id, subprefecture_id: reg.subprefecture_id! })
    .execute()
}

/** Runs a function with the e2e server's database (a second connection; the server keeps its own). */
export async function withDatabase<T>(run: (db: DB) => Promise<T>): Promise<T> {
  const db: DB = openSqlite(databasePath())
  try {
    return await run(db)
  } finally {
    await db.destroy()
  }
}

/**
 * Removes an election made by a spec and every row that refers to it: the rows with its
 * `election_id`, its archives' blocks and credentials, the notice campaign the ticker may have
 * started for it meanwhile, then whatever the foreign keys still find pointing at a removed row
 * (results, marks, booth sessions…). The audit log is kept: it is a hash chain and names the
 * election by id only.
 */
export function removeElection(id: string) {
  const db = new SQLite(databasePath(), { timeout: 10_000 })
  try {
    db.pragma('foreign_keys = OFF')
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    )
      .map((t) => t.name)
      .filter((t) => !t.startsWith('sqlite_') && t !== 'audit_log')
    const columns = (table: string) =>
      (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name)
    const touched = new Set<string>()
    db.transaction(() => {
      const uuids = (
        db.prepare('SELECT uuid FROM belenios_archives WHERE election_id = ?').all(id) as { uuid: string }[]
      ).map((a) => a.uuid)
      for (const table of tables) {
        const cols = columns(table)
        if (cols.includes('archive_uuid'))
          for (const uuid of uuids) db.prepare(`DELETE FROM "${table}" WHERE archive_uuid = ?`).run(uuid)
        if (table === 'notice_deliveries')
          db.prepare(
            'DELETE FROM notice_deliveries WHERE campaign_id IN (SELECT id FROM notice_campaigns WHERE election_id = ?)',
          ).run(id)
      }
      for (const table of tables)
        if (table !== 'elections' && columns(table).includes('election_id'))
          if (db.prepare(`DELETE FROM "${table}" WHERE election_id = ?`).run(id).changes > 0)
            touched.add(table)
      db.prepare('DELETE FROM elections WHERE id = ?').run(id)
      touched.add('elections')
      touched.add('belenios_archives')
      // Rows still pointing at a removed row (e.g. by contest or booth device): removed in turn.
      for (let round = 0; round < 5; round++) {
        const dangling = (
          db.prepare('PRAGMA foreign_key_check').all() as {
            table: string
            rowid: number | null
            parent: string
          }[]
        ).filter((d) => touched.has(d.parent) && d.rowid !== null)
        if (dangling.length === 0) return
        if (round === 4) throw new Error(`rows still refer to election ${id}: ${JSON.stringify(dangling)}`)
        for (const d of dangling) {
          db.prepare(`DELETE FROM "${d.table}" WHERE rowid = ?`).run(d.rowid)
          touched.add(d.table)
        }
      }
    })()
  } finally {
    db.close()
  }
}
