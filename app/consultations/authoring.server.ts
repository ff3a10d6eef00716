import type { Transaction } from 'kysely'
import type { ConsultationStatus, Database, QuestionKind } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { type Language } from '../i18n/config'
import { type I18nText } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { scheduleNoticeRun } from '../notices/runs.server'
import { nextStatus } from './status'
import { applyTranslation, splitDraft } from './text'

// The secretariat's side of a consultation: the draft and what it may change (plan actions,
// campaigns), translations, questions, and the status steps.

type Tx = Transaction<Database>
const json = (value: unknown) => JSON.stringify(value)
const parseI18n = (value: string | null): I18nText => (value ? (JSON.parse(value) as I18nText) : {})

export type Target = { kind: 'action' | 'campaign'; id: string }
export type NewConsultation = {
  title: string
  summary: string
  draft: string
  opensAt: string
  closesAt: string
  minAccountAgeDays: number
  targets: Target[]
}

export type AuthoringError = 'not_found' | 'not_draft' | 'empty_draft' | 'dates_order' | 'unknown_target'

/** Whether every target names a plan action or campaign that exists. */
export async function targetsExist(db: DB | Tx, targets: Target[]): Promise<boolean> {
  const actions = targets.filter((t) => t.kind === 'action').map((t) => t.id)
  const campaigns = targets.filter((t) => t.kind === 'campaign').map((t) => t.id)
  const foundActions = actions.length
    ? await db.selectFrom('plan_actions').select('id').where('id', 'in', actions).execute()
    : []
  const foundCampaigns = campaigns.length
    ? await db.selectFrom('campaigns').select('id').where('id', 'in', campaigns).execute()
    : []
  return foundActions.length === new Set(actions).size && foundCampaigns.length === new Set(campaigns).size
}

async function writeDraft(trx: Tx, { consultationId, draft }: { consultationId: string; draft: string }) {
  await trx.deleteFrom('consultation_paragraphs').where('consultation_id', '=', consultationId).execute()
  await trx.deleteFrom('consultation_sections').where('consultation_id', '=', consultationId).execute()
  let position = 0
  for (const [s, section] of splitDraft(draft).entries()) {
    const sectionId = newId()
    await trx
      .insertInto('consultation_sections')
      .values({
        id: sectionId,
        consultation_id: consultationId,
        position: s + 1,
        heading_i18n: json(section.heading ? { 'pt-BR': section.heading } : {}),
      })
      .execute()
    for (const body of section.paragraphs) {
      position += 1
      await trx
        .insertInto('consultation_paragraphs')
        .values({
          id: newId(),
          consultation_id: consultationId,
          section_id: sectionId,
          position,
          body_i18n: json({ 'pt-BR': body }),
        })
        .execute()
    }
  }
}

async function writeTargets(
  trx: Tx,
  { consultationId, targets }: { consultationId: string; targets: Target[] },
) {
  await trx.deleteFrom('consultation_targets').where('consultation_id', '=', consultationId).execute()
  const unique = [...new Map(targets.map((t) => [`${t.kind}:${t.id}`, t])).values()]
  for (const t of unique) {
    await trx
      .insertInto('consultation_targets')
      .values({
        id: newId(),
        consultation_id: consultationId,
        action_id: t.kind === 'action' ? t.id : null,
        campaign_id: t.kind === 'campaign' ? t.id : null,
      })
      .execute()
  }
}

export async function createConsultation(
  db: DB,
  input: NewConsultation & { actorUserId: string },
): Promise<Result<{ id: string }, AuthoringError>> {
  if (splitDraft(input.draft).length === 0) return err('empty_draft', 'draft')
  if (input.closesAt <= input.opensAt) return err('dates_order', 'closesAt')
  if (!(await targetsExist(db, input.targets))) return err('unknown_target', 'targets')
  const id = newId()
  const at = nowIso()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('consultations')
      .values({
        id,
        title_i18n: json({ 'pt-BR': input.title }),
        summary_i18n: json({ 'pt-BR': input.summary }),
        status: 'draft',
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        min_account_age_days: input.minAccountAgeDays,
        created_by: input.actorUserId,
        created_at: at,
        updated_at: at,
      })
      .execute()
    await writeDraft(trx, { consultationId: id, draft: input.draft })
    await writeTargets(trx, { consultationId: id, targets: input.targets })
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.create',
      entityType: 'consultation',
      entityId: id,
    })
  })
  return ok({ id })
}

/** The draft's text can change only while it is a draft: once open, comments are anchored to it. */
export async function reviseDraft(
  db: DB,
  input: NewConsultation & { actorUserId: string; id: string },
): Promise<Result<null, AuthoringError>> {
  const { id } = input
  if (splitDraft(input.draft).length === 0) return err('empty_draft', 'draft')
  if (input.closesAt <= input.opensAt) return err('dates_order', 'closesAt')
  if (!(await targetsExist(db, input.targets))) return err('unknown_target', 'targets')
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('consultations')
      .select(['status', 'title_i18n', 'summary_i18n'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found) return err('not_found')
    if (found.status !== 'draft') return err('not_draft')
    const title = { ...parseI18n(found.title_i18n), 'pt-BR': input.title }
    const summary = { ...parseI18n(found.summary_i18n), 'pt-BR': input.summary }
    await trx
      .updateTable('consultations')
      .set({
        title_i18n: json(title),
        summary_i18n: json(summary),
        opens_at: input.opensAt,
        closes_at: input.closesAt,
        min_account_age_days: input.minAccountAgeDays,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute()
    await writeDraft(trx, { consultationId: id, draft: input.draft })
    await writeTargets(trx, { consultationId: id, targets: input.targets })
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.revise',
      entityType: 'consultation',
      entityId: id,
    })
    return ok(null)
  })
}

/**
 * Translations of the title, summary, section headings and paragraphs, keyed by id. They may be
 * added at any time (a translation arriving after opening helps late readers); the pt-BR text is the
 * official one and is not changed here.
 */
export async function saveTranslation(
  db: DB,
  input: {
    actorUserId: string
    id: string
    language: Exclude<Language, 'pt-BR'>
    title: string
    summary: string
    sections: { sectionId: string; text: string }[]
    paragraphs: { paragraphId: string; text: string }[]
  },
): Promise<Result<null, 'not_found' | 'unknown_paragraph'>> {
  const { id, language } = input
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('consultations')
      .select(['title_i18n', 'summary_i18n'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found) return err('not_found')
    const paragraphs = await trx
      .selectFrom('consultation_paragraphs')
      .select(['id', 'position', 'body_i18n'])
      .where('consultation_id', '=', id)
      .execute()
    const applied = applyTranslation(
      paragraphs.map((p) => ({ id: p.id, position: p.position, body: parseI18n(p.body_i18n) })),
      language,
      input.paragraphs,
    )
    if (applied.unknownIds.length) return err('unknown_paragraph')
    for (const p of applied.paragraphs) {
      await trx
        .updateTable('consultation_paragraphs')
        .set({ body_i18n: json(p.body) })
        .where('id', '=', p.id)
        .execute()
    }
    const sections = await trx
      .selectFrom('consultation_sections')
      .select(['id', 'heading_i18n'])
      .where('consultation_id', '=', id)
      .execute()
    for (const entry of input.sections) {
      const section = sections.find((s) => s.id === entry.sectionId)
      if (!section) return err('unknown_paragraph')
      const heading = parseI18n(section.heading_i18n)
      if (entry.text.trim()) heading[language] = entry.text.trim()
      else delete heading[language]
      await trx
        .updateTable('consultation_sections')
        .set({ heading_i18n: json(heading) })
        .where('id', '=', section.id)
        .execute()
    }
    const withText = (current: string, text: string) => {
      const value = parseI18n(current)
      if (text.trim()) value[language] = text.trim()
      else delete value[language]
      return json(value)
    }
    await trx
      .updateTable('consultations')
      .set({
        title_i18n: withText(found.title_i18n, input.title),
        summary_i18n: withText(found.summary_i18n, input.summary),
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.translate',
      entityType: 'consultation',
      entityId: id,
      after: { language },
    })
    return ok(null)
  })
}

export type NewQuestion = { kind: QuestionKind; prompt: string; options: string[] }

export async function addQuestion(
  db: DB,
  input: NewQuestion & { actorUserId: string; consultationId: string },
): Promise<Result<null, 'not_found' | 'not_draft' | 'options_needed'>> {
  const id = input.consultationId
  const options = input.options.map((o) => o.trim()).filter(Boolean)
  if (input.kind !== 'text' && options.length < 2) return err('options_needed', 'options')
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('consultations')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found) return err('not_found')
    if (found.status !== 'draft') return err('not_draft')
    const last = await trx
      .selectFrom('consultation_questions')
      .select((eb) => eb.fn.max<number>('position').as('p'))
      .where('consultation_id', '=', id)
      .executeTakeFirst()
    await trx
      .insertInto('consultation_questions')
      .values({
        id: newId(),
        consultation_id: id,
        position: Number(last?.p ?? 0) + 1,
        kind: input.kind,
        prompt_i18n: json({ 'pt-BR': input.prompt }),
        options_i18n:
          input.kind === 'text'
            ? null
            : json(options.map((label, i) => ({ key: `o${i + 1}`, label: { 'pt-BR': label } }))),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.question',
      entityType: 'consultation',
      entityId: id,
    })
    return ok(null)
  })
}

/**
 * One step: draft → open (published) → closed → answered. "Answered" requires an official answer to
 * every visible contribution that opens a thread: that is the council's duty the status announces.
 */
export async function advanceConsultation(
  db: DB,
  input: { actorUserId: string; id: string; to: ConsultationStatus },
): Promise<
  Result<{ status: ConsultationStatus }, 'not_found' | 'not_next_status' | 'unanswered_contributions'>
> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('consultations')
      .select('status')
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!found) return err('not_found')
    if (nextStatus(found.status) !== input.to) return err('not_next_status')
    if (input.to === 'answered') {
      const waiting = await trx
        .selectFrom('contributions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('consultation_id', '=', input.id)
        .where('parent_id', 'is', null)
        .where('hidden_at', 'is', null)
        .where('answer', 'is', null)
        .executeTakeFirstOrThrow()
      if (Number(waiting.n) > 0) return err('unanswered_contributions')
    }
    const moved = await trx
      .updateTable('consultations')
      .set({ status: input.to, updated_at: nowIso() })
      .where('id', '=', input.id)
      .where('status', '=', found.status)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return err('not_next_status')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'consultation.status',
      entityType: 'consultation',
      entityId: input.id,
      before: { status: found.status },
      after: { status: input.to },
    })
    // Its participants are told by a job (there may be thousands); here only the run is created,
    // once per consultation whatever closes it (this move or its date passing: runs.server.ts).
    if (input.to === 'closed')
      await scheduleNoticeRun(trx, { template: 'consultation_closed', subjectId: input.id })
    return ok({ status: input.to })
  })
}

/** Actions and campaigns staff may link a consultation (or an answer) to. */
export async function targetOptions(db: DB) {
  const actions = await db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .innerJoin('plan_objectives as o', 'o.id', 'a.objective_id')
    .select(['a.id', 'a.code', 'a.title_i18n', 'e.starts_year', 'e.ends_year'])
    .orderBy('e.starts_year', 'desc')
    .orderBy('o.position')
    .orderBy('a.position')
    .execute()
  const campaigns = await db
    .selectFrom('campaigns')
    .select(['id', 'title_i18n', 'year'])
    .orderBy('year', 'desc')
    .execute()
  return { actions, campaigns }
}
