import { createBallot } from '../app/belenios/ballot'
import { generateCredential, publicCredential } from '../app/belenios/credential'
import { parseElection } from '../app/belenios/election'
import { BELENIOS_2048 } from '../app/belenios/group'

// A worker of bench/belenios-archive.ts's parallel builder (one child process per core): reads
// `{ "election": <election.json>, "uuid": …, "from": i, "to": j }` on stdin and, for voters
// i ≤ v < j, draws a fresh private credential (it never leaves this process), derives its public
// credential and encrypts voter v's fixed choice (v % 4: blank, answer 1, 2, 3) with fresh
// randomness and all proofs, printing one line per ballot:
// `{"v":…,"credential":"<public, decimal>","ballot":"<ballot JSON>"}`.
// Usage (the builder spawns it): node --import tsx bench/belenios-ballots.ts < job.json

function choiceOf(voter: number, answers: number): number[][] {
  return [Array.from({ length: answers + 1 }, (_, k) => (k === voter % (answers + 1) ? 1 : 0))]
}

async function main() {
  let input = ''
  for await (const chunk of process.stdin) input += String(chunk)
  const job = JSON.parse(input) as { election: string; uuid: string; from: number; to: number }
  const election = parseElection(job.election)
  if (!election.ok) throw new Error(`election.json: ${election.error}`)
  const answers = election.value.params.questions[0]!.answers.length
  for (let v = job.from; v < job.to; v++) {
    const credential = generateCredential()
    const ballot = createBallot(election.value, credential, choiceOf(v, answers))
    if (!ballot.ok) throw new Error(`voter ${v}: ${ballot.error}`)
    const line = {
      v,
      credential: publicCredential(BELENIOS_2048, job.uuid, credential).toString(10),
      ballot: ballot.value.json,
    }
    process.stdout.write(JSON.stringify(line) + '\n')
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
