import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import SQLite from 'better-sqlite3'

// Reading a SQLite data folder the way someone with a copy of it would: raw bytes of the database
// file and of its WAL, no help from the live process. Used by the ballot-secrecy-at-rest test
// (ADR 005, issue #16 item 14). File formats: https://www.sqlite.org/fileformat2.html

/** Copies `<db>`, `<db>-wal` and `<db>-shm` as they are on disk (a plain `cp` of the folder). */
export function copyDataFolder(dbPath: string): { path: string; walBytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'mutirao-copy-'))
  const path = join(dir, basename(dbPath))
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(dbPath + suffix)) copyFileSync(dbPath + suffix, path + suffix)
  return { path, walBytes: walBytes(path) }
}

/** The size of `<db>-wal` (0 when there is none). */
export function walBytes(dbPath: string): number {
  return existsSync(dbPath + '-wal') ? statSync(dbPath + '-wal').size : 0
}

export type WalTransaction = { frames: { page: number; data: Buffer }[] }

/**
 * Every frame in a WAL file, grouped into transactions (a commit frame ends one), including frames
 * from earlier generations of the log (another salt) that a checkpoint left in the file: their
 * bytes are as readable as the current ones.
 */
export function walTransactions(walPath: string): WalTransaction[] {
  if (!existsSync(walPath)) return []
  const wal = readFileSync(walPath)
  if (wal.length < 32) return []
  const pageSize = wal.readUInt32BE(8)
  const transactions: WalTransaction[] = []
  let current: WalTransaction = { frames: [] }
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    const page = wal.readUInt32BE(at)
    const sizeAfterCommit = wal.readUInt32BE(at + 4)
    current.frames.push({ page, data: wal.subarray(at + 24, at + 24 + pageSize) })
    if (sizeAfterCommit !== 0) {
      transactions.push(current)
      current = { frames: [] }
    }
  }
  if (current.frames.length) transactions.push(current)
  return transactions
}

/** Whether `needle` (ASCII text) appears in any frame of the transaction. */
export function transactionHolds(tx: WalTransaction, needle: string): boolean {
  const bytes = Buffer.from(needle)
  return tx.frames.some((f) => f.data.includes(bytes))
}

export type CellLocation = { page: number; offset: number }

/**
 * The database as the copy stands (its WAL applied, as SQLite would on opening it), read page by
 * page: for each key, the b-tree page of `table` and the offset inside that page of the live cell
 * holding it. Free space and deleted cells are ignored.
 */
export function cellLocations(copyPath: string, table: string, keys: string[]): Map<string, CellLocation> {
  // Apply the WAL to a second copy, then read the raw file.
  const scratch = copyDataFolder(copyPath).path
  const sqlite = new SQLite(scratch)
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  const { rootpage } = sqlite.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as {
    rootpage: number
  }
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }))
  sqlite.close()
  const file = readFileSync(scratch)
  const pageAt = (n: number) => file.subarray((n - 1) * pageSize, n * pageSize)

  // Every page of the table's b-tree. In a WITHOUT ROWID table (an index b-tree) interior pages
  // hold rows too, not only pointers.
  const pages: number[] = []
  const walk = (n: number) => {
    pages.push(n)
    const page = pageAt(n)
    const header = n === 1 ? 100 : 0
    const type = page[header]!
    if (type === 0x0a || type === 0x0d) return
    if (type !== 0x02 && type !== 0x05) throw new Error(`page ${n}: not a b-tree page (${type})`)
    const cells = page.readUInt16BE(header + 3)
    for (let i = 0; i < cells; i++) walk(page.readUInt32BE(page.readUInt16BE(header + 12 + 2 * i)))
    walk(page.readUInt32BE(header + 8))
  }
  walk(rootpage)

  const wanted = new Map(keys.map((k) => [k, Buffer.from(k)]))
  const found = new Map<string, CellLocation>()
  for (const n of pages) {
    const page = pageAt(n)
    const header = n === 1 ? 100 : 0
    const type = page[header]!
    if (type === 0x05) continue // table interior: child pointers and rowids only
    const pointers = header + (type === 0x02 ? 12 : 8)
    const cells = page.readUInt16BE(header + 3)
    for (let i = 0; i < cells; i++) {
      const start = page.readUInt16BE(pointers + 2 * i)
      let at = type === 0x02 ? start + 4 : start
      const [payload, used] = varint(page, at)
      at += used
      if (type === 0x0d) at += varint(page, at)[1]
      const cell = page.subarray(at, Math.min(at + payload, pageSize))
      for (const [key, bytes] of wanted) {
        if (cell.includes(bytes)) {
          found.set(key, { page: n, offset: start })
          wanted.delete(key)
        }
      }
    }
  }
  return found
}

function varint(buf: Buffer, at: number): [number, number] {
  let value = 0
  for (let i = 0; i < 9; i++) {
    const byte = buf[at + i]!
    if (i === 8) return [value * 256 + byte, 9]
    value = value * 128 + (byte & 0x7f)
    if (byte < 0x80) return [value, i + 1]
  }
  return [value, 9]
}

/**
 * Spearman's rank correlation between the order of voting and the physical order of the cells
 * (page, then position in the page: SQLite fills a page from its end, so a later cell sits lower).
 */
export function spearmanPhysical(votingOrder: string[], where: Map<string, CellLocation>): number {
  const keys = votingOrder.filter((k) => where.has(k))
  const physical = [...keys].sort((a, b) => {
    const x = where.get(a)!
    const y = where.get(b)!
    return x.page - y.page || y.offset - x.offset
  })
  const rank = new Map(physical.map((k, i) => [k, i]))
  const n = keys.length
  let d2 = 0
  keys.forEach((k, i) => (d2 += (i - rank.get(k)!) ** 2))
  return 1 - (6 * d2) / (n * (n * n - 1))
}

/**
 * Kendall's tau over every pair of cells that share a page: +1 when a later vote always sits lower
 * in the page (the insertion order SQLite leaves behind), 0 when position says nothing about time.
 */
export function kendallInPage(
  votingOrder: string[],
  where: Map<string, CellLocation>,
): { tau: number; pairs: number } {
  const byPage = new Map<number, { time: number; offset: number }[]>()
  votingOrder.forEach((k, time) => {
    const at = where.get(k)
    if (!at) return
    byPage.set(at.page, [...(byPage.get(at.page) ?? []), { time, offset: at.offset }])
  })
  let concordant = 0
  let discordant = 0
  for (const cells of byPage.values())
    for (let i = 0; i < cells.length; i++)
      for (let j = i + 1; j < cells.length; j++) {
        const s = Math.sign(cells[j]!.time - cells[i]!.time) * Math.sign(cells[i]!.offset - cells[j]!.offset)
        if (s > 0) concordant++
        else if (s < 0) discordant++
      }
  const pairs = concordant + discordant
  return { tau: pairs ? (concordant - discordant) / pairs : 0, pairs }
}
