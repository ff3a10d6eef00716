import { sql, type Transaction } from 'kysely'
import { SEGMENTS, type BallotFormat, type Database, type ElectionPhase } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { electedComposition } from '../council/bodies.server'
import { type I18nText } from '../i18n/content'
import { contentTypedTogether } from '../translations/typed-together'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { sealingKey, type SealingKey } from '../lib/sealed.server'
import { unresolvedDuplicateCount } from '../registration/duplicate-review.server'
import { sealBallotStorage, vacuumBallotStorage } from './ballot-storage.server'
import { countAndStore, publishBoard, recordElectedCouncilMembers } from './counting.server'
import { unconfirmedPaperPlaces } from './paper-counts.server'
import { atLeast, nextPhase } from './phases'
import { votingEnded, votingWindowState } from './polling-place'
import { defaultSplit, splitError, type PerSegment, type SeatSplit, type SplitError } from './seat-split'
import { DEFAULT_SHARE_THRESHOLDS, type ShareThresholds } from './seats'
import { seatsOf } from './shares.server'
import type { SeatRules } from './tally'
import { commissionThresholdParameters } from './trustees.server'
import { decryptionProgress, endBallots, finishArchives, prepareArchives } from './verifiable.server'
import { cancelUnusedBoothTokens, rollEntryOfUser } from './voting.server'

// An election from creation to the official result: reading it, configuring it, and moving it
// through its phases (each move's side effects happen in the same transaction), plus the frozen
// voter roll and the ballot a voter is shown. Casting is in voting.server.ts.

type Tx = Transaction<Database>

// ---------- listing and reading ----------

export async function listElections(db: DB) {
  await closeEndedVoting(db)
  return db
    .selectFrom('elections')
    .select(['id', 'body', 'title_i18n', 'phase', 'voting_starts', 'voting_ends'])
    .orderBy('created_at', 'desc')
    .execute()
}

/** Elections the public sees: every one but those still being prepared (draft). */
export async function listPublicElections(db: DB) {
  return (await listElections(db)).filter((e) => e.phase !== 'draft')
}

export async function getElection(db: DB, id: string, now: Date = new Date()) {
  let election = await db.selectFrom('elections').selectAll().where('id', '=', id).executeTakeFirst()
  if (!election) return null
  // Applied lazily on read: a page loaded after the end shows the election closed even if the
  // periodic close (closeEndedVoting) has not run yet.
  if (votingEnded(election, now)) {
    await closeVotingAtEnd(db, election.id, now)
    election = await db.selectFrom('elections').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  }
  const contests = await db
    .selectFrom('contests')
    .leftJoin('subprefectures', 'subprefectures.id', 'contests.subprefecture_id')
    .select([
      'contests.id',
      'contests.kind',
      'contests.segment',
      'contests.subprefecture_id',
      'contests.seats',
      'contests.alternates',
      'contests.position',
      'contests.immigrant_population',
      'contests.total_population',
      'contests.share_source',
      'contests.share_reference_date',
      'subprefectures.name as subprefecture',
    ])
    .where('contests.election_id', '=', id)
    .orderBy('contests.position')
    .execute()
  return { election, contests, rules: JSON.parse(election.rules) as SeatRules }
}

async function acceptedCandidates(db: DB, contestId: string) {
  return db
    .selectFrom('candidacies')
    .select(['id', 'display_name', 'organisation_name', 'kind', 'statement_i18n', 'status', 'gender'])
    .where('contest_id', '=', contestId)
    .where('status', '=', 'accepted')
    .orderBy('display_name')
    .execute()
}

// ---------- configuration ----------

export type NewElection = {
  body: 'cmi' | 'cpm'
  title: I18nText
  description: I18nText
  /** CMI: seats per segment; without it, the council's civil-society seats less the overall ones, shared evenly. */
  segmentSeats?: PerSegment
  /** CMI: alternates per segment; without it, the alternates the council's seats carry, shared evenly. */
  segmentAlternates?: PerSegment
  /** CPM: seats per subprefecture from the immigrant share (2015 rule by default). */
  shareThresholds?: ShareThresholds
  /** CPM: alternates per subprefecture. */
  alternates: number
  rules: SeatRules
}

export type CreateElectionError = 'no_open_cycle' | SplitError['error']

export async function createElection(
  db: DB,
  input: NewElection & {
    actorUserId: string
    /** 'belenios' unless a test asks for the old plaintext format (ADR 034); no staff form offers it. */
    ballotFormat?: BallotFormat
  },
): Promise<Result<{ id: string }, CreateElectionError>> {
  const cycle = await db
    .selectFrom('census_cycles')
    .select('id')
    .where('is_current', '=', 1)
    .executeTakeFirst()
  if (!cycle) return err('no_open_cycle')
  // A CMI election fills the council's civil-society seats: its split must fit the composition,
  // which is kept with the election's rules (the body may change later; this election does not).
  const composition = await electedComposition(db, input.body)
  let split: SeatSplit | null = null
  if (composition) {
    const start = defaultSplit(composition, input.rules.overallSeats)
    split = {
      seats: input.segmentSeats ?? start.seats,
      overallSeats: input.rules.overallSeats,
      alternates: input.segmentAlternates ?? start.alternates,
    }
    const refused = splitError(split, composition)
    if (refused) return err(refused.error, refused.field)
  }
  const rules = composition ? { ...input.rules, composition } : input.rules
  const id = newId()
  const at = nowIso()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('elections')
      .values({
        id,
        body: input.body,
        cycle_id: cycle.id,
        // Typed in several languages at once: Portuguese is the original, the others are
        // translations of it, with their basis recorded (ADR 027).
        title_i18n: contentTypedTogether(input.title),
        description_i18n: contentTypedTogether(input.description),
        phase: 'draft',
        ballot_format: input.ballotFormat ?? 'belenios',
        rules: JSON.stringify(rules),
        created_at: at,
        updated_at: at,
      })
      .execute()
    if (split) {
      const { seats, alternates } = split
      const rows = SEGMENTS.map((segment, i) => ({
        id: newId(),
        election_id: id,
        kind: 'segment' as const,
        segment,
        subprefecture_id: null,
        seats: seats[segment],
        alternates: alternates[segment],
        position: i + 1,
      }))
      await trx.insertInto('contests').values(rows).execute()
    } else {
      // The imported figures (issue #17), kept with each contest: the seats and the share they came
      // from stay together when a later import changes the current figures.
      const subs = await trx
        .selectFrom('subprefectures')
        .select([
          'id',
          'immigrant_share_pct',
          'immigrant_population',
          'total_population',
          'share_source',
          'share_reference_date',
        ])
        .orderBy('name')
        .execute()
      const thresholds = input.shareThresholds ?? DEFAULT_SHARE_THRESHOLDS
      await trx
        .insertInto('contests')
        .values(
          subs.map((s, i) => ({
            id: newId(),
            election_id: id,
            kind: 'subprefecture' as const,
            segment: null,
            subprefecture_id: s.id,
            seats: seatsOf(s, thresholds),
            alternates: input.alternates,
            position: i + 1,
            immigrant_population: s.immigrant_population,
            total_population: s.total_population,
            share_source: s.share_source,
            share_reference_date: s.share_reference_date,
          })),
        )
        .execute()
    }
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.create',
      entityType: 'election',
      entityId: id,
      after: {
        body: input.body,
        rules,
        split,
        ...(input.body === 'cpm'
          ? { shareThresholds: input.shareThresholds ?? DEFAULT_SHARE_THRESHOLDS }
          : {}),
      },
    })
  })
  return ok({ id })
}

/**
 * The calendar shown to voters. The candidacy deadline can be extended until review starts; the
 * voting window can change until voting opens. The appeal window (days from a rejection notice)
 * can change until the list is final; a rejection already told keeps the date it was given.
 * Phases themselves move only by advancePhase.
 */
export async function setCalendar(
  db: DB,
  input: {
    actorUserId: string
    electionId: string
    candidacyDeadline?: string
    votingStarts?: string
    votingEnds?: string
    appealDays?: number
  },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'window_order'>> {
  const { actorUserId, electionId, appealDays, ...dates } = input
  return db.transaction().execute(async (trx) => {
    const e = await trx
      .selectFrom('elections')
      .select(['phase', 'candidacy_deadline', 'voting_starts', 'voting_ends', 'candidacy_appeal_days'])
      .where('id', '=', electionId)
      .executeTakeFirst()
    if (!e) return err('not_found')
    if (dates.candidacyDeadline && atLeast(e.phase, 'review')) return err('wrong_phase')
    if ((dates.votingStarts || dates.votingEnds) && atLeast(e.phase, 'voting_open')) return err('wrong_phase')
    if (appealDays !== undefined && appealDays !== e.candidacy_appeal_days && atLeast(e.phase, 'final_list'))
      return err('wrong_phase', 'appealDays')
    const next = {
      candidacy_deadline: dates.candidacyDeadline ?? e.candidacy_deadline,
      voting_starts: dates.votingStarts ?? e.voting_starts,
      voting_ends: dates.votingEnds ?? e.voting_ends,
      candidacy_appeal_days: appealDays ?? e.candidacy_appeal_days,
    }
    if (next.voting_starts && next.voting_ends && next.voting_starts >= next.voting_ends)
      return err('window_order', 'votingEnds')
    await trx
      .updateTable('elections')
      .set({ ...next, updated_at: nowIso() })
      .where('id', '=', electionId)
      .execute()
    await appendAudit(trx, {
      actorUserId,
      action: 'election.calendar',
      entityType: 'election',
      entityId: electionId,
      before: {
        deadline: e.candidacy_deadline,
        starts: e.voting_starts,
        ends: e.voting_ends,
        appealDays: e.candidacy_appeal_days,
      },
      after: next,
    })
    return ok(null)
  })
}

// ---------- phases ----------

export type PhaseError =
  | 'not_found'
  | 'not_next_phase'
  | 'gazette_reference_required'
  | 'unresolved_duplicates'
  | 'no_voting_window'
  | 'voting_window_over'
  | 'paper_count_missing'
  | 'appeal_window_open'
  | 'appeals_undecided'
  /** 'belenios' (ADR 034): voting opens only once the commission's threshold key exists, */
  | 'ceremony_incomplete'
  /** … and with the key that seals credentials (CREDENTIALS_KEY); closing needs it too. */
  | 'no_credentials_key'
  /** The count waits for k commission members' partial decryptions of every archive. */
  | 'decryptions_missing'
  /** The archives could not be prepared, closed or finished (another writer, a damaged archive). */
  | 'archive_failed'

/** Thrown after the phase moved, so that the whole move rolls back (nothing half-done). */
class PhaseAborted extends Error {
  constructor(readonly code: PhaseError) {
    super(code)
  }
}

/** Rejections whose appeal deadline is still running (not appealed yet), and appeals not decided. */
async function appealsPending(db: DB | Transaction<Database>, electionId: string, now: Date) {
  const rows = await db
    .selectFrom('candidacies')
    .select(['status', 'appeal_deadline', 'appeal_text'])
    .where('election_id', '=', electionId)
    // A candidacy kept as a public record after its person erased their account has nobody to appeal.
    .where('user_id', 'is not', null)
    .where('status', 'in', ['rejected', 'appealed'])
    .execute()
  const at = now.toISOString()
  return {
    open: rows.filter(
      (c) =>
        c.status === 'rejected' && c.appeal_text === null && c.appeal_deadline && c.appeal_deadline >= at,
    ).length,
    undecided: rows.filter((c) => c.status === 'appealed').length,
  }
}

/** Moves the election one phase on; the side effects of each step happen in the same transaction. */
export async function advancePhase(
  db: DB,
  input: {
    /** Null: the system (the voting window's end closes the vote by itself). */
    actorUserId: string | null
    electionId: string
    to: ElectionPhase
    gazetteReference?: string
    now?: Date
    /** The credentials key; by default the configured one (sealingKey()). */
    key?: SealingKey | null
  },
): Promise<Result<{ phase: ElectionPhase }, PhaseError>> {
  try {
    return await movePhase(db, input)
  } catch (error) {
    if (error instanceof PhaseAborted) return err(error.code)
    throw error
  }
}

async function movePhase(
  db: DB,
  input: Parameters<typeof advancePhase>[1],
): Promise<Result<{ phase: ElectionPhase }, PhaseError>> {
  const now = input.now ?? new Date()
  const key = input.key === undefined ? sealingKey() : input.key
  const result = await db.transaction().execute(async (trx) => {
    const election = await trx
      .selectFrom('elections')
      .selectAll()
      .where('id', '=', input.electionId)
      .executeTakeFirst()
    if (!election) return err('not_found')
    if (nextPhase(election.phase) !== input.to) return err('not_next_phase')
    if (input.to === 'official_result' && !input.gazetteReference?.trim())
      return err('gazette_reference_required', 'gazetteReference')
    // One person approved twice would be on the frozen roll twice: every likely duplicate is
    // answered by the secretariat before voting opens (ADR 004).
    if (input.to === 'voting_open' && (await unresolvedDuplicateCount(trx, election.cycle_id)) > 0)
      return err('unresolved_duplicates')
    // Fail closed (issue #17): no ballot is accepted outside the configured hours, so voting does
    // not open without them, nor with an end already past (it would close at once).
    if (input.to === 'voting_open' && (!election.voting_starts || !election.voting_ends))
      return err('no_voting_window')
    if (input.to === 'voting_open' && Date.parse(election.voting_ends!) <= now.getTime())
      return err('voting_window_over')
    // Paper ballots (#17): the result adds every paper place's count, so it waits for all of them.
    if (input.to === 'counted' && (await unconfirmedPaperPlaces(trx, election.id)) > 0)
      return err('paper_count_missing')
    // The list is final only when every rejected candidate has had the time their notice gave
    // them to appeal, and every appeal is decided (ADR 024).
    if (input.to === 'final_list') {
      const pending = await appealsPending(trx, election.id, now)
      if (pending.open > 0) return err('appeal_window_open')
      if (pending.undecided > 0) return err('appeals_undecided')
    }
    // A verifiable election (ADR 034) opens only with the commission's threshold key and the
    // credentials key, and is counted only once every archive has k members' decryptions.
    const belenios = election.ballot_format === 'belenios'
    const commission =
      belenios && input.to === 'voting_open' ? await commissionThresholdParameters(trx, election.id) : null
    if (belenios && input.to === 'voting_open' && !commission) return err('ceremony_incomplete')
    if (belenios && (input.to === 'voting_open' || input.to === 'voting_closed') && !key)
      return err('no_credentials_key')
    if (belenios && input.to === 'counted') {
      const progress = await decryptionProgress(trx, election.id)
      if (progress.some((a) => a.memberDecryptions.length < a.threshold)) return err('decryptions_missing')
    }
    // Guarded by the current phase, so two commission members clicking at once move it once.
    const moved = await trx
      .updateTable('elections')
      .set({
        phase: input.to,
        updated_at: nowIso(),
        ...(input.to === 'official_result' ? { gazette_reference: input.gazetteReference!.trim() } : {}),
      })
      .where('id', '=', election.id)
      .where('phase', '=', election.phase)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return err('not_next_phase')
    if (input.to === 'voting_open') {
      await freezeVoterRoll(trx, { electionId: election.id, cycleId: election.cycle_id })
      // The archives, one credential per voter on the frozen roll: in this transaction (ADR 034).
      if (belenios) {
        const prepared = await prepareArchives(trx, { electionId: election.id, key, commission, now })
        if (!prepared.ok)
          throw new PhaseAborted(
            prepared.error === 'no_credentials_key' ? 'no_credentials_key' : 'archive_failed',
          )
      }
    }
    if (input.to === 'voting_closed') {
      await cancelUnusedBoothTokens(trx, election.id)
      await sealBallotStorage(trx, election.id)
      // EndBallots, the encrypted tally and the server's partial decryption, every archive or none.
      if (belenios) {
        const ended = await endBallots(trx, election.id, key)
        if (!ended.ok)
          throw new PhaseAborted(
            ended.error === 'no_credentials_key' ? 'no_credentials_key' : 'archive_failed',
          )
      }
    }
    if (input.to === 'counted') {
      if (belenios) {
        // The archives' results (and the credentials forgotten), then paper counts as for any
        // election; no board of plaintext ballots: the public archives are the board (ADR 033).
        const finished = await finishArchives(trx, election.id)
        if (!finished.ok)
          throw new PhaseAborted(
            finished.error === 'not_enough_decryptions' ? 'decryptions_missing' : 'archive_failed',
          )
        await countAndStore(trx, election.id, finished.value)
      } else {
        await countAndStore(trx, election.id)
        await publishBoard(trx, election.id)
      }
    }
    if (input.to === 'official_result')
      await recordElectedCouncilMembers(trx, { electionId: election.id, termStarts: nowIso().slice(0, 10) })
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.phase',
      entityType: 'election',
      entityId: election.id,
      before: { phase: election.phase },
      after: {
        phase: input.to,
        gazette: input.gazetteReference,
        ...(input.actorUserId === null ? { by: 'voting_hours' } : {}),
      },
    })
    return ok({ phase: input.to })
  })
  if (result.ok && input.to === 'voting_closed') await vacuumBallotStorage(db)
  return result
}

// ---------- closing at the end of the voting hours ----------

/**
 * Closes the vote of one election whose window has ended, as the system (audit actor null), with
 * the side effects of the commission's move (advancePhase). Safe to call from several processes
 * at once: the move is a conditional update guarded by the phase, so only one closes it.
 */
export async function closeVotingAtEnd(db: DB, electionId: string, now: Date = new Date()): Promise<boolean> {
  const moved = await advancePhase(db, { actorUserId: null, electionId, to: 'voting_closed', now })
  return moved.ok
}

/**
 * Closes every election still voting_open whose voting_ends has passed; returns the ids it closed.
 * Run by the server every minute (scripts/server.ts) and on reading the list of elections.
 */
export async function closeEndedVoting(db: DB, now: Date = new Date()): Promise<string[]> {
  const due = await db
    .selectFrom('elections')
    .select('id')
    .where('phase', '=', 'voting_open')
    .where('voting_ends', '<=', now.toISOString())
    .execute()
  const closed: string[] = []
  for (const { id } of due) if (await closeVotingAtEnd(db, id, now)) closed.push(id)
  return closed
}

export async function freezeVoterRoll(trx: Tx, input: { electionId: string; cycleId: string }) {
  // Copy, not a view: approvals after this moment do not change who may vote.
  await sql`INSERT INTO voter_rolls (election_id, registration_id, subprefecture_id)
    SELECT ${input.electionId}, id, subprefecture_id FROM voter_registrations WHERE cycle_id = ${input.cycleId} AND status = 'approved'`.execute(
    trx,
  )
}

// ---------- the voter roll and the ballot a voter sees ----------

/** Whether the person on the roll has voted (either channel): the overview and the ballot page ask. */
export async function hasVoted(
  db: DB,
  input: { electionId: string; registrationId: string },
): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('voter_participation')
      .select('channel')
      .where('election_id', '=', input.electionId)
      .where('registration_id', '=', input.registrationId)
      .executeTakeFirst(),
  )
}

/** CMI voters vote in every segment; Participatory Council voters only in their subprefecture. */
export async function ballotContests(db: DB, input: { electionId: string; subprefectureId: number }) {
  const found = await getElection(db, input.electionId)
  if (!found) return []
  const contests = found.contests.filter(
    (c) => c.kind === 'segment' || c.subprefecture_id === input.subprefectureId,
  )
  return Promise.all(contests.map(async (c) => ({ ...c, candidates: await acceptedCandidates(db, c.id) })))
}

export type BallotState =
  | 'wrong_phase'
  | 'not_yet_open'
  | 'hours_over'
  | 'not_on_roll'
  | 'already_voted'
  /** A 'belenios' election where none of the voter's contests has an accepted candidate (ADR 034). */
  | 'nothing_to_vote'
  | 'ready'

/** What the voting page shows a signed-in person: their ballot, or why there is none. Null: no such election. */
export async function voterBallot(db: DB, input: { electionId: string; userId: string; now?: Date }) {
  const now = input.now ?? new Date()
  const found = await getElection(db, input.electionId, now)
  if (!found || found.election.phase === 'draft') return null
  const election = {
    id: found.election.id,
    title_i18n: found.election.title_i18n,
    voting_starts: found.election.voting_starts,
    voting_ends: found.election.voting_ends,
  }
  const none = (state: Exclude<BallotState, 'ready'>) => ({
    election,
    state: state as BallotState,
    contests: [] as Awaited<ReturnType<typeof ballotContests>>,
  })
  // The voter is told when voting opens, or that its hours are over, instead of a ballot.
  const window = votingWindowState(found.election, now)
  if (window === 'before') return none('not_yet_open')
  const ended = found.election.voting_ends !== null && now.getTime() >= Date.parse(found.election.voting_ends)
  if (ended && (window === 'after' || found.election.phase === 'voting_closed')) return none('hours_over')
  if (window !== 'open') return none('wrong_phase')
  const roll = await rollEntryOfUser(db, input)
  if (!roll) return none('not_on_roll')
  if (await hasVoted(db, { electionId: election.id, registrationId: roll.registration_id }))
    return none('already_voted')
  const contests = await ballotContests(db, {
    electionId: election.id,
    subprefectureId: roll.subprefecture_id,
  })
  // A contest without accepted candidates has no question and a group without questions no
  // archive (ADR 033), so the voter has nothing to encrypt: say so rather than offer a ballot
  // the cast would refuse. A 'plain' election keeps its old behaviour (a blank ballot).
  if (found.election.ballot_format === 'belenios' && contests.every((c) => c.candidates.length === 0))
    return none('nothing_to_vote')
  return { election, state: 'ready' as BallotState, contests }
}

/** Find a voter on the roll at the polling place by protocol or document number. */
export async function findOnRoll(db: DB, input: { electionId: string; query: string }) {
  const q = input.query.trim().toUpperCase()
  const normalised = q.replace(/[\s.\-/\\_]/g, '')
  // Two index lookups (document number, protocol) first: an OR across both columns inside the
  // roll join made SQLite scan the roll of the whole city.
  const ids = await db
    .selectFrom('voter_registrations')
    .select('id')
    .where('document_number', '=', normalised)
    .union(db.selectFrom('voter_registrations').select('id').where('protocol', '=', q))
    .execute()
  if (ids.length === 0) return []
  return db
    .selectFrom('voter_rolls as v')
    .innerJoin('voter_registrations as r', 'r.id', 'v.registration_id')
    .innerJoin('subprefectures as s', 's.id', 'v.subprefecture_id')
    .leftJoin('voter_participation as p', (j) =>
      j.onRef('p.election_id', '=', 'v.election_id').onRef('p.registration_id', '=', 'v.registration_id'),
    )
    .select([
      'r.id',
      'r.full_name',
      'r.social_name',
      'r.document_type',
      'r.document_number',
      'r.protocol',
      's.name as subprefecture',
      'p.channel as voted_channel',
    ])
    .where('v.election_id', '=', input.electionId)
    .where(
      'v.registration_id',
      'in',
      ids.map((r) => r.id),
    )
    .limit(5)
    .execute()
}
