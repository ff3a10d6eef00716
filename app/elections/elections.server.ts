import { randomBytes } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import { sha256Hex } from '../lib/hash.server'
import type { CandidacyStatus, Database, ElectionPhase } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { I18nText } from '../i18n/config'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { candidateAgeOk } from '../registration/eligibility'
import { sealBallotStorage, vacuumBallotStorage } from './ballot-storage.server'
import { chainHead, type BoardBallot } from './board'
import { atLeast, boardPublic, canWithdraw, nextPhase, resultsPublic } from './phases'
import { DEFAULT_SHARE_THRESHOLDS, seatsForShare, type ShareThresholds } from './seats'
import { DEFAULT_RULES, tally, type ElectionResult, type SeatRules, type TallyContest } from './tally'

type Tx = Transaction<Database>

export async function listElections(db: DB) {
  return db
    .selectFrom('elections')
    .select(['id', 'body', 'title_i18n', 'phase', 'voting_starts', 'voting_ends'])
    .orderBy('created_at', 'desc')
    .execute()
}

export async function getElection(db: DB, id: string) {
  const election = await db.selectFrom('elections').selectAll().where('id', '=', id).executeTakeFirst()
  if (!election) return null
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
      'subprefectures.name as subprefecture',
    ])
    .where('contests.election_id', '=', id)
    .orderBy('contests.position')
    .execute()
  return { election, contests, rules: JSON.parse(election.rules) as SeatRules }
}

export async function contestCandidates(db: DB, contestId: string, statuses: string[] = ['accepted']) {
  return db
    .selectFrom('candidacies')
    .select(['id', 'display_name', 'organisation_name', 'kind', 'statement_i18n', 'status', 'gender'])
    .where('contest_id', '=', contestId)
    .where('status', 'in', statuses as never[])
    .orderBy('display_name')
    .execute()
}

// ---------- configuration ----------

export { DEFAULT_SHARE_THRESHOLDS, seatsForShare }

export type NewElection = {
  body: 'cmi' | 'cpm'
  title: I18nText
  description: I18nText
  segmentSeats?: { A: number; B: number; C: number }
  /** CPM: seats per subprefecture from the immigrant share (2015 rule by default). */
  shareThresholds?: ShareThresholds
  alternates: number
  rules: SeatRules
}

export async function createElection(
  db: DB,
  actorUserId: string,
  input: NewElection,
): Promise<Result<{ id: string }, 'no_open_cycle'>> {
  const cycle = await db
    .selectFrom('census_cycles')
    .select('id')
    .where('is_current', '=', 1)
    .executeTakeFirst()
  if (!cycle) return err('no_open_cycle')
  const id = newId()
  const at = nowIso()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('elections')
      .values({
        id,
        body: input.body,
        cycle_id: cycle.id,
        title_i18n: JSON.stringify(input.title),
        description_i18n: JSON.stringify(input.description),
        phase: 'draft',
        rules: JSON.stringify(input.rules),
        created_at: at,
        updated_at: at,
      })
      .execute()
    if (input.body === 'cmi') {
      const seats = input.segmentSeats ?? { A: 3, B: 2, C: 2 }
      const rows = (['A', 'B', 'C'] as const).map((segment, i) => ({
        id: newId(),
        election_id: id,
        kind: 'segment' as const,
        segment,
        subprefecture_id: null,
        seats: seats[segment],
        alternates: input.alternates,
        position: i + 1,
      }))
      await trx.insertInto('contests').values(rows).execute()
    } else {
      const subs = await trx
        .selectFrom('subprefectures')
        .select(['id', 'immigrant_share_pct'])
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
            seats: seatsForShare(s.immigrant_share_pct, thresholds),
            alternates: input.alternates,
            position: i + 1,
          })),
        )
        .execute()
    }
    await appendAudit(trx, {
      actorUserId,
      action: 'election.create',
      entityType: 'election',
      entityId: id,
      after: { body: input.body, rules: input.rules },
    })
  })
  return ok({ id })
}

export type PhaseError = 'not_found' | 'not_next_phase' | 'gazette_reference_required'

/** Moves the election one phase on; the side effects of each step happen in the same transaction. */
export async function advancePhase(
  db: DB,
  input: { actorUserId: string; electionId: string; to: ElectionPhase; gazetteReference?: string },
): Promise<Result<{ phase: ElectionPhase }, PhaseError>> {
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
    if (input.to === 'voting_open') await freezeVoterRoll(trx, election.id, election.cycle_id, election.body)
    if (input.to === 'voting_closed') {
      await trx.deleteFrom('booth_tokens').where('election_id', '=', election.id).execute()
      await sealBallotStorage(trx, election.id)
    }
    if (input.to === 'counted') {
      await countAndStore(trx, election.id)
      await publishBoard(trx, election.id)
    }
    if (input.to === 'official_result') await seatElected(trx, election.id, nowIso().slice(0, 10))
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.phase',
      entityType: 'election',
      entityId: election.id,
      before: { phase: election.phase },
      after: { phase: input.to, gazette: input.gazetteReference },
    })
    return ok({ phase: input.to })
  })
  if (result.ok && input.to === 'voting_closed') await vacuumBallotStorage(db)
  return result
}

export async function freezeVoterRoll(trx: Tx, electionId: string, cycleId: string, _body: 'cmi' | 'cpm') {
  // Copy, not a view: approvals after this moment do not change who may vote.
  await sql`INSERT INTO voter_rolls (election_id, registration_id, subprefecture_id)
    SELECT ${electionId}, id, subprefecture_id FROM voter_registrations WHERE cycle_id = ${cycleId} AND status = 'approved'`.execute(
    trx,
  )
}

/**
 * The calendar dates shown to voters. The candidacy deadline can be extended until review starts;
 * the voting window can change until voting opens. Phases themselves move only by advancePhase.
 */
export async function setCalendar(
  db: DB,
  actorUserId: string,
  electionId: string,
  dates: { candidacyDeadline?: string; votingStarts?: string; votingEnds?: string },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'window_order'>> {
  return db.transaction().execute(async (trx) => {
    const e = await trx
      .selectFrom('elections')
      .select(['phase', 'candidacy_deadline', 'voting_starts', 'voting_ends'])
      .where('id', '=', electionId)
      .executeTakeFirst()
    if (!e) return err('not_found')
    if (dates.candidacyDeadline && atLeast(e.phase, 'review')) return err('wrong_phase')
    if ((dates.votingStarts || dates.votingEnds) && atLeast(e.phase, 'voting_open')) return err('wrong_phase')
    const next = {
      candidacy_deadline: dates.candidacyDeadline ?? e.candidacy_deadline,
      voting_starts: dates.votingStarts ?? e.voting_starts,
      voting_ends: dates.votingEnds ?? e.voting_ends,
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
      before: { deadline: e.candidacy_deadline, starts: e.voting_starts, ends: e.voting_ends },
      after: next,
    })
    return ok(null)
  })
}

// ---------- candidacies ----------

export type CandidacyError =
  | 'wrong_phase'
  | 'deadline_passed'
  | 'not_a_voter'
  | 'wrong_subprefecture'
  | 'too_young'
  | 'already_candidate'
  | 'unknown_contest'

export async function applyForCandidacy(
  db: DB,
  input: {
    userId: string
    electionId: string
    contestId: string
    kind: 'person' | 'organisation'
    organisationName?: string
    statement: string
    language: string
    photoKey?: string | null
  },
  now = new Date(),
): Promise<Result<{ id: string }, CandidacyError>> {
  const found = await getElection(db, input.electionId)
  if (!found) return err('wrong_phase')
  const { election, contests } = found
  if (election.phase !== 'candidacy_open') return err('wrong_phase')
  if (election.candidacy_deadline && now.toISOString() > election.candidacy_deadline)
    return err('deadline_passed')
  const contest = contests.find((c) => c.id === input.contestId)
  if (!contest) return err('unknown_contest', 'contestId')
  const registration = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('census_cycles as c', 'c.id', 'r.cycle_id')
    .select([
      'r.full_name',
      'r.social_name',
      'r.gender',
      'r.birth_date',
      'r.subprefecture_id',
      'c.election_day',
      'c.min_voter_age',
      'c.min_candidate_age',
    ])
    .where('r.user_id', '=', input.userId)
    .where('r.cycle_id', '=', election.cycle_id)
    .where('r.status', '=', 'approved')
    .executeTakeFirst()
  if (!registration || !registration.birth_date) return err('not_a_voter')
  if (contest.kind === 'subprefecture') {
    if (registration.subprefecture_id !== contest.subprefecture_id)
      return err('wrong_subprefecture', 'contestId')
    const rules = {
      electionDay: registration.election_day,
      minVoterAge: registration.min_voter_age,
      minCandidateAge: registration.min_candidate_age,
    }
    if (!candidateAgeOk(registration.birth_date, rules)) return err('too_young')
  }
  const id = newId()
  try {
    await db
      .insertInto('candidacies')
      .values({
        id,
        election_id: election.id,
        contest_id: contest.id,
        user_id: input.userId,
        kind: input.kind,
        display_name: registration.social_name ?? registration.full_name,
        organisation_name: input.kind === 'organisation' ? (input.organisationName ?? null) : null,
        representative_name: null,
        gender: registration.gender,
        birth_date: registration.birth_date,
        statement_i18n: JSON.stringify({ [input.language]: input.statement }),
        photo_key: input.photoKey ?? null,
        status: 'submitted',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_candidate')
    throw error
  }
  return ok({ id })
}

export async function decideCandidacy(
  db: DB,
  input: { actorUserId: string; candidacyId: string; accept: boolean; reason?: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('candidacies')
      .innerJoin('elections', 'elections.id', 'candidacies.election_id')
      .select(['candidacies.status', 'elections.phase'])
      .where('candidacies.id', '=', input.candidacyId)
      .executeTakeFirst()
    if (!row) return err('not_found')
    // First decisions in review; appealed ones in the appeals phase.
    const allowed =
      (row.phase === 'review' && row.status === 'submitted') ||
      (row.phase === 'appeals' && row.status === 'appealed')
    if (!allowed) return err('wrong_phase')
    const status = input.accept ? 'accepted' : 'rejected'
    await trx
      .updateTable('candidacies')
      .set({ status, decision_reason: input.accept ? null : (input.reason ?? null), updated_at: nowIso() })
      .where('id', '=', input.candidacyId)
      .where('status', '=', row.status)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: `candidacy.${status}`,
      entityType: 'candidacy',
      entityId: input.candidacyId,
      before: { status: row.status },
      after: { status, reason: input.reason },
    })
    return ok(null)
  })
}

/** The person's own candidacy with its election's phase; null when it is not theirs. */
async function ownCandidacy(db: DB | Tx, userId: string, candidacyId: string) {
  return (
    (await db
      .selectFrom('candidacies')
      .innerJoin('elections', 'elections.id', 'candidacies.election_id')
      .select(['candidacies.status', 'candidacies.statement_i18n', 'elections.phase'])
      .where('candidacies.id', '=', candidacyId)
      .where('candidacies.user_id', '=', userId)
      .executeTakeFirst()) ?? null
  )
}

/** Changes the status only if nobody changed it meanwhile (a withdrawal racing an appeal). */
async function moveCandidacy(
  db: DB,
  candidacyId: string,
  from: CandidacyStatus,
  set: { status: CandidacyStatus; appeal_text?: string },
): Promise<Result<null, 'wrong_phase'>> {
  const moved = await db
    .updateTable('candidacies')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', candidacyId)
    .where('status', '=', from)
    .executeTakeFirst()
  return Number(moved.numUpdatedRows) === 1 ? ok(null) : err('wrong_phase')
}

export async function appealCandidacy(
  db: DB,
  input: { userId: string; candidacyId: string; text: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  const row = await ownCandidacy(db, input.userId, input.candidacyId)
  if (!row) return err('not_found')
  if (row.phase !== 'appeals' || row.status !== 'rejected') return err('wrong_phase')
  return moveCandidacy(db, input.candidacyId, row.status, { status: 'appealed', appeal_text: input.text })
}

export async function withdrawCandidacy(
  db: DB,
  input: { userId: string; candidacyId: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  const row = await ownCandidacy(db, input.userId, input.candidacyId)
  if (!row) return err('not_found')
  if (!canWithdraw(row.phase) || row.status === 'withdrawn') return err('wrong_phase')
  return moveCandidacy(db, input.candidacyId, row.status, { status: 'withdrawn' })
}

export async function candidaciesOfUser(db: DB, userId: string, electionId: string) {
  return db
    .selectFrom('candidacies')
    .selectAll()
    .where('user_id', '=', userId)
    .where('election_id', '=', electionId)
    .execute()
}

/** A candidate adds their statement in another language (until voting opens). */
export async function translateStatement(
  db: DB,
  input: { userId: string; candidacyId: string; language: string; text: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  return db.transaction().execute(async (trx) => {
    const row = await ownCandidacy(trx, input.userId, input.candidacyId)
    if (!row) return err('not_found')
    if (!canWithdraw(row.phase) || row.status === 'withdrawn') return err('wrong_phase')
    const statement = { ...(JSON.parse(row.statement_i18n) as I18nText), [input.language]: input.text }
    await trx
      .updateTable('candidacies')
      .set({ statement_i18n: JSON.stringify(statement), updated_at: nowIso() })
      .where('id', '=', input.candidacyId)
      .execute()
    return ok(null)
  })
}

/** An organisation names (or changes) the person who represents it, until the election closes. */
export async function nameRepresentative(
  db: DB,
  input: { userId: string; candidacyId: string; name: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  const row = await db
    .selectFrom('candidacies')
    .innerJoin('elections', 'elections.id', 'candidacies.election_id')
    .select(['candidacies.kind', 'candidacies.status', 'elections.phase'])
    .where('candidacies.id', '=', input.candidacyId)
    .where('candidacies.user_id', '=', input.userId)
    .executeTakeFirst()
  if (!row || row.kind !== 'organisation') return err('not_found')
  if (row.phase === 'closed' || row.status === 'withdrawn' || row.status === 'rejected')
    return err('wrong_phase')
  await db
    .updateTable('candidacies')
    .set({ representative_name: input.name, updated_at: nowIso() })
    .where('id', '=', input.candidacyId)
    .execute()
  return ok(null)
}

/** The commission's review list: every candidacy of the election with its contest. */
export async function candidaciesForReview(db: DB, electionId: string) {
  return db
    .selectFrom('candidacies as c')
    .innerJoin('contests as k', 'k.id', 'c.contest_id')
    .leftJoin('subprefectures as s', 's.id', 'k.subprefecture_id')
    .select([
      'c.id',
      'c.display_name',
      'c.organisation_name',
      'c.kind',
      'c.gender',
      'c.status',
      'c.decision_reason',
      'c.appeal_text',
      'c.statement_i18n',
      'k.kind as contest_kind',
      'k.segment',
      's.name as subprefecture',
    ])
    .where('c.election_id', '=', electionId)
    .orderBy('k.position')
    .orderBy('c.display_name')
    .execute()
}

export async function candidacyPhoto(db: DB, candidacyId: string) {
  return (
    (await db
      .selectFrom('candidacies')
      .innerJoin('elections', 'elections.id', 'candidacies.election_id')
      .select(['candidacies.photo_key', 'candidacies.status', 'elections.phase'])
      .where('candidacies.id', '=', candidacyId)
      .executeTakeFirst()) ?? null
  )
}

// ---------- voting ----------

/** The voter's registration on this election's frozen roll, or null. */
export async function rollEntryOfUser(db: DB, electionId: string, userId: string) {
  // Two indexed lookups (the account's registrations, then the roll's primary key) rather than a
  // join the planner may start from the roll — a whole city's roll on every ballot.
  const registrations = await db
    .selectFrom('voter_registrations')
    .select('id')
    .where('user_id', '=', userId)
    .execute()
  if (registrations.length === 0) return null
  return (
    (await db
      .selectFrom('voter_rolls')
      .select(['registration_id', 'subprefecture_id'])
      .where('election_id', '=', electionId)
      .where(
        'registration_id',
        'in',
        registrations.map((r) => r.id),
      )
      .executeTakeFirst()) ?? null
  )
}

export async function hasVoted(db: DB, electionId: string, registrationId: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('voter_participation')
      .select('channel')
      .where('election_id', '=', electionId)
      .where('registration_id', '=', registrationId)
      .executeTakeFirst(),
  )
}

/** CMI voters vote in every segment; Participatory Council voters only in their subprefecture. */
export async function ballotContests(db: DB, electionId: string, subprefectureId: number) {
  const found = await getElection(db, electionId)
  if (!found) return []
  const contests = found.contests.filter(
    (c) => c.kind === 'segment' || c.subprefecture_id === subprefectureId,
  )
  return Promise.all(contests.map(async (c) => ({ ...c, candidates: await contestCandidates(db, c.id) })))
}

export type CastError = 'not_open' | 'not_on_roll' | 'already_voted' | 'invalid_choice'
export type Choices = Record<string, string> // contest id → candidacy id or 'blank'

function trackingCode(): string {
  const raw = encodeBase32UpperCaseNoPadding(randomBytes(10))
  return raw.match(/.{1,4}/g)!.join('-')
}

/** The contests on a voter's ballot (ids only): every segment at the CMI, their subprefecture at a CPM. */
async function ballotContestIds(db: DB | Tx, electionId: string, subprefectureId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('contests')
    .select('id')
    .where('election_id', '=', electionId)
    .where((eb) => eb.or([eb('kind', '=', 'segment'), eb('subprefecture_id', '=', subprefectureId)]))
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Every contest on the ballot has exactly one choice — blank or an accepted candidate of that
 * contest — and nothing else is chosen. Reads only ids: this runs on every ballot cast.
 */
async function validateChoices(
  trx: Tx | DB,
  electionId: string,
  subprefectureId: number,
  choices: Choices,
): Promise<BoardBallot[] | null> {
  const contestIds = await ballotContestIds(trx, electionId, subprefectureId)
  if (Object.keys(choices).some((id) => !contestIds.includes(id))) return null
  const named = contestIds.map((id) => choices[id]).filter((c): c is string => Boolean(c) && c !== 'blank')
  const valid = named.length
    ? await trx
        .selectFrom('candidacies')
        .select(['id', 'contest_id'])
        .where('id', 'in', named)
        .where('election_id', '=', electionId)
        .where('status', '=', 'accepted')
        .execute()
    : []
  const ballots: BoardBallot[] = []
  for (const contestId of contestIds) {
    const choice = choices[contestId]
    if (!choice) return null // every contest needs a choice (blank is a choice)
    if (choice === 'blank') ballots.push({ contest: contestId, choice: 'blank', candidacy: null })
    else if (valid.some((c) => c.id === choice && c.contest_id === contestId))
      ballots.push({ contest: contestId, choice: 'candidate', candidacy: choice })
    else return null
  }
  return ballots
}

/**
 * Records that the voter voted and, separately, what was voted, in ONE transaction: either both
 * rows exist or neither. The participation primary key makes a second ballot impossible, even when
 * two submissions race. Ballot rows get random ids and carry no voter, no time, no order.
 */
async function writeBallot(trx: Tx, electionId: string, ballots: BoardBallot[]): Promise<string> {
  for (const b of ballots) {
    await trx
      .insertInto('ballots')
      .values({
        id: newId(16),
        election_id: electionId,
        contest_id: b.contest,
        choice: b.choice,
        candidacy_id: b.candidacy,
      })
      .execute()
  }
  const code = trackingCode()
  await trx.insertInto('tracking_codes').values({ code, election_id: electionId }).execute()
  return code
}

export async function castOnlineBallot(
  db: DB,
  input: { electionId: string; userId: string; choices: Choices },
): Promise<Result<{ trackingCode: string }, CastError>> {
  const election = await db
    .selectFrom('elections')
    .select('phase')
    .where('id', '=', input.electionId)
    .executeTakeFirst()
  if (!election || election.phase !== 'voting_open') return err('not_open')
  const roll = await rollEntryOfUser(db, input.electionId, input.userId)
  if (!roll) return err('not_on_roll')
  const ballots = await validateChoices(db, input.electionId, roll.subprefecture_id, input.choices)
  if (!ballots) return err('invalid_choice')
  try {
    return await db.transaction().execute(async (trx) => {
      // Re-checked inside the transaction: closing the vote and casting cannot interleave.
      const still = await trx
        .selectFrom('elections')
        .select('phase')
        .where('id', '=', input.electionId)
        .executeTakeFirstOrThrow()
      if (still.phase !== 'voting_open') return err('not_open')
      await trx
        .insertInto('voter_participation')
        .values({ election_id: input.electionId, registration_id: roll.registration_id, channel: 'online' })
        .execute()
      return ok({ trackingCode: await writeBallot(trx, input.electionId, ballots) })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_voted')
    throw error
  }
}

/** Poll worker: the voter showed a photo document; mark them as having voted and open a booth ballot. */
export async function openBoothBallot(
  db: DB,
  input: { actorUserId: string; electionId: string; registrationId: string },
): Promise<Result<{ token: string }, 'not_open' | 'not_on_roll' | 'already_voted'>> {
  const election = await db
    .selectFrom('elections')
    .select('phase')
    .where('id', '=', input.electionId)
    .executeTakeFirst()
  if (!election || election.phase !== 'voting_open') return err('not_open')
  const roll = await db
    .selectFrom('voter_rolls')
    .select('subprefecture_id')
    .where('election_id', '=', input.electionId)
    .where('registration_id', '=', input.registrationId)
    .executeTakeFirst()
  if (!roll) return err('not_on_roll')
  const token = encodeBase32UpperCaseNoPadding(randomBytes(15)).toLowerCase()
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('voter_participation')
        .values({
          election_id: input.electionId,
          registration_id: input.registrationId,
          channel: 'in_person',
        })
        .execute()
      await trx
        .insertInto('booth_tokens')
        .values({
          token_hash: sha256Hex(token),
          election_id: input.electionId,
          subprefecture_id: roll.subprefecture_id,
        })
        .execute()
      // The audit records that a poll worker opened a ballot, not for whom.
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: 'election.booth.open',
        entityType: 'election',
        entityId: input.electionId,
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_voted')
    throw error
  }
  return ok({ token })
}

export async function boothToken(db: DB, electionId: string, token: string) {
  return (
    (await db
      .selectFrom('booth_tokens')
      .select('subprefecture_id')
      .where('token_hash', '=', sha256Hex(token))
      .where('election_id', '=', electionId)
      .executeTakeFirst()) ?? null
  )
}

export async function castBoothBallot(
  db: DB,
  input: { electionId: string; token: string; choices: Choices },
): Promise<Result<{ trackingCode: string }, CastError>> {
  const booth = await boothToken(db, input.electionId, input.token)
  if (!booth) return err('not_open')
  const ballots = await validateChoices(db, input.electionId, booth.subprefecture_id, input.choices)
  if (!ballots) return err('invalid_choice')
  return db.transaction().execute(async (trx) => {
    // Consuming the token is the guard: a second submission deletes nothing and writes nothing.
    const used = await trx
      .deleteFrom('booth_tokens')
      .where('token_hash', '=', sha256Hex(input.token))
      .executeTakeFirst()
    if (Number(used.numDeletedRows) !== 1) return err('already_voted')
    return ok({ trackingCode: await writeBallot(trx, input.electionId, ballots) })
  })
}

/** Find a voter on the roll at the polling place by protocol or document number. */
export async function findOnRoll(db: DB, electionId: string, query: string) {
  const q = query.trim().toUpperCase()
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
    .where('v.election_id', '=', electionId)
    .where(
      'v.registration_id',
      'in',
      ids.map((r) => r.id),
    )
    .limit(5)
    .execute()
}

// ---------- counting, bulletin board ----------

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
  const votes = (contestId: string, choice: string, candidacyId: string | null) =>
    Number(
      counts.find((c) => c.contest_id === contestId && c.choice === choice && c.candidacy_id === candidacyId)
        ?.n ?? 0,
    )
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

export async function countAndStore(trx: Tx, electionId: string): Promise<ElectionResult> {
  const input = await tallyInput(trx, electionId)
  const result = tally(input.contests, input.rules)
  await trx
    .updateTable('elections')
    .set({ results: JSON.stringify(result) })
    .where('id', '=', electionId)
    .execute()
  return result
}

/** Ballots in board order: sorted by their random ids, i.e. an order unrelated to casting time. */
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

/**
 * The official result seats the elected as council members (titular) and the alternates in rank
 * order; elected people with an account get the counsellor role. Runs once, at official_result.
 */
export async function seatElected(trx: Tx, electionId: string, termStarts: string) {
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
  const [turnoutMap, heads, candidacies] = await Promise.all([
    turnoutByContest(db, electionId),
    db.selectFrom('bulletin_boards').selectAll().where('election_id', '=', electionId).executeTakeFirst(),
    db
      .selectFrom('candidacies')
      .select(['id', 'organisation_name', 'kind'])
      .where('election_id', '=', electionId)
      .execute(),
  ])
  return {
    election: {
      id: found.election.id,
      body: found.election.body,
      title: JSON.parse(found.election.title_i18n) as I18nText,
      phase: found.election.phase,
      gazette_reference: found.election.gazette_reference,
    },
    status: found.election.phase === 'preliminary_result' ? ('preliminary' as const) : ('official' as const),
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
  }
}

export type PublicResults = NonNullable<Awaited<ReturnType<typeof publicResults>>>

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
  }
}

export async function isCodeOnBoard(db: DB, electionId: string, code: string): Promise<boolean> {
  const normal =
    code
      .trim()
      .toUpperCase()
      .replace(/[^A-Z2-7]/g, '')
      .match(/.{1,4}/g)
      ?.join('-') ?? ''
  return Boolean(
    await db
      .selectFrom('tracking_codes')
      .select('code')
      .where('election_id', '=', electionId)
      .where('code', '=', normal)
      .executeTakeFirst(),
  )
}

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
