import { randomBytes } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { passwordMatches } from '../auth/accounts.server'
import { createSession, sessionIdFromToken } from '../auth/session.server'
import { clearFailures, recordFailure, waitSeconds, type DelayPolicy } from '../auth/throttle.server'
import type { DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import {
  boothTokenByHash,
  castBoothBallotByHash,
  openBoothBallot,
  type BallotInput,
  type BoothOpenError,
  type CastError,
  type CastReceipt,
} from './voting.server'

// Booth state (issue #16.12): the ballot never runs inside the poll worker's staff session.
//
//   staff session ──open booth──▶ ballot ──cast──▶ waiting ──worker's password──▶ staff session
//
// Opening the booth (one transaction with marking the voter) ends the worker's session and gives
// the device a booth cookie instead, bound to the enrolled device (its device cookie must match)
// and to the one voter's booth token. While that cookie is present the server ignores any session
// cookie and sends every other URL to /booth (booth-lock.ts). Leaving booth state needs the
// worker's password again, throttled per device; only then is a new staff session created.

type BoothError = 'booth_ended'

// A delay, never a lock (#16.6): a voter trying passwords at the booth gets 5 free tries, then waits
// 2 s doubling to 60 s per try; the worker's right password still gets in within a minute.
const UNLOCK_POLICY: DelayPolicy = {
  freeFailures: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
}

const newBoothToken = () => encodeBase32LowerCaseNoPadding(randomBytes(20))

/** The poll worker hands the device over: mark the voter, open their ballot, end the staff session. */
export async function enterBooth(
  db: DB,
  input: {
    workerId: string
    electionId: string
    registrationId: string
    deviceToken: string | null
    staffSessionToken: string | null
    now?: Date
  },
): Promise<Result<{ boothToken: string }, BoothOpenError>> {
  const boothToken = newBoothToken()
  const opened = await openBoothBallot(db, {
    workerId: input.workerId,
    electionId: input.electionId,
    registrationId: input.registrationId,
    deviceToken: input.deviceToken,
    now: input.now,
    inTransaction: async (trx, { tokenHash, deviceId }) => {
      // One booth per device: a stale one (its cookie lost) is replaced, and its unused ballot with it.
      const stale = await trx
        .selectFrom('booth_sessions')
        .select('ballot_token_hash')
        .where('device_id', '=', deviceId)
        .executeTakeFirst()
      if (stale?.ballot_token_hash)
        await trx.deleteFrom('booth_tokens').where('token_hash', '=', stale.ballot_token_hash).execute()
      await trx.deleteFrom('booth_sessions').where('device_id', '=', deviceId).execute()
      await trx
        .insertInto('booth_sessions')
        .values({
          token_hash: sha256Hex(boothToken),
          device_id: deviceId,
          election_id: input.electionId,
          worker_id: input.workerId,
          ballot_token_hash: tokenHash,
        })
        .execute()
      if (input.staffSessionToken)
        await trx
          .deleteFrom('sessions')
          .where('id', '=', sessionIdFromToken(input.staffSessionToken))
          .execute()
    },
  })
  if (!opened.ok) return opened
  return ok({ boothToken })
}

export type Booth = {
  sessionHash: string
  deviceId: string
  electionId: string
  workerId: string
  /** The voter's open ballot, or null: the booth is waiting for the poll worker. */
  ballot: { tokenHash: string; subprefectureId: number } | null
}

/** The booth this device is in: both cookies must match an unrevoked device's booth. */
export async function currentBooth(
  db: DB,
  input: { boothToken: string | null; deviceToken: string | null },
): Promise<Booth | null> {
  if (!input.boothToken || !input.deviceToken) return null
  const row = await db
    .selectFrom('booth_sessions as s')
    .innerJoin('booth_devices as d', 'd.id', 's.device_id')
    .select(['s.token_hash', 's.device_id', 's.election_id', 's.worker_id', 's.ballot_token_hash'])
    .where('s.token_hash', '=', sha256Hex(input.boothToken))
    .where('d.token_hash', '=', sha256Hex(input.deviceToken))
    .where('d.revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  const ballot = row.ballot_token_hash
    ? await boothTokenByHash(db, { electionId: row.election_id, tokenHash: row.ballot_token_hash })
    : null
  return {
    sessionHash: row.token_hash,
    deviceId: row.device_id,
    electionId: row.election_id,
    workerId: row.worker_id,
    ballot:
      ballot && row.ballot_token_hash
        ? { tokenHash: row.ballot_token_hash, subprefectureId: ballot.subprefecture_id }
        : null,
  }
}

/** The voter casts the booth's one ballot; the booth then waits for the poll worker. */
export async function castInBooth(
  db: DB,
  input: { booth: Booth } & BallotInput,
): Promise<Result<CastReceipt, CastError | BoothError>> {
  const { booth, ...ballot } = input
  if (!booth.ballot) return err('booth_ended')
  return castBoothBallotByHash(db, {
    ...ballot,
    electionId: booth.electionId,
    tokenHash: booth.ballot.tokenHash,
    inTransaction: async (trx) => {
      await trx
        .updateTable('booth_sessions')
        .set({ ballot_token_hash: null })
        .where('token_hash', '=', booth.sessionHash)
        .execute()
    },
  })
}

/** The poll worker takes the device back with their password: booth state ends, a session starts. */
export async function leaveBooth(
  db: DB,
  input: { boothToken: string | null; deviceToken: string | null; password: string; now?: Date },
): Promise<
  Result<
    { electionId: string; sessionToken: string; expiresAt: Date },
    'booth_ended' | 'wrong_password' | 'too_many_attempts'
  > & { retryAfterSeconds?: number }
> {
  const now = input.now ?? new Date()
  const booth = await currentBooth(db, input)
  if (!booth) return err('booth_ended')
  const key = `booth-unlock:${keyedHash('booth-unlock', booth.deviceId)}`
  const wait = await waitSeconds(db, [key], now)
  if (wait > 0) return { ...err('too_many_attempts'), retryAfterSeconds: wait }
  if (!(await passwordMatches(db, { userId: booth.workerId, password: input.password }))) {
    await recordFailure(db, key, UNLOCK_POLICY, now)
    return err('wrong_password', 'password')
  }
  await clearFailures(db, key)
  const left = await db.transaction().execute(async (trx) => {
    const ended = await trx
      .deleteFrom('booth_sessions')
      .where('token_hash', '=', booth.sessionHash)
      .executeTakeFirst()
    if (Number(ended.numDeletedRows) !== 1) return false
    // A ballot left uncast (the voter walked away) is cancelled: nobody else may use it.
    if (booth.ballot)
      await trx.deleteFrom('booth_tokens').where('token_hash', '=', booth.ballot.tokenHash).execute()
    return true
  })
  if (!left) return err('booth_ended')
  const session = await createSession(db, { userId: booth.workerId, now })
  return ok({ electionId: booth.electionId, sessionToken: session.token, expiresAt: session.expiresAt })
}
