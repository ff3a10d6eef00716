import { createHash } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { BeleniosBlockKind, Database } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { entryFromRow, fromUtf8, hashHex, parseEvent, utf8, type ArchiveEntry } from './events'
import { err, ok, type Result } from '../lib/result'
import { seal, unseal, type SealingKey } from '../lib/sealed.server'

// Where an election's Belenios archives live (issue #20, ADR 033; migration 038). The archive's
// files are rows in archive order; the `.bel` file is rendered from them (app/belenios/archive).
// This module knows nothing of Belenios' formats beyond "a file is data or an event and is named
// by the SHA-256 of its bytes": building events, ballots and proofs is the core's job.

type Tx = Transaction<Database>

/** Bounds on what one archive may hold: a ballot is a few KB per question, a setup block grows
 * with the roll (one public credential, ~620 characters, per voter). */
export const MAX_BLOCK_CHARS = 64 * 1024 * 1024
export const MAX_BLOCKS_PER_APPEND = 64

export type QuestionsMap = { contestId: string; answers: string[] }[]

export type NewArchive = {
  uuid: string
  electionId: string
  groupKey: string
  questionsMap: QuestionsMap
  /** Seconds since the epoch, written into the archive's `BELENIOS` header. */
  headerTimestamp: number
  serverKeySealed: string | null
}

export type ArchiveHead = { uuid: string; blocks: number; events: number; lastEventHash: string | null }

export type Block = { kind: BeleniosBlockKind; hash: string; content: string }

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

export async function createArchive(
  db: DB | Tx,
  archive: NewArchive,
): Promise<Result<ArchiveHead, 'exists'>> {
  const taken = await db
    .selectFrom('belenios_archives')
    .select('uuid')
    .where((eb) =>
      eb.or([
        eb('uuid', '=', archive.uuid),
        eb.and([eb('election_id', '=', archive.electionId), eb('group_key', '=', archive.groupKey)]),
      ]),
    )
    .executeTakeFirst()
  if (taken) return err('exists')
  await db
    .insertInto('belenios_archives')
    .values({
      uuid: archive.uuid,
      election_id: archive.electionId,
      group_key: archive.groupKey,
      questions_map: JSON.stringify(archive.questionsMap),
      header_timestamp: archive.headerTimestamp,
      server_key_sealed: archive.serverKeySealed,
    })
    .execute()
  return ok({ uuid: archive.uuid, blocks: 0, events: 0, lastEventHash: null })
}

export async function archiveHead(db: DB | Tx, uuid: string): Promise<ArchiveHead | null> {
  const row = await db
    .selectFrom('belenios_archives')
    .select(['uuid', 'blocks', 'events', 'last_event_hash'])
    .where('uuid', '=', uuid)
    .executeTakeFirst()
  return row
    ? { uuid: row.uuid, blocks: row.blocks, events: row.events, lastEventHash: row.last_event_hash }
    : null
}

export async function archivesOfElection(db: DB | Tx, electionId: string) {
  const rows = await db
    .selectFrom('belenios_archives')
    .select(['uuid', 'group_key', 'questions_map', 'header_timestamp', 'blocks', 'events', 'last_event_hash'])
    .where('election_id', '=', electionId)
    .orderBy('group_key')
    .execute()
  return rows.map((r) => ({
    uuid: r.uuid,
    groupKey: r.group_key,
    questionsMap: JSON.parse(r.questions_map) as QuestionsMap,
    headerTimestamp: r.header_timestamp,
    head: { uuid: r.uuid, blocks: r.blocks, events: r.events, lastEventHash: r.last_event_hash },
  }))
}

export type AppendError = 'no_archive' | 'changed_meanwhile' | 'bad_block'

/**
 * Appends files after the last one, only if nothing was appended since the caller read `expected`
 * (a compare-and-set on the block count): two writers never interleave their files, and an event
 * built on a stale parent is refused instead of forking the chain. Run it inside the transaction
 * that causes the files (a vote writes participation and its ballot together).
 */
export async function appendBlocks(
  trx: Tx,
  expected: ArchiveHead,
  blocks: Block[],
): Promise<Result<ArchiveHead, AppendError>> {
  if (blocks.length === 0 || blocks.length > MAX_BLOCKS_PER_APPEND) return err('bad_block')
  for (const block of blocks) {
    if (block.content.length > MAX_BLOCK_CHARS) return err('bad_block')
    if (block.hash !== sha256Hex(block.content)) return err('bad_block')
  }
  const lastEvent = [...blocks].reverse().find((b) => b.kind === 'event')
  const events = blocks.filter((b) => b.kind === 'event').length
  const moved = await trx
    .updateTable('belenios_archives')
    .set({
      blocks: expected.blocks + blocks.length,
      events: expected.events + events,
      last_event_hash: lastEvent ? lastEvent.hash : expected.lastEventHash,
    })
    .where('uuid', '=', expected.uuid)
    .where('blocks', '=', expected.blocks)
    .executeTakeFirst()
  if (Number(moved.numUpdatedRows) !== 1) {
    return (await archiveHead(trx, expected.uuid)) ? err('changed_meanwhile') : err('no_archive')
  }
  await trx
    .insertInto('belenios_blocks')
    .values(
      blocks.map((b, i) => ({
        archive_uuid: expected.uuid,
        seq: expected.blocks + i,
        kind: b.kind,
        hash: b.hash,
        content: b.content,
      })),
    )
    .execute()
  return ok({
    uuid: expected.uuid,
    blocks: expected.blocks + blocks.length,
    events: expected.events + events,
    lastEventHash: lastEvent ? lastEvent.hash : expected.lastEventHash,
  })
}

/** The archive's files in archive order, `from` the given position (for rendering or tailing). */
export async function archiveBlocks(db: DB | Tx, uuid: string, from = 0): Promise<Block[]> {
  return db
    .selectFrom('belenios_blocks')
    .select(['kind', 'hash', 'content'])
    .where('archive_uuid', '=', uuid)
    .where('seq', '>=', from)
    .orderBy('seq')
    .execute()
}

// Files ↔ entries. The store keeps an archive as per-file rows (`data` / `event`, in archive
// order); the core (events.ts, archive.ts) works with entries: an event and the data blocks
// written just before it. These two are the only bridge between the two shapes.

/** An entry as the files the store keeps: its data blocks in order, then its event. */
export function entryBlocks(entry: ArchiveEntry): Block[] {
  const text = (bytes: Uint8Array) => {
    const t = fromUtf8(bytes)
    if (t === null) throw new Error('belenios: an archive file is not UTF-8')
    return t
  }
  return [
    ...entry.blocks.map((b) => ({ kind: 'data' as const, hash: b.hash, content: text(b.bytes) })),
    { kind: 'event' as const, hash: entry.hash, content: text(entry.eventBytes) },
  ]
}

/**
 * Groups stored files into entries (each event with the data blocks stored just before it),
 * recomputing every hash from the bytes and checking each event names the previous one. Null when
 * they are not a chain of entries: an unreadable event, a broken link. Data blocks after the last
 * event belong to an event not written yet: refused by default (the pipeline always appends whole
 * entries), left out with `trailing: 'ignore'` (publishing: never served alone).
 */
export function blocksToEntries(
  blocks: Pick<Block, 'kind' | 'content'>[],
  { trailing = 'refuse' }: { trailing?: 'refuse' | 'ignore' } = {},
): ArchiveEntry[] | null {
  const entries: ArchiveEntry[] = []
  let pending: Uint8Array[] = []
  for (const block of blocks) {
    if (block.kind === 'data') {
      pending.push(utf8(block.content))
      continue
    }
    const bytes = utf8(block.content)
    const event = parseEvent(bytes)
    if (!event) return null
    const entry = entryFromRow({
      seq: entries.length,
      type: event.type,
      hash: hashHex(bytes),
      parent: entries.length ? entries[entries.length - 1]!.hash : null,
      event: bytes,
      blocks: pending,
    })
    if (!entry) return null
    entries.push(entry)
    pending = []
  }
  return pending.length === 0 || trailing === 'ignore' ? entries : null
}

// Credentials (ADR 029): sealed, bound to their row, forgotten at publication.

const credentialBinding = (uuid: string, registrationId: string) =>
  `belenios-credential|${uuid}|${registrationId}`

export async function storeCredentials(
  trx: Tx,
  key: SealingKey,
  uuid: string,
  credentials: { registrationId: string; credential: string }[],
): Promise<void> {
  // Inserted in registration-id order, never in roll or voting order (WITHOUT ROWID keeps key order).
  const sorted = [...credentials].sort((a, b) => (a.registrationId < b.registrationId ? -1 : 1))
  for (let i = 0; i < sorted.length; i += 500) {
    await trx
      .insertInto('belenios_credentials')
      .values(
        sorted.slice(i, i + 500).map((c) => ({
          archive_uuid: uuid,
          registration_id: c.registrationId,
          credential_sealed: seal(key, credentialBinding(uuid, c.registrationId), c.credential),
        })),
      )
      .execute()
  }
}

export type CredentialError = 'no_credential' | 'unreadable'

export async function credentialOf(
  db: DB | Tx,
  key: SealingKey,
  uuid: string,
  registrationId: string,
): Promise<Result<string, CredentialError>> {
  const row = await db
    .selectFrom('belenios_credentials')
    .select('credential_sealed')
    .where('archive_uuid', '=', uuid)
    .where('registration_id', '=', registrationId)
    .executeTakeFirst()
  if (!row) return err('no_credential')
  const credential = unseal(key, credentialBinding(uuid, registrationId), row.credential_sealed)
  return credential === null ? err('unreadable') : ok(credential)
}

/** At publication: nothing stored links a voter to a credential any more. Returns rows deleted. */
export async function forgetCredentials(trx: Tx, electionId: string): Promise<number> {
  const result = await trx
    .deleteFrom('belenios_credentials')
    .where('archive_uuid', 'in', (eb) =>
      eb.selectFrom('belenios_archives').select('uuid').where('election_id', '=', electionId),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
