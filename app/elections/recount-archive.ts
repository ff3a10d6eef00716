import { readArchive, DEFAULT_LIMITS, type ArchiveLimits } from '../belenios/archive'
import { recordOfEntries } from '../belenios/record'
import { thresholdHooks } from '../belenios/threshold/verify-hooks'
import {
  verifyElectionRecord,
  verifyElectionRecordYielding,
  type ElectionRecord,
  type VerifyOutcome,
} from '../belenios/verify'
import { tally, type ElectionResult, type Outcome, type SeatRules, type TallyContest } from './tally'

// What anyone can do with a published Belenios archive (`<uuid>.bel`, issue #20): read it with our
// reader (refusing a broken chain), verify everything in it with our own verifier (every ballot's
// proofs, the encrypted tally, the partial decryptions, the result), and map the per-question
// counts back to contests and candidacies with the questions map results.json publishes, then
// recompute the seats with the same pure `tally()` the server uses, from those counts, the paper
// counts and the seat rules results.json publishes. No database, no server. Archives with the
// commission's threshold key (ADR 032: a Single server key and a Pedersen k-of-n group) are
// verified fully through the threshold hooks. What it cannot see: ballots stuffed by the server with credentials it
// holds (ADR 029).

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

export type CheckOptions = {
  /** The last event hash published for the archive: catches a truncated archive. */
  lastEventHash?: string
  /** The archive is said to be final (listed in a published result): it must hold its Result. */
  final?: boolean
  /** The reader's bounds (default: DEFAULT_LIMITS, or `archiveLimitsFromEnv` in the CLI). */
  limits?: ArchiveLimits
}

/**
 * Reads and verifies one archive. `expectedLast` (or `lastEventHash`), the hash published for it,
 * catches a truncated archive (a prefix of a valid archive is itself valid: only the published
 * last hash tells).
 */
export function checkArchive(bytes: Uint8Array, options: string | CheckOptions = {}): CheckedArchive {
  const read = readRecord(bytes, options)
  if (!read.ok) return read
  return checkedOf(
    read.record,
    read.lastHash,
    verifyElectionRecord(read.record, { threshold: thresholdHooks }),
  )
}

/** checkArchive, giving the event loop a turn between ballots (a process that must stay responsive). */
export async function checkArchiveYielding(
  bytes: Uint8Array,
  options: string | CheckOptions = {},
): Promise<CheckedArchive> {
  const read = readRecord(bytes, options)
  if (!read.ok) return read
  const verified = await verifyElectionRecordYielding(read.record, { threshold: thresholdHooks })
  return checkedOf(read.record, read.lastHash, verified)
}

function readRecord(
  bytes: Uint8Array,
  options: string | CheckOptions,
): { ok: true; record: ElectionRecord; lastHash: string } | { ok: false; error: string; detail?: string } {
  const { lastEventHash, final, limits } = typeof options === 'string' ? { lastEventHash: options } : options
  const read = readArchive(bytes, limits ?? DEFAULT_LIMITS)
  if (!read.ok)
    return {
      ok: false,
      error: 'broken_archive',
      detail: `${read.error}${read.at !== undefined ? ` at event ${read.at}` : ''}`,
    }
  const lastHash = read.entries[read.entries.length - 1]!.hash
  if (lastEventHash !== undefined && lastEventHash !== lastHash)
    return { ok: false, error: 'last_event_mismatch', detail: `archive ends at ${lastHash}` }
  const outcome = recordOfEntries(read.entries, { final, lastEventHash })
  if (!outcome.ok)
    return {
      ok: false,
      error: 'unreadable_record',
      detail: `${outcome.error}${outcome.at !== undefined ? ` at event ${outcome.at}` : ''}`,
    }
  return { ok: true, record: outcome.value, lastHash }
}

function checkedOf(record: ElectionRecord, lastHash: string, verified: VerifyOutcome): CheckedArchive {
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
    lastEventHash: lastHash,
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
  /** The seat rules (results.json from issue #20 on; elections.json publishes the same). */
  rules?: {
    overall_seats: number
    parity: { enabled: boolean; min_share: number; counts_towards: string[] }
    draw_seed: string
  }
  draw_seed?: string
  contests: {
    id: string
    seats?: number
    alternates?: number
    blank: number
    void: number
    candidates: {
      id: string
      name?: string
      votes: number
      rank?: number
      outcome?: Outcome
      /** Public once the count is done (ballots.json carries them too); the tie-break's inputs. */
      gender?: string
      seniority?: string
    }[]
  }[]
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

export type SeatRecount =
  | {
      ok: true
      result: ElectionResult
      /** What differs from the published ranks and outcomes; [] when the seats match. */
      differences: string[]
    }
  | { ok: false; error: string }

/**
 * Recomputes the seats with the server's own pure `tally()` (segments, parity displacement,
 * alternates, most-voted-overall seats, tie-break) from the recounted votes and what results.json
 * publishes about the contests (seats, alternates, each candidate's gender and seniority rank) and
 * the rules, then compares each candidate's rank and outcome with the published ones.
 */
export function recountSeats(contests: Map<string, ContestCounts>, published: PublishedResults): SeatRecount {
  const r = published.rules
  if (!r) return { ok: false, error: 'results.json has no seat rules (published before issue #20)' }
  const rules: SeatRules = {
    overallSeats: r.overall_seats,
    parity: {
      enabled: r.parity.enabled,
      minShare: r.parity.min_share,
      countsTowards: r.parity.counts_towards,
    },
    drawSeed: r.draw_seed,
  }
  const input: TallyContest[] = []
  for (const p of published.contests) {
    if (p.seats === undefined || p.alternates === undefined)
      return { ok: false, error: `contest ${p.id}: results.json has no seats or alternates` }
    const c = contests.get(p.id)
    const candidates = []
    for (const x of p.candidates) {
      if (x.gender === undefined || x.seniority === undefined)
        return { ok: false, error: `contest ${p.id}: candidacy ${x.id} has no gender or seniority` }
      candidates.push({
        id: x.id,
        name: x.name ?? x.id,
        gender: x.gender,
        birthDate: x.seniority,
        votes: c?.candidates.get(x.id) ?? 0,
      })
    }
    input.push({
      id: p.id,
      seats: p.seats,
      alternates: p.alternates,
      blank: c?.blank ?? 0,
      void: c?.void ?? 0,
      candidates,
    })
  }
  const result = tally(input, rules)
  const differences: string[] = []
  for (const contest of result.contests) {
    const p = published.contests.find((x) => x.id === contest.id)!
    for (const k of contest.candidates) {
      const q = p.candidates.find((x) => x.id === k.id)!
      if (q.outcome !== k.outcome)
        differences.push(
          `contest ${contest.id}: candidacy ${k.id} ${k.outcome} ≠ published ${q.outcome ?? '(none)'}`,
        )
      if (q.rank !== undefined && q.rank !== k.rank)
        differences.push(`contest ${contest.id}: candidacy ${k.id} rank ${k.rank} ≠ published ${q.rank}`)
    }
  }
  return { ok: true, result, differences }
}

/**
 * The reader's bounds for the CLI from the environment (BELENIOS_MAX_ARCHIVE_BYTES,
 * BELENIOS_MAX_ARCHIVE_ENTRIES), each no lower than 1 and falling back to DEFAULT_LIMITS.
 */
export function archiveLimitsFromEnv(env: Record<string, string | undefined>): ArchiveLimits {
  const read = (name: string, fallback: number) => {
    const v = env[name]
    const n = v === undefined ? NaN : Number(v)
    return Number.isSafeInteger(n) && n >= 1 ? n : fallback
  }
  return {
    ...DEFAULT_LIMITS,
    maxTotalBytes: read('BELENIOS_MAX_ARCHIVE_BYTES', DEFAULT_LIMITS.maxTotalBytes),
    maxEntries: read('BELENIOS_MAX_ARCHIVE_ENTRIES', DEFAULT_LIMITS.maxEntries),
  }
}
