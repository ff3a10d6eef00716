import type { Transaction } from 'kysely'
import type { Database, LeaveReason } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { atLeast } from '../elections/phases'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { getBody } from './bodies.server'
import { successorFor, swearingInRefusal, type SeatHolder } from './terms'

// The steps between an official result and a seat (ADR 016): the result's publication in the
// gazette, the swearing-in (terms count from it), and the succession of a full member who leaves
// by the first alternate of the same seat, confirmed by the secretariat. Every step is audited.

type Tx = Transaction<Database>

// ---- official result and swearing-in ----

/** The official result's publication in the gazette (DOC): its reference and date. */
export async function recordOfficialPublication(
  db: DB,
  input: { actorUserId: string; electionId: string; reference: string; publishedOn: string },
): Promise<Result<null, 'election_not_found' | 'not_official' | 'after_swearing_in'>> {
  return db.transaction().execute(async (trx) => {
    const e = await trx
      .selectFrom('elections')
      .select(['phase', 'gazette_reference', 'gazette_published_on'])
      .where('id', '=', input.electionId)
      .executeTakeFirst()
    if (!e) return err('election_not_found', 'electionId')
    if (!atLeast(e.phase, 'official_result')) return err('not_official', 'electionId')
    const firstSwearing = await trx
      .selectFrom('body_swearings')
      .select('sworn_in_on')
      .where('election_id', '=', input.electionId)
      .orderBy('sworn_in_on')
      .executeTakeFirst()
    if (firstSwearing && firstSwearing.sworn_in_on < input.publishedOn)
      return err('after_swearing_in', 'publishedOn')
    await trx
      .updateTable('elections')
      .set({
        gazette_reference: input.reference,
        gazette_published_on: input.publishedOn,
        updated_at: nowIso(),
      })
      .where('id', '=', input.electionId)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.gazette',
      entityType: 'election',
      entityId: input.electionId,
      before: { reference: e.gazette_reference, on: e.gazette_published_on },
      after: { reference: input.reference, on: input.publishedOn },
    })
    return ok(null)
  })
}

/** The elected members' swearing-in on a body: never before the result is in the gazette. */
export async function recordSwearingIn(
  db: DB,
  input: { actorUserId: string; bodyId: string; electionId: string; on: string },
): Promise<
  Result<
    null,
    'not_found' | 'election_not_found' | 'gazette_not_recorded' | 'before_gazette' | 'already_sworn_in'
  >
> {
  return db.transaction().execute(async (trx) => {
    if (!(await getBody(trx, input.bodyId))) return err('not_found')
    const e = await trx
      .selectFrom('elections')
      .select('gazette_published_on')
      .where('id', '=', input.electionId)
      .executeTakeFirst()
    if (!e) return err('election_not_found', 'electionId')
    const refusal = swearingInRefusal(e.gazette_published_on, input.on)
    if (refusal) return err(refusal, refusal === 'before_gazette' ? 'on' : 'electionId')
    const inserted = await trx
      .insertInto('body_swearings')
      .values({
        body_id: input.bodyId,
        election_id: input.electionId,
        sworn_in_on: input.on,
        recorded_at: nowIso(),
      })
      .onConflict((oc) => oc.columns(['body_id', 'election_id']).doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return err('already_sworn_in', 'electionId')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.swearing_in',
      entityType: 'council_body',
      entityId: input.bodyId,
      after: { election: input.electionId, on: input.on },
    })
    return ok(null)
  })
}

/** The swearing-in of an election's members on a body, if recorded. */
export async function swearingOf(db: DB | Tx, input: { bodyId: string; electionId: string }) {
  return (
    (await db
      .selectFrom('body_swearings')
      .select('sworn_in_on')
      .where('body_id', '=', input.bodyId)
      .where('election_id', '=', input.electionId)
      .executeTakeFirst()) ?? null
  )
}

/**
 * Elections whose official result gives this body members, with their gazette publication and
 * swearing-in: the steps shown on the body page, and the choices of the secretariat's forms.
 */
export async function bodySeatings(db: DB, bodyId: string) {
  const body = await getBody(db, bodyId)
  if (!body) return []
  let q = db
    .selectFrom('council_members as c')
    .innerJoin('elections as e', 'e.id', 'c.election_id')
    .leftJoin('body_swearings as s', (j) =>
      j.onRef('s.election_id', '=', 'e.id').on('s.body_id', '=', bodyId),
    )
    .select(['e.id', 'e.title_i18n', 'e.gazette_reference', 'e.gazette_published_on', 's.sworn_in_on'])
    .distinct()
  q =
    body.kind === 'cpm'
      ? q.where('c.body', '=', 'cpm').where('c.subprefecture_id', '=', body.subprefecture_id)
      : q.where('c.body', '=', 'cmi')
  return q.orderBy('e.id').execute()
}

/** For an election's public page: the gazette publication and each body's swearing-in. */
export async function electionSwearings(db: DB, electionId: string) {
  return db
    .selectFrom('body_swearings as s')
    .innerJoin('council_bodies as b', 'b.id', 's.body_id')
    .select(['b.id', 'b.name_i18n', 's.sworn_in_on'])
    .where('s.election_id', '=', electionId)
    .orderBy('s.sworn_in_on')
    .orderBy('b.id')
    .execute()
}

// ---- departures and succession ----

/** The body's memberships with what the succession rule needs (election and alternate rank). */
async function seatHolders(db: DB | Tx, bodyId: string) {
  const rows = await db
    .selectFrom('body_members as m')
    .leftJoin('council_members as c', 'c.id', 'm.council_member_id')
    .selectAll('m')
    .select(['c.election_id', 'c.rank', 'c.seat'])
    .where('m.body_id', '=', bodyId)
    .execute()
  return rows.map(({ rank, seat, ...m }) => ({
    ...m,
    election_id: m.election_id ?? null,
    alternate_rank: seat === 'alternate' ? rank : null,
  })) satisfies SeatHolder[]
}

/**
 * A member leaves before the end of the term (resignation, death, removal…), from a date, by an act.
 * They stop sitting that day; a full member's seat then waits for the secretariat to confirm the
 * successor (see `vacatedSeats`).
 */
export async function recordDeparture(
  db: DB,
  input: {
    actorUserId: string
    bodyId: string
    memberId: string
    on: string
    reason: LeaveReason
    act: string
  },
): Promise<Result<null, 'not_found' | 'already_ended' | 'dates_order'>> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('body_members')
      .select(['term_starts', 'term_ends', 'leave_reason'])
      .where('id', '=', input.memberId)
      .where('body_id', '=', input.bodyId)
      .executeTakeFirst()
    if (!m) return err('not_found', 'memberId')
    if (m.leave_reason) return err('already_ended', 'memberId')
    if (input.on <= m.term_starts) return err('dates_order', 'on')
    if (m.term_ends && input.on >= m.term_ends) return err('already_ended', 'on')
    // Guarded by the state read, so two secretaries recording the same departure record it once.
    const updated = await trx
      .updateTable('body_members')
      .set({ term_ends: input.on, leave_reason: input.reason, leave_act: input.act, ended_reason: null })
      .where('id', '=', input.memberId)
      .where('leave_reason', 'is', null)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) return err('already_ended', 'memberId')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.member_leave',
      entityType: 'council_body',
      entityId: input.bodyId,
      before: { member: input.memberId, termEnds: m.term_ends },
      after: { member: input.memberId, on: input.on, reason: input.reason, act: input.act },
    })
    return ok(null)
  })
}

/**
 * Seats left by a full member and not yet taken: each with the alternate the rule proposes, or
 * none (the seat stays vacant). Also the successions confirmed so far (the body's history).
 */
export async function vacatedSeats(db: DB, bodyId: string) {
  const holders = await seatHolders(db, bodyId)
  const byId = new Map(holders.map((h) => [h.id, h]))
  const left = holders
    .filter((h) => h.role === 'full' && h.leave_reason && h.term_ends)
    .sort((a, b) => b.term_ends!.localeCompare(a.term_ends!))
  const pick = ({ id, display_name, term_ends, leave_reason, leave_act }: (typeof holders)[number]) => ({
    id,
    display_name,
    on: term_ends!,
    reason: leave_reason!,
    act: leave_act,
  })
  return {
    pending: left
      .filter((h) => !h.successor_id)
      .map((h) => {
        const s = successorFor(h, holders, h.term_ends!)
        return { ...pick(h), proposed: s ? { id: s.id, display_name: s.display_name } : null }
      }),
    successions: left
      .filter((h) => h.successor_id && byId.has(h.successor_id))
      .map((h) => ({ ...pick(h), successor: byId.get(h.successor_id!)!.display_name })),
  }
}

class Taken extends Error {}

/**
 * The secretariat confirms the succession: the proposed alternate's membership ends the day the
 * seat was left and a full membership starts that day, until the end of the alternate's term. The
 * seat is claimed by a conditional update, so two confirmations at once seat one person.
 */
export async function confirmSuccession(
  db: DB,
  input: { actorUserId: string; bodyId: string; memberId: string },
): Promise<Result<{ id: string }, 'not_found' | 'not_vacated' | 'already_succeeded' | 'no_alternate'>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const holders = await seatHolders(trx, input.bodyId)
      const vacated = holders.find((h) => h.id === input.memberId)
      if (!vacated) return err('not_found', 'memberId')
      if (vacated.role !== 'full' || !vacated.leave_reason || !vacated.term_ends) return err('not_vacated')
      if (vacated.successor_id) return err('already_succeeded')
      const on = vacated.term_ends
      const alternate = successorFor(vacated, holders, on)
      if (!alternate) return err('no_alternate')
      const id = newId()
      const claimed = await trx
        .updateTable('body_members')
        .set({ successor_id: id })
        .where('id', '=', vacated.id)
        .where('successor_id', 'is', null)
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== 1) throw new Taken()
      // The same alternate cannot take two seats: their membership is ended only if unchanged.
      const ended = await trx
        .updateTable('body_members')
        .set({ term_ends: on })
        .where('id', '=', alternate.id)
        .where((eb) =>
          alternate.term_ends === null
            ? eb('term_ends', 'is', null)
            : eb('term_ends', '=', alternate.term_ends),
        )
        .executeTakeFirst()
      if (Number(ended.numUpdatedRows) !== 1) throw new Taken()
      await trx
        .insertInto('body_members')
        .values({
          id,
          body_id: input.bodyId,
          council_member_id: alternate.council_member_id,
          user_id: alternate.user_id,
          display_name: alternate.display_name,
          sector: alternate.sector,
          segment: alternate.segment,
          organisation: alternate.organisation,
          role: 'full',
          alternate_for: null,
          term_starts: on,
          term_ends: alternate.term_ends,
          ended_reason: null,
          created_at: nowIso(),
        })
        .execute()
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: 'council.succession',
        entityType: 'council_body',
        entityId: input.bodyId,
        after: { vacated: vacated.id, alternate: alternate.id, member: id, on },
      })
      return ok({ id })
    })
  } catch (e) {
    if (e instanceof Taken) return err('already_succeeded')
    throw e
  }
}

/**
 * For the council page: per body, the members sitting today, the next day a term ends, and the
 * latest confirmed succession.
 */
export async function termSummaries(db: DB, today: string) {
  const rows = await db
    .selectFrom('body_members')
    .select(['id', 'body_id', 'display_name', 'term_starts', 'term_ends', 'leave_reason', 'successor_id'])
    .execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const out: Record<
    string,
    {
      sitting: number
      nextTermEnd: string | null
      lastSuccession: { successor: string; vacated: string; on: string } | null
    }
  > = {}
  for (const r of rows) {
    const s = (out[r.body_id] ??= { sitting: 0, nextTermEnd: null, lastSuccession: null })
    if (r.term_starts <= today && (r.term_ends === null || r.term_ends > today)) {
      s.sitting += 1
      if (r.term_ends && (!s.nextTermEnd || r.term_ends < s.nextTermEnd)) s.nextTermEnd = r.term_ends
    }
    const successor = r.successor_id ? byId.get(r.successor_id) : undefined
    if (successor && r.term_ends && (!s.lastSuccession || r.term_ends > s.lastSuccession.on))
      s.lastSuccession = { successor: successor.display_name, vacated: r.display_name, on: r.term_ends }
  }
  return out
}
