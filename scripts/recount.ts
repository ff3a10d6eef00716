import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { outcomeSummary, recount, type PublishedBoard } from '../app/elections/recount'
import {
  checkArchive,
  countDifferences,
  countsFromArchives,
  type CheckedArchive,
  type PublishedResults,
} from '../app/elections/recount-archive'

// npm run recount -- <ballots.json> [results.json]
// Recounts a published bulletin board with the same code the server uses and, given the published
// results, says whether they match. Exit code 0 only when the heads and (if given) the results match.
//
// npm run recount -- <uuid.bel>… [--last <hash>]… [results.json]
// Belenios archives (#20): each is read (a broken chain is refused) and verified with our own
// verifier; its per-question counts are printed; with results.json, each archive's last event must
// be the published one (a truncated archive is a valid shorter one) and the counts, mapped to
// contests and candidacies and added to the published paper counts, must equal the published votes.
const argv = process.argv.slice(2)
if (argv.some((a) => a.endsWith('.bel'))) process.exit(recountArchives(argv))
const [boardPath, resultsPath] = argv
if (!boardPath) {
  console.error('usage: npm run recount -- <ballots.json> [results.json]')
  console.error('       npm run recount -- <uuid.bel>… [--last <hash>]… [results.json]')
  process.exit(2)
}
const board = JSON.parse(readFileSync(boardPath, 'utf8')) as PublishedBoard
const { headsMatch, result } = recount(board)
console.log(`ballots: ${board.ballots.length}, tracking codes: ${board.tracking_codes.length}`)
console.log(`ballots hash chain ${headsMatch.ballots ? 'matches' : 'DOES NOT MATCH'} the published head`)
console.log(
  `tracking-code hash chain ${headsMatch.trackingCodes ? 'matches' : 'DOES NOT MATCH'} the published head`,
)
for (const contest of result.contests) {
  console.log(
    `\ncontest ${contest.id}: ${contest.seats} seat(s), valid ${contest.validVotes}, blank ${contest.blank}, void ${contest.void}`,
  )
  for (const c of contest.candidates)
    console.log(`  ${String(c.rank).padStart(3)}. ${c.name} — ${c.votes} — ${c.outcome}`)
}
let ok = headsMatch.ballots && headsMatch.trackingCodes
if (resultsPath) {
  const published = JSON.parse(readFileSync(resultsPath, 'utf8')) as {
    contests: Parameters<typeof outcomeSummary>[0]
  }
  const same = isDeepStrictEqual(outcomeSummary(published.contests), outcomeSummary(result.contests))
  console.log(`\nrecount ${same ? 'EQUALS' : 'DIFFERS FROM'} the published results`)
  ok = ok && same
}
process.exit(ok ? 0 : 1)

function recountArchives(args: string[]): number {
  const archives: string[] = []
  const lasts: string[] = []
  let resultsFile: string | null = null
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--last') lasts.push(args[++i] ?? '')
    else if (a.endsWith('.bel')) archives.push(a)
    else resultsFile = a
  }
  const published = resultsFile ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as PublishedResults) : null
  let ok = true
  const checked: Extract<CheckedArchive, { ok: true }>[] = []
  archives.forEach((path, i) => {
    const first = checkArchive(readFileSync(path))
    const uuid = first.ok ? first.uuid : null
    // The published last event: given with --last (in archive order), else from results.json.
    const last = lasts[i] ?? published?.belenios_archives?.find((a) => a.uuid === uuid)?.last_event_hash
    const check = last === undefined || !first.ok ? first : checkArchive(readFileSync(path), last)
    if (!check.ok) {
      console.log(`${path}: REFUSED — ${check.error}${check.detail ? ` (${check.detail})` : ''}`)
      ok = false
      return
    }
    console.log(
      `${path}: archive ${check.uuid} verified, ${check.ballots} ballot(s), last event ${check.lastEventHash}`,
    )
    if (last === undefined)
      console.log('  (no published last event hash to compare with: a truncated archive would pass)')
    check.questions.forEach((q, j) => {
      const row = check.counts?.[j]
      console.log(
        `  question ${j + 1}: ${row ? row.join(' ') : 'no result yet'}${q.blank ? ' (blank first)' : ''}`,
      )
    })
    checked.push(check)
  })
  if (published && ok) {
    const counts = countsFromArchives(checked, published)
    if (!counts.ok) {
      console.log(`\n${counts.error}`)
      return 1
    }
    const differences = countDifferences(counts.contests, published)
    for (const d of differences) console.log(`  ${d}`)
    console.log(`\nrecount ${differences.length ? 'DIFFERS FROM' : 'EQUALS'} the published votes`)
    ok = differences.length === 0
  }
  return ok ? 0 : 1
}
