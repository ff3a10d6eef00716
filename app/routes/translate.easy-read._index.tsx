import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { findGuide } from '../easyread/guides'
import { reviewOverview } from '../easyread/reviews.server'
import { LANGUAGE_NAMES, directionOf } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formatDate } from '../ui/format'

export const handle = { i18n: ['translations', 'easyread'], title: 'translations:easyRead.title' }

// Issue #19 (ADR 026 "Review"): the easy-read guides a second reader checks — per language the
// reviewer works in, each guide and its state: never checked, approved, changes requested, or
// outdated (the text changed after the last check).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'easyRead.reviewList')
  return json({ languages: await reviewOverview(getDb(), toActor(user)) })
}

export default function EasyReadReviewList() {
  const { t, i18n } = useTranslation('translations')
  const { languages } = useLoaderData<typeof loader>()
  return (
    <div className="page translate">
      <p>
        <Link to="/translate">{t('editor.back')}</Link>
      </p>
      <h1>{t('easyRead.title')}</h1>
      <p>{t('easyRead.intro')}</p>
      {languages.length === 0 ? <p className="notice">{t('queue.noLanguages')}</p> : null}
      {languages.map(({ language, guides }) => (
        <section key={language} aria-labelledby={`easy-read-${language}`}>
          <h2 id={`easy-read-${language}`}>
            <span lang={language} dir={directionOf(language)}>
              {LANGUAGE_NAMES[language]}
            </span>
          </h2>
          <ul className="easy-read-reviews">
            {guides.map((g) => (
              <li key={g.guide} data-guide={g.guide} data-state={g.state}>
                <Link to={`/translate/easy-read/${language}/${g.guide}`}>
                  {t(`easyread:guides.${findGuide(g.guide)!.key}.title`)}
                </Link>{' '}
                —{' '}
                {t(`easyRead.state.${g.state}`, {
                  date: g.reviewedAt ? formatDate(g.reviewedAt, i18n.language) : '',
                })}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
