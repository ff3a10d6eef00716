import { readArchive } from '../belenios/archive'
import { fromUtf8, type ArchiveEntry } from '../belenios/events'
import { verifyElectionRecord, type ElectionRecord } from '../belenios/verify'

// What anyone can do with a published Belenios archive (`<uuid>.bel`, issue #20): read it with our
// reader (refusing a broken chain), verify everything in it with our own verifier (every ballot's
// proofs, the encrypted tally, the partial decryptions, the result), and map the per-question
// counts back to contests and candidacies with the questions map results.json publishes. No
// database, no server. What it cannot see: ballots stuffed by the server with credentials it
// holds (ADR 029).

/** An archive's parts as the verifier takes them, from the data blocks its events name. */
export function recordOfEntries(entries: ArchiveEntry[]): ElectionRecord | null {
  const data = new Map<string, string>()
  for (const entry of entries)
    for (const block of entry.blocks) {
      const text = fromUtf8(block.bytes)
      if (text === null) return null
      data.set(block.hash, text)
    }
  const get = (hash: string | null | undefined) => (hash ? data.get(hash) : undefined)
  const record: ElectionRecord & {
    partialDecryptions: { owner: number; json: string }[]
    ballots: string[]
  } = { election: '', trustees: '', publicCredentials: '', ballots: [], partialDecryptions: [] }
  try {
    for (const { event } of entries) {
      const payload = get(event.payload)
      if (event.type === 'Setup') {
        const setup = JSON.parse(payload ?? 'null') as {
          election: string
          trustees: string
          credentials: string
        }
        const [election, trustees, credentials] = [
          get(setup.election),
          get(setup.trustees),
          get(setup.credentials),
        ]
        if (election === undefined || trustees === undefined || credentials === undefined) return null
        Object.assign(record, { election, trustees, publicCredentials: credentials })
      } else if (event.type === 'Ballot') {
        if (payload === undefined) return null
        record.ballots.push(payload)
      } else if (event.type === 'EncryptedTally') {
        const sized = JSON.parse(payload ?? 'null') as { encrypted_tally: string }
        const tally = get(sized.encrypted_tally)
        if (payload === undefined || tally === undefined) return null
        record.sizedEncryptedTally = payload
        record.encryptedTally = tally
      } else if (event.type === 'PartialDecryption') {
        const owned = JSON.parse(payload ?? 'null') as { owner: number; payload: string }
        const json = get(owned.payload)
        if (json === undefined) return null
        record.partialDecryptions.push({ owner: owned.owner, json })
      } else if (event.type === 'Result') {
        if (payload === undefined) return null
        record.result = payload
      }
    }
  } catch {
    return null
  }
  return record
}

export type ArchiveQuestion = { question: string; blank: boolean; answers: number }

export type CheckedArchive =
  | {
      ok: true
      uuid: string
      lastEventHash: string
      ballots: number
      questions: ArchiveQuestion[]
      /** Per question: [blank,] then one count per answer, as Belenios orders them; null before the Result. */
      counts: number[][] | null
    }
  | { ok: false; error: string; detail?: string }

/**
 * Reads and verifies one archive. `expectedLast`, the hash published for it, catches a truncated
 * archive (a prefix of a valid archive is itself valid: only the published last hash tells).
 */
export function checkArchive(bytes: Uint8Array, expectedLast?: string): CheckedArchive {
  const read = readArchive(bytes)
  if (!read.ok)
    return {
      ok: false,
      error: 'broken_archive',
      detail: `${read.error}${read.at !== undefined ? ` at event ${read.at}` : ''}`,
    }
  const lastEventHash = read.entries[read.entries.length - 1]!.hash
  if (expectedLast !== undefined && expectedLast !== lastEventHash)
    return { ok: false, error: 'last_event_mismatch', detail: `archive ends at ${lastEventHash}` }
  const record = recordOfEntries(read.entries)
  if (!record) return { ok: false, error: 'unreadable_record' }
  const verified = verifyElectionRecord(record)
  if (!verified.ok)
    return {
      ok: false,
      error: 'verification_failed',
      detail: `${verified.step}: ${verified.error}${verified.index !== undefined ? ` (#${verified.index})` : ''}`,
    }
  const { params } = verified.value.election
  return {
    ok: true,
    uuid: params.uuid,
    lastEventHash,
    ballots: verified.value.numTallied,
    questions: params.questions.map((q) => ({
      question: q.question,
      blank: Boolean(q.blank),
      answers: q.answers.length,
    })),
    // Only once the archive holds its Result event (the verifier checked it against the decryption).
    counts: record.result !== undefined ? (verified.value.result ?? null) : null,
  }
}

/** What results.json publishes that the archive recount needs (issue #20; ADR 017 paper counts). */
export type PublishedResults = {
  contests: { id: string; blank: number; void: number; candidates: { id: string; votes: number }[] }[]
  polling_places?: {
    paper_count: null | {
      contests: { id: string; blank: number; void: number; candidates: { id: string; votes: number }[] }[]
    }
  }[]
  belenios_archives?: {
    uuid: string
    last_event_hash: string
    questions_map: { contest: string; answers: string[] }[]
  }[]
}

export type ContestCounts = { id: string; blank: number; void: number; candidates: Map<string, number> }

/**
 * Adds the archives' counts, mapped to contests and candidacies, to the published paper counts:
 * what the contests' votes must be. Errors name what does not fit (an archive not listed, a map
 * that does not match the questions, an archive without its Result).
 */
export function countsFromArchives(
  archives: Extract<CheckedArchive, { ok: true }>[],
  published: PublishedResults,
): { ok: true; contests: Map<string, ContestCounts> } | { ok: false; error: string } {
  const contests = new Map<string, ContestCounts>()
  const contest = (id: string) => {
    let c = contests.get(id)
    if (!c) contests.set(id, (c = { id, blank: 0, void: 0, candidates: new Map() }))
    return c
  }
  const addCandidate = (c: ContestCounts, id: string, n: number) =>
    c.candidates.set(id, (c.candidates.get(id) ?? 0) + n)
  for (const place of published.polling_places ?? [])
    for (const pc of place.paper_count?.contests ?? []) {
      const c = contest(pc.id)
      c.blank += pc.blank
      c.void += pc.void
      for (const x of pc.candidates) addCandidate(c, x.id, x.votes)
    }
  for (const archive of archives) {
    const listed = published.belenios_archives?.find((a) => a.uuid === archive.uuid)
    if (!listed) return { ok: false, error: `archive ${archive.uuid} is not listed in results.json` }
    if (!archive.counts) return { ok: false, error: `archive ${archive.uuid} has no Result yet` }
    const map = listed.questions_map
    if (map.length !== archive.questions.length)
      return { ok: false, error: `archive ${archive.uuid}: questions map does not fit its questions` }
    for (const [i, q] of archive.questions.entries()) {
      const row = archive.counts[i]!
      if (map[i]!.answers.length !== q.answers || row.length !== q.answers + (q.blank ? 1 : 0))
        return { ok: false, error: `archive ${archive.uuid}: question ${i + 1} does not fit its map` }
      const c = contest(map[i]!.contest)
      const answers = q.blank ? row.slice(1) : row
      if (q.blank) c.blank += row[0]!
      answers.forEach((n, j) => addCandidate(c, map[i]!.answers[j]!, n))
    }
  }
  return { ok: true, contests }
}

/** Compares recomputed counts with the published contests; returns the differences, [] when equal. */
export function countDifferences(
  contests: Map<string, ContestCounts>,
  published: PublishedResults,
): string[] {
  const out: string[] = []
  for (const p of published.contests) {
    const c = contests.get(p.id)
    if ((c?.blank ?? 0) !== p.blank)
      out.push(`contest ${p.id}: blank ${c?.blank ?? 0} ≠ published ${p.blank}`)
    if ((c?.void ?? 0) !== p.void) out.push(`contest ${p.id}: void ${c?.void ?? 0} ≠ published ${p.void}`)
    for (const x of p.candidates) {
      const n = c?.candidates.get(x.id) ?? 0
      if (n !== x.votes) out.push(`contest ${p.id}: candidacy ${x.id} ${n} ≠ published ${x.votes}`)
    }
    for (const id of c?.candidates.keys() ?? [])
      if (!p.candidates.some((x) => x.id === id)) out.push(`contest ${p.id}: candidacy ${id} not published`)
  }
  for (const id of contests.keys())
    if (!published.contests.some((p) => p.id === id)) out.push(`contest ${id} not published`)
  return out
}
