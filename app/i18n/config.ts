// Languages the city's reference centre serves, plus Simplified Chinese (BRIEF.md).
export const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'pt-BR'

// Namespaces: one per feature plus shared ones. Every locale file must carry the same keys.
export const NAMESPACES = [
  'common',
  'validation',
  'auth',
  'privacy',
  'admin',
  'reference',
  'registration',
  'elections',
  'conference',
  'consultations',
  'plan',
  'council',
  'polling',
  'notices',
  'translations',
  'easyread',
  'trustees',
] as const
export type Namespace = (typeof NAMESPACES)[number]

// Endonyms: each language is named in itself, identically in every locale, so they are data.
export const LANGUAGE_NAMES: Record<Language, string> = {
  'pt-BR': 'Português',
  es: 'Español',
  en: 'English',
  fr: 'Français',
  ht: 'Kreyòl ayisyen',
  ar: 'العربية',
  zh: '中文（简体）',
}

export const TIME_ZONE = 'America/Sao_Paulo'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export function directionOf(language: string): 'rtl' | 'ltr' {
  return language === 'ar' ? 'rtl' : 'ltr'
}
