import { createBallot } from '../app/belenios/ballot'
import { generateCredential } from '../app/belenios/credential'
import { buildMutiraoElection } from '../app/belenios/election'
import { BELENIOS_2048, gPow, randomZq } from '../app/belenios/group'

// ballot_encrypt_ms of issue #20: median time to encrypt a 30-candidate, 3-contest ballot (10
// candidates per contest, blank allowed, one choice each) with all its proofs and signature, in
// Node as a stand-in for a phone. Usage: npx tsx bench/belenios-encrypt.ts [runs] [candidates per
// contest]. Not wired into bench/results.json (the lead decides).
const RUNS = Number(process.argv[2] ?? 7)
const PER_CONTEST = Number(process.argv[3] ?? 10)
const G = BELENIOS_2048
const election = buildMutiraoElection({
  uuid: 'BenchmarkUuid1234567',
  title: 'Bench',
  description: 'ballot_encrypt_ms',
  publicKey: gPow(G, randomZq(G)),
  contests: [0, 1, 2].map((c) => ({
    title: `Contest ${c}`,
    candidates: Array.from({ length: PER_CONTEST }, (_, k) => `Candidate ${c}.${k}`),
  })),
})
if (!election.ok) throw new Error(election.error)
const credential = generateCredential()
const plaintext = [0, 1, 2].map((c) => {
  const m = new Array<number>(PER_CONTEST + 1).fill(0)
  if (c === 1)
    m[0] = 1 // one blank contest
  else m[1 + ((c * 3) % PER_CONTEST)] = 1
  return m
})
const times: number[] = []
for (let i = 0; i < RUNS; i++) {
  const start = performance.now()
  const b = createBallot(election.value, credential, plaintext)
  times.push(performance.now() - start)
  if (!b.ok) throw new Error(b.error)
}
times.sort((a, b) => a - b)
const median = times[Math.floor(times.length / 2)]!
console.log(
  JSON.stringify({
    ballot_encrypt_ms: Math.round(median),
    runs: RUNS,
    candidates: 3 * PER_CONTEST,
    contests: 3,
    min_ms: Math.round(times[0]!),
    max_ms: Math.round(times[times.length - 1]!),
  }),
)
