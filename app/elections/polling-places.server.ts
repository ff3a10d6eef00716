import type { Transaction } from 'kysely'
import type { Database, Language, PollingMethod } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { originalContent } from '../i18n/content'
import { editedOriginal, storedOrPlain } from '../i18n/original-text'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { atLeast } from './phases'

// The polling places of an election (issue #17): registered by the electoral commission with their
// address, the subprefectures they serve, their hours and how they vote (the electronic booth or
// paper ballots), and the named poll workers who serve each. Places are set up before voting
// opens; which worker serves where can change until voting closes. Every change is audited.

type Tx = Transaction<Database>

export type PollingPlaceInput = {
  name: string
  address: string
  textLanguage: Language
  opensAt: string
  closesAt: string
  method: PollingMethod
  subprefectureIds: number[]
}

type PlaceError = 'not_found' | 'wrong_phase' | 'unknown_subprefecture'

async function electionPhase(db: DB | Tx, electionId: string) {
  return (await db.selectFrom('elections').select('phase').where('id', '=', electionId).executeTakeFirst())
    ?.phase
}

async function knownSubprefectures(db: DB | Tx, ids: number[]) {
  const rows = await db.selectFrom('subprefectures').select('id').where('id', 'in', ids).execute()
  return rows.length === new Set(ids).size
}

const placeRow = (input: PollingPlaceInput) => ({
  name: input.name,
  address: input.address,
  text_language: input.textLanguage,
  opens_at: input.opensAt,
  closes_at: input.closesAt,
  method: input.method,
})

export async function createPollingPlace(
  db: DB,
  input: PollingPlaceInput & { actorUserId: string; electionId: string },
): Promise<Result<{ id: string }, PlaceError>> {
  const phase = await electionPhase(db, input.electionId)
  if (!phase) return err('not_found')
  if (atLeast(phase, 'voting_open')) return err('wrong_phase')
  if (!(await knownSubprefectures(db, input.subprefectureIds)))
    return err('unknown_subprefecture', 'subprefectures')
  const id = newId()
  const at = nowIso()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('polling_places')
      .values({
        id,
        election_id: input.electionId,
        ...placeRow(input),
        name_i18n: originalContent(input.name, input.textLanguage),
        created_at: at,
        updated_at: at,
      })
      .execute()
    await trx
      .insertInto('polling_place_subprefectures')
      .values(
        [...new Set(input.subprefectureIds)].map((s) => ({ polling_place_id: id, subprefecture_id: s })),
      )
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.pollingPlace.create',
      entityType: 'polling_place',
      entityId: id,
      after: { electionId: input.electionId, ...placeRow(input), subprefectures: input.subprefectureIds },
    })
  })
  return ok({ id })
}

export async function updatePollingPlace(
  db: DB,
  input: PollingPlaceInput & { actorUserId: string; electionId: string; placeId: string },
): Promise<Result<null, PlaceError>> {
  if (!(await knownSubprefectures(db, input.subprefectureIds)))
    return err('unknown_subprefecture', 'subprefectures')
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('polling_places')
      .selectAll()
      .where('id', '=', input.placeId)
      .where('election_id', '=', input.electionId)
      .executeTakeFirst()
    if (!before) return err('not_found')
    const phase = await electionPhase(trx, input.electionId)
    if (!phase || atLeast(phase, 'voting_open')) return err('wrong_phase')
    await trx
      .updateTable('polling_places')
      .set({
        ...placeRow(input),
        // A new name (or language) is a new original: translations made before show as outdated.
        name_i18n: editedOriginal(
          before.name_i18n,
          before.name,
          before.text_language,
          input.name,
          input.textLanguage,
        ),
        updated_at: nowIso(),
      })
      .where('id', '=', input.placeId)
      .execute()
    await trx
      .deleteFrom('polling_place_subprefectures')
      .where('polling_place_id', '=', input.placeId)
      .execute()
    await trx
      .insertInto('polling_place_subprefectures')
      .values(
        [...new Set(input.subprefectureIds)].map((s) => ({
          polling_place_id: input.placeId,
          subprefecture_id: s,
        })),
      )
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.pollingPlace.update',
      entityType: 'polling_place',
      entityId: input.placeId,
      before: { name: before.name, address: before.address, method: before.method },
      after: { ...placeRow(input), subprefectures: input.subprefectureIds },
    })
    return ok(null)
  })
}

export async function deletePollingPlace(
  db: DB,
  input: { actorUserId: string; electionId: string; placeId: string },
): Promise<Result<null, 'not_found' | 'wrong_phase'>> {
  return db.transaction().execute(async (trx) => {
    const phase = await electionPhase(trx, input.electionId)
    if (!phase) return err('not_found')
    if (atLeast(phase, 'voting_open')) return err('wrong_phase')
    const place = await trx
      .deleteFrom('polling_places')
      .where('id', '=', input.placeId)
      .where('election_id', '=', input.electionId)
      .returning(['name', 'address', 'method'])
      .executeTakeFirst()
    if (!place) return err('not_found')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.pollingPlace.delete',
      entityType: 'polling_place',
      entityId: input.placeId,
      before: { electionId: input.electionId, ...place },
    })
    return ok(null)
  })
}

/** Which place a named poll worker serves (`placeId` null: none). Until voting closes. */
export async function assignPollWorker(
  db: DB,
  input: { actorUserId: string; electionId: string; userId: string; placeId: string | null },
): Promise<Result<null, 'not_found' | 'wrong_phase' | 'not_a_poll_worker'>> {
  return db.transaction().execute(async (trx) => {
    const phase = await electionPhase(trx, input.electionId)
    if (!phase) return err('not_found')
    if (atLeast(phase, 'voting_closed')) return err('wrong_phase')
    const named = await trx
      .selectFrom('election_poll_workers')
      .select('user_id')
      .where('election_id', '=', input.electionId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst()
    if (!named) return err('not_a_poll_worker')
    if (input.placeId) {
      const place = await trx
        .selectFrom('polling_places')
        .select('id')
        .where('id', '=', input.placeId)
        .where('election_id', '=', input.electionId)
        .executeTakeFirst()
      if (!place) return err('not_found')
    }
    await trx
      .deleteFrom('polling_place_workers')
      .where('election_id', '=', input.electionId)
      .where('user_id', '=', input.userId)
      .execute()
    if (input.placeId)
      await trx
        .insertInto('polling_place_workers')
        .values({ election_id: input.electionId, user_id: input.userId, polling_place_id: input.placeId })
        .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'election.pollWorker.place',
      entityType: 'election',
      entityId: input.electionId,
      after: { userId: input.userId, placeId: input.placeId },
    })
    return ok(null)
  })
}

export type PollingPlaceSummary = {
  id: string
  name: string
  /** ADR 027: the name in every language (the plain `name` as the original for older rows) */
  name_i18n: string | null
  address: string
  text_language: Language
  opens_at: string
  closes_at: string
  method: PollingMethod
  subprefectures: { id: number; name: string }[]
}

/** The places of an election, as the public page lists them (no people). */
export async function listPollingPlaces(db: DB | Tx, electionId: string): Promise<PollingPlaceSummary[]> {
  const places = await db
    .selectFrom('polling_places')
    .select(['id', 'name', 'name_i18n', 'address', 'text_language', 'opens_at', 'closes_at', 'method'])
    .where('election_id', '=', electionId)
    .orderBy('name')
    .orderBy('id')
    .execute()
  if (places.length === 0) return []
  const served = await db
    .selectFrom('polling_place_subprefectures as ps')
    .innerJoin('subprefectures as s', 's.id', 'ps.subprefecture_id')
    .select(['ps.polling_place_id', 's.id', 's.name'])
    .where(
      'ps.polling_place_id',
      'in',
      places.map((p) => p.id),
    )
    .orderBy('s.name')
    .execute()
  return places.map((p) => ({
    ...p,
    name_i18n: storedOrPlain(p.name_i18n, p.name, p.text_language),
    subprefectures: served
      .filter((s) => s.polling_place_id === p.id)
      .map((s) => ({ id: s.id, name: s.name })),
  }))
}

/** The commission's view: the places, and who serves each (named workers with their place). */
export async function pollingPlacesForStaff(db: DB, electionId: string) {
  const [places, workers] = await Promise.all([
    listPollingPlaces(db, electionId),
    db
      .selectFrom('election_poll_workers as w')
      .innerJoin('users as u', 'u.id', 'w.user_id')
      .leftJoin('polling_place_workers as pw', (j) =>
        j.onRef('pw.election_id', '=', 'w.election_id').onRef('pw.user_id', '=', 'w.user_id'),
      )
      .select(['w.user_id', 'u.display_name', 'pw.polling_place_id'])
      .where('w.election_id', '=', electionId)
      .orderBy('u.display_name')
      .execute(),
  ])
  return {
    places,
    workers: workers.map((w) => ({ userId: w.user_id, name: w.display_name, placeId: w.polling_place_id })),
  }
}
