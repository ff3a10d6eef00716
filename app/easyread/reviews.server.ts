import type { Transaction } from 'kysely'
import type { Database, EasyReadGuide, EasyReadReviewOutcome } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { can, type Actor } from '../auth/permissions'
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../i18n/config'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { languagesOf } from '../translations/workflow.server'
import { currentGuideFingerprint, guideText, type GuideText } from './guide-text.server'
import { GUIDES, type Guide } from './guides'

// A second reader's review of an easy-read guide in one language (issue #19, ADR 026 "Review"). A
// translator who holds the language, or the secretariat, reads the guide beside the pt-BR original
// and approves it or asks for changes. A review records the fingerprint of the text it read: the
// public guide says "checked" only while the latest review of that guide and language is an
// approval of the text shipped now. Never the same person twice in a row (the permission rule
// `easyRead.review`); the review number makes two reviews at once collide in the database.

export { MAX_REVIEW_NOTE_LENGTH } from './limits'
/** How many earlier reviews the review page lists. */
const HISTORY_LENGTH = 10

/** The guides' slugs are the closed set of the table's `guide` column (db/schema.ts). */
const slugOf = (guide: Guide) => guide.slug as EasyReadGuide

export type ReviewState = 'never' | 'approved' | 'changes_requested' | 'outdated'

type LatestRow = {
  guide: string
  language: Language
  review_number: number
  text_fingerprint: string
  reviewer_id: string | null
  reviewed_at: string
  outcome: EasyReadReviewOutcome
}

/** The latest review of each guide and language asked for (none: never reviewed). */
async function latestReviews(
  db: DB,
  filter: { guides?: readonly EasyReadGuide[]; languages?: readonly Language[] },
): Promise<Map<string, LatestRow>> {
  if (filter.guides?.length === 0 || filter.languages?.length === 0) return new Map()
  let query = db
    .selectFrom('easy_read_reviews as r')
    .select([
      'r.guide',
      'r.language',
      'r.review_number',
      'r.text_fingerprint',
      'r.reviewer_id',
      'r.reviewed_at',
      'r.outcome',
    ])
    .where('r.review_number', '=', (eb) =>
      eb
        .selectFrom('easy_read_reviews as later')
        .select((e) => e.fn.max<number>('later.review_number').as('n'))
        .whereRef('later.guide', '=', 'r.guide')
        .whereRef('later.language', '=', 'r.language'),
    )
  if (filter.guides) query = query.where('r.guide', 'in', filter.guides as EasyReadGuide[])
  if (filter.languages) query = query.where('r.language', 'in', [...filter.languages])
  const rows = await query.execute()
  return new Map(rows.map((r) => [`${r.guide}|${r.language}`, r as LatestRow]))
}

/** What the latest review says about the text shipped now. */
export function reviewStateOf(latest: LatestRow | undefined, currentPrint: string): ReviewState {
  if (!latest) return 'never'
  // The text changed since: whatever was said was said of another text.
  if (latest.text_fingerprint !== currentPrint) return 'outdated'
  return latest.outcome
}

/**
 * For the public guide page: per language, the day a second reader approved the text shipped now,
 * or null (never reviewed, changes requested, or approved for an older text).
 */
export async function approvedOn(db: DB, guide: Guide): Promise<Record<Language, string | null>> {
  const latest = await latestReviews(db, { guides: [slugOf(guide)] })
  const out = {} as Record<Language, string | null>
  for (const language of LANGUAGES) {
    const row = latest.get(`${guide.slug}|${language}`)
    out[language] =
      reviewStateOf(row, currentGuideFingerprint(language, guide)) === 'approved' ? row!.reviewed_at : null
  }
  return out
}

const mayReview = (actor: Actor, language: Language, languages: readonly Language[], latest?: LatestRow) =>
  can(actor, 'easyRead.review', { language, languages, lastReviewerId: latest?.reviewer_id ?? null })

export type GuideStatus = {
  guide: string
  state: ReviewState
  /** the latest review's time (any outcome), null when never reviewed */
  reviewedAt: string | null
  mayReview: boolean
}

/** The staff list: per language the actor reviews in, each guide and its state. */
export async function reviewOverview(
  db: DB,
  actor: Actor,
): Promise<{ language: Language; guides: GuideStatus[] }[]> {
  const languages = await languagesOf(db, actor)
  const latest = await latestReviews(db, { languages })
  return languages.map((language) => ({
    language,
    guides: GUIDES.map((guide) => {
      const row = latest.get(`${guide.slug}|${language}`)
      return {
        guide: guide.slug,
        state: reviewStateOf(row, currentGuideFingerprint(language, guide)),
        reviewedAt: row?.reviewed_at ?? null,
        mayReview: mayReview(actor, language, languages, row),
      }
    }),
  }))
}

export type ReviewView = {
  guide: string
  language: Language
  text: GuideText
  original: GuideText
  state: ReviewState
  /** fingerprint of the text shown: the form sends it back, so an approval is of what was read */
  fingerprint: string
  mayReview: boolean
  /** the actor recorded the latest review (and so may not record the next) */
  reviewedLast: boolean
  history: {
    reviewNumber: number
    reviewedAt: string
    outcome: EasyReadReviewOutcome
    note: string | null
    byYou: boolean
    sameText: boolean
  }[]
}

export type LanguageError = 'not_your_language'

/** One guide in one language beside the pt-BR original, with its reviews so far. */
export async function reviewView(
  db: DB,
  actor: Actor,
  input: { language: Language; guide: Guide },
): Promise<Result<ReviewView, LanguageError>> {
  const languages = await languagesOf(db, actor)
  if (!can(actor, 'translations.inLanguage', { language: input.language, languages }))
    return err('not_your_language')
  const rows = await db
    .selectFrom('easy_read_reviews')
    .select(['review_number', 'text_fingerprint', 'reviewer_id', 'reviewed_at', 'outcome', 'note'])
    .where('guide', '=', slugOf(input.guide))
    .where('language', '=', input.language)
    .orderBy('review_number', 'desc')
    .limit(HISTORY_LENGTH)
    .execute()
  const print = currentGuideFingerprint(input.language, input.guide)
  const latest = rows[0]
    ? ({ ...rows[0], guide: input.guide.slug, language: input.language } as LatestRow)
    : undefined
  return ok({
    guide: input.guide.slug,
    language: input.language,
    text: guideText(input.language, input.guide),
    original: guideText(DEFAULT_LANGUAGE, input.guide),
    state: reviewStateOf(latest, print),
    fingerprint: print,
    mayReview: mayReview(actor, input.language, languages, latest),
    reviewedLast: Boolean(actor && latest && latest.reviewer_id === actor.id),
    history: rows.map((r) => ({
      reviewNumber: r.review_number,
      reviewedAt: r.reviewed_at,
      outcome: r.outcome,
      note: r.note,
      byYou: Boolean(actor && r.reviewer_id === actor.id),
      sameText: r.text_fingerprint === print,
    })),
  })
}

export type RecordError = LanguageError | 'reviewed_last' | 'text_changed' | 'review_conflict'

/** Records a review of the guide's text shipped now; audited with ids only (never the note). */
export async function recordReview(
  db: DB,
  actor: Actor,
  input: {
    language: Language
    guide: Guide
    outcome: EasyReadReviewOutcome
    note: string | null
    /** the fingerprint of the text the reviewer read (sent back by the form) */
    fingerprint: string
  },
  now = new Date(),
): Promise<Result<{ id: string; reviewNumber: number }, RecordError>> {
  if (!actor) return err('not_your_language')
  const print = currentGuideFingerprint(input.language, input.guide)
  // The text changed between reading and sending (a release in between): the review would be of
  // a text the reviewer did not read.
  if (input.fingerprint !== print) return err('text_changed')
  try {
    return await db.transaction().execute(async (trx) => {
      const languages = await languagesOf(trx, actor)
      if (!can(actor, 'translations.inLanguage', { language: input.language, languages }))
        return err('not_your_language')
      const latest = (
        await latestReviews(trx, { guides: [slugOf(input.guide)], languages: [input.language] })
      ).get(`${input.guide.slug}|${input.language}`)
      if (!mayReview(actor, input.language, languages, latest)) return err('reviewed_last')
      const id = newId()
      const reviewNumber = (latest?.review_number ?? 0) + 1
      await trx
        .insertInto('easy_read_reviews')
        .values({
          id,
          guide: slugOf(input.guide),
          language: input.language,
          review_number: reviewNumber,
          text_fingerprint: print,
          reviewer_id: actor.id,
          reviewed_at: now.toISOString(),
          outcome: input.outcome,
          note: input.note,
        })
        .execute()
      await appendAudit(
        trx,
        {
          actorUserId: actor.id,
          action: 'easyRead.review',
          entityType: 'easy_read_review',
          entityId: id,
          after: {
            guide: input.guide.slug,
            language: input.language,
            review_number: reviewNumber,
            outcome: input.outcome,
            text_fingerprint: print,
          },
        },
        now,
      )
      return ok({ id, reviewNumber })
    })
  } catch (error) {
    // Someone else recorded the next review of this guide and language at the same moment.
    if (isUniqueViolation(error)) return err('review_conflict')
    throw error
  }
}

/** LGPD export: the easy-read reviews a person recorded (their notes included: their words). */
export async function easyReadReviewsOfUser(db: DB, userId: string) {
  return db
    .selectFrom('easy_read_reviews')
    .select(['guide', 'language', 'review_number', 'text_fingerprint', 'reviewed_at', 'outcome', 'note'])
    .where('reviewer_id', '=', userId)
    .orderBy('reviewed_at')
    .execute()
}

/**
 * LGPD erasure: the review stays (that a guide was checked, when, and of which text is the
 * project's record), without the link to the account; a note is the reviewer's words and goes with
 * it, as a translation reviewer's note does (ADR 028).
 */
export async function eraseEasyReadReviewsOfUser(trx: Transaction<Database>, userId: string): Promise<void> {
  await trx
    .updateTable('easy_read_reviews')
    .set({ reviewer_id: null, note: null })
    .where('reviewer_id', '=', userId)
    .execute()
}
