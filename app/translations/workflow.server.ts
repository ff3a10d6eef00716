import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { can, type Actor } from '../auth/permissions'
import { LANGUAGES, isLanguage, type Language } from '../i18n/config'
import { fingerprint, parseContent, stateOf } from '../i18n/content'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { applyTranslation } from './apply.server'
import { cleanTranslationText } from './clean-text'
import { MAX_TRANSLATION_LENGTH, maxLengthOf } from './fields'
import { TRANSLATABLE_FIELDS, translatableField, type Reach } from './registry.server'

// The translators' workflow (issue #19, ADR 028), generic over the registry of translatable fields:
// a queue of texts missing or outdated in a language, submissions, and a review by someone else
// that publishes into the entity's own column (app/translations/apply.server.ts).

export const QUEUE_PAGE_SIZE = 50
/** An export holds at most this many texts (the queue's head, by reach). */
export const MAX_EXPORT_ITEMS = 2_000

export type QueueItem = {
  kind: string
  id: string
  reach: Reach
  href: string
  context: string | null
  state: 'untranslated' | 'outdated'
  original: { text: string; lang: Language }
  /** fingerprint of the current original: what a translation of it is made from */
  basis: string
  /** the outdated translation, shown when updating it */
  previous: string | null
}

export type LanguageError = 'not_your_language'

/** The languages an actor translates into: the secretariat every language, a translator theirs. */
export async function languagesOf(db: DB, actor: Actor): Promise<Language[]> {
  if (!actor) return []
  if (actor.roles.includes('secretariat')) return [...LANGUAGES]
  if (!actor.roles.includes('translator')) return []
  const rows = await db
    .selectFrom('translator_languages')
    .select('language')
    .where('user_id', '=', actor.id)
    .execute()
  const mine = new Set(rows.map((r) => r.language))
  return LANGUAGES.filter((l) => mine.has(l))
}

async function mayWorkIn(db: DB, actor: Actor, language: Language): Promise<boolean> {
  return can(actor, 'translations.inLanguage', { language, languages: await languagesOf(db, actor) })
}

const pendingKey = (kind: string, id: string, language: string) => `${kind}|${id}|${language}`

/** Every text whose state in `language` asks for a translator, in queue order. */
async function missingTexts(db: DB, language: Language, kind?: string): Promise<QueueItem[]> {
  const pending = new Set(
    (
      await db
        .selectFrom('translation_submissions')
        .select(['kind', 'entity_id'])
        .where('status', '=', 'submitted')
        .where('language', '=', language)
        .execute()
    ).map((p) => `${p.kind}|${p.entity_id}`),
  )
  const items: QueueItem[] = []
  for (const field of TRANSLATABLE_FIELDS) {
    if (kind && field.kind !== kind) continue
    for (const row of await field.rows(db)) {
      const content = parseContent(row.stored)
      const originalText = content.texts[content.original]
      if (!originalText) continue
      const state = stateOf(content, language)
      if (state !== 'untranslated' && state !== 'outdated') continue
      if (pending.has(`${field.kind}|${row.id}`)) continue
      items.push({
        kind: field.kind,
        id: row.id,
        reach: row.reach,
        href: row.href,
        context: row.context ?? null,
        state,
        original: { text: originalText, lang: content.original },
        basis: fingerprint(originalText),
        previous: state === 'outdated' ? (content.texts[language] ?? null) : null,
      })
    }
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return items.sort((a, b) => a.reach - b.reach || byText(a.kind, b.kind) || byText(a.id, b.id))
}

/** The queue for one language: untranslated or outdated texts not already awaiting review. */
export async function queue(
  db: DB,
  actor: Actor,
  {
    language,
    page,
    kind,
    pageSize = QUEUE_PAGE_SIZE,
  }: { language: Language; page: number; kind?: string; pageSize?: number },
): Promise<Result<{ items: QueueItem[]; total: number; hasMore: boolean }, LanguageError>> {
  if (!(await mayWorkIn(db, actor, language))) return err('not_your_language')
  const all = await missingTexts(db, language, kind)
  const start = (page - 1) * pageSize
  return ok({
    items: all.slice(start, start + pageSize),
    total: all.length,
    hasMore: all.length > start + pageSize,
  })
}

/** For the start page: per language of the actor, how many texts wait for a translator and for review. */
export async function overview(db: DB, actor: Actor) {
  const languages = await languagesOf(db, actor)
  const counts = []
  for (const language of languages) {
    const missing = (await missingTexts(db, language)).length
    const toReview = await reviewable(db, actor, language).then((r) => r.length)
    counts.push({ language, missing, toReview })
  }
  return { languages, counts }
}

/** All queue items for an offline batch (bounded). */
export async function exportItems(
  db: DB,
  actor: Actor,
  language: Language,
): Promise<Result<QueueItem[], LanguageError>> {
  if (!(await mayWorkIn(db, actor, language))) return err('not_your_language')
  return ok((await missingTexts(db, language)).slice(0, MAX_EXPORT_ITEMS))
}

function reviewable(db: DB, actor: Actor, language?: Language) {
  let q = db
    .selectFrom('translation_submissions')
    .select(['id', 'kind', 'entity_id', 'language', 'created_at', 'translator_id'])
    .where('status', '=', 'submitted')
    .where((eb) => eb.or([eb('translator_id', 'is', null), eb('translator_id', '!=', actor?.id ?? '')]))
  if (language) q = q.where('language', '=', language)
  return q.orderBy('created_at').orderBy('id').execute()
}

/** Pending submissions in the actor's languages that someone else wrote: theirs to review. */
export async function reviewList(db: DB, actor: Actor) {
  const languages = await languagesOf(db, actor)
  if (!languages.length) return []
  const mine = (await reviewable(db, actor)).filter((r) => languages.includes(r.language))
  // Only texts readers can still see (the same rule the queue and the editor follow).
  const visible = new Set<string>()
  for (const kind of new Set(mine.map((r) => r.kind))) {
    const field = translatableField(kind)
    if (!field) continue
    const ids = [...new Set(mine.filter((r) => r.kind === kind).map((r) => r.entity_id))]
    for (let i = 0; i < ids.length; i += 500)
      for (const row of await field.rows(db, ids.slice(i, i + 500))) visible.add(`${kind}|${row.id}`)
  }
  const rows = mine.filter((r) => visible.has(`${r.kind}|${r.entity_id}`))
  return rows.slice(0, 500).map((r) => ({
    id: r.id,
    kind: r.kind,
    entityId: r.entity_id,
    language: r.language,
    createdAt: r.created_at,
  }))
}

export type EditorError = LanguageError | 'not_found' | 'is_original'

/** Everything the side-by-side editor shows for one text in one language. */
export async function editorView(
  db: DB,
  actor: Actor,
  { kind, id, language }: { kind: string; id: string; language: Language },
) {
  const field = translatableField(kind)
  if (!field) return err('not_found')
  if (!(await mayWorkIn(db, actor, language))) return err('not_your_language')
  const [row] = await field.rows(db, [id])
  if (!row) return err('not_found')
  const content = parseContent(row.stored)
  const originalText = content.texts[content.original]
  if (!originalText) return err('not_found')
  if (content.original === language) return err('is_original')
  const pending = await db
    .selectFrom('translation_submissions')
    .select(['id', 'text', 'basis', 'translator_id', 'created_at'])
    .where('pending_key', '=', pendingKey(kind, id, language))
    .executeTakeFirst()
  const lastReturned = await db
    .selectFrom('translation_submissions')
    .select(['review_note', 'decided_at', 'translator_id'])
    .where('kind', '=', kind)
    .where('entity_id', '=', id)
    .where('language', '=', language)
    .where('status', '=', 'returned')
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  const state = stateOf(content, language)
  return ok({
    kind,
    id,
    language,
    labelKey: field.labelKey,
    multiline: field.multiline,
    maxLength: maxLengthOf(field, originalText),
    href: row.href,
    context: row.context ?? null,
    original: { text: originalText, lang: content.original },
    basis: fingerprint(originalText),
    state,
    current: content.texts[language] ?? null,
    pending: pending
      ? {
          id: pending.id,
          text: pending.text,
          outdated: pending.basis !== fingerprint(originalText),
          mine: pending.translator_id === actor?.id,
          createdAt: pending.created_at,
        }
      : null,
    returned:
      lastReturned && lastReturned.translator_id === actor?.id
        ? {
            // The reason a publication was refused is a code, translated by the page.
            reason: returnReason(lastReturned.review_note),
            note: returnReason(lastReturned.review_note) ? null : lastReturned.review_note,
            decidedAt: lastReturned.decided_at,
          }
        : null,
    mayReview: Boolean(pending && pending.translator_id !== actor?.id && can(actor, 'translations.review')),
  })
}

export type SubmitError =
  LanguageError | 'not_found' | 'is_original' | 'original_changed' | 'already_pending' | 'too_long' | 'empty'

/**
 * A translator proposes a translation. Refused when the original changed since the translator
 * read it (`basis`); a second submission by the same translator replaces their pending one;
 * someone else's pending one is not overwritten (`already_pending`: review it instead).
 */
export async function submit(
  db: DB,
  actor: Actor,
  input: { kind: string; id: string; language: Language; text: string; basis: string },
  now = new Date(),
): Promise<Result<{ submissionId: string }, SubmitError>> {
  if (!actor) return err('not_your_language')
  const text = cleanTranslationText(input.text).trim()
  if (!text) return err('empty', 'text')
  if (text.length > MAX_TRANSLATION_LENGTH) return err('too_long', 'text')
  const field = translatableField(input.kind)
  if (!field) return err('not_found')
  if (!(await mayWorkIn(db, actor, input.language))) return err('not_your_language')
  const [row] = await field.rows(db, [input.id])
  if (!row) return err('not_found')
  const content = parseContent(row.stored)
  const originalText = content.texts[content.original]
  if (!originalText) return err('not_found')
  if (content.original === input.language) return err('is_original')
  if (fingerprint(originalText) !== input.basis) return err('original_changed')
  if (text.length > maxLengthOf(field, originalText)) return err('too_long', 'text')
  const key = pendingKey(input.kind, input.id, input.language)
  const at = now.toISOString()
  try {
    return await db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom('translation_submissions')
        .select(['id', 'translator_id'])
        .where('pending_key', '=', key)
        .executeTakeFirst()
      if (pending && pending.translator_id !== actor.id) return err('already_pending')
      if (pending)
        await trx
          .updateTable('translation_submissions')
          .set({ status: 'superseded', pending_key: null, decided_at: at })
          .where('id', '=', pending.id)
          .where('status', '=', 'submitted')
          .execute()
      const submissionId = newId()
      await trx
        .insertInto('translation_submissions')
        .values({
          id: submissionId,
          kind: input.kind,
          entity_id: input.id,
          language: input.language,
          text,
          basis: input.basis,
          status: 'submitted',
          translator_id: actor.id,
          reviewer_id: null,
          review_note: null,
          created_at: at,
          decided_at: null,
          pending_key: key,
        })
        .execute()
      // Ids only: the text is in its own row, and the log is not a place for contributions.
      await appendAudit(
        trx,
        {
          actorUserId: actor.id,
          action: 'translation.submit',
          entityType: 'translation_submission',
          entityId: submissionId,
          after: {
            kind: input.kind,
            entity_id: input.id,
            language: input.language,
            replaces: pending?.id ?? null,
          },
        },
        now,
      )
      return ok({ submissionId })
    })
  } catch (error) {
    // Two first submissions at once: the UNIQUE pending_key lets one in.
    if (isUniqueViolation(error)) return err('already_pending')
    throw error
  }
}

export type ReviewError = LanguageError | 'not_found' | 'already_decided' | 'own_submission' | 'is_original'
/** Why a publication was refused and the submission returned (kept as its review_note, a code). */
import { RETURN_REASONS, type ReturnReason } from './reasons'

export { RETURN_REASONS, type ReturnReason }
export type ReviewOutcome = { status: 'published' | 'returned'; reason: ReturnReason | null }

/** The note kept on a submission returned because its original changed before publication. */
export const ORIGINAL_CHANGED_NOTE = 'original_changed'

/**
 * A second person publishes or returns a pending submission. Never its own translator (the
 * secretariat included). Publishing writes into the entity in the same transaction; if the
 * original changed since the translation was made, the submission is returned with that reason.
 * Two reviewers at once: the status change is a compare-and-set, so one decision stands.
 */
export async function review(
  db: DB,
  actor: Actor,
  input: { submissionId: string; decision: 'publish' | 'return'; note?: string },
  now = new Date(),
): Promise<Result<ReviewOutcome, ReviewError>> {
  if (!actor || !can(actor, 'translations.review')) return err('not_your_language')
  const submission = await db
    .selectFrom('translation_submissions')
    .selectAll()
    .where('id', '=', input.submissionId)
    .executeTakeFirst()
  if (!submission) return err('not_found')
  if (submission.status !== 'submitted') return err('already_decided')
  if (!(await mayWorkIn(db, actor, submission.language))) return err('not_your_language')
  if (submission.translator_id === actor.id) return err('own_submission')
  const field = translatableField(submission.kind)
  if (!field) return err('not_found')
  const at = now.toISOString()
  return db
    .transaction()
    .execute(async (trx) => {
      const decide = async (status: 'published' | 'returned', note: string | null) =>
        Number(
          (
            await trx
              .updateTable('translation_submissions')
              .set({ status, reviewer_id: actor.id, review_note: note, decided_at: at, pending_key: null })
              .where('id', '=', submission.id)
              .where('status', '=', 'submitted')
              .executeTakeFirst()
          ).numUpdatedRows,
        ) === 1
      const audit = (action: string, reason: string | null) =>
        appendAudit(
          trx,
          {
            actorUserId: actor.id,
            action,
            entityType: 'translation_submission',
            entityId: submission.id,
            after: {
              kind: submission.kind,
              entity_id: submission.entity_id,
              language: submission.language,
              reason,
            },
          },
          now,
        )
      if (input.decision === 'return') {
        if (!(await decide('returned', input.note?.trim() || null))) return err('already_decided')
        await audit('translation.return', null)
        return ok({ status: 'returned' as const, reason: null })
      }
      // Checked again inside the transaction: the text may have left public view (an election
      // moved back, a consultation withdrawn), or the translator lost the role or the language,
      // since the submission was made. Neither is published; the submission is returned.
      const refusal = !(await field.rows(trx as unknown as Kysely<Database>, [submission.entity_id])).length
        ? ('not_available' as const)
        : !(await translatorStillIn(trx, submission.translator_id, submission.language))
          ? ('translator_removed' as const)
          : null
      if (refusal) {
        if (!(await decide('returned', refusal))) return err('already_decided')
        await audit('translation.return', refusal)
        return ok({ status: 'returned' as const, reason: refusal })
      }
      if (!(await decide('published', null))) return err('already_decided')
      // A concurrent publication into another language of the same column: read again and retry.
      for (let attempt = 0; ; attempt++) {
        const applied = await applyTranslation(
          trx as unknown as Kysely<Database>,
          field,
          submission.entity_id,
          submission.language,
          submission.text,
          submission.basis,
        )
        if (applied.ok) break
        if (applied.error === 'changed_meanwhile' && attempt < 3) continue
        if (applied.error === 'original_changed' || applied.error === 'too_long') {
          await trx
            .updateTable('translation_submissions')
            .set({ status: 'returned', review_note: applied.error })
            .where('id', '=', submission.id)
            .execute()
          await audit('translation.return', applied.error)
          return ok({ status: 'returned' as const, reason: applied.error })
        }
        // not_found / is_original / repeated changed_meanwhile: nothing is decided.
        throw new ReviewAborted(applied.error === 'is_original' ? 'is_original' : 'not_found')
      }
      await audit('translation.publish', null)
      return ok({ status: 'published' as const, reason: null })
    })
    .catch((error: unknown) => {
      if (error instanceof ReviewAborted) return err(error.code)
      throw error
    })
}

/** Whether a submission's translator still translates into its language (role and language). */
async function translatorStillIn(db: DB, translatorId: string | null, language: Language): Promise<boolean> {
  if (!translatorId) return false
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', translatorId).execute()
  return mayWorkIn(db, { id: translatorId, roles: roles.map((r) => r.role) }, language)
}

const returnReason = (note: string | null): ReturnReason | null =>
  (RETURN_REASONS as readonly (string | null)[]).includes(note) ? (note as ReturnReason) : null

class ReviewAborted extends Error {
  constructor(readonly code: 'is_original' | 'not_found') {
    super(code)
  }
}

export const isTargetLanguage = (value: string): value is Language => isLanguage(value)
