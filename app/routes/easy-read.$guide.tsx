import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { backLink, findGuide, QUOTED_LABELS } from '../easyread/guides'
import { GuideQuerySchema } from '../easyread/schemas.server'
import { approvedOn } from '../easyread/reviews.server'
import { isLanguage } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formatDate, formatNumber } from '../ui/format'
import { Arrow } from '../ui/icons'
import { EasyReadIcon, Pictogram } from '../ui/pictograms'

// Issue #19: one easy-read guide — numbered steps, one idea per line, a pictogram per step, the hard
// words explained. Public and the same for everyone (cacheable), no JavaScript, prints on paper.
// The guides quote the real pages' buttons from their own namespaces (QUOTED_LABELS). Whether a
// second reader checked the text in each language comes from the database (ADR 026 "Review"): an
// approval of the text shipped now, else "waiting to be checked".
export const handle = {
  i18n: ['easyread', 'elections', 'registration', 'polling'],
  title: 'easyread:index.title',
  hydrate: false,
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'easyRead.view')
  const query = GuideQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const guide = findGuide(params.guide)
  if (!guide) throw new Response('Not found', { status: 404 })
  return json({
    slug: guide.slug,
    back: backLink(guide, query.election),
    approvedOn: await approvedOn(getDb(), guide),
  })
}

/** The values of a `{ "1": …, "2": … }` object of lines, in order. */
function lines(value: unknown): string[] {
  return value && typeof value === 'object' ? Object.values(value as Record<string, string>) : []
}

/** The labels of the real pages that the guides quote (`{{confirm}}` …), in the reader's language. */
function quotedLabels(t: TFunction): Record<string, string> {
  return Object.fromEntries(Object.entries(QUOTED_LABELS).map(([name, key]) => [name, t(key)]))
}

export default function EasyReadGuide() {
  const { t: tr, i18n } = useTranslation('easyread')
  const { slug, back, approvedOn } = useLoaderData<typeof loader>()
  const guide = findGuide(slug)!
  const base = `guides.${guide.key}`
  const labels = quotedLabels(tr)
  const t = (key: string, options: Record<string, unknown> = {}): string =>
    tr(key, { ...labels, ...options }) as string
  const linesOf = (key: string) => lines(tr(key, { ...labels, returnObjects: true }) as unknown)
  const checkedOn = isLanguage(i18n.language) ? approvedOn[i18n.language] : null
  return (
    <div className="page easy-read">
      <p className="no-print">
        <Link to={back.to}>
          <Arrow kind="back" /> {t(`back.${back.label}`)}
        </Link>
      </p>
      <h1>
        <EasyReadIcon /> {t(`${base}.title`)}
      </h1>
      <p className="easy-read__review muted">
        {checkedOn
          ? t('meta.reviewedOn', { date: formatDate(checkedOn, i18n.language) })
          : t('meta.notReviewed')}
      </p>
      {linesOf(`${base}.intro`).map((line) => (
        <p key={line} className="easy-read__line">
          {line}
        </p>
      ))}
      <ol className="easy-read__steps">
        {guide.steps.map((step, index) => (
          <li key={step.id} className="easy-read__step">
            <Pictogram name={step.pictogram} />
            <div>
              <h2>
                <span className="easy-read__number">
                  {t('stepLabel', { n: formatNumber(index + 1, i18n.language) })}
                </span>{' '}
                {t(`${base}.steps.${step.id}.title`)}
              </h2>
              {linesOf(`${base}.steps.${step.id}.lines`).map((line) => (
                <p key={line} className="easy-read__line">
                  {line}
                </p>
              ))}
            </div>
          </li>
        ))}
      </ol>
      <section aria-labelledby="words" className="easy-read__words">
        <h2 id="words">{t('wordsTitle')}</h2>
        <dl>
          {guide.words.map((word) => (
            <div key={word}>
              <dt>{t(`${base}.words.${word}.term`)}</dt>
              <dd>{t(`${base}.words.${word}.meaning`)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="help" className="easy-read__help">
        <h2 id="help">
          <Pictogram name="help" /> {t('helpTitle')}
        </h2>
        {linesOf('help').map((line) => (
          <p key={line} className="easy-read__line">
            {line}
          </p>
        ))}
      </section>
      <p className="no-print">
        <Link to="/easy-read">{t('allGuides')}</Link>
      </p>
    </div>
  )
}
