import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { originalLanguage, textsOnly } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { chainHead, type BoardBallot } from './board'
import { getElection } from './lifecycle.server'
import { confirmedPaperCounts } from './paper-counts.server'
import { listPollingPlaces } from './polling-places.server'
import { resultsPublic } from './phases'
import { withVerifiableCounts, type ContestCount } from './verifiable.server'
import { DEFAULT_RULES, tally, type ElectionResult, type SeatRules, type TallyContest } from './tally'

// After the vote: the count (one GROUP BY over the anonymous ballots, then the pure `tally`), the
// bulletin board's hash-chain heads, the seating of the elected at the official result, turnout,
// and the public result. Everything here only reads ballots, tracking codes and participation.

type Tx = Transaction<Database>

// ---------- counting ----------

export async function tallyInput(
  db: DB | Tx,
  electionId: string,
): Promise<{ contests: TallyContest[]; rules: SeatRules }> {
  const election = await db
    .selectFrom('elections')
    .select('rules')
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow()
  const contests = await db
    .selectFrom('contests')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('position')
    .execute()
  const candidates = await db
    .selectFrom('candidacies')
    .select(['id', 'contest_id', 'display_name', 'gender', 'birth_date'])
    .where('election_id', '=', electionId)
    .where('status', '=', 'accepted')
    .execute()
  // One aggregate query: counting 1,000,000 ballots is a GROUP BY, not a loop over rows.
  const counts = await db
    .selectFrom('ballots')
    .select(['contest_id', 'choice', 'candidacy_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('election_id', '=', electionId)
    .groupBy(['contest_id', 'choice', 'candidacy_id'])
    .execute()
  // Paper ballots (#17): each confirmed count of a paper polling place adds its lines.
  const paper = (await confirmedPaperCounts(db, electionId)).flatMap((p) => p.lines)
  const votes = (contestId: string, choice: string, candidacyId: string | null) =>
    Number(
      counts.find((c) => c.contest_id === contestId && c.choice === choice && c.candidacy_id === candidacyId)
        ?.n ?? 0,
    ) +
    paper
      .filter((l) => l.contestId === contestId && l.choice === choice && l.candidacyId === candidacyId)
      .reduce((sum, l) => sum + l.votes, 0)
  return {
    rules: { ...DEFAULT_RULES, ...(JSON.parse(election.rules) as Partial<SeatRules>) },
    contests: contests.map((contest) => ({
      id: contest.id,
      seats: contest.seats,
      alternates: contest.alternates,
      blank: votes(contest.id, 'blank', null),
      void: votes(contest.id, 'void', null),
      candidates: candidates
        .filter((c) => c.contest_id === contest.id)
        .map((c) => ({
          id: c.id,
          name: c.display_name,
          gender: c.gender,
          birthDate: c.birth_date,
          votes: votes(contest.id, 'candidate', c.id),
        })),
    })),
  }
}

/**
 * Counts and stores the result. `verifiableCounts`: a 'belenios' election's per-contest counts
 * from its archives (finishArchives), added to the paper counts (ADR 034).
 */
export async function countAndStore(
  trx: Tx,
  electionId: string,
  verifiableCounts?: ContestCount[],
): Promise<ElectionResult> {
  const input = await tallyInput(trx, electionId)
  const contests = verifiableCounts ? withVerifiableCounts(input.contests, verifiableCounts) : input.contests
  const result = tally(contests, input.rules)
  await trx
    .updateTable('elections')
    .set({ results: JSON.stringify(result) })
    .where('id', '=', electionId)
    .execute()
  return result
}

/** Ballots in board order: sorted by their random ids, i.e. an order unrelated to casting time. */
// ---------- bulletin board ----------

export async function boardBallots(db: DB | Tx, electionId: string): Promise<BoardBallot[]> {
  const rows = await db
    .selectFrom('ballots')
    .select(['contest_id', 'choice', 'candidacy_id'])
    .where('election_id', '=', electionId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ contest: r.contest_id, choice: r.choice, candidacy: r.candidacy_id }))
}

export async function boardCodes(db: DB | Tx, electionId: string): Promise<string[]> {
  return (
    await db
      .selectFrom('tracking_codes')
      .select('code')
      .where('election_id', '=', electionId)
      .orderBy('code')
      .execute()
  ).map((r) => r.code)
}

export async function publishBoard(trx: Tx, electionId: string) {
  const [ballots, codes] = await Promise.all([boardBallots(trx, electionId), boardCodes(trx, electionId)])
  await trx
    .insertInto('bulletin_boards')
    .values({
      election_id: electionId,
      ballots_head: chainHead(ballots),
      codes_head: chainHead(codes),
      ballot_count: ballots.length,
      code_count: codes.length,
      published_at: nowIso(),
    })
    .execute()
}

export async function isCodeOnBoard(db: DB, input: { electionId: string; code: string }): Promise<boolean> {
  const normal =
    input.code
      .trim()
      .toUpperCase()
      .replace(/[^A-Z2-7]/g, '')
      .match(/.{1,4}/g)
      ?.join('-') ?? ''
  return Boolean(
    await db
      .selectFrom('tracking_codes')
      .select('code')
      .where('election_id', '=', input.electionId)
      .where('code', '=', normal)
      .executeTakeFirst(),
  )
}

/** What the verification page says about a code a voter typed (any case, with or without dashes). */
export async function verifyTrackingCode(
  db: DB,
  input: { electionId: string; code: string },
): Promise<'found' | 'not_found' | 'malformed'> {
  const letters = input.code.toUpperCase().replace(/[^A-Z2-7]/g, '')
  if (letters.length !== 16) return 'malformed'
  return (await isCodeOnBoard(db, input)) ? 'found' : 'not_found'
}

// ---------- official result ----------

/**
 * The official result seats the elected as council members (titular) and the alternates in rank
 * order; elected people with an account get the counsellor role. Runs once, at official_result.
 */
export async function recordElectedCouncilMembers(
  trx: Tx,
  input: { electionId: string; termStarts: string },
) {
  const { electionId, termStarts } = input
  const election = await trx
    .selectFrom('elections')
    .select(['body', 'results'])
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow()
  if (!election.results) return
  const result = JSON.parse(election.results) as ElectionResult
  const contests = await trx
    .selectFrom('contests')
    .select(['id', 'segment', 'subprefecture_id'])
    .where('election_id', '=', electionId)
    .execute()
  const candidacies = await trx
    .selectFrom('candidacies')
    .select(['id', 'user_id', 'display_name', 'organisation_name'])
    .where('election_id', '=', electionId)
    .execute()
  for (const contest of result.contests) {
    const meta = contests.find((c) => c.id === contest.id)!
    let alternateRank = 0
    for (const c of contest.candidates) {
      if (c.outcome === 'not_elected') continue
      const seat = c.outcome === 'alternate' ? 'alternate' : 'titular'
      const candidacy = candidacies.find((x) => x.id === c.id)!
      await trx
        .insertInto('council_members')
        .values({
          id: newId(),
          body: election.body,
          subprefecture_id: meta.subprefecture_id,
          segment: meta.segment,
          election_id: electionId,
          candidacy_id: c.id,
          user_id: candidacy.user_id,
          display_name: candidacy.organisation_name ?? candidacy.display_name,
          seat,
          rank: seat === 'alternate' ? ++alternateRank : c.rank,
          term_starts: termStarts,
          term_ends: null,
        })
        .onConflict((oc) => oc.column('candidacy_id').doNothing())
        .execute()
      if (seat === 'titular' && candidacy.user_id) {
        await trx
          .insertInto('user_roles')
          .values({ user_id: candidacy.user_id, role: 'counsellor', granted_by: null, granted_at: nowIso() })
          .onConflict((oc) => oc.doNothing())
          .execute()
      }
    }
  }
}

export async function councilMembers(db: DB, electionId: string) {
  return db
    .selectFrom('council_members')
    .select(['display_name', 'seat', 'rank', 'segment', 'subprefecture_id'])
    .where('election_id', '=', electionId)
    .orderBy('seat', 'desc')
    .orderBy('rank')
    .execute()
}

/** Voters on the roll and voters who voted, per contest (CMI segments share the whole roll). */
// ---------- turnout and the public result ----------

export async function turnout(db: DB, electionId: string) {
  const [roll, voted] = await Promise.all([
    db
      .selectFrom('voter_rolls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('election_id', '=', electionId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('voter_participation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('election_id', '=', electionId)
      .executeTakeFirstOrThrow(),
  ])
  return { roll: Number(roll.n), voted: Number(voted.n) }
}

export async function turnoutByContest(
  db: DB,
  electionId: string,
): Promise<Record<string, { roll: number; voted: number }>> {
  const contests = await db
    .selectFrom('contests')
    .select(['id', 'kind', 'subprefecture_id'])
    .where('election_id', '=', electionId)
    .execute()
  const roll = await db
    .selectFrom('voter_rolls')
    .select(['subprefecture_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('election_id', '=', electionId)
    .groupBy('subprefecture_id')
    .execute()
  const voted = await db
    .selectFrom('voter_participation as p')
    .innerJoin('voter_rolls as v', (j) =>
      j.onRef('v.election_id', '=', 'p.election_id').onRef('v.registration_id', '=', 'p.registration_id'),
    )
    .select(['v.subprefecture_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('p.election_id', '=', electionId)
    .groupBy('v.subprefecture_id')
    .execute()
  const sum = (rows: { subprefecture_id: number; n: number }[], sub: number | null) =>
    rows.filter((r) => sub === null || r.subprefecture_id === sub).reduce((t, r) => t + Number(r.n), 0)
  return Object.fromEntries(
    contests.map((c) => [
      c.id,
      {
        roll: sum(roll, c.kind === 'segment' ? null : c.subprefecture_id),
        voted: sum(voted, c.kind === 'segment' ? null : c.subprefecture_id),
      },
    ]),
  )
}

/** The public result (page and open data), from the preliminary result on. */
export async function publicResults(db: DB, electionId: string) {
  const found = await getElection(db, electionId)
  if (!found || !resultsPublic(found.election.phase) || !found.election.results) return null
  const result = JSON.parse(found.election.results) as ElectionResult
  const [turnoutMap, heads, candidacies, places, paperCounts] = await Promise.all([
    turnoutByContest(db, electionId),
    db.selectFrom('bulletin_boards').selectAll().where('election_id', '=', electionId).executeTakeFirst(),
    db
      .selectFrom('candidacies')
      .select(['id', 'organisation_name', 'kind'])
      .where('election_id', '=', electionId)
      .execute(),
    listPollingPlaces(db, electionId),
    confirmedPaperCounts(db, electionId),
  ])
  return {
    election: {
      id: found.election.id,
      body: found.election.body,
      // The texts only, as every open-data document (ADR 027): the reserved keys are bookkeeping.
      title: textsOnly(found.election.title_i18n),
      original_language: originalLanguage(found.election.title_i18n),
      phase: found.election.phase,
      gazette_reference: found.election.gazette_reference,
    },
    status: found.election.phase === 'preliminary_result' ? ('preliminary' as const) : ('official' as const),
    // 'belenios' (ADR 034): the online and booth votes are the decrypted results of the public
    // archives (belenios_archives in results.json); paper counts are added outside the encrypted
    // tally (ADR 017, 033), so a recount adds them to the archives' results.
    ballot_format: found.election.ballot_format,
    paper_counts_outside_encrypted_tally:
      found.election.ballot_format === 'belenios' && paperCounts.length > 0,
    parity: result.parity,
    draw_seed: result.drawSeed,
    bulletin_board: heads
      ? {
          ballots_head: heads.ballots_head,
          tracking_codes_head: heads.codes_head,
          ballots: heads.ballot_count,
          tracking_codes: heads.code_count,
          published_at: heads.published_at,
        }
      : null,
    contests: result.contests.map((c) => {
      const meta = found.contests.find((x) => x.id === c.id)!
      return {
        id: c.id,
        kind: meta.kind,
        segment: meta.segment,
        subprefecture: meta.subprefecture,
        seats: c.seats,
        alternates: meta.alternates,
        empty_seats: c.emptySeats,
        valid: c.validVotes,
        blank: c.blank,
        void: c.void,
        total: c.total,
        turnout: turnoutMap[c.id] ?? { roll: 0, voted: 0 },
        candidates: c.candidates.map((x) => ({
          id: x.id,
          name: x.name,
          organisation: candidacies.find((k) => k.id === x.id)?.organisation_name ?? null,
          votes: x.votes,
          rank: x.rank,
          outcome: x.outcome,
          tie_broken_by: x.tieBrokenBy,
          displaced_by_parity: x.displaced,
          seated_by_parity: x.displacedIn,
        })),
      }
    }),
    polling_places: pollingPlacesWithCounts(places, paperCounts),
  }
}

/**
 * The results page: the public result, and the stored texts the page shows in the reader's
 * language (ADR 027) — the election's title and each polling place's name, with their translations
 * and bookkeeping, which the open-data document leaves out.
 */
export async function resultsPage(db: DB, electionId: string) {
  const results = await publicResults(db, electionId)
  if (!results) return null
  const [election, places] = await Promise.all([
    db.selectFrom('elections').select('title_i18n').where('id', '=', electionId).executeTakeFirstOrThrow(),
    listPollingPlaces(db, electionId),
  ])
  return {
    ...results,
    title_i18n: election.title_i18n,
    placeNames: Object.fromEntries(places.map((p) => [p.id, p.name_i18n])),
  }
}

/** Per polling place (#17): where and how it voted and, for a paper place, its confirmed count. */
function pollingPlacesWithCounts(
  places: Awaited<ReturnType<typeof listPollingPlaces>>,
  counts: Awaited<ReturnType<typeof confirmedPaperCounts>>,
) {
  return places.map((p) => {
    const count = counts.find((c) => c.placeId === p.id)
    const contestIds = [...new Set(count?.lines.map((l) => l.contestId) ?? [])]
    const of = (contestId: string, choice: string) =>
      count!.lines.filter((l) => l.contestId === contestId && l.choice === choice)
    return {
      id: p.id,
      name: p.name,
      address: p.address,
      language: p.text_language,
      opens_at: p.opens_at,
      closes_at: p.closes_at,
      method: p.method,
      subprefectures: p.subprefectures.map((s) => s.name),
      paper_count: count
        ? {
            confirmed_at: count.confirmedAt,
            contests: contestIds.map((id) => ({
              id,
              candidates: of(id, 'candidate').map((l) => ({ id: l.candidacyId!, votes: l.votes })),
              blank: of(id, 'blank')[0]?.votes ?? 0,
              void: of(id, 'void')[0]?.votes ?? 0,
            })),
          }
        : null,
    }
  })
}

export type PublicResults = NonNullable<Awaited<ReturnType<typeof publicResults>>>
