import type { Kysely } from 'kysely'
import { hashPassword } from '../../app/auth/password.server'
import type { Database } from '../schema'
import type { Language } from '../../app/i18n/config'
import { DEMO_PASSWORD, demoUserId } from './users'

// Two volunteer translators (issue #19, ADR 028), so a translation can be written by one and
// published by the other: both work in Haitian Creole; between them they cover every language.
export const DEMO_TRANSLATORS = [
  {
    id: 'demo-translator-a',
    email: 'tradutora@demo.mutirao.local',
    name: 'Marie-Claire Joseph (Tradução)',
    language: 'ht',
    languages: ['ht', 'fr', 'es', 'pt-BR'],
  },
  {
    id: 'demo-translator-b',
    email: 'tradutor@demo.mutirao.local',
    name: 'Wang Fang e Karim Saleh (Tradução)',
    language: 'fr',
    languages: ['ht', 'ar', 'zh', 'en'],
  },
] as const

export async function seedDemoTranslators(db: Kysely<Database>): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const at = '2026-01-15T12:00:00.000Z'
  for (const t of DEMO_TRANSLATORS) {
    await db
      .insertInto('users')
      .values({
        id: t.id,
        email: t.email,
        phone: null,
        display_name: t.name,
        password_hash: passwordHash,
        preferred_language: t.language,
        created_at: at,
        password_changed_at: at,
      })
      .execute()
    await db
      .insertInto('user_roles')
      .values(
        (['resident', 'translator'] as const).map((role) => ({
          user_id: t.id,
          role,
          granted_by: null,
          granted_at: at,
        })),
      )
      .execute()
    await db
      .insertInto('translator_languages')
      .values(t.languages.map((language) => ({ user_id: t.id, language })))
      .execute()
    await db
      .insertInto('consents')
      .values({
        id: `${t.id}-account`,
        user_id: t.id,
        purpose: 'account',
        legal_basis: 'lgpd_art7_i_consent',
        text_version: 'demo',
        given_at: at,
      })
      .execute()
  }
}

/**
 * Who wrote and who published each demo translation (db/seed/translations.ts): the translator who
 * works in the language; the other translator reviews Creole (both read it), the secretariat the
 * rest — never the same person twice, as the workflow requires.
 */
export function demoTranslationPeople(language: Language): { translatorId: string; reviewerId: string } {
  const [a, b] = DEMO_TRANSLATORS
  const translator = (a.languages as readonly string[]).includes(language) ? a : b
  const reviewerId = language === 'ht' ? (translator === a ? b.id : a.id) : demoUserId('secretariat')
  return { translatorId: translator.id, reviewerId }
}
