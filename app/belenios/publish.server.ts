import type { DB } from '../lib/db.server'
import { encodeArchive, readArchive } from './archive'
import { archiveBlocks, blocksToEntries, type QuestionsMap } from './store.server'

// Publishing an election's Belenios archives (issue #20, ADR 033): the `.bel` file of each contest
// group, public from its Setup event on (the archive is published as voting goes on, so anyone can
// follow the chain), listed in elections.json and results.json with the hash of its last event.
// The store's files become entries for the encoder through `blocksToEntries` (store.server.ts),
// which recomputes every hash from the bytes.

export type PublicArchive = {
  uuid: string
  group: string
  lastEventHash: string
  events: number
  /** Per question, its contest and the candidacy of each answer (what recount maps back). */
  questionsMap: QuestionsMap
}

/** The archives of an election that are public: the election is published and Setup is written. */
export async function publicArchives(db: DB, electionId: string): Promise<PublicArchive[]> {
  const rows = await db
    .selectFrom('belenios_archives')
    .innerJoin('elections', 'elections.id', 'belenios_archives.election_id')
    .select([
      'belenios_archives.uuid',
      'belenios_archives.group_key',
      'belenios_archives.events',
      'belenios_archives.last_event_hash',
      'belenios_archives.questions_map',
    ])
    .where('belenios_archives.election_id', '=', electionId)
    .where('elections.phase', '!=', 'draft')
    .where('belenios_archives.events', '>', 0)
    .orderBy('belenios_archives.group_key')
    .execute()
  return rows.map((r) => ({
    uuid: r.uuid,
    group: r.group_key,
    lastEventHash: r.last_event_hash!,
    events: r.events,
    questionsMap: JSON.parse(r.questions_map) as QuestionsMap,
  }))
}

/** As open data publishes it (elections.json, results.json): snake_case, absolute URL. */
export function openArchive(origin: string, electionId: string, archive: PublicArchive) {
  return {
    uuid: archive.uuid,
    group: archive.group,
    url: archiveUrl(origin, electionId, archive.uuid),
    last_event_hash: archive.lastEventHash,
    events: archive.events,
  }
}

/** results.json adds the questions map: which contest a question is, which candidacy an answer. */
export function openArchiveWithMap(origin: string, electionId: string, archive: PublicArchive) {
  return {
    ...openArchive(origin, electionId, archive),
    questions_map: archive.questionsMap.map((q) => ({ contest: q.contestId, answers: q.answers })),
  }
}

export const archiveUrl = (origin: string, electionId: string, uuid: string) =>
  `${origin}/open-data/elections/${encodeURIComponent(electionId)}/belenios/${encodeURIComponent(uuid)}.bel`

export type RenderedArchive = { bytes: Uint8Array; lastEventHash: string; events: number }

/**
 * The `.bel` file of an election's archive, or null when there is none to publish: unknown uuid,
 * an archive of another election, an unpublished election, no Setup yet. Throws when the stored
 * rows do not make a valid chain (a damaged store must not be served as if it were the archive).
 */
export async function publicArchiveFile(
  db: DB,
  electionId: string,
  uuid: string,
): Promise<RenderedArchive | null> {
  const row = await db
    .selectFrom('belenios_archives')
    .innerJoin('elections', 'elections.id', 'belenios_archives.election_id')
    .select(['belenios_archives.header_timestamp', 'belenios_archives.events', 'elections.phase'])
    .where('belenios_archives.uuid', '=', uuid)
    .where('belenios_archives.election_id', '=', electionId)
    .executeTakeFirst()
  if (!row || row.phase === 'draft' || row.events === 0) return null
  const entries = blocksToEntries(await archiveBlocks(db, uuid), { trailing: 'ignore' })
  if (!entries || entries.length === 0) throw new Error(`belenios archive ${uuid}: stored rows unreadable`)
  const bytes = encodeArchive({ version: 1, timestamp: row.header_timestamp }, entries)
  const check = readArchive(bytes)
  if (!check.ok) throw new Error(`belenios archive ${uuid}: stored chain broken (${check.error})`)
  return { bytes, lastEventHash: entries[entries.length - 1]!.hash, events: entries.length }
}

/**
 * Ballots appended so far per archive, from the cast index (migration 041: one row per Ballot
 * event, written with it), so the election's page does not parse the archives. Public anyway:
 * anyone can count the Ballot events of the published `.bel` files.
 */
export async function ballotsPerArchive(db: DB, uuids: string[]): Promise<Map<string, number>> {
  if (uuids.length === 0) return new Map()
  const rows = await db
    .selectFrom('belenios_cast_credentials')
    .select(['archive_uuid', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .where('archive_uuid', 'in', uuids)
    .groupBy('archive_uuid')
    .execute()
  return new Map(rows.map((r) => [r.archive_uuid, Number(r.n)]))
}
