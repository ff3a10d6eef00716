import { json, redirect, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import { setPreferredLanguage } from './auth/accounts.server'
import { getCurrentSession, toActor } from './auth/guards.server'
import { can, type Action } from './auth/permissions'
import { boothRedirect, hasBoothCookie } from './elections/booth-lock'
import { directionOf, isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from './i18n/config'
import { getLanguage, languageCookie } from './i18n/i18n.server'
import { getDb } from './lib/db.server'
import { getEnv } from './lib/env.server'
import stylesHref from './styles/app.css'
import { DemoBanner } from './ui/demo-banner'
import { SubmitButton } from './ui/action-feedback'
import { useNonce } from './ui/nonce'
import { pageNeedsScripts, type Hydrate } from './ui/page-scripts'
import { GlobeIcon } from './ui/icons'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

/** What a route module may say in its `handle` that the root layout reads. */
export type PageHandle = {
  /** Translation key of the page's title (WCAG 2.4.2). */
  title?: string
  /**
   * false: this route's parts work without JavaScript. A page is sent without scripts when every
   * route it matches says so (app/ui/page-scripts.ts; issue #22, ADR 038). Default: hydrated.
   */
  hydrate?: Hydrate
}

// The layout's own parts need no JavaScript: links, the language picker (<details>), the logout
// form (a plain post). Whether a page hydrates is decided by its own route (ADR 038).
export const handle: PageHandle & { i18n: string[] } = { i18n: ['common', 'validation'], hydrate: false }

// Navigation is data: each entry names the permission that shows it, so people see what they can do.
const NAV: { to: string; labelKey: string; permission: Action }[] = [
  { to: '/', labelKey: 'nav.home', permission: 'home.view' },
  { to: '/registration', labelKey: 'nav.registration', permission: 'registration.checkStatus' },
  { to: '/elections', labelKey: 'nav.elections', permission: 'elections.view' },
  { to: '/conference', labelKey: 'nav.conference', permission: 'conference.view' },
  { to: '/consultations', labelKey: 'nav.consultations', permission: 'consultations.view' },
  { to: '/plan', labelKey: 'nav.plan', permission: 'plan.view' },
  { to: '/council', labelKey: 'nav.council', permission: 'council.view' },
  { to: '/council/my', labelKey: 'nav.myCouncil', permission: 'council.workspace' },
  // Issue #19: translators' queue (and the secretariat's, which translates and reviews too).
  { to: '/translate', labelKey: 'nav.translate', permission: 'translations.work' },
  { to: '/census', labelKey: 'nav.census', permission: 'census.stats' },
  { to: '/staff/registrations', labelKey: 'nav.registrations', permission: 'registration.queue' },
  { to: '/staff/census', labelKey: 'nav.censusSettings', permission: 'census.configure' },
  { to: '/staff/census/cycles', labelKey: 'nav.censusCycles', permission: 'census.closeCycle' },
  { to: '/staff/elections', labelKey: 'nav.staffElections', permission: 'elections.manage' },
  { to: '/staff/conference', labelKey: 'nav.staffConference', permission: 'conference.manage' },
  { to: '/staff/consultations', labelKey: 'nav.staffConsultations', permission: 'consultations.moderate' },
  { to: '/staff/council', labelKey: 'nav.staffCouncil', permission: 'council.manage' },
  { to: '/staff/plan', labelKey: 'nav.staffPlan', permission: 'plan.reportProgress' },
  { to: '/admin/users', labelKey: 'nav.users', permission: 'users.list' },
  { to: '/admin/audit', labelKey: 'nav.audit', permission: 'audit.read' },
  { to: '/my-data', labelKey: 'nav.myData', permission: 'privacy.exportOwn' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  // A device in booth state sees only the booth (issue #16.12; the HTTP server does the same).
  if (boothRedirect(new URL(request.url).pathname, request.headers.get('Cookie'))) throw redirect('/booth')
  const booth = hasBoothCookie(request.headers.get('Cookie'))
  const db = getDb()
  const session = await getCurrentSession(request, db)
  const headers = new Headers()
  const requested = new URL(request.url).searchParams.get('lng')
  let language: Language = await getLanguage(request)
  if (isLanguage(requested)) {
    language = requested
    headers.append('Set-Cookie', await languageCookie.serialize(requested))
    // The choice also becomes the account's language, used for messages sent to the person.
    if (session && session.user.preferredLanguage !== requested)
      await setPreferredLanguage(db, { userId: session.user.id, language: requested })
  }
  if (session?.refreshCookie) headers.append('Set-Cookie', session.refreshCookie)
  const actor = toActor(session?.user ?? null)
  return json(
    {
      language,
      user: session ? { displayName: session.user.displayName } : null,
      nav: NAV.filter((item) => can(actor, item.permission)).map(({ to, labelKey }) => ({ to, labelKey })),
      demoMode: getEnv().DEMO_MODE,
      booth,
    },
    { headers },
  )
}

export type RootData = typeof loader

function LanguagePicker({ current }: { current: Language }) {
  const { t } = useTranslation()
  const location = useLocation()
  const hrefFor = (lng: string) => {
    const params = new URLSearchParams(location.search)
    params.set('lng', lng)
    return `${location.pathname}?${params.toString()}`
  }
  return (
    <details className="language-picker">
      <summary>
        <GlobeIcon /> {t('language.label')}:{' '}
        <span lang={current} dir={directionOf(current)}>
          {LANGUAGE_NAMES[current]}
        </span>
      </summary>
      <ul>
        {LANGUAGES.map((lng) => (
          <li key={lng}>
            <a
              href={hrefFor(lng)}
              hrefLang={lng}
              lang={lng}
              dir={directionOf(lng)}
              aria-current={lng === current ? 'true' : undefined}
            >
              {LANGUAGE_NAMES[lng]}
            </a>
          </li>
        ))}
      </ul>
    </details>
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<RootData>('root')
  const { t, i18n } = useTranslation()
  // Without root data (a 404 matches no route) the request's detected language still applies.
  const language = (data?.language ?? i18n.language) as Language
  const nonce = useNonce()
  // Each route names its title's translation key in `handle.title` (WCAG 2.4.2 page titles).
  const matches = useMatches()
  const titleKey = [...matches]
    .reverse()
    .map((m) => (m.handle as { title?: string } | undefined)?.title)
    .find(Boolean)
  const title = titleKey ? `${t(titleKey)} · Mutirão` : 'Mutirão'
  // Issue #22: a page none of whose routes needs JavaScript is sent as plain HTML, without any
  // script (no React on old phones where nothing on the page needs it; ADR 038).
  // In the browser this layout runs only where scripts were sent; it keeps them through client-side
  // navigation (to a page that would be sent without) so that scroll restoration stays on.
  const hydrate = typeof document !== 'undefined' || pageNeedsScripts(matches)
  // The booth's minimal layout: no navigation, no account menu, no link out of the page.
  const booth = Boolean(data?.booth)
  return (
    <html lang={language} dir={directionOf(language)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header className="site-header">
          <DemoBanner demo={Boolean(data?.demoMode)} />
          <div className="site-header__inner">
            {booth ? (
              <span className="brand">Mutirão</span>
            ) : (
              <Link to="/" className="brand">
                Mutirão
              </Link>
            )}
            {data ? <LanguagePicker current={language} /> : null}
            {booth ? null : data?.user ? (
              <Form method="post" action="/logout" className="user-menu">
                <bdi className="user-menu__name">{data.user.displayName}</bdi>{' '}
                <Link to="/account">{t('nav.account')}</Link>{' '}
                <SubmitButton className="button-link">{t('nav.logout')}</SubmitButton>
              </Form>
            ) : data ? (
              <p className="user-menu">
                <Link to="/login">{t('nav.login')}</Link> · <Link to="/signup">{t('nav.signup')}</Link>
              </p>
            ) : null}
          </div>
          {data && !booth && data.nav.length > 1 ? (
            <nav aria-label={t('nav.label')} className="site-nav">
              <ul>
                {data.nav.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.to === '/'}>
                      {t(item.labelKey)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        {booth ? null : (
          <footer className="site-footer">
            <p>{t('footer.about')}</p>
            <p>
              <Link to="/privacy">{t('footer.privacy')}</Link>
              {data?.demoMode ? (
                <>
                  {' · '}
                  <Link to="/dev/outbox">{t('footer.outbox')}</Link>
                </>
              ) : null}
            </p>
          </footer>
        )}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  )
}

export default function App() {
  const data = useRouteLoaderData<RootData>('root')
  useChangeLanguage(data?.language ?? 'pt-BR')
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const key = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : 'unexpected'
  return (
    <div className="page">
      <h1>{t(`errors.${key}.title`)}</h1>
      <p>{t(`errors.${key}.body`)}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </div>
  )
}
