import { openArchive, openArchiveWithMap, publicArchives } from '../belenios/publish.server'
import { originalLanguage, pickText, textsOnly } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { storedSnapshot, type Snapshot } from '../lib/snapshots.server'
import { boardBallots, boardCodes, publicResults, tallyInput } from './counting.server'
import { listPublicElections } from './lifecycle.server'
import { confirmedPaperCounts } from './paper-counts.server'
import { boardPublic, resultsPublic } from './phases'
import type { ElectionRules } from './rules-summary'
import { DEFAULT_RULES } from './tally'

// The open-data contract (stable: fields are only ever added). Documented in docs/open-data.md.
export const OPEN_DATA_VERSION = 1

export async function electionsIndex(db: DB, origin: string) {
  const elections = await listPublicElections(db)
  const setup = await publicSetup(
    db,
    elections.map((e) => e.id),
  )
  const archives = new Map(
    await Promise.all(elections.map(async (e) => [e.id, await publicArchives(db, e.id)] as const)),
  )
  const formats = new Map(
    elections.length === 0
      ? []
      : (
          await db
            .selectFrom('elections')
            .select(['id', 'ballot_format'])
            .where(
              'id',
              'in',
              elections.map((e) => e.id),
            )
            .execute()
        ).map((e) => [e.id, e.ballot_format] as const),
  )
  return {
    version: OPEN_DATA_VERSION,
    elections: elections.map((e) => ({
      id: e.id,
      body: e.body,
      title: textsOnly(e.title_i18n),
      original_language: originalLanguage(e.title_i18n),
      title_pt_br: pickText(e.title_i18n, 'pt-BR').text,
      phase: e.phase,
      voting_starts: e.voting_starts,
      voting_ends: e.voting_ends,
      results_url: resultsPublic(e.phase) ? `${origin}/open-data/elections/${e.id}/results.json` : null,
      // A 'belenios' election has no plaintext board: its archives are the board (ADR 034).
      ballot_format: formats.get(e.id) ?? 'plain',
      ballots_url:
        boardPublic(e.phase) && formats.get(e.id) !== 'belenios'
          ? `${origin}/open-data/elections/${e.id}/ballots.json`
          : null,
      ...setup.get(e.id)!,
      // The Belenios archives (#20): public from their Setup on, growing as voting goes on.
      belenios_archives: archives.get(e.id)!.map((a) => openArchive(origin, e.id, a)),
    })),
  }
}

/** results.json: the published result, with the archives it was counted from and their maps. */
export async function openResults(db: DB, electionId: string, origin: string) {
  const results = await publicResults(db, electionId)
  if (!results) return null
  const archives = await publicArchives(db, electionId)
  return {
    version: OPEN_DATA_VERSION,
    ...results,
    belenios_archives: archives.map((a) => openArchiveWithMap(origin, electionId, a)),
  }
}

/**
 * What an election elects, public from the moment it is (before any candidacy or result): its
 * contests with their seats and alternates, and the rules that turn votes into seats (issue #17).
 */
async function publicSetup(db: DB, electionIds: string[]) {
  const out = new Map<string, { rules: ReturnType<typeof openRules>; contests: OpenContest[] }>()
  if (electionIds.length === 0) return out
  const [rules, contests] = await Promise.all([
    db.selectFrom('elections').select(['id', 'rules']).where('id', 'in', electionIds).execute(),
    db
      .selectFrom('contests')
      .leftJoin('subprefectures', 'subprefectures.id', 'contests.subprefecture_id')
      .select([
        'contests.id',
        'contests.election_id',
        'contests.kind',
        'contests.segment',
        'contests.subprefecture_id',
        'subprefectures.name as subprefecture',
        'contests.seats',
        'contests.alternates',
      ])
      .where('contests.election_id', 'in', electionIds)
      .orderBy('contests.election_id')
      .orderBy('contests.position')
      .execute(),
  ])
  for (const e of rules) out.set(e.id, { rules: openRules(e.rules), contests: [] })
  for (const { election_id, ...c } of contests) out.get(election_id)!.contests.push(c)
  return out
}

type OpenContest = {
  id: string
  kind: 'segment' | 'subprefecture'
  segment: string | null
  subprefecture_id: number | null
  subprefecture: string | null
  seats: number
  alternates: number
}

/** The seat rules as published: the overall seats, parity and the tie-break's seed. */
function openRules(stored: string) {
  const rules = { ...DEFAULT_RULES, ...(JSON.parse(stored) as Partial<ElectionRules>) }
  return {
    overall_seats: rules.overallSeats,
    parity: {
      enabled: rules.parity.enabled,
      min_share: rules.parity.minShare,
      counts_towards: rules.parity.countsTowards,
    },
    tie_break: ['votes', 'older_candidate', 'draw'],
    draw_seed: rules.drawSeed,
    composition: rules.composition
      ? {
          seats: rules.composition.seats,
          government_seats: rules.composition.governmentSeats,
          civil_society_seats: rules.composition.civilSocietySeats,
          alternates_per_seat: rules.composition.alternatesPerSeat,
        }
      : null,
  }
}

/**
 * A 'belenios' election's answer at ballots.json (ADR 034): there is no plaintext board, only the
 * public archives (from the opening of the vote on); null for any other election.
 */
export async function beleniosBoardPointer(db: DB, electionId: string, origin: string) {
  const election = await db
    .selectFrom('elections')
    .select(['phase', 'ballot_format'])
    .where('id', '=', electionId)
    .executeTakeFirst()
  if (!election || election.ballot_format !== 'belenios' || election.phase === 'draft') return null
  return {
    version: OPEN_DATA_VERSION,
    election: electionId,
    ballot_format: 'belenios' as const,
    ballots: null,
    belenios_archives: (await publicArchives(db, electionId)).map((a) => openArchive(origin, electionId, a)),
  }
}

/** The bulletin board (ballots.json): only once voting has closed and the count is done. */
export async function bulletinBoard(db: DB, electionId: string) {
  const election = await db
    .selectFrom('elections')
    .select(['phase', 'rules'])
    .where('id', '=', electionId)
    .executeTakeFirst()
  if (!election || !boardPublic(election.phase)) return null
  const heads = await db
    .selectFrom('bulletin_boards')
    .selectAll()
    .where('election_id', '=', electionId)
    .executeTakeFirst()
  if (!heads) return null
  const input = await tallyInput(db, electionId)
  const dates = [...new Set(input.contests.flatMap((c) => c.candidates.map((x) => x.birthDate)))].sort()
  const seniority = (birthDate: string) => String(dates.indexOf(birthDate) + 1).padStart(4, '0')
  return {
    election: electionId,
    heads: { ballots: heads.ballots_head, trackingCodes: heads.codes_head },
    published_at: heads.published_at,
    rules: input.rules,
    // Birth dates are personal data; the tie-break only needs their order, so the board carries
    // a seniority rank (equal dates, equal rank) that sorts exactly like them.
    contests: input.contests.map((c) => ({
      id: c.id,
      seats: c.seats,
      alternates: c.alternates,
      candidates: c.candidates.map((x) => ({
        id: x.id,
        name: x.name,
        gender: x.gender,
        seniority: seniority(x.birthDate),
      })),
    })),
    tracking_codes: await boardCodes(db, electionId),
    ballots: await boardBallots(db, electionId),
    // Paper ballots (#17): the confirmed count of each paper polling place, added by the recount.
    paper_counts: (await confirmedPaperCounts(db, electionId)).map((p) => ({
      polling_place: p.placeId,
      name: p.name,
      lines: p.lines.map((l) => ({
        contest: l.contestId,
        choice: l.choice,
        candidacy: l.candidacyId,
        votes: l.votes,
      })),
    })),
  }
}

/**
 * ballots.json as served: the board is built once per change and stored (#16.4). After the count
 * the board only changes with its hash heads (a new count) or its publication time; the phase is
 * in the version too, so any move of the election rebuilds it. Null while the board is not public.
 */
export async function bulletinBoardSnapshot(db: DB, electionId: string): Promise<Snapshot | null> {
  const state = await db
    .selectFrom('elections')
    .leftJoin('bulletin_boards', 'bulletin_boards.election_id', 'elections.id')
    .select([
      'elections.phase',
      'bulletin_boards.ballots_head',
      'bulletin_boards.codes_head',
      'bulletin_boards.published_at',
    ])
    .where('elections.id', '=', electionId)
    .executeTakeFirst()
  if (!state || !boardPublic(state.phase) || state.ballots_head === null) return null
  return storedSnapshot(db, {
    kind: 'ballots_json',
    key: electionId,
    version: JSON.stringify([
      OPEN_DATA_VERSION,
      state.phase,
      state.ballots_head,
      state.codes_head,
      state.published_at,
    ]),
    compute: async () => {
      const board = await bulletinBoard(db, electionId)
      return board && { version: OPEN_DATA_VERSION, ...board }
    },
  })
}
