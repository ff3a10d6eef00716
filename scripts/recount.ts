import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { outcomeSummary, recount, type PublishedBoard } from '../app/elections/recount'
import {
  archiveLimitsFromEnv,
  checkArchive,
  countDifferences,
  countsFromArchives,
  recountSeats,
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
// contests and candidacies and added to the published paper counts, must equal the published votes;
// then the seats are recomputed with the server's tally() from those votes and the published seat
// rules, and each candidate's rank and outcome must equal the published ones. Exit code 0 only when
// every archive verifies and (with results.json) votes and seats match. Threshold archives (the
// commission's k-of-n key) are verified fully. Bounds: BELENIOS_MAX_ARCHIVE_BYTES and
// BELENIOS_MAX_ARCHIVE_ENTRIES raise the reader's limits for a very large roll.
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
  const limits = archiveLimitsFromEnv(process.env)
  let ok = true
  const checked: Extract<CheckedArchive, { ok: true }>[] = []
  archives.forEach((path, i) => {
    const bytes = readFileSync(path)
    const first = checkArchive(bytes, { limits })
    const uuid = first.ok ? first.uuid : null
    const listed = published?.belenios_archives?.find((a) => a.uuid === uuid)
    // The published last event: given with --last (in archive order), else from results.json. An
    // archive listed in a published result is final: it must hold its Result.
    const last = lasts[i] ?? listed?.last_event_hash
    const check =
      !first.ok || (last === undefined && !listed)
        ? first
        : checkArchive(bytes, { limits, lastEventHash: last, final: Boolean(listed) })
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
    const seats = recountSeats(counts.contests, published)
    if (!seats.ok) {
      console.log(`seats not recomputed: ${seats.error}`)
      return 1
    }
    for (const contest of seats.result.contests) {
      const of = (outcome: string) =>
        contest.candidates.filter((c) => c.outcome === outcome).map((c) => `${c.name} (${c.votes})`)
      console.log(
        `\ncontest ${contest.id}: ${contest.seats} seat(s), valid ${contest.validVotes}, blank ${contest.blank}, void ${contest.void}`,
      )
      for (const c of contest.candidates)
        console.log(`  ${String(c.rank).padStart(3)}. ${c.name} — ${c.votes} — ${c.outcome}`)
      console.log(`  elected: ${[...of('elected'), ...of('elected_overall')].join(', ') || '—'}`)
      console.log(`  alternates: ${of('alternate').join(', ') || '—'}`)
    }
    for (const d of seats.differences) console.log(`  ${d}`)
    console.log(
      `\nseats: the recount ${seats.differences.length ? 'DIFFERS FROM' : 'MATCHES'} the published result`,
    )
    ok = ok && seats.differences.length === 0
  }
  return ok ? 0 : 1
}
