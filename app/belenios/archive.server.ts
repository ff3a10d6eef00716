import { open, stat } from 'node:fs/promises'

import {
  DEFAULT_LIMITS,
  checkAppend,
  encodeArchive,
  encodeEntries,
  readArchive,
  type ArchiveFailure,
  type ArchiveLimits,
  type ParsedArchive,
  type ReadResult,
} from './archive'
import type { ArchiveEntry, ArchiveHeader } from './events'

// `.bel` files on disk. The archive only grows: created once with its Setup entry, then appended
// to, each append checked against the file's last event. Appends to one path are serialised in
// this process; the database (next session) is the source of truth, and the file its rendering,
// so a second process must not append to the same file.

/** Reads and verifies an archive file; refuses a file over the size limit before reading it. */
export async function readArchiveFile(
  path: string,
  limits: ArchiveLimits = DEFAULT_LIMITS,
): Promise<ReadResult> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch {
    return { ok: false, error: 'truncated', entry: 0, detail: 'no such file' }
  }
  if (size > limits.maxTotalBytes) return { ok: false, error: 'archive_too_large' }
  const handle = await open(path, 'r')
  try {
    const bytes = new Uint8Array(size)
    let read = 0
    while (read < size) {
      const { bytesRead } = await handle.read(bytes, read, size - read, read)
      if (bytesRead === 0) break
      read += bytesRead
    }
    return readArchive(bytes.subarray(0, read), limits)
  } finally {
    await handle.close()
  }
}

/** Creates a new archive (fails if the file exists) holding `entries`, which start with Setup. */
export async function createArchiveFile(
  path: string,
  header: ArchiveHeader,
  entries: ArchiveEntry[],
): Promise<{ ok: true } | ArchiveFailure | { ok: false; error: 'archive_exists' }> {
  const check = checkAppend(null, entries)
  if (!check.ok) return check
  let handle
  try {
    handle = await open(path, 'wx', 0o644)
  } catch {
    return { ok: false, error: 'archive_exists' }
  }
  try {
    await handle.writeFile(encodeArchive(header, entries))
    await handle.sync()
  } finally {
    await handle.close()
  }
  return { ok: true }
}

const appending = new Map<string, Promise<unknown>>()

function serialised<T>(path: string, run: () => Promise<T>): Promise<T> {
  const previous = appending.get(path) ?? Promise.resolve()
  const next = previous.then(run, run)
  appending.set(path, next)
  void next.finally(() => {
    if (appending.get(path) === next) appending.delete(path)
  })
  return next
}

/** Where an archive file ends, as its writer last left it. */
export type ArchiveTail = { size: number; timestamp: number; last: ArchiveEntry }

/**
 * Appends without re-reading the file: for a writer that knows the file's tail (its size, header
 * timestamp and last entry, e.g. from the database rows it was rendered from). Refuses when the
 * file's size is not the expected one (someone else wrote to it) or the entries do not follow
 * `tail.last`. Returns the new tail. Cost: the new entries only, not the whole archive.
 */
export function appendArchiveFileAt(
  path: string,
  tail: ArchiveTail,
  entries: ArchiveEntry[],
): Promise<({ ok: true } & ArchiveTail) | ArchiveFailure | { ok: false; error: 'unexpected_size' }> {
  return serialised(path, async () => {
    const check = checkAppend(tail.last, entries)
    if (!check.ok) return check
    const handle = await open(path, 'a')
    try {
      if ((await handle.stat()).size !== tail.size)
        return { ok: false as const, error: 'unexpected_size' as const }
      const bytes = encodeEntries(tail.timestamp, entries)
      await handle.writeFile(bytes)
      await handle.sync()
      return {
        ok: true as const,
        size: tail.size + bytes.length,
        timestamp: tail.timestamp,
        last: entries.length ? entries[entries.length - 1] : tail.last,
      }
    } finally {
      await handle.close()
    }
  })
}

/**
 * Appends `entries` after the file's last event, trusting nothing: reads and verifies the whole
 * file first (so an archive damaged on disk is never extended), checks the new entries follow its
 * last event, then appends. Returns the archive as it now is. Cost: the whole archive, twice; a
 * writer that knows the tail uses `appendArchiveFileAt`.
 */
export function appendArchiveFile(
  path: string,
  entries: ArchiveEntry[],
  limits: ArchiveLimits = DEFAULT_LIMITS,
): Promise<({ ok: true } & ParsedArchive) | ArchiveFailure> {
  const run = async (): Promise<({ ok: true } & ParsedArchive) | ArchiveFailure> => {
    const current = await readArchiveFile(path, limits)
    if (!current.ok) return current
    const check = checkAppend(current.entries[current.entries.length - 1], entries)
    if (!check.ok) return check
    const handle = await open(path, 'a')
    try {
      await handle.writeFile(encodeEntries(current.header.timestamp, entries))
      await handle.sync()
    } finally {
      await handle.close()
    }
    return readArchiveFile(path, limits)
  }
  return serialised(path, run)
}
