import { appendAudit } from '../audit/audit.server'
import { originalContent } from '../i18n/content'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { searchable } from '../lib/search'
import { resolutionCode } from './rules'

// Resolutions: what an approved agenda item decides, numbered per body and year, with the official
// gazette's reference and plain-language summaries in every language.

const json = (value: unknown) => JSON.stringify(value)

/**
 * Numbers a resolution for an approved item: the next number of the body in that year, inside the
 * transaction. The UNIQUE (body, year, number) constraint turns a concurrent double into a retry,
 * so numbers never repeat and — since resolutions are never deleted — never skip.
 */
export async function createResolution(
  db: DB,
  input: { actorUserId: string; itemId: string; title: string; text: string; gazetteReference?: string },
): Promise<
  Result<
    { id: string; code: string },
    'not_found' | 'not_approved' | 'already_resolution' | 'minutes_approval'
  >
> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const item = await trx
          .selectFrom('agenda_items as i')
          .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
          .innerJoin('council_bodies as b', 'b.id', 'm.body_id')
          .select(['i.outcome', 'i.approves_minutes_of', 'm.body_id', 'm.starts_at', 'b.resolution_code'])
          .where('i.id', '=', input.itemId)
          .executeTakeFirst()
        if (!item) return err('not_found')
        if (item.outcome !== 'approved') return err('not_approved')
        // An item that approved minutes decided nothing the council resolves: no resolution number.
        if (item.approves_minutes_of) return err('minutes_approval')
        const existing = await trx
          .selectFrom('resolutions')
          .select('id')
          .where('item_id', '=', input.itemId)
          .executeTakeFirst()
        if (existing) return err('already_resolution')
        const year = Number(item.starts_at.slice(0, 4))
        const last = await trx
          .selectFrom('resolutions')
          .select((eb) => eb.fn.max<number>('number').as('n'))
          .where('body_id', '=', item.body_id)
          .where('year', '=', year)
          .executeTakeFirst()
        const number = Number(last?.n ?? 0) + 1
        const id = newId()
        const code = resolutionCode(number, item.resolution_code, year)
        await trx
          .insertInto('resolutions')
          .values({
            id,
            body_id: item.body_id,
            year,
            number,
            item_id: input.itemId,
            title: input.title,
            title_i18n: originalContent(input.title),
            body: input.text,
            summary_i18n: null,
            gazette_reference: input.gazetteReference ?? null,
            search_text: searchable(code, input.title, input.text),
            created_at: nowIso(),
          })
          .execute()
        await appendAudit(trx, {
          actorUserId: input.actorUserId,
          action: 'council.resolution',
          entityType: 'resolution',
          entityId: id,
          after: { code },
        })
        return ok({ id, code })
      })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      // Another resolution took this number (or this item) at the same moment: read again.
    }
  }
  throw new Error('could not number the resolution after 5 attempts')
}

export async function setGazetteReference(
  db: DB,
  input: { actorUserId: string; resolutionId: string; reference: string },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('resolutions')
      .set({ gazette_reference: input.reference })
      .where('id', '=', input.resolutionId)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('not_found')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.gazette',
      entityType: 'resolution',
      entityId: input.resolutionId,
      after: { reference: input.reference },
    })
    return ok(null)
  })
}

export async function setResolutionSummary(
  db: DB,
  input: { actorUserId: string; resolutionId: string; summary: Record<string, string> },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('resolutions')
      .set({ summary_i18n: Object.keys(input.summary).length ? json(input.summary) : null })
      .where('id', '=', input.resolutionId)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) return err('not_found')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'council.summary',
      entityType: 'resolution',
      entityId: input.resolutionId,
      after: { languages: Object.keys(input.summary) },
    })
    return ok(null)
  })
}

export async function getResolution(db: DB, id: string) {
  const r = await db
    .selectFrom('resolutions as r')
    .innerJoin('council_bodies as b', 'b.id', 'r.body_id')
    .innerJoin('agenda_items as i', 'i.id', 'r.item_id')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .selectAll('r')
    .select([
      'b.name_i18n as body_name_i18n',
      'b.resolution_code',
      'm.id as meeting_id',
      'm.title as meeting_title',
      'm.title_i18n as meeting_title_i18n',
      'm.starts_at',
      'i.votes_yes',
      'i.votes_no',
      'i.votes_abstain',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst()
  return r ? { ...r, code: resolutionCode(r.number, r.resolution_code, r.year) } : null
}
