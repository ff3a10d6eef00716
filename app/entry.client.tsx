import { RemixBrowser } from '@remix-run/react'
import i18next, { type BackendModule } from 'i18next'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { getInitialNamespaces } from 'remix-i18next/client'
import { DEFAULT_LANGUAGE, LANGUAGES } from './i18n/config'

// Translations come from /locales/<lng>/<ns> (cached by the browser, keyed by the build version).
// A dozen lines instead of a backend library: every kilobyte counts on old phones.
const version = () => window.__remixManifest?.version ?? ''
const LocalesBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    fetch(`/locales/${encodeURIComponent(language)}/${encodeURIComponent(namespace)}?v=${version()}`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((data: Record<string, unknown>) => callback(null, data))
      .catch((error: Error) => callback(error, false))
  },
}

// JavaScript only enhances: every page already works from the server's HTML. Translations for the
// page's namespaces are fetched (and cached by the browser) before hydrating.
async function hydrate() {
  await i18next
    .use(initReactI18next)
    .use(LocalesBackend)
    .init({
      supportedLngs: [...LANGUAGES],
      fallbackLng: DEFAULT_LANGUAGE,
      lng: document.documentElement.lang,
      defaultNS: 'common',
      ns: [...new Set(['common', 'validation', ...getInitialNamespaces()])],
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    })

  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()

declare global {
  interface Window {
    __remixManifest?: { version?: string }
  }
}
