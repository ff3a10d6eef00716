import { randomBytes } from 'node:crypto'
import type { Transaction } from 'kysely'
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'
import { newId } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { afterVote } from './ballot-storage.server'
import type { BoardBallot } from './board'
import { enrolledDevice } from './poll-workers.server'
import { inVotingWindow } from './polling-place'

// Casting a ballot, online and at the polling place: the whole ballot-secrecy surface (ADR 005;
// ADR 011 for PostgreSQL). Every ballot, tracking code, booth token and participation row is
// written here (closing the vote only rewrites their storage: ballot-storage.server.ts; counting
// only reads them: counting.server.ts). It keeps these invariants:
//
// 1. One transaction, two tables. A vote writes that the voter voted (`voter_participation`) and,
//    separately, what was voted (`ballots`, `tracking_codes`) in ONE transaction: both or neither.
//    The participation primary key (election, registration) is the one-ballot rule across both
//    channels; a second ballot fails on the constraint (`already_voted`), not on a check-then-write.
// 2. Nothing links a ballot to its voter. Ballot rows hold contest and choice under a random 128-bit
//    id; tracking codes are random 80-bit strings; neither holds a voter, a time, a session or an
//    order, and nothing here writes an audit entry about a choice. Storage order follows the random
//    keys (SQLite WITHOUT ROWID); on PostgreSQL the writing transaction's id still links the rows
//    until closing the vote seals the storage (ballot-storage.server.ts).
// 3. The tracking code is returned once, to the caller, and kept only in the anonymous list: it
//    proves that a ballot was counted, never what it says (no receipt to sell or coerce a vote).
// 4. At the polling place a poll worker named for the election, on a device enrolled for it and
//    inside the voting window, marks the voter and opens a one-time token in one transaction; only
//    the token's SHA-256 and the subprefecture are stored, which worker marked which voter is kept
//    apart (`in_person_marks`, no time, no order), the audit says that a booth ballot was opened on
//    which device but not for whom, the cast consumes the token (a conditional DELETE is the
//    guard), and tokens still unused when voting closes are cancelled. The ballot is cast in booth
//    state, with no staff session on the device (booth.server.ts).
// 5. A ballot is checked by ids only: each contest on the voter's ballot has exactly one choice,
//    blank or an accepted candidate of that contest, and nothing else is chosen.
// 6. After each commit that wrote a participation row or a ballot, the SQLite WAL is checkpointed
//    and truncated (`afterVote`): a copy of the files does not keep a vote's frames (ADR 005).
// Residual risk, by design: someone watching the database live (WAL, query log) or a compromised
// server process can correlate the two inserts of one transaction (ADR 005's threat model).

type Tx = Transaction<Database>

export type CastError = 'not_open' | 'not_on_roll' | 'already_voted' | 'invalid_choice'
export type Choices = Record<string, string> // contest id → candidacy id or 'blank'

/** The voter's registration on this election's frozen roll, or null. */
export async function rollEntryOfUser(db: DB, input: { electionId: string; userId: string }) {
  // Two indexed lookups (the account's registrations, then the roll's primary key) rather than a
  // join the planner may start from the roll — a whole city's roll on every ballot.
  const registrations = await db
    .selectFrom('voter_registrations')
    .select('id')
    .where('user_id', '=', input.userId)
    .execute()
  if (registrations.length === 0) return null
  return (
    (await db
      .selectFrom('voter_rolls')
      .select(['registration_id', 'subprefecture_id'])
      .where('election_id', '=', input.electionId)
      .where(
        'registration_id',
        'in',
        registrations.map((r) => r.id),
      )
      .executeTakeFirst()) ?? null
  )
}

/** Voting is open by phase AND by the clock (issue #17): the window's end refuses ballots even
 * before the close has been applied (closing.server.ts). */
async function votingOpen(db: DB | Tx, electionId: string, now: Date = new Date()): Promise<boolean> {
  const election = await db
    .selectFrom('elections')
    .select(['phase', 'voting_starts', 'voting_ends'])
    .where('id', '=', electionId)
    .executeTakeFirst()
  return Boolean(election && inVotingWindow(election, now))
}

function trackingCode(): string {
  const raw = encodeBase32UpperCaseNoPadding(randomBytes(10))
  return raw.match(/.{1,4}/g)!.join('-')
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
  // The contests on this voter's ballot: every segment at the CMI, their subprefecture at a CPM.
  const contestIds = (
    await trx
      .selectFrom('contests')
      .select('id')
      .where('election_id', '=', electionId)
      .where((eb) => eb.or([eb('kind', '=', 'segment'), eb('subprefecture_id', '=', subprefectureId)]))
      .execute()
  ).map((r) => r.id)
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
 * Writes what was voted, inside the transaction that records that the voter voted (invariant 1).
 * Ballot rows get random ids and carry no voter, no time, no order.
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
  input: { electionId: string; userId: string; choices: Choices; now?: Date },
): Promise<Result<{ trackingCode: string }, CastError>> {
  if (!(await votingOpen(db, input.electionId, input.now))) return err('not_open')
  const roll = await rollEntryOfUser(db, { electionId: input.electionId, userId: input.userId })
  if (!roll) return err('not_on_roll')
  const ballots = await validateChoices(db, input.electionId, roll.subprefecture_id, input.choices)
  if (!ballots) return err('invalid_choice')
  try {
    const cast = await db.transaction().execute(async (trx) => {
      // Re-checked inside the transaction: closing the vote and casting cannot interleave.
      if (!(await votingOpen(trx, input.electionId, input.now))) return err('not_open')
      await trx
        .insertInto('voter_participation')
        .values({ election_id: input.electionId, registration_id: roll.registration_id, channel: 'online' })
        .execute()
      return ok({ trackingCode: await writeBallot(trx, input.electionId, ballots) })
    })
    if (cast.ok) await afterVote(db)
    return cast
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_voted')
    throw error
  }
}

export type BoothOpenError =
  'not_open' | 'not_on_roll' | 'already_voted' | 'not_a_poll_worker' | 'device_not_enrolled'

/**
 * Poll worker: the voter showed a photo document; mark them as having voted and open a booth
 * ballot. Only a poll worker the commission named for this election, on a device it enrolled for
 * this election, inside the voting window (issue #16.13). Which worker marked the voter is kept
 * (`in_person_marks`: no time, no order); the ballot still carries nothing about either.
 * `inTransaction` runs in the same transaction with the new token's hash (the booth state).
 */
export async function openBoothBallot(
  db: DB,
  input: {
    workerId: string
    electionId: string
    registrationId: string
    deviceToken: string | null
    now?: Date
    inTransaction?: (trx: Tx, opened: { tokenHash: string; deviceId: string }) => Promise<void>
  },
): Promise<Result<{ token: string; subprefectureId: number }, BoothOpenError>> {
  const election = await db
    .selectFrom('elections')
    .select(['phase', 'voting_starts', 'voting_ends'])
    .where('id', '=', input.electionId)
    .executeTakeFirst()
  if (!election || !inVotingWindow(election, input.now)) return err('not_open')
  const named = await db
    .selectFrom('election_poll_workers')
    .select('user_id')
    .where('election_id', '=', input.electionId)
    .where('user_id', '=', input.workerId)
    .executeTakeFirst()
  if (!named) return err('not_a_poll_worker')
  const device = await enrolledDevice(db, { electionId: input.electionId, token: input.deviceToken })
  if (!device) return err('device_not_enrolled')
  const roll = await db
    .selectFrom('voter_rolls')
    .select('subprefecture_id')
    .where('election_id', '=', input.electionId)
    .where('registration_id', '=', input.registrationId)
    .executeTakeFirst()
  if (!roll) return err('not_on_roll')
  const token = encodeBase32UpperCaseNoPadding(randomBytes(15)).toLowerCase()
  try {
    const opened = await db.transaction().execute(async (trx) => {
      // Re-checked inside the transaction: closing the vote and opening a ballot cannot interleave.
      if (!(await votingOpen(trx, input.electionId, input.now))) return false
      await trx
        .insertInto('voter_participation')
        .values({
          election_id: input.electionId,
          registration_id: input.registrationId,
          channel: 'in_person',
        })
        .execute()
      await trx
        .insertInto('in_person_marks')
        .values({
          election_id: input.electionId,
          registration_id: input.registrationId,
          worker_id: input.workerId,
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
      // The audit records that a poll worker opened a ballot on a device, not for whom.
      await appendAudit(trx, {
        actorUserId: input.workerId,
        action: 'election.booth.open',
        entityType: 'election',
        entityId: input.electionId,
        after: { deviceId: device.id },
      })
      await input.inTransaction?.(trx, { tokenHash: sha256Hex(token), deviceId: device.id })
      return true
    })
    if (!opened) return err('not_open')
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_voted')
    throw error
  }
  await afterVote(db)
  return ok({ token, subprefectureId: roll.subprefecture_id })
}

/** The open booth ballot a token stands for (only its subprefecture), or null. */
export async function boothToken(db: DB, input: { electionId: string; token: string }) {
  // 24 base32 letters, as openBoothBallot makes them; anything else is not worth a lookup.
  if (!/^[a-z2-7]{24}$/.test(input.token)) return null
  return boothTokenByHash(db, { electionId: input.electionId, tokenHash: sha256Hex(input.token) })
}

/** As boothToken, from the hash a booth state keeps (booth.server.ts). */
export async function boothTokenByHash(db: DB, input: { electionId: string; tokenHash: string }) {
  return (
    (await db
      .selectFrom('booth_tokens')
      .select('subprefecture_id')
      .where('token_hash', '=', input.tokenHash)
      .where('election_id', '=', input.electionId)
      .executeTakeFirst()) ?? null
  )
}

export async function castBoothBallot(
  db: DB,
  input: { electionId: string; token: string; choices: Choices; now?: Date },
): Promise<Result<{ trackingCode: string }, CastError>> {
  if (!/^[a-z2-7]{24}$/.test(input.token)) return err('not_open')
  return castBoothBallotByHash(db, {
    electionId: input.electionId,
    tokenHash: sha256Hex(input.token),
    choices: input.choices,
    now: input.now,
  })
}

/** Casts the booth ballot a token hash stands for; `inTransaction` runs with the cast (booth state). */
export async function castBoothBallotByHash(
  db: DB,
  input: {
    electionId: string
    tokenHash: string
    choices: Choices
    now?: Date
    inTransaction?: (trx: Tx) => Promise<void>
  },
): Promise<Result<{ trackingCode: string }, CastError>> {
  const booth = await boothTokenByHash(db, { electionId: input.electionId, tokenHash: input.tokenHash })
  if (!booth) return err('not_open')
  // A booth ballot opened before the end is still refused after it (issue #17): the hours hold.
  if (!(await votingOpen(db, input.electionId, input.now))) return err('not_open')
  const ballots = await validateChoices(db, input.electionId, booth.subprefecture_id, input.choices)
  if (!ballots) return err('invalid_choice')
  const cast = await db.transaction().execute(async (trx) => {
    if (!(await votingOpen(trx, input.electionId, input.now))) return err('not_open')
    // Consuming the token is the guard: a second submission deletes nothing and writes nothing.
    const used = await trx
      .deleteFrom('booth_tokens')
      .where('token_hash', '=', input.tokenHash)
      .where('election_id', '=', input.electionId)
      .executeTakeFirst()
    if (Number(used.numDeletedRows) !== 1) return err('already_voted')
    await input.inTransaction?.(trx)
    return ok({ trackingCode: await writeBallot(trx, input.electionId, ballots) })
  })
  if (cast.ok) await afterVote(db)
  return cast
}

/** Closing the vote: booth ballots opened and never cast can no longer be cast. */
export async function cancelUnusedBoothTokens(trx: Tx, electionId: string): Promise<void> {
  await trx.deleteFrom('booth_tokens').where('election_id', '=', electionId).execute()
}
