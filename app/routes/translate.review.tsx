import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { LANGUAGE_NAMES, directionOf } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { reviewList } from '../translations/workflow.server'

export const handle = { i18n: ['translations'], title: 'translations:review.title' }

// Submissions waiting for a second person (issue #19): in the reviewer's languages, never their own.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'translations.review')
  return json({ items: await reviewList(getDb(), toActor(user)) })
}

export default function TranslateReviewPage() {
  const { t, i18n } = useTranslation('translations')
  const { items } = useLoaderData<typeof loader>()
  const when = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'America/Sao_Paulo',
  })
  return (
    <div className="page translate">
      <p>
        <Link to="/translate">{t('editor.back')}</Link>
      </p>
      <h1>{t('review.title')}</h1>
      <p>{t('review.intro')}</p>
      {items.length ? (
        <ul className="translate-queue">
          {items.map((s) => (
            <li key={s.id}>
              <Link
                to={`/translate/${s.language}/${encodeURIComponent(s.kind)}/${encodeURIComponent(s.entityId)}`}
              >
                {t(`kinds.${s.kind}`, { defaultValue: s.kind })} —{' '}
                <span lang={s.language} dir={directionOf(s.language)}>
                  {LANGUAGE_NAMES[s.language]}
                </span>
              </Link>{' '}
              <small>{t('review.submittedAt', { when: when.format(new Date(s.createdAt)) })}</small>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('review.empty')}</p>
      )}
    </div>
  )
}
