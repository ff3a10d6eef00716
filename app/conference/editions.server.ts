import type { ConferencePhase } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { type I18nText } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { tellFinalOutcomes } from './notices.server'
import { freezeOutcomes } from './priority-vote.server'
import { nextConferencePhase } from './rules'

// Editions of the Municipal Conference: creation with their axes, and the secretariat's step from
// one phase to the next.

export async function listEditions(db: DB) {
  return db
    .selectFrom('conference_editions')
    .select(['id', 'title_i18n', 'motto_i18n', 'phase', 'starts_on', 'ends_on'])
    .orderBy('created_at', 'desc')
    .execute()
}

export async function getEdition(db: DB, id: string) {
  const edition = await db
    .selectFrom('conference_editions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!edition) return null
  const axes = await db
    .selectFrom('conference_axes as a')
    .leftJoin('thematic_axes as t', 't.id', 'a.thematic_axis_id')
    .select(['a.id', 'a.kind', 'a.position', 'a.name_i18n', 't.code'])
    .where('a.edition_id', '=', id)
    .orderBy('a.position')
    .execute()
  return { edition, axes }
}

export type NewEdition = {
  actorUserId: string
  title: I18nText
  motto: I18nText
  startsOn?: string
  endsOn?: string
  votesPerAxis: number
  approvalThreshold: number
  delegateQuota: number
  crossCutting: string[]
}

/** A new edition in preparation, with the 8 thematic axes and any cross-cutting ones. */
export async function createEdition(db: DB, input: NewEdition): Promise<{ id: string }> {
  const id = newId()
  const at = nowIso()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('conference_editions')
      .values({
        id,
        title_i18n: JSON.stringify(input.title),
        motto_i18n: Object.keys(input.motto).length ? JSON.stringify(input.motto) : null,
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        phase: 'preparation',
        votes_per_axis: input.votesPerAxis,
        approval_threshold: input.approvalThreshold,
        delegate_quota: input.delegateQuota,
        created_at: at,
        updated_at: at,
      })
      .execute()
    const thematic = await trx
      .selectFrom('thematic_axes')
      .select(['id', 'position'])
      .orderBy('position')
      .execute()
    const rows = [
      ...thematic.map((t) => ({
        id: newId(),
        edition_id: id,
        kind: 'thematic' as const,
        thematic_axis_id: t.id,
        name_i18n: null,
        position: t.position,
      })),
      ...input.crossCutting.map((name, i) => ({
        id: newId(),
        edition_id: id,
        kind: 'cross_cutting' as const,
        thematic_axis_id: null,
        name_i18n: JSON.stringify({ 'pt-BR': name }),
        position: 100 + i,
      })),
    ]
    await trx.insertInto('conference_axes').values(rows).execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'conference.create',
      entityType: 'conference_edition',
      entityId: id,
    })
  })
  return { id }
}

/**
 * One step forward, by the secretariat. Entering the delegates' vote turns every proposal the
 * systematisation left untouched into a votable one, as written; the final report freezes outcomes.
 */
export async function advanceConferencePhase(
  db: DB,
  input: { actorUserId: string; editionId: string; to: ConferencePhase },
): Promise<Result<{ phase: ConferencePhase }, 'not_found' | 'not_next_phase'>> {
  return db.transaction().execute(async (trx) => {
    const edition = await trx
      .selectFrom('conference_editions')
      .select(['phase'])
      .where('id', '=', input.editionId)
      .executeTakeFirst()
    if (!edition) return err('not_found')
    if (nextConferencePhase(edition.phase) !== input.to) return err('not_next_phase')
    const moved = await trx
      .updateTable('conference_editions')
      .set({ phase: input.to, updated_at: nowIso() })
      .where('id', '=', input.editionId)
      .where('phase', '=', edition.phase)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return err('not_next_phase')
    if (input.to === 'delegates_vote') {
      await trx
        .updateTable('proposals')
        .set({ status: 'consolidated', updated_at: nowIso() })
        .where('edition_id', '=', input.editionId)
        .where('status', '=', 'submitted')
        .execute()
    }
    if (input.to === 'final_report') {
      await freezeOutcomes(trx, input.editionId)
      await tellFinalOutcomes(trx, input.editionId)
    }
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'conference.phase',
      entityType: 'conference_edition',
      entityId: input.editionId,
      before: { phase: edition.phase },
      after: { phase: input.to },
    })
    return ok({ phase: input.to })
  })
}
