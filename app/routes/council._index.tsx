import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { listBodies } from '../council/bodies.server'
import { listMeetings } from '../council/meetings.server'
import { termSummaries } from '../council/terms.server'
import { MeetingStatusBadge, TitleLink } from '../council/view'
import { isolate, Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { formatDate } from '../ui/format'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['council'],
  title: 'council:home.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: { tables: ['body_members', 'council_bodies', 'meetings'] },
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'council.view')
  const db = getDb()
  return json({
    bodies: await listBodies(db),
    upcoming: await listMeetings(db, { upcoming: true }),
    terms: await termSummaries(db, new Date().toISOString().slice(0, 10)),
  })
}

export default function CouncilHome() {
  const { t, i18n } = useTranslation('council')
  const { bodies, upcoming, terms } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <p>
        <Link className="button" to="/council/archive">
          {t('archive.title')}
        </Link>{' '}
        <a className="button secondary" href="/council/calendar.ics">
          {t('home.calendar')}
        </a>
      </p>
      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t('home.upcoming')}</h2>
        {upcoming.filter((m) => m.status === 'convened').length === 0 ? <p>{t('home.noUpcoming')}</p> : null}
        <ul className="cards">
          {upcoming
            .filter((m) => m.status === 'convened')
            .map((m) => (
              <li key={m.id} className="card">
                <h3>
                  <TitleLink to={`/council/meetings/${m.id}`} row={m} />
                </h3>
                <p>
                  <Localised json={m.body_name_i18n} /> ·{' '}
                  <DateTime iso={m.starts_at} language={i18n.language} />
                </p>
                <p>
                  <MeetingStatusBadge status={m.status} />
                </p>
              </li>
            ))}
        </ul>
      </section>
      <section aria-labelledby="bodies">
        <h2 id="bodies">{t('home.bodies')}</h2>
        <ul className="cards">
          {bodies.map((b) => (
            <li key={b.id} className="card">
              <h3>
                <Link to={`/council/bodies/${b.id}`}>
                  <Localised json={b.name_i18n} />
                </Link>
              </h3>
              <p className="muted">{t(`bodyKinds.${b.kind}`)}</p>
              {terms[b.id] ? (
                <p>
                  {t('terms.sitting', { count: terms[b.id]!.sitting })}
                  {terms[b.id]!.nextTermEnd
                    ? ` · ${t('terms.nextEnd', { date: formatDate(terms[b.id]!.nextTermEnd!, i18n.language) })}`
                    : ''}
                </p>
              ) : null}
              {terms[b.id]?.lastSuccession ? (
                <p>
                  {t('terms.lastSuccession', {
                    successor: isolate(terms[b.id]!.lastSuccession!.successor),
                    name: isolate(terms[b.id]!.lastSuccession!.vacated),
                    date: formatDate(terms[b.id]!.lastSuccession!.on, i18n.language),
                  })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
