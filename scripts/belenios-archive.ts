import { readArchiveFile } from '../app/belenios/archive.server'
import { EVENT_TYPES } from '../app/belenios/events'

// npx tsx scripts/belenios-archive.ts check <uuid>.bel [--last <hash>]
// Reads a Belenios 2.0 archive with Mutirão's own reader and checks its hash chain (tar headers,
// names = SHA-256 of contents, parent links, heights, referenced blocks, order of phases). Prints
// the events per type and the last event's hash: compare that hash with the one Mutirão published
// (or pass it with --last), since a copy cut right after an event is itself a valid, shorter chain.
// Exit code 0 when the chain holds (and the last hash is the one given), 1 when not, 2 on misuse.
// This does not check the cryptography (ballot proofs, tally, decryptions): `belenios-tool
// election verify --dir <folder>` does; the seed of `npm run recount` for issue #20.

const [command, file, ...rest] = process.argv.slice(2)
const lastIndex = rest.indexOf('--last')
const expectedLast = lastIndex >= 0 ? rest[lastIndex + 1] : undefined
if (command !== 'check' || !file || (lastIndex >= 0 && !expectedLast)) {
  console.error('usage: npx tsx scripts/belenios-archive.ts check <uuid>.bel [--last <hash>]')
  process.exit(2)
}

const read = await readArchiveFile(file)
if (!read.ok) {
  const where = [
    read.at !== undefined ? `at event height ${read.at}` : '',
    read.entry !== undefined ? `tar entry ${read.entry}` : '',
  ]
    .filter(Boolean)
    .join(', ')
  console.log(
    `archive REFUSED: ${read.error}${where ? ` (${where})` : ''}${read.detail ? `: ${read.detail}` : ''}`,
  )
  process.exit(1)
}
console.log(`archive: ${file}`)
console.log(`started: ${new Date(read.header.timestamp * 1000).toISOString()}`)
console.log(`events: ${read.entries.length}`)
for (const type of EVENT_TYPES) if (read.counts[type]) console.log(`  ${type}: ${read.counts[type]}`)
console.log(`last event: height ${read.last!.height}, ${read.entries[read.entries.length - 1].event.type}`)
console.log(`last hash: ${read.last!.hash}`)
console.log('hash chain: OK')
if (expectedLast !== undefined) {
  const same = expectedLast === read.last!.hash
  console.log(`last hash ${same ? 'EQUALS' : 'DIFFERS FROM'} the expected ${expectedLast}`)
  process.exit(same ? 0 : 1)
}
