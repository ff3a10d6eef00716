import type { Transaction } from 'kysely'
import type { ConsultationStatus, Database, QuestionKind } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { type Language } from '../i18n/config'
import { originalContent, withOriginalText } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { scheduleNoticeRun } from '../notices/runs.server'
import { nextStatus } from './status'
import { withTypedTranslations } from '../translations/typed-together'
import { splitDraft, translateParagraphs } from './text'

// The secretariat's side of a consultation: the draft and what it may change (plan actions,
// campaigns), translations, questions, and the status steps.

type Tx = Transaction<Database>
const json = (value: unknown) => JSON.stringify(value)

/**
 * The author's text in ADR 027's model: new text is the original (Portuguese, the secretariat's
 * working language); a revision of a stored text keeps its translations, marked outdated when the
 * original changed; an emptied text (a heading removed) keeps nothing.
 */
const authored = (stored: string | undefined, text: string) =>
  !text.trim() ? '{}' : stored === undefined ? originalContent(text) : withOriginalText(stored, text)

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

/**
 * Writes the draft's sections and paragraphs. The rows already there are revised in place, by
 * position, rather than replaced: their ids (which translation work refers to) stay, and the
 * translations made of them stay too, shown as outdated where the text changed (ADR 027). Only a
 * draft is revised, so no contribution is anchored to these paragraphs yet.
 */
async function writeDraft(trx: Tx, { consultationId, draft }: { consultationId: string; draft: string }) {
  const oldSections = await trx
    .selectFrom('consultation_sections')
    .select(['id', 'heading_i18n'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()
  const oldParagraphs = await trx
    .selectFrom('consultation_paragraphs')
    .select(['id', 'body_i18n'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute()
  const sections = splitDraft(draft)
  let position = 0
  for (const [s, section] of sections.entries()) {
    const old = oldSections[s]
    const sectionId = old?.id ?? newId()
    const heading_i18n = authored(old?.heading_i18n, section.heading)
    if (old)
      await trx
        .updateTable('consultation_sections')
        .set({ position: s + 1, heading_i18n })
        .where('id', '=', sectionId)
        .execute()
    else
      await trx
        .insertInto('consultation_sections')
        .values({ id: sectionId, consultation_id: consultationId, position: s + 1, heading_i18n })
        .execute()
    for (const body of section.paragraphs) {
      const previous = oldParagraphs[position]
      position += 1
      const body_i18n = authored(previous?.body_i18n, body)
      if (previous)
        await trx
          .updateTable('consultation_paragraphs')
          .set({ section_id: sectionId, position, body_i18n })
          .where('id', '=', previous.id)
          .execute()
      else
        await trx
          .insertInto('consultation_paragraphs')
          .values({
            id: newId(),
            consultation_id: consultationId,
            section_id: sectionId,
            position,
            body_i18n,
          })
          .execute()
    }
  }
  const extraParagraphs = oldParagraphs.slice(position).map((p) => p.id)
  if (extraParagraphs.length)
    await trx.deleteFrom('consultation_paragraphs').where('id', 'in', extraParagraphs).execute()
  const extraSections = oldSections.slice(sections.length).map((s) => s.id)
  if (extraSections.length)
    await trx.deleteFrom('consultation_sections').where('id', 'in', extraSections).execute()
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
        title_i18n: originalContent(input.title),
        summary_i18n: originalContent(input.summary),
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
    await trx
      .updateTable('consultations')
      .set({
        // The author edits the original: translations made before are shown as outdated (ADR 027).
        title_i18n: withOriginalText(found.title_i18n, input.title),
        summary_i18n: withOriginalText(found.summary_i18n, input.summary),
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
 * Translations of the title, summary, section headings and paragraphs, keyed by id, typed by the
 * secretariat beside the original: the staff's direct path, kept beside the translators' workflow
 * because a consultation is translated as one document, often before it opens (drafts are not in
 * the translators' queue). They may be added at any time (a translation arriving after opening
 * helps late readers); the pt-BR text is the official one and is not changed here. Each translation
 * records the original it was made from (ADR 027), so a later revision marks it outdated.
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
    const applied = translateParagraphs(
      paragraphs.map((p) => ({ id: p.id, position: p.position, body: p.body_i18n })),
      language,
      input.paragraphs,
    )
    if (applied.unknownIds.length) return err('unknown_paragraph')
    for (const p of applied.paragraphs) {
      const before = paragraphs.find((q) => q.id === p.id)!.body_i18n
      if (p.body !== before)
        await trx
          .updateTable('consultation_paragraphs')
          .set({ body_i18n: p.body })
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
      const heading = withTypedTranslations(section.heading_i18n, { [language]: entry.text })
      if (heading !== section.heading_i18n)
        await trx
          .updateTable('consultation_sections')
          .set({ heading_i18n: heading })
          .where('id', '=', section.id)
          .execute()
    }
    await trx
      .updateTable('consultations')
      .set({
        title_i18n: withTypedTranslations(found.title_i18n, { [language]: input.title }),
        summary_i18n: withTypedTranslations(found.summary_i18n, { [language]: input.summary }),
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
        prompt_i18n: originalContent(input.prompt),
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
