import { appendAudit } from '../audit/audit.server'
import { originalContent } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { searchable } from '../lib/search'
import { err, ok, type Err, type Result } from '../lib/result'
import { parseMatrix, type MatrixProblem } from './matrix'

// The Municipal Plan's editions and the import of a whole plan from the city's matrix. Reading the
// plan is in reading.server.ts, focal points' updates in monitoring.server.ts, campaigns in
// campaigns.server.ts, where actions came from in trace.server.ts, open data in open-data.server.ts.

// Every text of an imported matrix is written in Portuguese by the city: the original of ADR 027's
// content model; translations come through the registry once the edition is published.
// ---------- editions ----------

export async function listPlanEditions(db: DB) {
  return db.selectFrom('plan_editions').selectAll().orderBy('starts_year', 'desc').execute()
}

/** The plan shown by default: the one in force (the most recent if several), else the latest. */
export async function currentEdition(db: DB) {
  return (
    (await db
      .selectFrom('plan_editions')
      .selectAll()
      .where('status', '=', 'in_force')
      .orderBy('starts_year', 'desc')
      .executeTakeFirst()) ??
    (await db
      .selectFrom('plan_editions')
      .selectAll()
      .where('status', '!=', 'draft')
      .orderBy('starts_year', 'desc')
      .executeTakeFirst()) ??
    null
  )
}

export async function getPlanEdition(db: DB, id: string) {
  return (await db.selectFrom('plan_editions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

const NEXT_EDITION_STATUS = { draft: 'in_force', in_force: 'concluded', concluded: null } as const

export async function advanceEdition(
  db: DB,
  input: { actorUserId: string; editionId: string; to: 'in_force' | 'concluded' },
): Promise<Result<null, 'not_found' | 'not_next_status'>> {
  return db.transaction().execute(async (trx) => {
    const e = await trx
      .selectFrom('plan_editions')
      .select('status')
      .where('id', '=', input.editionId)
      .executeTakeFirst()
    if (!e) return err('not_found')
    if (NEXT_EDITION_STATUS[e.status] !== input.to) return err('not_next_status')
    const moved = await trx
      .updateTable('plan_editions')
      .set({ status: input.to })
      .where('id', '=', input.editionId)
      .where('status', '=', e.status)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return err('not_next_status')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'plan.status',
      entityType: 'plan_edition',
      entityId: input.editionId,
      before: { status: e.status },
      after: { status: input.to },
    })
    return ok(null)
  })
}

/** The edition asked for (?edition=), else the plan in force. Drafts stay with the secretariat. */
export async function visibleEdition(db: DB, askedId: string | null) {
  const edition = askedId ? await getPlanEdition(db, askedId) : await currentEdition(db)
  if (!edition || edition.status === 'draft') return null
  return edition
}

/** Every edition the public may read (all but drafts), the latest first. */
export async function publicEditions(db: DB) {
  return (await listPlanEditions(db)).filter((e) => e.status !== 'draft')
}

// ---------- import of the whole matrix ----------

export type ImportInput = {
  actorUserId: string
  title: string
  legalBasis?: string
  startsYear: number
  endsYear: number
  csv: string
}
export type ImportOutcome =
  | {
      ok: true
      editionId: string
      counts: { objectives: number; actions: number; indicators: number }
      newBodies: string[]
    }
  | { ok: false; error: 'empty' | 'bad_header' | 'too_many_rows' | 'years_order'; missing?: string[] }
  | { ok: false; error: 'bad_rows'; problems: MatrixProblem[] }

/** Imports a whole plan as a new draft edition, in one transaction, or nothing at all. */
export async function importPlanMatrix(db: DB, input: ImportInput): Promise<ImportOutcome> {
  if (input.endsYear < input.startsYear) return { ok: false, error: 'years_order' }
  const axes = await db.selectFrom('thematic_axes').select(['id', 'code', 'position']).execute()
  const dimensions = await db
    .selectFrom('migracidades_dimensions')
    .select(['id', 'code', 'position'])
    .execute()
  const parsed = parseMatrix(input.csv, { axes, dimensions })
  if (!parsed.ok) return parsed
  const editionId = newId()
  const known = await db.selectFrom('plan_bodies').select(['id', 'code']).execute()
  const newBodies = parsed.bodies.filter((code) => !known.some((b) => b.code === code))
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plan_editions')
      .values({
        id: editionId,
        title_i18n: originalContent(input.title),
        legal_basis: input.legalBasis ?? null,
        starts_year: input.startsYear,
        ends_year: input.endsYear,
        status: 'draft',
        is_demo: 0,
        created_at: nowIso(),
      })
      .execute()
    const bodyId = new Map(known.map((b) => [b.code, b.id]))
    for (const code of newBodies) {
      const id = newId()
      // Named by their code until the secretariat names them; the code is what the matrix knows.
      await trx
        .insertInto('plan_bodies')
        .values({ id, code, name_i18n: originalContent(code) })
        .execute()
      bodyId.set(code, id)
    }
    for (const [o, objective] of parsed.objectives.entries()) {
      const objectiveId = newId()
      await trx
        .insertInto('plan_objectives')
        .values({
          id: objectiveId,
          edition_id: editionId,
          thematic_axis_id: objective.axisId,
          code: objective.code,
          title_i18n: originalContent(objective.title),
          position: o + 1,
        })
        .execute()
      for (const [a, action] of objective.actions.entries()) {
        const actionId = newId()
        await trx
          .insertInto('plan_actions')
          .values({
            id: actionId,
            edition_id: editionId,
            objective_id: objectiveId,
            code: action.code,
            title_i18n: originalContent(action.title),
            description_i18n: null,
            sdg_targets: action.sdgTargets,
            migracidades_dimension_id: action.dimensionId,
            search_text: searchable(action.code, action.title),
            position: a + 1,
          })
          .execute()
        for (const [b, code] of action.bodies.entries())
          await trx
            .insertInto('plan_action_bodies')
            .values({ action_id: actionId, body_id: bodyId.get(code)!, lead: b === 0 ? 1 : 0 })
            .execute()
        for (const [i, ind] of action.indicators.entries()) {
          await trx
            .insertInto('plan_indicators')
            .values({
              id: newId(),
              action_id: actionId,
              code: ind.code,
              name_i18n: originalContent(ind.name),
              unit: ind.unit,
              baseline: ind.baseline,
              target: ind.target,
              deadline: ind.deadline,
              position: i + 1,
            })
            .execute()
        }
      }
    }
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'plan.import',
      entityType: 'plan_edition',
      entityId: editionId,
      after: parsed.counts,
    })
  })
  return { ok: true, editionId, counts: parsed.counts, newBodies }
}

const FILE_ERRORS = {
  empty: 'file_empty',
  bad_header: 'csv_bad_header',
  too_many_rows: 'csv_too_many_rows',
} as const

/**
 * How a refused import reads on the form: the field and message, and in `details` what to list
 * beside it (every bad row with its line and column, or the missing columns).
 */
export function importFailure(
  refused: Extract<ImportOutcome, { ok: false }>,
): Err<string> & { details?: { problems?: MatrixProblem[]; missing?: string[] } } {
  if (refused.error === 'bad_rows') return { ...err('bad_rows'), details: { problems: refused.problems } }
  if (refused.error === 'years_order') return err('years_order', 'endsYear')
  return { ...err(FILE_ERRORS[refused.error], 'file'), details: { missing: refused.missing } }
}
