import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkArchive } from '../app/elections/recount-archive'
import { buildCoreArchive } from './belenios-archive'

// Issue #20's Belenios numbers, written into bench/results.json (read-modify-write: every other key
// is kept): ballot_encrypt_ms (median, 30-candidate 3-contest ballot with proofs, bench/belenios-
// encrypt.ts), verify_1k_ballots_s (our reader and verifier on an archive of 1,000 ballots built with
// the core), verify_1k_ballots_tool_s (`belenios-tool election verify` on the same file) and
// encrypted_vote_rps (bench/belenios-vote.ts: encrypted ballots per second through the domain cast
// path with the server's verification) and the same through the app's HTTP routes
// (bench/belenios-vote-http.ts: encrypted_vote_http_server_rps, the no-JavaScript form post the
// server encrypts, and encrypted_vote_http_device_rps, ballots made in the bench client; builds
// the app first unless --no-build).
// Usage: npx tsx bench/belenios.ts [ballots, default 1000] [votes, default 200]
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const BALLOTS = Number(positional[0] ?? 1000)
const VOTES = Number(positional[1] ?? 200)
const here = fileURLToPath(new URL('.', import.meta.url))
const resultsPath = join(here, 'results.json')

const encrypt = JSON.parse(
  execFileSync('npx', ['tsx', join(here, 'belenios-encrypt.ts'), '7'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!,
) as { ballot_encrypt_ms: number }

console.error(`encrypted votes through the domain cast path (${VOTES} voters)…`)
const vote = JSON.parse(
  execFileSync('npx', ['tsx', join(here, 'belenios-vote.ts'), String(VOTES)], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!,
) as { encrypted_vote_rps: number; first_tenth_median_ms: number; last_tenth_median_ms: number }

if (!process.argv.includes('--no-build')) {
  console.error('building (remix build) for the HTTP vote…')
  if (spawnSync('npx', ['remix', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('build failed')
}
console.error(`encrypted votes through HTTP (${VOTES} voters, half each path)…`)
const httpVote = JSON.parse(
  execFileSync('npx', ['tsx', join(here, 'belenios-vote-http.ts'), String(VOTES)], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!,
) as {
  encrypted_vote_http_server_rps: number
  encrypted_vote_http_device_rps: number
  encrypted_vote_http_server_p50_ms: number
  encrypted_vote_http_device_p50_ms: number
  acknowledged: number
  stored: number
}
if (httpVote.stored !== httpVote.acknowledged) throw new Error('HTTP vote: acknowledged ballots missing')

console.error(`building an archive of ${BALLOTS} ballots with the core (2 worker processes)…`)
const archive = await buildCoreArchive(BALLOTS)
let start = performance.now()
const ours = checkArchive(archive.bytes)
const verifyS = (performance.now() - start) / 1000
if (!ours.ok) throw new Error(`our verifier refused the archive: ${ours.error}`)

const dir = mkdtempSync(join(tmpdir(), 'bench-belenios-'))
writeFileSync(join(dir, `${archive.uuid}.bel`), archive.bytes)
start = performance.now()
const tool = spawnSync('belenios-tool', ['election', 'verify', '--dir', dir], { encoding: 'utf8' })
const toolS = (performance.now() - start) / 1000
rmSync(dir, { recursive: true, force: true })
if (tool.status !== 0) throw new Error(`belenios-tool refused the archive: ${tool.stderr}`)

const round = (s: number) => Math.round(s * 10) / 10
const keys = {
  ballot_encrypt_ms: encrypt.ballot_encrypt_ms,
  verify_1k_ballots_s: round(verifyS),
  verify_1k_ballots_tool_s: round(toolS),
  encrypted_vote_rps: vote.encrypted_vote_rps,
  encrypted_vote_http_server_rps: httpVote.encrypted_vote_http_server_rps,
  encrypted_vote_http_device_rps: httpVote.encrypted_vote_http_device_rps,
}
const detail = {
  votes: VOTES,
  vote_first_tenth_median_ms: vote.first_tenth_median_ms,
  vote_last_tenth_median_ms: vote.last_tenth_median_ms,
  vote_http_server_p50_ms: httpVote.encrypted_vote_http_server_p50_ms,
  vote_http_device_p50_ms: httpVote.encrypted_vote_http_device_p50_ms,
}
// Another size is a trial run: printed, not written (the keys are the 1,000-ballot figures).
if (BALLOTS !== 1000) {
  console.log(JSON.stringify({ ...keys, ...detail, ballots: BALLOTS, written: false }))
  process.exit(0)
}
const previous = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as object) : {}
writeFileSync(resultsPath, JSON.stringify({ ...previous, ...keys }, null, 2) + '\n')
console.log(JSON.stringify({ ...keys, ...detail, ballots: BALLOTS }))
