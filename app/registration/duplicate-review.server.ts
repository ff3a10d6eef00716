import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { cycleOfRegistrationIsOpen, getCurrentCycle } from './cycles.server'

// Likely duplicates on the roll (issue #16.17): one person with two approved registrations (two
// different documents) would be on the voter roll twice. Two approved registrations of a cycle with
// the same `duplicate_key` (duplicates.ts: name without accents, case, spacing or word order + birth
// date + nationalities, written with the row and indexed with the cycle) are shown to the
// secretariat, who answers each pair once: "not the same person" (remembered) or "the same person"
// (one is kept, the other withdrawn: closed as rejected for `duplicate`, audited). The roll cannot
// be frozen while a pair is unanswered (lifecycle.server.ts, ADR 004).

type Db = DB | Transaction<Database>

/** The pair in its stored order: the smaller id first. */
const ordered = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a])

/** Unanswered pairs of approved registrations sharing a duplicate key in a cycle (index lookups on (cycle_id, duplicate_key)). */
function unansweredPairs(db: Db, cycleId: string) {
  return db
    .selectFrom('voter_registrations as a')
    .innerJoin('voter_registrations as b', (j) =>
      j
        .onRef('b.cycle_id', '=', 'a.cycle_id')
        .onRef('b.duplicate_key', '=', 'a.duplicate_key')
        .onRef('b.id', '>', 'a.id'),
    )
    .where('a.cycle_id', '=', cycleId)
    .where('a.status', '=', 'approved')
    .where('b.status', '=', 'approved')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('duplicate_reviews as d')
            .select('d.registration_id')
            .whereRef('d.registration_id', '=', 'a.id')
            .whereRef('d.other_registration_id', '=', 'b.id'),
        ),
      ),
    )
}

/** How many likely duplicate pairs of a cycle wait for an answer (the election page and the freeze ask). */
export async function unresolvedDuplicateCount(db: Db, cycleId: string): Promise<number> {
  const row = await unansweredPairs(db, cycleId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The current cycle's pairs for the review page, with what the reviewer compares. */
export async function likelyDuplicates(db: DB, { limit = 100 } = {}) {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return { pairs: [], total: 0 }
  const pairs = await unansweredPairs(db, cycle.id)
    .select(['a.id as a', 'b.id as b'])
    .orderBy('a.id')
    .orderBy('b.id')
    .limit(limit)
    .execute()
  const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))]
  const rows = ids.length
    ? await db
        .selectFrom('voter_registrations as r')
        .innerJoin('subprefectures as s', 's.id', 'r.subprefecture_id')
        .select([
          'r.id',
          'r.protocol',
          'r.full_name',
          'r.social_name',
          'r.birth_date',
          'r.nationalities',
          'r.document_type',
          'r.document_number',
          'r.channel',
          'r.created_at',
          's.name as subprefecture',
        ])
        .where('r.id', 'in', ids)
        .execute()
    : []
  const byId = new Map(
    rows.map((r) => [r.id, { ...r, nationalities: JSON.parse(r.nationalities) as string[] }]),
  )
  return {
    pairs: pairs.map((p) => ({ a: byId.get(p.a)!, b: byId.get(p.b)! })),
    total: await unresolvedDuplicateCount(db, cycle.id),
  }
}

/** Thrown to roll the answer back when the registration changed under it. */
class AlreadyResolved extends Error {}

type ReviewError = 'not_found' | 'not_a_duplicate' | 'already_resolved' | 'on_roll' | 'cycle_closed'

/** Both registrations, if they are an approved pair with the same key in one cycle. */
async function pairOf(trx: Db, ids: [string, string]) {
  const rows = await trx
    .selectFrom('voter_registrations')
    .select(['id', 'cycle_id', 'duplicate_key', 'status', 'user_id', 'protocol'])
    .where('id', 'in', ids)
    .execute()
  if (rows.length !== 2) return err('not_found')
  const [a, b] = rows
  if (a!.cycle_id !== b!.cycle_id || a!.duplicate_key !== b!.duplicate_key) return err('not_a_duplicate')
  if (a!.status !== 'approved' || b!.status !== 'approved') return err('already_resolved')
  // A closed cycle's registrations are read-only (issue #17).
  if (!(await cycleOfRegistrationIsOpen(trx, a!.id))) return err('cycle_closed')
  return ok({ cycleId: a!.cycle_id, rows: new Map(rows.map((r) => [r.id, r])) })
}

/** "Not the same person": remembered, so the pair is not shown again and does not hold the roll. */
export async function dismissDuplicate(
  db: DB,
  input: { actorUserId: string; registrationId: string; otherRegistrationId: string },
): Promise<Result<null, ReviewError>> {
  const [first, second] = ordered(input.registrationId, input.otherRegistrationId)
  if (first === second) return err('not_a_duplicate')
  try {
    return await db.transaction().execute(async (trx) => {
      const pair = await pairOf(trx, [first, second])
      if (!pair.ok) return pair
      const at = nowIso()
      await trx
        .insertInto('duplicate_reviews')
        .values({
          registration_id: first,
          other_registration_id: second,
          cycle_id: pair.value.cycleId,
          outcome: 'distinct',
          kept_registration_id: null,
          decided_by: input.actorUserId,
          decided_at: at,
        })
        .execute()
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: 'registration.duplicate.distinct',
        entityType: 'voter_registration',
        entityId: first,
        after: { other: second },
      })
      return ok(null)
    })
  } catch (error) {
    if (isUniqueViolation(error) || error instanceof AlreadyResolved) return err('already_resolved')
    throw error
  }
}

/**
 * "The same person": `keep` stays approved; the other registration is withdrawn (rejected for
 * `duplicate`; which one was kept is in the audit entry only — were the answer wrong, the person
 * would otherwise read a stranger's protocol), and the account linked to it loses the voter
 * role unless it has another approved registration. Refused once the withdrawn one is on a frozen
 * roll: a roll is changed by no one after it is frozen.
 */
export async function mergeDuplicate(
  db: DB,
  input: { actorUserId: string; keepRegistrationId: string; withdrawRegistrationId: string },
): Promise<Result<null, ReviewError>> {
  const { keepRegistrationId: keep, withdrawRegistrationId: withdraw } = input
  const [first, second] = ordered(keep, withdraw)
  if (first === second) return err('not_a_duplicate')
  try {
    return await db.transaction().execute(async (trx) => {
      const pair = await pairOf(trx, [first, second])
      if (!pair.ok) return pair
      const onRoll = await trx
        .selectFrom('voter_rolls')
        .select('registration_id')
        .where('registration_id', '=', withdraw)
        .executeTakeFirst()
      if (onRoll) return err('on_roll')
      const at = nowIso()
      // The review row first: of two reviewers answering the pair at once, the key lets one through.
      await trx
        .insertInto('duplicate_reviews')
        .values({
          registration_id: first,
          other_registration_id: second,
          cycle_id: pair.value.cycleId,
          outcome: 'same',
          kept_registration_id: keep,
          decided_by: input.actorUserId,
          decided_at: at,
        })
        .execute()
      const kept = pair.value.rows.get(keep)!
      const withdrawn = await trx
        .updateTable('voter_registrations')
        .set({
          status: 'rejected',
          decision_reason: 'duplicate',
          decision_note: null,
          decided_by: input.actorUserId,
          decided_at: at,
          updated_at: at,
        })
        .where('id', '=', withdraw)
        .where('status', '=', 'approved')
        .executeTakeFirst()
      if (Number(withdrawn.numUpdatedRows) !== 1) throw new AlreadyResolved()
      const other = pair.value.rows.get(withdraw)!
      if (other.user_id && other.user_id !== kept.user_id) {
        const stillApproved = await trx
          .selectFrom('voter_registrations')
          .select('id')
          .where('user_id', '=', other.user_id)
          .where('status', '=', 'approved')
          .executeTakeFirst()
        if (!stillApproved)
          await trx
            .deleteFrom('user_roles')
            .where('user_id', '=', other.user_id)
            .where('role', '=', 'voter')
            .execute()
      }
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: 'registration.duplicate.same',
        entityType: 'voter_registration',
        entityId: withdraw,
        before: { status: 'approved' },
        after: { status: 'rejected', reason: 'duplicate', kept: keep },
      })
      return ok(null)
    })
  } catch (error) {
    if (isUniqueViolation(error) || error instanceof AlreadyResolved) return err('already_resolved')
    throw error
  }
}
