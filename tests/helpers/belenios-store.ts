import { readFileSync } from 'node:fs'
import { readArchive } from '../../app/belenios/archive'
import { fromUtf8 } from '../../app/belenios/events'
import {
  MAX_BLOCKS_PER_APPEND,
  appendBlocks,
  createArchive,
  type Block,
  type QuestionsMap,
} from '../../app/belenios/store.server'
import type { DB } from '../../app/lib/db.server'

/** The files of an archive as the store keeps them (per-file rows in archive order). */
export function blocksOfArchive(bytes: Uint8Array): { timestamp: number; blocks: Block[] } {
  const read = readArchive(bytes)
  if (!read.ok) throw new Error(`archive unreadable: ${read.error}`)
  const blocks: Block[] = []
  for (const entry of read.entries) {
    for (const data of entry.blocks)
      blocks.push({ kind: 'data', hash: data.hash, content: fromUtf8(data.bytes)! })
    blocks.push({ kind: 'event', hash: entry.hash, content: fromUtf8(entry.eventBytes)! })
  }
  return { timestamp: read.header.timestamp, blocks }
}

/**
 * Puts a `.bel` file (e.g. made by belenios-tool) into the store as the archive of `groupKey` of
 * an election, as the vote path will write it: created, then appended in bounded batches.
 */
export async function storeArchiveFile(
  db: DB,
  options: { electionId: string; groupKey: string; path: string; questionsMap: QuestionsMap; uuid: string },
) {
  const { timestamp, blocks } = blocksOfArchive(readFileSync(options.path))
  const created = await createArchive(db, {
    uuid: options.uuid,
    electionId: options.electionId,
    groupKey: options.groupKey,
    questionsMap: options.questionsMap,
    headerTimestamp: timestamp,
    serverKeySealed: null,
  })
  if (!created.ok) throw new Error(created.error)
  let head = created.value
  for (let i = 0; i < blocks.length; i += MAX_BLOCKS_PER_APPEND) {
    const appended = await db
      .transaction()
      .execute((trx) => appendBlocks(trx, head, blocks.slice(i, i + MAX_BLOCKS_PER_APPEND)))
    if (!appended.ok) throw new Error(appended.error)
    head = appended.value
  }
  return head
}
