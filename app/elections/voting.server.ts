import { randomBytes } from 'node:crypto'
import type { Transaction } from 'kysely'
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { recordFailure, waitSeconds, type DelayPolicy } from '../auth/throttle.server'
import { isUniqueViolation } from '../lib/db-errors'
import { dialectOf, type DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'
import { newId } from '../lib/ids.server'
import { preparedQuery, type Param } from '../lib/prepared-query.server'
import { err, ok, type Result } from '../lib/result'
import { seal, sealingKey, unseal, type SealingKey } from '../lib/sealed.server'
import { afterVote } from './ballot-storage.server'
import { submitPlainVote, trackingCode } from './vote-writer.server'
import type { BoardBallot } from './board'
import { enrolledDevice } from './poll-workers.server'
import { inVotingWindow } from './polling-place'
import {
  appendCheckedCast,
  checkCast,
  encryptForVoter,
  encryptionMaterial,
  type CastError as VerifiableCastError,
  type EncryptionMaterial,
} from './verifiable.server'

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
//    and truncated (`afterVote`): a copy of the files does not keep a vote's frames (ADR 005); for
//    the grouped plain votes within CHECKPOINT_DELAY_MS of the commit (ADR 041).
// 7. Online plain votes on SQLite are committed in groups (vote-writer.server.ts, ADR 039): one
//    transaction for the votes queued meanwhile, each vote in its own savepoint, the rows of a
//    batch written in key order (participations) and random-id order (ballots, codes), never in
//    the order of arrival; each voter is answered after the commit.
// Residual risk, by design: someone watching the database live (WAL, query log) or a compromised
// server process can correlate the two inserts of one transaction (ADR 005's threat model).

type Tx = Transaction<Database>

export type CastError =
  | 'not_open'
  | 'not_on_roll'
  | 'already_voted'
  | 'invalid_choice'
  /** Encrypted ballots sent for a 'plain' election. */
  | 'wrong_format'
  /** A Belenios ballot the core refuses (proofs, shape, archive). */
  | 'invalid_ballot'
  /** A Belenios ballot signed with a credential that is not this voter's. */
  | 'wrong_credential'
  /** The server cannot read its sealed secrets (no CREDENTIALS_KEY) or the archive kept changing. */
  | 'unavailable'
  /** Too many refused encrypted ballots from this voter in a row: wait (review H1). */
  | 'too_many_attempts'

/** Refused Belenios ballots per voter: a few free (a flaky phone, a stale page), then a doubling wait. */
const REFUSED_BALLOT_POLICY: DelayPolicy = {
  freeFailures: 5,
  baseDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  forgetAfterMs: 60 * 60_000,
}
export type Choices = Record<string, string> // contest id → candidacy id or 'blank'

/** One Belenios ballot (its JSON, as the core writes it) for one archive of the election. */
export type EncryptedBallot = { uuid: string; json: string }

/** What a voter gets back once their vote is in (ADR 034). */
export type CastReceipt =
  | { format: 'plain'; trackingCode: string }
  | {
      format: 'belenios'
      encryptedBy: 'device' | 'server'
      trackers: { uuid: string; groupKey: string; tracker: string }[]
    }

/** A ballot as choices (the server encrypts them for a 'belenios' election) or as encrypted ballots. */
export type BallotInput =
  { choices: Choices; ballots?: undefined } | { ballots: EncryptedBallot[]; choices?: undefined }

export type EncryptionInputError =
  'not_open' | 'not_on_roll' | 'already_voted' | 'wrong_format' | 'unavailable'

/** What the voter's device needs to encrypt and sign (`ballotEncryptionInput`, `boothEncryptionInput`). */
export type EncryptionInput = {
  archives: {
    uuid: string
    groupKey: string
    electionJson: string
    questionsMap: { contestId: string; answers: string[] }[]
    credential: string
  }[]
}

// Bounds on what a device may send before the core parses it: one ballot per archive (a voter is
// in at most the segments' and one subprefecture's), each far below what a ballot with a few dozen
// answers takes.
const MAX_BALLOTS = 4
const MAX_BALLOT_CHARS = 512 * 1024

/** The voter's registration on this election's frozen roll, or null. */
// The reads of every ballot, compiled once (app/lib/prepared-query.server.ts, ADR 040).
const registrationsOfUser = preparedQuery((db, param: Param<{ userId: string }>) =>
  db.selectFrom('voter_registrations').select('id').where('user_id', '=', param('userId')),
)
const rollEntry = preparedQuery((db, param: Param<{ electionId: string; registrationId: string }>) =>
  db
    .selectFrom('voter_rolls')
    .select(['registration_id', 'subprefecture_id'])
    .where('election_id', '=', param('electionId'))
    .where('registration_id', '=', param('registrationId')),
)
const electionForBallot = preparedQuery((db, param: Param<{ id: string }>) =>
  db
    .selectFrom('elections')
    .select(['phase', 'voting_starts', 'voting_ends', 'ballot_format'])
    .where('id', '=', param('id')),
)
const contestsOfVoter = preparedQuery((db, param: Param<{ electionId: string; subprefectureId: number }>) =>
  db
    .selectFrom('contests')
    .select('id')
    .where('election_id', '=', param('electionId'))
    .where((eb) =>
      eb.or([eb('kind', '=', 'segment'), eb('subprefecture_id', '=', param('subprefectureId'))]),
    ),
)

const acceptedCandidacy = preparedQuery((db, param: Param<{ electionId: string; id: string }>) =>
  db
    .selectFrom('candidacies')
    .select(['id', 'contest_id'])
    .where('id', '=', param('id'))
    .where('election_id', '=', param('electionId'))
    .where('status', '=', 'accepted'),
)

export async function rollEntryOfUser(db: DB, input: { electionId: string; userId: string }) {
  // Two indexed lookups (the account's registrations, then the roll's primary key) rather than a
  // join the planner may start from the roll — a whole city's roll on every ballot.
  const registrations = await registrationsOfUser.execute(db, { userId: input.userId })
  if (registrations.length === 0) return null
  // Nearly every account has one registration: its lookup is prepared; several are looked up at once.
  if (registrations.length === 1)
    return (
      (await rollEntry.executeTakeFirst(db, {
        electionId: input.electionId,
        registrationId: registrations[0]!.id,
      })) ?? null
    )
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
  const contestIds = (await contestsOfVoter.execute(trx, { electionId, subprefectureId })).map((r) => r.id)
  if (Object.keys(choices).some((id) => !contestIds.includes(id))) return null
  const named = contestIds.map((id) => choices[id]).filter((c): c is string => Boolean(c) && c !== 'blank')
  // One named candidate (a CPM ballot: one contest) is the prepared lookup; several, one query.
  const valid =
    named.length === 0
      ? []
      : named.length === 1
        ? await acceptedCandidacy.execute(trx, { electionId, id: named[0]! })
        : await trx
            .selectFrom('candidacies')
            .select(['id', 'contest_id'])
            .where('id', 'in', named)
            .where('election_id', '=', electionId)
            .where('status', '=', 'accepted')
            .execute()
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

async function ballotFormatOf(db: DB | Tx, electionId: string) {
  const row = await db
    .selectFrom('elections')
    .select('ballot_format')
    .where('id', '=', electionId)
    .executeTakeFirst()
  return row?.ballot_format ?? null
}

async function hasVoted(db: DB, electionId: string, registrationId: string): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('voter_participation')
      .select('registration_id')
      .where('election_id', '=', electionId)
      .where('registration_id', '=', registrationId)
      .executeTakeFirst(),
  )
}

function boundedBallots(ballots: EncryptedBallot[]): boolean {
  return (
    Array.isArray(ballots) &&
    ballots.length > 0 &&
    ballots.length <= MAX_BALLOTS &&
    ballots.every(
      (b) =>
        typeof b.uuid === 'string' &&
        b.uuid.length <= 64 &&
        typeof b.json === 'string' &&
        b.json.length <= MAX_BALLOT_CHARS,
    )
  )
}

function castErrorOf(error: VerifiableCastError): CastError {
  switch (error) {
    case 'not_on_roll':
      return 'not_on_roll'
    case 'already_voted':
      return 'already_voted'
    case 'voting_closed':
      return 'not_open'
    case 'wrong_credential':
      return 'wrong_credential'
    case 'missing_archive':
    case 'not_in_archive':
    case 'invalid_ballot':
      return 'invalid_ballot'
    default:
      return 'unavailable'
  }
}

/** Thrown inside a cast's transaction so that nothing of it is written (invariant 1). */
class CastAborted extends Error {
  constructor(readonly code: CastError | 'changed_meanwhile') {
    super(code)
  }
}

/**
 * A 'belenios' cast (ADR 034): in ONE transaction, `inTransaction` (the participation row online,
 * the booth token's consumption at the booth) and the voter's ballots appended to the archives by
 * `checkCast` (before the transaction) and `appendCheckedCast`. Any failure after the first write throws, so the transaction rolls back: no
 * participation without its ballots, no ballots without the participation. Another ballot appended
 * to the same archive meanwhile (PostgreSQL, two voters at once): the whole cast is tried again.
 */
async function castBelenios(
  db: DB,
  input: {
    electionId: string
    registrationId: string
    ballots: EncryptedBallot[]
    encryptedBy: 'device' | 'server'
    key: SealingKey
    now?: Date
    inTransaction: (trx: Tx) => Promise<CastError | null>
  },
): Promise<Result<CastReceipt, CastError>> {
  // A voter's refused ballots cost the server their proofs (~0.2–1 s each): after a few, wait.
  const throttleKey = `belenios-cast:${input.electionId}:${input.registrationId}`
  if ((await waitSeconds(db, [throttleKey], input.now)) > 0) return err('too_many_attempts')
  // The proofs are checked BEFORE the write transaction (review H1): a bad ballot never holds the
  // write lock, and a transaction retried after another voter's append does not check them again.
  const checked = await checkCast(db, {
    electionId: input.electionId,
    registrationId: input.registrationId,
    key: input.key,
    ballots: input.ballots,
  })
  if (!checked.ok) {
    const code = castErrorOf(checked.error)
    if (code === 'invalid_ballot' || code === 'wrong_credential')
      await recordFailure(db, throttleKey, REFUSED_BALLOT_POLICY, input.now)
    return err(code)
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const trackers = await db.transaction().execute(async (trx) => {
        // Re-checked inside the transaction: closing the vote and casting cannot interleave.
        if (!(await votingOpen(trx, input.electionId, input.now))) throw new CastAborted('not_open')
        const refused = await input.inTransaction(trx)
        if (refused) throw new CastAborted(refused)
        const cast = await appendCheckedCast(trx, checked.value)
        if (!cast.ok)
          throw new CastAborted(
            cast.error === 'changed_meanwhile' ? 'changed_meanwhile' : castErrorOf(cast.error),
          )
        const groups = await trx
          .selectFrom('belenios_archives')
          .select(['uuid', 'group_key'])
          .where('election_id', '=', input.electionId)
          .execute()
        return cast.value.map((t) => ({
          uuid: t.uuid,
          groupKey: groups.find((g) => g.uuid === t.uuid)?.group_key ?? '',
          tracker: t.tracker,
        }))
      })
      await afterVote(db)
      return ok({ format: 'belenios', encryptedBy: input.encryptedBy, trackers })
    } catch (error) {
      if (error instanceof CastAborted) {
        if (error.code !== 'changed_meanwhile') return err(error.code)
        if (attempt >= 2) return err('unavailable')
        continue
      }
      if (isUniqueViolation(error)) return err('already_voted')
      throw error
    }
  }
}

/** The server encrypts the voter's checked choices (the no-JavaScript path): nothing is stored. */
async function serverEncrypted(
  db: DB,
  input: { electionId: string; registrationId: string; key: SealingKey; choices: Choices },
): Promise<Result<EncryptedBallot[], CastError>> {
  const encrypted = await encryptForVoter(db, {
    electionId: input.electionId,
    registrationId: input.registrationId,
    key: input.key,
    choices: input.choices,
  })
  if (!encrypted.ok) {
    if (encrypted.error === 'missing_choice' || encrypted.error === 'bad_choice') return err('invalid_choice')
    if (encrypted.error === 'not_on_roll') return err('not_on_roll')
    return err('unavailable')
  }
  return ok(encrypted.value.map(({ uuid, json }) => ({ uuid, json })))
}

const participation = (electionId: string, registrationId: string) => async (trx: Tx) => {
  await trx
    .insertInto('voter_participation')
    .values({ election_id: electionId, registration_id: registrationId, channel: 'online' })
    .execute()
  return null
}

/**
 * Online vote with choices. A 'plain' election: ballot rows and a tracking code (ADR 005). A
 * 'belenios' election: the server encrypts the choices with the voter's credential and appends
 * them to the archives (ADR 034); no plaintext choice is written or logged.
 */
export async function castOnlineBallot(
  db: DB,
  input: { electionId: string; userId: string; choices: Choices; now?: Date; key?: SealingKey | null },
): Promise<Result<CastReceipt, CastError>> {
  // One read of the election row for the window and the format (it was read three times).
  const election = await electionForBallot.executeTakeFirst(db, { id: input.electionId })
  if (!election || !inVotingWindow(election, input.now)) return err('not_open')
  const roll = await rollEntryOfUser(db, { electionId: input.electionId, userId: input.userId })
  if (!roll) return err('not_on_roll')
  const ballots = await validateChoices(db, input.electionId, roll.subprefecture_id, input.choices)
  if (!ballots) return err('invalid_choice')
  if (election.ballot_format === 'belenios') {
    const key = input.key === undefined ? sealingKey() : input.key
    if (!key) return err('unavailable')
    // Encrypting costs proofs: not for someone who already voted (the primary key still decides).
    if (await hasVoted(db, input.electionId, roll.registration_id)) return err('already_voted')
    const encrypted = await serverEncrypted(db, {
      electionId: input.electionId,
      registrationId: roll.registration_id,
      key,
      choices: input.choices,
    })
    if (!encrypted.ok) return encrypted
    return castBelenios(db, {
      electionId: input.electionId,
      registrationId: roll.registration_id,
      ballots: encrypted.value,
      encryptedBy: 'server',
      key,
      now: input.now,
      inTransaction: participation(input.electionId, roll.registration_id),
    })
  }
  // The write: the window re-checked and the participation, ballot rows and tracking code written in
  // one transaction (invariant 1). SQLite: the process's group writer commits it with the votes
  // queued meanwhile, one commit for all, the WAL checkpoint shortly after (ADR 039, ADR 041).
  // PostgreSQL: its own SERIALIZABLE transaction, exactly as before (its server groups commits
  // itself; ADR 039 says why the app does not).
  if (dialectOf(db) === 'sqlite') {
    const written = await submitPlainVote(db, {
      electionId: input.electionId,
      registrationId: roll.registration_id,
      ballots,
      now: input.now,
    })
    if (!written.ok) return written
    return ok({ format: 'plain', trackingCode: written.value.trackingCode })
  }
  try {
    const cast = await db.transaction().execute(async (trx) => {
      // Re-checked inside the transaction: closing the vote and casting cannot interleave.
      if (!(await votingOpen(trx, input.electionId, input.now))) return err('not_open')
      await trx
        .insertInto('voter_participation')
        .values({ election_id: input.electionId, registration_id: roll.registration_id, channel: 'online' })
        .execute()
      return ok({ format: 'plain' as const, trackingCode: await writeBallot(trx, input.electionId, ballots) })
    })
    if (cast.ok) await afterVote(db)
    return cast
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_voted')
    throw error
  }
}

/**
 * Online vote with ballots the voter's device encrypted and signed (a 'belenios' election only):
 * each verified by the core against this voter's credential before anything is written.
 */
export async function castEncryptedOnline(
  db: DB,
  input: {
    electionId: string
    userId: string
    ballots: EncryptedBallot[]
    now?: Date
    key?: SealingKey | null
  },
): Promise<Result<CastReceipt, CastError>> {
  if (!(await votingOpen(db, input.electionId, input.now))) return err('not_open')
  if ((await ballotFormatOf(db, input.electionId)) !== 'belenios') return err('wrong_format')
  const roll = await rollEntryOfUser(db, { electionId: input.electionId, userId: input.userId })
  if (!roll) return err('not_on_roll')
  if (!boundedBallots(input.ballots)) return err('invalid_ballot')
  const key = input.key === undefined ? sealingKey() : input.key
  if (!key) return err('unavailable')
  return castBelenios(db, {
    electionId: input.electionId,
    registrationId: roll.registration_id,
    ballots: input.ballots,
    encryptedBy: 'device',
    key,
    now: input.now,
    inTransaction: participation(input.electionId, roll.registration_id),
  })
}

function encryptionInputOf(
  material: Result<EncryptionMaterial[], string>,
): Result<EncryptionInput, EncryptionInputError> {
  if (!material.ok) return err(material.error === 'not_on_roll' ? 'not_on_roll' : 'unavailable')
  return ok({
    archives: material.value.map((m) => ({
      uuid: m.uuid,
      groupKey: m.groupKey,
      electionJson: m.electionJson,
      questionsMap: m.questionsMap,
      credential: m.credential,
    })),
  })
}

/**
 * For the signed-in voter's device (a 'belenios' election, voting open, on the roll, not voted
 * yet): per archive its election.json, which answer is which candidacy, and the voter's private
 * credential (ADR 029: the server is the credential authority). Send it to that voter only.
 */
export async function ballotEncryptionInput(
  db: DB,
  input: { electionId: string; userId: string; now?: Date; key?: SealingKey | null },
): Promise<Result<EncryptionInput, EncryptionInputError>> {
  if (!(await votingOpen(db, input.electionId, input.now))) return err('not_open')
  if ((await ballotFormatOf(db, input.electionId)) !== 'belenios') return err('wrong_format')
  const roll = await rollEntryOfUser(db, { electionId: input.electionId, userId: input.userId })
  if (!roll) return err('not_on_roll')
  if (await hasVoted(db, input.electionId, roll.registration_id)) return err('already_voted')
  const key = input.key === undefined ? sealingKey() : input.key
  return encryptionInputOf(
    await encryptionMaterial(db, { electionId: input.electionId, registrationId: roll.registration_id, key }),
  )
}

export type BoothOpenError =
  'not_open' | 'not_on_roll' | 'already_voted' | 'not_a_poll_worker' | 'device_not_enrolled'

// The booth's handover of the voter's credential (ADR 034): the registration whose ballot a booth
// token opens is sealed into the token's row, bound to the token's hash, and goes with the row
// when the ballot is cast or cancelled. Nothing else links the token to the voter.
const boothBinding = (electionId: string, tokenHash: string) => `booth-ballot|${electionId}|${tokenHash}`

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
    key?: SealingKey | null
    inTransaction?: (trx: Tx, opened: { tokenHash: string; deviceId: string }) => Promise<void>
  },
): Promise<Result<{ token: string; subprefectureId: number }, BoothOpenError>> {
  const election = await db
    .selectFrom('elections')
    .select(['phase', 'voting_starts', 'voting_ends', 'ballot_format'])
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
  const key =
    election.ballot_format === 'belenios' ? (input.key === undefined ? sealingKey() : input.key) : null
  // Without the key the booth could not sign the voter's ballot: do not mark them.
  if (election.ballot_format === 'belenios' && !key) return err('not_open')
  const token = encodeBase32UpperCaseNoPadding(randomBytes(15)).toLowerCase()
  const tokenHash = sha256Hex(token)
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
          token_hash: tokenHash,
          election_id: input.electionId,
          subprefecture_id: roll.subprefecture_id,
          registration_sealed: key
            ? seal(key, boothBinding(input.electionId, tokenHash), input.registrationId)
            : null,
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
      await input.inTransaction?.(trx, { tokenHash, deviceId: device.id })
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

/** The registration a 'belenios' booth token was opened for, unsealed; null if none or unreadable. */
async function boothRegistration(
  db: DB,
  input: { electionId: string; tokenHash: string; key: SealingKey },
): Promise<string | null> {
  const row = await db
    .selectFrom('booth_tokens')
    .select('registration_sealed')
    .where('token_hash', '=', input.tokenHash)
    .where('election_id', '=', input.electionId)
    .executeTakeFirst()
  if (!row?.registration_sealed) return null
  return unseal(input.key, boothBinding(input.electionId, input.tokenHash), row.registration_sealed)
}

/** As `ballotEncryptionInput`, for the voter whose booth ballot the token hash stands for. */
export async function boothEncryptionInput(
  db: DB,
  input: { electionId: string; tokenHash: string; now?: Date; key?: SealingKey | null },
): Promise<Result<EncryptionInput, EncryptionInputError>> {
  const booth = await boothTokenByHash(db, input)
  if (!booth) return err('not_open')
  if (!(await votingOpen(db, input.electionId, input.now))) return err('not_open')
  if ((await ballotFormatOf(db, input.electionId)) !== 'belenios') return err('wrong_format')
  const key = input.key === undefined ? sealingKey() : input.key
  if (!key) return err('unavailable')
  const registrationId = await boothRegistration(db, { ...input, key })
  if (!registrationId) return err('unavailable')
  return encryptionInputOf(
    await encryptionMaterial(db, { electionId: input.electionId, registrationId, key }),
  )
}

export async function castBoothBallot(
  db: DB,
  input: { electionId: string; token: string; now?: Date; key?: SealingKey | null } & BallotInput,
): Promise<Result<CastReceipt, CastError>> {
  if (!/^[a-z2-7]{24}$/.test(input.token)) return err('not_open')
  const { token, ...rest } = input
  return castBoothBallotByHash(db, { ...rest, tokenHash: sha256Hex(token) })
}

/** Casts the booth ballot a token hash stands for; `inTransaction` runs with the cast (booth state). */
export async function castBoothBallotByHash(
  db: DB,
  input: {
    electionId: string
    tokenHash: string
    now?: Date
    key?: SealingKey | null
    inTransaction?: (trx: Tx) => Promise<void>
  } & BallotInput,
): Promise<Result<CastReceipt, CastError>> {
  const booth = await boothTokenByHash(db, { electionId: input.electionId, tokenHash: input.tokenHash })
  if (!booth) return err('not_open')
  // A booth ballot opened before the end is still refused after it (issue #17): the hours hold.
  if (!(await votingOpen(db, input.electionId, input.now))) return err('not_open')
  // Consuming the token is the guard: a second submission deletes nothing and writes nothing.
  const consume = async (trx: Tx): Promise<CastError | null> => {
    const used = await trx
      .deleteFrom('booth_tokens')
      .where('token_hash', '=', input.tokenHash)
      .where('election_id', '=', input.electionId)
      .executeTakeFirst()
    if (Number(used.numDeletedRows) !== 1) return 'already_voted'
    await input.inTransaction?.(trx)
    return null
  }
  if ((await ballotFormatOf(db, input.electionId)) === 'belenios') {
    const key = input.key === undefined ? sealingKey() : input.key
    if (!key) return err('unavailable')
    const registrationId = await boothRegistration(db, {
      electionId: input.electionId,
      tokenHash: input.tokenHash,
      key,
    })
    if (!registrationId) return err('unavailable')
    let ballots: EncryptedBallot[]
    let encryptedBy: 'device' | 'server'
    if (input.ballots !== undefined) {
      if (!boundedBallots(input.ballots)) return err('invalid_ballot')
      ballots = input.ballots
      encryptedBy = 'device'
    } else {
      if (!(await validateChoices(db, input.electionId, booth.subprefecture_id, input.choices)))
        return err('invalid_choice')
      const encrypted = await serverEncrypted(db, {
        electionId: input.electionId,
        registrationId,
        key,
        choices: input.choices,
      })
      if (!encrypted.ok) return encrypted
      ballots = encrypted.value
      encryptedBy = 'server'
    }
    return castBelenios(db, {
      electionId: input.electionId,
      registrationId,
      ballots,
      encryptedBy,
      key,
      now: input.now,
      inTransaction: consume,
    })
  }
  if (input.ballots !== undefined) return err('wrong_format')
  const ballots = await validateChoices(db, input.electionId, booth.subprefecture_id, input.choices)
  if (!ballots) return err('invalid_choice')
  const cast = await db.transaction().execute(async (trx) => {
    if (!(await votingOpen(trx, input.electionId, input.now))) return err('not_open')
    const refused = await consume(trx)
    if (refused) return err(refused)
    return ok({ format: 'plain' as const, trackingCode: await writeBallot(trx, input.electionId, ballots) })
  })
  if (cast.ok) await afterVote(db)
  return cast
}

/** Closing the vote: booth ballots opened and never cast can no longer be cast. */
export async function cancelUnusedBoothTokens(trx: Tx, electionId: string): Promise<void> {
  await trx.deleteFrom('booth_tokens').where('election_id', '=', electionId).execute()
}
