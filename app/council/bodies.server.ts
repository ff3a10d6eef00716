import type { ExpressionBuilder, Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Ok, type Result } from '../lib/result'
import { termEnd } from './terms'
import { CMI_COMPOSITION, compositionOf, defaultComposition, type Composition } from './composition'

// Council bodies (the CMI plenary, its working groups, each subprefecture's CPM) and their members:
// appointed government seats and the civil-society members seated from an election's result.

type Tx = Transaction<Database>
const json = (value: unknown) => JSON.stringify(value)

export async function listBodies(db: DB) {
  return db.selectFrom('council_bodies').selectAll().orderBy('kind').orderBy('created_at').execute()
}

export async function getBody(db: DB | Tx, id: string) {
  return (await db.selectFrom('council_bodies').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

/**
 * The composition of the council an election fills: the CMI plenary's (the first recorded), or the
 * real CMI's while none is recorded. Null for the Participatory Councils, whose immigrant seats
 * follow each subprefecture's share of immigrants.
 */
export async function electedComposition(db: DB | Tx, body: 'cmi' | 'cpm'): Promise<Composition | null> {
  if (body === 'cpm') return null
  const plenary = await db
    .selectFrom('council_bodies')
    .select(['seats', 'government_seats', 'civil_society_seats', 'alternates_per_seat'])
    .where('kind', '=', 'cmi_plenary')
    .where('parent_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst()
  return plenary ? compositionOf(plenary) : CMI_COMPOSITION
}

export type NewBody = {
  kind: 'cmi_plenary' | 'working_group' | 'cpm'
  name: string
  subprefectureId?: number
  parentId?: string
  seats: number
  quorumOpenPct: number
  quorumOpenStrict: boolean
  quorumDeliberatePct: number
  quorumDeliberateStrict: boolean
  noticeDays: number
  extraordinaryNoticeDays: number
  resolutionCode: string
  /** A member's term, counted from the swearing-in; 24 months (the CMI's two years) unless given. */
  termMonths?: number
}

export async function createBody(
  db: DB,
  input: NewBody & { actorUserId: string },
): Promise<Ok<{ id: string }>> {
  const id = newId()
  const composition = defaultComposition(input.kind, input.seats)
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('council_bodies')
      .values({
        id,
        kind: input.kind,
        name_i18n: json({ 'pt-BR': input.name }),
        subprefecture_id: input.subprefectureId ?? null,
        parent_id: input.parentId ?? null,
        seats: input.seats,
        government_seats: composition.governmentSeats,
        civil_society_seats: composition.civilSocietySeats,
        alternates_per_seat: composition.alternatesPerSeat,
        quorum_open_pct: input.quorumOpenPct,
        quorum_open_strict: input.quorumOpenStrict ? 1 : 0,
        quorum_deliberate_pct: input.quorumDeliberatePct,
        quorum_deliberate_strict: input.quorumDeliberateStrict ? 1 : 0,
        notice_days: input.noticeDays,
        extraordinary_notice_days: input.extraordinaryNoticeDays,
        resolution_code: input.resolutionCode,
        term_months: input.termMonths ?? 24,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.body',
      entityType: 'council_body',
      entityId: id,
    })
  })
  return ok({ id })
}

/** A membership serving on a day (ISO date or instant): started on or before it, not ended by then. */
export const servingOn = (on: string) => (eb: ExpressionBuilder<Database, 'body_members'>) =>
  eb.and([eb('term_starts', '<=', on), eb.or([eb('term_ends', 'is', null), eb('term_ends', '>', on)])])

/** Members on a given day (ISO date or instant): started on or before it, not ended by then. */
export async function membersOn(db: DB | Tx, { bodyId, on }: { bodyId: string; on: string }) {
  return db
    .selectFrom('body_members')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where(servingOn(on))
    .orderBy('sector', 'desc')
    .orderBy('segment')
    .orderBy('role')
    .orderBy('display_name')
    .execute()
}

export async function memberHistory(db: DB, bodyId: string) {
  return db
    .selectFrom('body_members')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('term_ends', 'is not', null)
    .orderBy('term_ends', 'desc')
    .execute()
}

export type NewMember = {
  displayName: string
  sector: 'government' | 'civil_society'
  segment?: string
  organisation?: string
  role: 'full' | 'alternate'
  alternateFor?: string
  termStarts: string
  termEnds?: string
  userId?: string
  councilMemberId?: string
}

/**
 * Government seats are appointed by hand; elected members come from council_members. Without an end
 * date, the term is the body's (two years for the CMI) from its start.
 */
export async function addMember(
  db: DB,
  input: NewMember & { actorUserId: string; bodyId: string },
): Promise<Result<{ id: string }, 'not_found' | 'unknown_full_member' | 'dates_order'>> {
  if (input.termEnds && input.termEnds <= input.termStarts) return err('dates_order', 'termEnds')
  return db.transaction().execute(async (trx) => {
    const body = await getBody(trx, input.bodyId)
    if (!body) return err('not_found')
    if (input.role === 'alternate' && input.alternateFor) {
      const full = await trx
        .selectFrom('body_members')
        .select('id')
        .where('id', '=', input.alternateFor)
        .where('body_id', '=', input.bodyId)
        .where('role', '=', 'full')
        .executeTakeFirst()
      if (!full) return err('unknown_full_member', 'alternateFor')
    }
    const id = newId()
    await trx
      .insertInto('body_members')
      .values({
        id,
        body_id: input.bodyId,
        council_member_id: input.councilMemberId ?? null,
        user_id: input.userId ?? null,
        display_name: input.displayName,
        sector: input.sector,
        segment: input.segment ?? null,
        organisation: input.organisation ?? null,
        role: input.role,
        alternate_for: input.role === 'alternate' ? (input.alternateFor ?? null) : null,
        term_starts: input.termStarts,
        term_ends: input.termEnds ?? termEnd(input.termStarts, body.term_months),
        ended_reason: null,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.member',
      entityType: 'council_body',
      entityId: input.bodyId,
      after: { member: id, role: input.role, sector: input.sector },
    })
    return ok({ id })
  })
}

/** Ends a membership; the row stays, so attendance and votes keep their names (history). */
export async function endMembership(
  db: DB,
  input: { actorUserId: string; memberId: string; on: string; reason: string },
): Promise<Result<null, 'not_found' | 'already_ended' | 'dates_order'>> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('body_members')
      .select(['term_starts', 'term_ends', 'body_id'])
      .where('id', '=', input.memberId)
      .executeTakeFirst()
    if (!m) return err('not_found')
    if (m.term_ends && m.term_ends <= nowIso()) return err('already_ended')
    if (input.on <= m.term_starts) return err('dates_order', 'on')
    await trx
      .updateTable('body_members')
      .set({ term_ends: input.on, ended_reason: input.reason })
      .where('id', '=', input.memberId)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.member_end',
      entityType: 'council_body',
      entityId: m.body_id,
      after: { member: input.memberId, on: input.on },
    })
    return ok(null)
  })
}

/**
 * Seats the secretariat's elected members on the body: the titulars and alternates the official
 * result put in council_members for that body (CMI or a subprefecture's CPM), each alternate paired
 * with the titular of the same segment/contest and rank. Their term starts on the swearing-in, which
 * must be recorded first, and lasts the body's term. Idempotent.
 */
export async function seatElectedOnBody(
  db: DB,
  input: { actorUserId: string; bodyId: string; electionId: string },
): Promise<
  Result<{ added: number }, 'not_found' | 'election_not_found' | 'no_elected_members' | 'not_sworn_in'>
> {
  return db.transaction().execute(async (trx) => {
    const body = await getBody(trx, input.bodyId)
    if (!body) return err('not_found')
    // A bogus or unrelated election must not "succeed" with nobody seated and an audit entry (#16).
    const election = await trx
      .selectFrom('elections')
      .select('id')
      .where('id', '=', input.electionId)
      .executeTakeFirst()
    if (!election) return err('election_not_found', 'electionId')
    let q = trx.selectFrom('council_members').selectAll().where('election_id', '=', input.electionId)
    q =
      body.kind === 'cpm'
        ? q.where('body', '=', 'cpm').where('subprefecture_id', '=', body.subprefecture_id)
        : q.where('body', '=', 'cmi')
    const elected = await q.orderBy('seat', 'desc').orderBy('segment').orderBy('rank').execute()
    if (elected.length === 0) return err('no_elected_members', 'electionId')
    const sworn = await trx
      .selectFrom('body_swearings')
      .select('sworn_in_on')
      .where('body_id', '=', input.bodyId)
      .where('election_id', '=', input.electionId)
      .executeTakeFirst()
    if (!sworn) return err('not_sworn_in', 'electionId')
    const termStarts = sworn.sworn_in_on
    const termEnds = termEnd(termStarts, body.term_months)
    const already = new Set(
      (
        await trx
          .selectFrom('body_members')
          .select('council_member_id')
          .where('body_id', '=', input.bodyId)
          .where('council_member_id', 'is not', null)
          .execute()
      ).map((r) => r.council_member_id),
    )
    const fullIds = new Map<string, string>()
    let added = 0
    for (const e of elected) {
      const key = `${e.segment ?? ''}:${e.rank}`
      if (already.has(e.id)) continue
      const id = newId()
      await trx
        .insertInto('body_members')
        .values({
          id,
          body_id: input.bodyId,
          council_member_id: e.id,
          user_id: e.user_id,
          display_name: e.display_name,
          sector: 'civil_society',
          segment: e.segment,
          organisation: null,
          role: e.seat === 'titular' ? 'full' : 'alternate',
          alternate_for: e.seat === 'alternate' ? (fullIds.get(key) ?? null) : null,
          term_starts: termStarts,
          term_ends: termEnds,
          ended_reason: null,
          created_at: nowIso(),
        })
        .execute()
      if (e.seat === 'titular') fullIds.set(key, id)
      added += 1
      // The election's record of its elected members carries the term they serve.
      await trx
        .updateTable('council_members')
        .set({ term_starts: termStarts, term_ends: termEnds })
        .where('id', '=', e.id)
        .execute()
    }
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.seat_elected',
      entityType: 'council_body',
      entityId: input.bodyId,
      after: { election: input.electionId, added },
    })
    return ok({ added })
  })
}
