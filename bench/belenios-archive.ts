import { encodeArchive } from '../app/belenios/archive'
import { createBallot } from '../app/belenios/ballot'
import { generateCredential, publicCredential } from '../app/belenios/credential'
import { buildMutiraoElection } from '../app/belenios/election'
import {
  ballotEntry,
  encryptedTallyEntry,
  endBallotsEntry,
  ownedEntry,
  resultEntry,
  setupEntry,
  tipOf,
  type ArchiveEntry,
} from '../app/belenios/events'
import { BELENIOS_2048 } from '../app/belenios/group'
import { computePartialDecryption } from '../app/belenios/partial-decryption'
import { decryptTally } from '../app/belenios/result'
import { computeEncryptedTally } from '../app/belenios/tally'
import { generateTrusteeKey, serializeSingleTrustees } from '../app/belenios/trustee-key'

// A whole Belenios election built with the core alone (no tool): one Single trustee, `voters`
// credentials and one ballot each, EndBallots, EncryptedTally, PartialDecryption, Result. Used by
// bench/belenios.ts and tests/integration/belenios/thousand-ballots.test.ts. The votes follow a
// fixed pattern (voter i), so the expected counts are known.
export function buildCoreArchive(voters: number, uuid = 'BenchArchiveUuid12') {
  const G = BELENIOS_2048
  const trustee = generateTrusteeKey(G)
  const election = buildMutiraoElection({
    uuid,
    title: 'Bench',
    description: 'verify_1k_ballots',
    publicKey: trustee.publicKey.publicKey,
    contests: [{ title: 'Contest', candidates: ['A', 'B', 'C'] }],
  })
  if (!election.ok) throw new Error(election.error)
  const credentials = Array.from({ length: voters }, () => generateCredential())
  const publicCreds = JSON.stringify(credentials.map((c) => publicCredential(G, uuid, c).toString(10)).sort())
  const entries: ArchiveEntry[] = [
    setupEntry({
      election: election.value.raw,
      trustees: serializeSingleTrustees([trustee.publicKey]),
      credentials: publicCreds,
    }),
  ]
  const push = (e: ArchiveEntry) => entries.push(e)
  const tip = () => tipOf(entries[entries.length - 1]!)
  const ballots = credentials.map((c, i) => {
    const plaintext = [[0, 0, 0, 0].map((_, k) => (k === i % 4 ? 1 : 0))]
    const b = createBallot(election.value, c, plaintext)
    if (!b.ok) throw new Error(b.error)
    push(ballotEntry(tip(), b.value.json))
    return b.value.ballot
  })
  push(endBallotsEntry(tip()))
  const tally = computeEncryptedTally(election.value, ballots)
  push(
    encryptedTallyEntry(tip(), {
      encryptedTally: tally.json,
      numTallied: voters,
      totalWeight: BigInt(voters),
    }),
  )
  const pd = computePartialDecryption(election.value, tally.tally, trustee.privateKey)
  push(ownedEntry(tip(), 'PartialDecryption', 1, pd.json))
  const result = decryptTally(election.value, tally.tally, pd.value.factors, voters)
  if (!result.ok) throw new Error(result.error)
  push(resultEntry(tip(), result.json))
  const expected = [[0, 1, 2, 3].map((k) => Math.floor(voters / 4) + (k < voters % 4 ? 1 : 0))]
  return { uuid, bytes: encodeArchive({ version: 1, timestamp: 1_764_900_000 }, entries), expected }
}
