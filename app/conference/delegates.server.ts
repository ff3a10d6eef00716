import { appendAudit } from '../audit/audit.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { tellAccredited } from './notices.server'
import { acceptsAccreditation, acceptsPreparatory, type PREPARATORY_KINDS } from './rules'

// Preparatory conferences (regional or free) and the delegates they elect, accredited by the
// secretariat within each conference's quota.

export type NewPreparatory = {
  kind: (typeof PREPARATORY_KINDS)[number]
  name: string
  organiser: string
  heldOn: string
  place: string
  attendance: number
  delegateQuota?: number
}

export async function registerPreparatory(
  db: DB,
  input: NewPreparatory & { actorUserId: string; editionId: string },
): Promise<Result<{ id: string }, 'not_found' | 'wrong_phase'>> {
  const found = await db
    .selectFrom('conference_editions')
    .select(['phase', 'delegate_quota'])
    .where('id', '=', input.editionId)
    .executeTakeFirst()
  if (!found) return err('not_found')
  if (!acceptsPreparatory(found.phase)) return err('wrong_phase')
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('preparatory_conferences')
      .values({
        id,
        edition_id: input.editionId,
        kind: input.kind,
        name: input.name,
        organiser: input.organiser,
        held_on: input.heldOn,
        place: input.place,
        attendance: input.attendance,
        delegate_quota: input.delegateQuota ?? found.delegate_quota,
        registered_by: input.actorUserId,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'conference.preparatory',
      entityType: 'conference_edition',
      entityId: input.editionId,
      after: { name: input.name },
    })
  })
  return ok({ id })
}

/** Every preparatory conference of an edition with what came of it; who registered it stays internal. */
export async function preparatoryConferences(db: DB, editionId: string) {
  const rows = await db
    .selectFrom('preparatory_conferences')
    .select([
      'id',
      'edition_id',
      'kind',
      'name',
      'organiser',
      'held_on',
      'place',
      'attendance',
      'delegate_quota',
      'created_at',
    ])
    .where('edition_id', '=', editionId)
    .orderBy('held_on')
    .execute()
  const counts = await db
    .selectFrom('proposals')
    .select(['preparatory_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('edition_id', '=', editionId)
    .where('preparatory_id', 'is not', null)
    .groupBy('preparatory_id')
    .execute()
  const delegates = await db
    .selectFrom('conference_delegates')
    .select(['preparatory_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('edition_id', '=', editionId)
    .groupBy('preparatory_id')
    .execute()
  return rows.map((r) => ({
    ...r,
    proposals: Number(counts.find((c) => c.preparatory_id === r.id)?.n ?? 0),
    delegates: Number(delegates.find((d) => d.preparatory_id === r.id)?.n ?? 0),
  }))
}

export type AccreditError = 'not_found' | 'unknown_person' | 'already_delegate' | 'quota_full' | 'wrong_phase'

/** The secretariat accredits a delegate (by their account's e-mail or phone), within the quota. */
export async function accreditDelegate(
  db: DB,
  input: { actorUserId: string; editionId: string; identifier: string; preparatoryId?: string },
): Promise<Result<null, AccreditError>> {
  const edition = await db
    .selectFrom('conference_editions')
    .select(['phase', 'title_i18n'])
    .where('id', '=', input.editionId)
    .executeTakeFirst()
  if (!edition) return err('not_found')
  if (!acceptsAccreditation(edition.phase)) return err('wrong_phase')
  const identifier = input.identifier.trim().toLowerCase()
  const user = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('email', '=', identifier), eb('phone', '=', identifier.replace(/[^\d+]/g, ''))]))
    .where('erased_at', 'is', null)
    .executeTakeFirst()
  if (!user) return err('unknown_person', 'identifier')
  try {
    return await db.transaction().execute(async (trx) => {
      if (input.preparatoryId) {
        const prep = await trx
          .selectFrom('preparatory_conferences')
          .select('delegate_quota')
          .where('id', '=', input.preparatoryId)
          .where('edition_id', '=', input.editionId)
          .executeTakeFirst()
        if (!prep) return err('not_found', 'preparatoryId')
        const used = await trx
          .selectFrom('conference_delegates')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('preparatory_id', '=', input.preparatoryId)
          .executeTakeFirstOrThrow()
        if (Number(used.n) >= prep.delegate_quota) return err('quota_full', 'preparatoryId')
      }
      await trx
        .insertInto('conference_delegates')
        .values({
          edition_id: input.editionId,
          user_id: user.id,
          preparatory_id: input.preparatoryId ?? null,
          accredited_by: input.actorUserId,
          accredited_at: nowIso(),
        })
        .execute()
      await trx
        .insertInto('user_roles')
        .values({ user_id: user.id, role: 'delegate', granted_by: input.actorUserId, granted_at: nowIso() })
        .onConflict((oc) => oc.doNothing())
        .execute()
      await appendAudit(trx, {
        actorUserId: input.actorUserId,
        action: 'conference.accredit',
        entityType: 'conference_edition',
        entityId: input.editionId,
        after: { user: user.id },
      })
      // Delegates are accredited by their account (above), so the account is told, by its choice.
      await tellAccredited(trx, {
        editionId: input.editionId,
        userId: user.id,
        titleI18n: edition.title_i18n,
      })
      return ok(null)
    })
  } catch (error) {
    if (isUniqueViolation(error)) return err('already_delegate', 'identifier')
    throw error
  }
}

export async function delegateCount(db: DB, editionId: string): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('conference_delegates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('edition_id', '=', editionId)
        .executeTakeFirstOrThrow()
    ).n,
  )
}

export async function isDelegate(db: DB, input: { editionId: string; userId: string }): Promise<boolean> {
  return Boolean(
    await db
      .selectFrom('conference_delegates')
      .select('user_id')
      .where('edition_id', '=', input.editionId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst(),
  )
}
