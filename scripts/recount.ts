import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { outcomeSummary, recount, type PublishedBoard } from '../app/elections/recount'

// npm run recount -- <ballots.json> [results.json]
// Recounts a published bulletin board with the same code the server uses and, given the published
// results, says whether they match. Exit code 0 only when the heads and (if given) the results match.
const [boardPath, resultsPath] = process.argv.slice(2)
if (!boardPath) {
  console.error('usage: npm run recount -- <ballots.json> [results.json]')
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
