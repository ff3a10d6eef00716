import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { LANGUAGE_NAMES, directionOf } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { TRANSLATABLE_FIELDS } from '../translations/registry.server'
import { QueueQuerySchema } from '../translations/schemas.server'
import { overview, queue } from '../translations/workflow.server'
import { Pager } from '../ui/pager'

export const handle = { i18n: ['translations'], title: 'translations:queue.title' }

// The translator's start page (issue #19): their languages with what waits in each, and the queue
// of one language — texts never translated or outdated, what people can act on now first.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'translations.work')
  const db = getDb()
  const actor = toActor(user)
  const query = QueueQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { languages, counts } = await overview(db, actor)
  const language = query.into && languages.includes(query.into) ? query.into : languages[0]
  const kind = TRANSLATABLE_FIELDS.some((f) => f.kind === query.kind) ? query.kind : undefined
  const found = language ? await queue(db, actor, { language, page: query.page, kind }) : null
  return json({
    counts,
    language: language ?? null,
    kind: kind ?? '',
    kinds: TRANSLATABLE_FIELDS.map((f) => ({ kind: f.kind, labelKey: f.labelKey })),
    page: query.page,
    queue: found?.ok ? found.value : { items: [], total: 0, hasMore: false },
  })
}

export default function TranslateQueuePage() {
  const { t } = useTranslation('translations')
  const data = useLoaderData<typeof loader>()
  const toReview = data.counts.reduce((n, c) => n + c.toReview, 0)
  return (
    <div className="page translate">
      <h1>{t('queue.title')}</h1>
      <p>{t('queue.intro')}</p>
      <p>
        <Link to="/translate/review">{t('queue.reviewLink', { n: String(toReview) })}</Link>
      </p>
      <p>
        <Link to="/translate/easy-read">{t('easyRead.link')}</Link>
      </p>
      {data.counts.length === 0 ? <p className="notice">{t('queue.noLanguages')}</p> : null}
      {data.counts.length ? (
        <nav aria-label={t('queue.languages')}>
          <ul className="translate-languages">
            {data.counts.map((c) => (
              <li key={c.language}>
                <Link
                  to={`/translate?into=${encodeURIComponent(c.language)}`}
                  aria-current={c.language === data.language ? 'page' : undefined}
                >
                  <span lang={c.language} dir={directionOf(c.language)}>
                    {LANGUAGE_NAMES[c.language]}
                  </span>
                </Link>{' '}
                {t('queue.counts', { missing: String(c.missing), review: String(c.toReview) })}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {data.language ? (
        <>
          <h2>{t('queue.heading', { language: LANGUAGE_NAMES[data.language] })}</h2>
          <Form method="get" className="inline-form">
            <input type="hidden" name="into" value={data.language} />
            <label htmlFor="queue-kind">{t('queue.kind')}</label>{' '}
            <select id="queue-kind" name="kind" defaultValue={data.kind}>
              <option value="">{t('queue.allKinds')}</option>
              {data.kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {t(k.labelKey)}
                </option>
              ))}
            </select>{' '}
            <button type="submit" className="secondary">
              {t('queue.filter')}
            </button>
          </Form>
          <p>
            {t('queue.total', { n: String(data.queue.total) })}{' '}
            <a href={`/translate/${data.language}/export.xliff`}>{t('queue.exportXliff')}</a> ·{' '}
            <a href={`/translate/${data.language}/export.csv`}>{t('queue.exportCsv')}</a> ·{' '}
            <Link to={`/translate/${data.language}/import`}>{t('queue.import')}</Link>
          </p>
          {data.queue.items.length ? (
            <ol className="translate-queue">
              {data.queue.items.map((item) => (
                <li key={`${item.kind}|${item.id}`}>
                  <Link
                    to={`/translate/${data.language}/${encodeURIComponent(item.kind)}/${encodeURIComponent(item.id)}`}
                  >
                    {t(`kinds.${item.kind}`, { defaultValue: item.kind })}
                    {item.context ? ` ${item.context}` : ''}
                  </Link>{' '}
                  <small>
                    ({t(`queue.reach.${item.reach}`)} · {t(`queue.state.${item.state}`)})
                  </small>
                  <p
                    lang={item.original.lang}
                    dir={directionOf(item.original.lang)}
                    className="translate-excerpt"
                  >
                    {item.original.text.length > 200
                      ? `${item.original.text.slice(0, 200)}…`
                      : item.original.text}
                  </p>
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('queue.empty')}</p>
          )}
          <Pager page={data.page} hasMore={data.queue.hasMore} />
        </>
      ) : null}
    </div>
  )
}
