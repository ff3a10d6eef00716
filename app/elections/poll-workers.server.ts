import { randomBytes } from 'node:crypto'
import { encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import { sql } from 'kysely'
import { appendAudit } from '../audit/audit.server'
import { parseIdentifier } from '../auth/identifier'
import { ACCOUNT_POLICY, recordFailure, waitSeconds } from '../auth/throttle.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { sha256Hex } from '../lib/hash.server'
import { newId } from '../lib/ids.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { err, ok, type Result } from '../lib/result'
import { normaliseEnrolmentCode } from './polling-place'

// Who works the polling place of an election, and on which devices (issue #16.13). The electoral
// commission names poll workers per election (no staff role opens booth ballots by itself) and
// enrols the devices booth ballots may be opened on. Every change is in the audit log. A device
// keeps a random token in an HttpOnly cookie; the database keeps its SHA-256 (as for sessions).

const ENROLMENT_CODE_TTL_MS = 60 * 60_000

export async function pollWorkerIds(db: DB, electionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('election_poll_workers')
    .select('user_id')
    .where('election_id', '=', electionId)
    .execute()
  return rows.map((r) => r.user_id)
}

async function electionExists(db: DB, electionId: string): Promise<boolean> {
  return Boolean(
    await db.selectFrom('elections').select('id').where('id', '=', electionId).executeTakeFirst(),
  )
}

export async function namePollWorker(
  db: DB,
  input: { actorUserId: string; electionId: string; identifier: string },
): Promise<Result<{ userId: string }, 'not_found' | 'no_such_account' | 'already_named'>> {
  if (!(await electionExists(db, input.electionId))) return err('not_found')
  const id = parseIdentifier(input.identifier)
  const user = id
    ? await db
        .selectFrom('users')
        .select('id')
        .where(id.kind === 'email' ? 'email' : 'phone', '=', id.value)
        .where('erased_at', 'is', null)
        .executeTakeFirst()
    : undefined
  if (!user) return err('no_such_account', 'identifier')
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('election_poll_workers')
        .values({
          election_id: input.electionId,
          user_id: user.id,
          named_by: input.actorUserId,
          named_at: new Date().toISOString(),
        })
        .execute()
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: 'election.pollWorker.name',
        entityType: 'election',
        entityId: input.electionId,
        after: { userId: user.id },
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_named', 'identifier')
    throw error
  }
  return ok({ userId: user.id })
}

export async function removePollWorker(
  db: DB,
  input: { actorUserId: string; electionId: string; userId: string },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('election_poll_workers')
      .where('election_id', '=', input.electionId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst()
    if (Number(removed.numDeletedRows) !== 1) return err('not_found')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.pollWorker.remove',
      entityType: 'election',
      entityId: input.electionId,
      before: { userId: input.userId },
    })
    return ok(null)
  })
}

const deviceToken = () => encodeBase32LowerCaseNoPadding(randomBytes(20))

/** The commission enrols the browser it is using: the token goes to that browser's cookie. */
export async function enrolThisDevice(
  db: DB,
  input: { actorUserId: string; electionId: string; label: string },
): Promise<Result<{ token: string }, 'not_found'>> {
  if (!(await electionExists(db, input.electionId))) return err('not_found')
  const token = deviceToken()
  const now = new Date().toISOString()
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('booth_devices')
      .values({
        id,
        election_id: input.electionId,
        label: input.label,
        token_hash: sha256Hex(token),
        code_hash: null,
        code_expires_at: null,
        created_by: input.actorUserId,
        created_at: now,
        enrolled_at: now,
        revoked_at: null,
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.device.enrol',
      entityType: 'booth_device',
      entityId: id,
      after: { electionId: input.electionId, label: input.label, how: 'this_browser' },
    })
  })
  return ok({ token })
}

/** A one-time code, valid for an hour, that a named poll worker types on the device to enrol it. */
export async function createEnrolmentCode(
  db: DB,
  input: { actorUserId: string; electionId: string; label: string; now?: Date },
): Promise<Result<{ code: string; expiresAt: string }, 'not_found'>> {
  if (!(await electionExists(db, input.electionId))) return err('not_found')
  const now = input.now ?? new Date()
  const code = encodeBase32UpperCaseNoPadding(randomBytes(8)).slice(0, 12)
  const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_TTL_MS).toISOString()
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('booth_devices')
      .values({
        id,
        election_id: input.electionId,
        label: input.label,
        token_hash: null,
        code_hash: sha256Hex(code),
        code_expires_at: expiresAt,
        created_by: input.actorUserId,
        created_at: now.toISOString(),
        enrolled_at: null,
        revoked_at: null,
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.device.code',
      entityType: 'booth_device',
      entityId: id,
      after: { electionId: input.electionId, label: input.label, expiresAt },
    })
  })
  return ok({ code: code.match(/.{4}/g)!.join('-'), expiresAt })
}

/** A named poll worker enrols the device they hold with the commission's one-time code. */
export async function claimEnrolmentCode(
  db: DB,
  input: { actorUserId: string; electionId: string; code: string; now?: Date },
): Promise<
  Result<{ token: string }, 'invalid_enrolment_code' | 'too_many_attempts'> & { retryAfterSeconds?: number }
> {
  const now = input.now ?? new Date()
  // Guessing codes is slowed per worker: 5 free wrong codes, then a delay doubling to a minute.
  const key = `booth-enrol:${keyedHash('booth-enrol', input.actorUserId)}`
  const wait = await waitSeconds(db, [key], now)
  if (wait > 0) return { ...err('too_many_attempts'), retryAfterSeconds: wait }
  const code = normaliseEnrolmentCode(input.code)
  const token = deviceToken()
  const claimed = code
    ? await db.transaction().execute(async (trx) => {
        // The conditional update is the guard: a code is claimed once, unexpired and unrevoked.
        const device = await trx
          .updateTable('booth_devices')
          .set({ token_hash: sha256Hex(token), code_hash: null, enrolled_at: now.toISOString() })
          .where('code_hash', '=', sha256Hex(code))
          .where('election_id', '=', input.electionId)
          .where('token_hash', 'is', null)
          .where('revoked_at', 'is', null)
          .where('code_expires_at', '>', now.toISOString())
          .returning('id')
          .executeTakeFirst()
        if (!device) return false
        await appendAudit(trx, {
          actorUserId: input.actorUserId,
          action: 'election.device.enrol',
          entityType: 'booth_device',
          entityId: device.id,
          after: { electionId: input.electionId, how: 'code' },
        })
        return true
      })
    : false
  if (!claimed) {
    await recordFailure(db, key, ACCOUNT_POLICY, now)
    return err('invalid_enrolment_code', 'code')
  }
  return ok({ token })
}

export async function revokeDevice(
  db: DB,
  input: { actorUserId: string; electionId: string; deviceId: string },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('booth_devices')
      .set({ revoked_at: new Date().toISOString(), code_hash: null })
      .where('id', '=', input.deviceId)
      .where('election_id', '=', input.electionId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (Number(revoked.numUpdatedRows) !== 1) return err('not_found')
    // A revoked device in booth state leaves it: its booth cookie no longer opens anything.
    await trx.deleteFrom('booth_sessions').where('device_id', '=', input.deviceId).execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.device.revoke',
      entityType: 'booth_device',
      entityId: input.deviceId,
      after: { electionId: input.electionId },
    })
    return ok(null)
  })
}

/** The enrolled, unrevoked device of this election whose cookie token this is, or null. */
export async function enrolledDevice(db: DB, input: { electionId: string; token: string | null }) {
  if (!input.token) return null
  return (
    (await db
      .selectFrom('booth_devices')
      .select(['id', 'label'])
      .where('token_hash', '=', sha256Hex(input.token))
      .where('election_id', '=', input.electionId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()) ?? null
  )
}

/** The commission's view: named workers with how many voters each marked in person, and devices. */
export async function pollingStaff(db: DB, electionId: string) {
  const workers = await db
    .selectFrom('election_poll_workers as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .leftJoin('polling_place_workers as pw', (j) =>
      j.onRef('pw.election_id', '=', 'w.election_id').onRef('pw.user_id', '=', 'w.user_id'),
    )
    .leftJoin('polling_places as pp', 'pp.id', 'pw.polling_place_id')
    .select(['w.user_id', 'u.display_name', 'u.email', 'w.named_at', 'pp.name as place', 'pp.text_language'])
    .where('w.election_id', '=', electionId)
    .orderBy('u.display_name')
    .execute()
  const counts = await db
    .selectFrom('in_person_marks')
    .select(['worker_id', sql<number>`count(*)`.as('n')])
    .where('election_id', '=', electionId)
    .groupBy('worker_id')
    .execute()
  const countOf = new Map(counts.map((c) => [c.worker_id, Number(c.n)]))
  // Marks by people no longer named still count: they are listed too, so the totals add up.
  const named = new Set(workers.map((w) => w.user_id))
  const former = counts.filter((c) => !named.has(c.worker_id)).map((c) => c.worker_id)
  const formerNames = former.length
    ? await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', former).execute()
    : []
  const devices = await db
    .selectFrom('booth_devices')
    .select(['id', 'label', 'enrolled_at', 'code_expires_at', 'revoked_at', 'created_at'])
    .where('election_id', '=', electionId)
    .orderBy('created_at')
    .execute()
  return {
    workers: [
      ...workers.map((w) => ({
        userId: w.user_id,
        name: w.display_name,
        email: w.email,
        named: true,
        marked: countOf.get(w.user_id) ?? 0,
        // The polling place they serve (#17), as written, with its language.
        place: w.place ? { name: w.place, language: w.text_language ?? 'pt-BR' } : null,
      })),
      ...formerNames.map((u) => ({
        userId: u.id,
        name: u.display_name,
        email: null,
        named: false,
        marked: countOf.get(u.id) ?? 0,
        place: null,
      })),
    ],
    devices,
  }
}
