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

// One initialised instance per language, made on first use and shared by every request: the
// resources are in memory already and an instance bound to one language holds no request state,
// so building one per request (as before) was pure overhead on every page.
const instances = new Map<Language, Promise<I18n>>()

export function createI18nInstance(language: Language): Promise<I18n> {
  let instance = instances.get(language)
  if (!instance) {
    const created = createInstance()
    instance = created
      .init({
        lng: language,
        supportedLngs: [...LANGUAGES],
        fallbackLng: DEFAULT_LANGUAGE,
        defaultNS: 'common',
        ns: [...NAMESPACES],
        resources: getResources(),
        interpolation: { escapeValue: false },
      })
      .then(() => created)
    instances.set(language, instance)
  }
  return instance
}

export type ServerT = (key: string, options?: Record<string, unknown>) => string

// For text produced outside a page render: e-mails in the recipient's language, CSV headers.
export async function translatorFor(language: string, namespace: Namespace): Promise<ServerT> {
  const lng = (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : DEFAULT_LANGUAGE
  const instance = await createI18nInstance(lng)
  return instance.getFixedT(lng, namespace) as unknown as ServerT
}
