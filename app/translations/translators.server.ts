import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { LANGUAGES, type Language } from '../i18n/config'
import type { DB } from '../lib/db.server'
import { err, ok, type Result } from '../lib/result'
import { RETURN_REASONS } from './workflow.server'

// Which languages each translator works in (issue #19, ADR 028), set by an admin on the users page.

export async function translatorLanguagesOf(db: DB, userIds: readonly string[]) {
  if (!userIds.length) return new Map<string, Language[]>()
  const rows = await db
    .selectFrom('translator_languages')
    .select(['user_id', 'language'])
    .where('user_id', 'in', userIds)
    .execute()
  const byUser = new Map<string, Language[]>()
  for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.language])
  for (const [user, languages] of byUser)
    byUser.set(
      user,
      LANGUAGES.filter((l) => languages.includes(l)),
    )
  return byUser
}

/** Replaces a person's translation languages; audited with the lists before and after. */
export async function setTranslatorLanguages(
  db: DB,
  input: { actorUserId: string; userId: string; languages: readonly Language[] },
): Promise<Result<{ changed: boolean }, 'user_not_found'>> {
  const wanted = LANGUAGES.filter((l) => input.languages.includes(l))
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.userId)
      .where('erased_at', 'is', null)
      .executeTakeFirst()
    if (!user) return err('user_not_found')
    const before = (
      await trx
        .selectFrom('translator_languages')
        .select('language')
        .where('user_id', '=', input.userId)
        .execute()
    ).map((r) => r.language)
    const held = LANGUAGES.filter((l) => before.includes(l))
    if (held.join() === wanted.join()) return ok({ changed: false })
    await trx.deleteFrom('translator_languages').where('user_id', '=', input.userId).execute()
    if (wanted.length)
      await trx
        .insertInto('translator_languages')
        .values(wanted.map((language) => ({ user_id: input.userId, language })))
        .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'translator.languages',
      entityType: 'user',
      entityId: input.userId,
      before: { languages: held },
      after: { languages: wanted },
    })
    return ok({ changed: true })
  })
}

/** LGPD export: a person's translation languages and submissions (texts included: theirs). */
export async function translationDataOfUser(db: DB, userId: string) {
  const [languages, submitted, reviewed] = await Promise.all([
    db.selectFrom('translator_languages').select('language').where('user_id', '=', userId).execute(),
    db
      .selectFrom('translation_submissions')
      .select(['kind', 'entity_id', 'language', 'text', 'status', 'review_note', 'created_at', 'decided_at'])
      .where('translator_id', '=', userId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('translation_submissions')
      .select(['kind', 'entity_id', 'language', 'status', 'review_note', 'decided_at'])
      .where('reviewer_id', '=', userId)
      .orderBy('decided_at')
      .execute(),
  ])
  return { languages: languages.map((l) => l.language), submissions: submitted, reviews: reviewed }
}

/**
 * LGPD erasure: published translations are public contributions to public texts (ADR 028), so
 * they stay — in the entities' columns anyway — without the link to the account. Everything else
 * they submitted (pending, returned, superseded) is deleted, and notes they wrote as a reviewer
 * are blanked.
 */
export async function eraseTranslationDataOfUser(
  trx: Transaction<Database>,
  userId: string,
): Promise<string[]> {
  await trx.deleteFrom('translator_languages').where('user_id', '=', userId).execute()
  // Only published texts are public contributions; drafts, returned and superseded ones are theirs
  // alone and go (their pending ones with them: nobody could answer their translator any more).
  await trx
    .deleteFrom('translation_submissions')
    .where('translator_id', '=', userId)
    .where('status', '!=', 'published')
    .execute()
  const written = await trx
    .updateTable('translation_submissions')
    .set({ translator_id: null })
    .where('translator_id', '=', userId)
    .executeTakeFirst()
  // A reviewer's note is their words: blanked with the link (the reasons the system wrote stay).
  await trx
    .updateTable('translation_submissions')
    .set({ reviewer_id: null, review_note: null })
    .where('reviewer_id', '=', userId)
    .where((eb) => eb.or([eb('review_note', 'is', null), eb('review_note', 'not in', [...RETURN_REASONS])]))
    .execute()
  await trx
    .updateTable('translation_submissions')
    .set({ reviewer_id: null })
    .where('reviewer_id', '=', userId)
    .execute()
  return Number(written.numUpdatedRows) > 0 ? ['public_translations'] : []
}
