import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../ui/format'
import { requirePermission } from '../auth/guards.server'
import { Localised, useLocalisedLabel } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { publicEditions, visibleEdition } from '../plan/plan.server'
import { planDashboard } from '../plan/reading.server'
import { AxisLabel, DemoNotice, PledgeTable, ProgressCell, StatusCounts } from '../plan/view'
import { SelectField } from '../ui/form'
import { DateTime } from '../ui/time'
import { TableRegion } from '../ui/table'

export const handle = {
  i18n: ['plan', 'reference'],
  title: 'plan:dashboard.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: {
    tables: [
      'campaigns',
      'indicator_updates',
      'plan_action_bodies',
      'plan_actions',
      'plan_bodies',
      'plan_editions',
      'plan_indicators',
      'plan_objectives',
      'thematic_axes',
    ],
  },
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  const db = getDb()
  const edition = await visibleEdition(db, new URL(request.url).searchParams.get('edition'))
  const editions = (await publicEditions(db)).map((e) => ({ id: e.id, title_i18n: e.title_i18n }))
  if (!edition) return json({ dashboard: null, editions })
  return json({ dashboard: (await planDashboard(db, edition.id))!, editions })
}

export default function PlanDashboard() {
  const { t, i18n } = useTranslation('plan')
  const label = useLocalisedLabel()
  const { dashboard, editions } = useLoaderData<typeof loader>()
  if (!dashboard) {
    return (
      <div className="page">
        <h1>{t('dashboard.title')}</h1>
        <p>{t('dashboard.none')}</p>
      </div>
    )
  }
  const { edition } = dashboard
  const q = `?edition=${edition.id}`
  return (
    <div className="page">
      <h1>{t('dashboard.title')}</h1>
      <Localised as="p" className="lead" json={edition.title_i18n} />
      <DemoNotice isDemo={edition.is_demo} />
      <p>
        {edition.legal_basis ? `${edition.legal_basis} · ` : ''}
        {t(`editionStatuses.${edition.status}`)} · {edition.starts_year}–{edition.ends_year}
        {dashboard.lastUpdate ? (
          <>
            {' '}
            · {t('dashboard.lastUpdate')}{' '}
            <DateTime iso={dashboard.lastUpdate} language={i18n.language} dateOnly />
          </>
        ) : null}
      </p>
      {editions.length > 1 ? (
        <Form method="get" className="inline-form">
          <SelectField
            name="edition"
            label={t('dashboard.edition')}
            defaultValue={edition.id}
            options={editions.map((e) => ({ value: e.id, ...label(e.title_i18n) }))}
          />
          <button type="submit" className="secondary">
            {t('dashboard.show')}
          </button>
        </Form>
      ) : null}
      <nav aria-label={t('dashboard.sections')}>
        <ul className="link-list">
          <li>
            <Link to={`/plan/actions${q}`}>{t('dashboard.allActions')}</Link>
          </li>
          <li>
            <Link to="/plan/campaigns">{t('campaigns.title')}</Link>
          </li>
          <li>
            <Link to={`/plan/report${q}`}>{t('report.title')}</Link>
          </li>
          <li>
            <Link to={`/plan/migracidades${q}`}>{t('migracidades.title')}</Link>
          </li>
          <li>
            <a href="/open-data/plan.csv">{t('dashboard.openDataCsv')}</a> ·{' '}
            <a href="/open-data/plan.json">JSON</a> ·{' '}
            <a href="/open-data/campaigns.json">{t('dashboard.openDataCampaigns')}</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="overall">
        <h2 id="overall">{t('dashboard.overall')}</h2>
        <p className="big-number">
          <ProgressCell progress={dashboard.overall.progress} />
        </p>
        <p>
          {t('dashboard.coverage', { reported: dashboard.overall.reported, total: dashboard.overall.total })}
        </p>
        <p>
          <StatusCounts byStatus={dashboard.overall.byStatus} />
        </p>
      </section>

      <section aria-labelledby="by-axis">
        <h2 id="by-axis">{t('dashboard.byAxis')}</h2>
        <TableRegion
          labelledBy="by-axis"
          headers={[
            t('dashboard.axis'),
            t('dashboard.actions'),
            t('dashboard.progress'),
            t('dashboard.statuses'),
            t('dashboard.trace'),
          ]}
        >
          {dashboard.byAxis.map((a) => (
            <tr key={a.code}>
              <th scope="row">
                <Link to={`/plan/actions${q}&axis=${a.code}`}>
                  {a.position}. <AxisLabel code={a.code} />
                </Link>
              </th>
              <td>{formatNumber(a.actions, i18n.language)}</td>
              <td className="bar-cell">
                <ProgressCell progress={a.progress} />
              </td>
              <td>
                <StatusCounts byStatus={a.byStatus} />
              </td>
              <td>
                <Link to={`/plan/trace/${a.code}${q}`}>{t('dashboard.traceLink')}</Link>
              </td>
            </tr>
          ))}
        </TableRegion>
      </section>

      <section aria-labelledby="by-body">
        <h2 id="by-body">{t('dashboard.byBody')}</h2>
        <TableRegion
          labelledBy="by-body"
          headers={[
            t('dashboard.body'),
            t('dashboard.actions'),
            t('dashboard.progress'),
            t('dashboard.statuses'),
          ]}
        >
          {dashboard.byBody.map((b) => (
            <tr key={b.id}>
              <th scope="row">
                <Link to={`/plan/actions${q}&body=${b.id}`}>
                  <abbr title={label(b.name_i18n).label}>{b.code}</abbr>
                </Link>{' '}
                <Localised json={b.name_i18n} className="muted" />
              </th>
              <td>{formatNumber(b.actions, i18n.language)}</td>
              <td className="bar-cell">
                <ProgressCell progress={b.progress} />
              </td>
              <td>
                <StatusCounts byStatus={b.byStatus} />
              </td>
            </tr>
          ))}
        </TableRegion>
      </section>

      <section aria-labelledby="pledge">
        <h2 id="pledge">{t('pledge.title')}</h2>
        <p>{t('pledge.intro')}</p>
        <PledgeTable pledge={dashboard.pledge} labelledBy="pledge" />
      </section>
    </div>
  )
}
