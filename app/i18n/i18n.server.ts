import { createCookie } from '@remix-run/node'
import { createInstance, type i18n as I18n } from 'i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { DEFAULT_LANGUAGE, LANGUAGES, NAMESPACES, type Language, type Namespace } from './config'
import { getResources } from './resources.server'

export const languageCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

// Order of detection: ?lng=, then the lng cookie, then Accept-Language, then Portuguese.
export const remixI18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie,
  },
  i18next: {
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    defaultNS: 'common',
    get resources() {
      return getResources()
    },
  },
})

export async function getLanguage(request: Request): Promise<Language> {
  return (await remixI18n.getLocale(request)) as Language
}

export async function createI18nInstance(language: Language, namespaces: readonly string[]): Promise<I18n> {
  const instance = createInstance()
  await instance.init({
    lng: language,
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    defaultNS: 'common',
    ns: [...new Set(['common', 'validation', ...namespaces])],
    resources: getResources(),
    interpolation: { escapeValue: false },
  })
  return instance
}

export type ServerT = (key: string, options?: Record<string, unknown>) => string

// For text produced outside a page render: e-mails in the recipient's language, CSV headers.
export async function translatorFor(language: string, namespace: Namespace): Promise<ServerT> {
  const lng = (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : DEFAULT_LANGUAGE
  const instance = await createI18nInstance(lng, NAMESPACES)
  return instance.getFixedT(lng, namespace) as unknown as ServerT
}
