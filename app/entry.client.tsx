import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import HttpBackend from 'i18next-http-backend'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { getInitialNamespaces } from 'remix-i18next/client'
import { DEFAULT_LANGUAGE, LANGUAGES } from './i18n/config'

// JavaScript only enhances: every page already works from the server's HTML. Translations for the
// page's namespaces are fetched (and cached by the browser) before hydrating.
async function hydrate() {
  await i18next
    .use(initReactI18next)
    .use(HttpBackend)
    .init({
      supportedLngs: [...LANGUAGES],
      fallbackLng: DEFAULT_LANGUAGE,
      lng: document.documentElement.lang,
      defaultNS: 'common',
      ns: [...new Set(['common', 'validation', ...getInitialNamespaces()])],
      backend: { loadPath: `/locales/{{lng}}/{{ns}}?v=${window.__remixManifest?.version ?? ''}` },
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
