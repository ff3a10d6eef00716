import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { visibleEdition } from '../plan/plan.server'
import { indicatorsWithLatest, planDashboard } from '../plan/reading.server'
import {
  AxisLabel,
  DemoNotice,
  IndicatorStatus,
  PledgeTable,
  ProgressCell,
  StatusCounts,
  formatValue,
} from '../plan/view'
import { DateTime } from '../ui/time'
import { TableRegion } from '../ui/table'

export const handle = { i18n: ['plan', 'reference'], title: 'plan:report.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  const db = getDb()
  const edition = await visibleEdition(db, new URL(request.url).searchParams.get('edition'))
  if (!edition) throw new Response('Not found', { status: 404 })
  const [dashboard, indicators] = await Promise.all([
    planDashboard(db, edition.id),
    indicatorsWithLatest(db, edition.id),
  ])
  return json({ dashboard: dashboard!, indicators, generatedAt: new Date().toISOString() })
}

/** The periodic progress report, for the city's reporting to international commitments: made to be printed. */
export default function PlanReport() {
  const { t, i18n } = useTranslation(['plan', 'reference'])
  const { dashboard, indicators, generatedAt } = useLoaderData<typeof loader>()
  const e = dashboard.edition
  return (
    <div className="page report">
      <p className="breadcrumb no-print">
        <Link to={`/plan?edition=${e.id}`}>{t('dashboard.title')}</Link>
      </p>
      <h1>{t('report.title')}</h1>
      <Localised as="p" className="lead" json={e.title_i18n} />
      <DemoNotice isDemo={e.is_demo} />
      <p>
        {t('report.generated')} <DateTime iso={generatedAt} language={i18n.language} /> ·{' '}
        {t('dashboard.coverage', { reported: dashboard.overall.reported, total: dashboard.overall.total })}
      </p>
      <h2 id="report-summary">{t('dashboard.overall')}</h2>
      <p>
        <ProgressCell progress={dashboard.overall.progress} /> ·{' '}
        <StatusCounts byStatus={dashboard.overall.byStatus} />
      </p>
      {dashboard.byAxis.map((a) => (
        <section key={a.code} aria-labelledby={`axis-${a.code}`} className="report-axis">
          <h2 id={`axis-${a.code}`}>
            {a.position}. <AxisLabel code={a.code} />
          </h2>
          <p>
            <ProgressCell progress={a.progress} /> · <StatusCounts byStatus={a.byStatus} />
          </p>
          <TableRegion
            labelledBy={`axis-${a.code}`}
            headers={[
              t('indicator.name'),
              t('indicator.baseline'),
              t('indicator.target'),
              t('indicator.latest'),
              t('actions.status'),
              t('dashboard.progress'),
            ]}
          >
            {indicators
              .filter((i) => i.axis_code === a.code)
              .map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    {i.code} — <Localised json={i.name_i18n} />
                  </th>
                  <td>
                    {formatValue(i.baseline, i18n.language)} {i.unit}
                  </td>
                  <td>
                    {formatValue(i.target, i18n.language)} {i.unit}
                  </td>
                  <td>
                    {i.latest ? (
                      <>
                        {formatValue(i.latest.value, i18n.language)} (
                        <DateTime iso={i.latest.reference_date} language={i18n.language} dateOnly />)
                      </>
                    ) : (
                      t('noData')
                    )}
                  </td>
                  <td>
                    <IndicatorStatus status={i.latest?.status ?? null} />
                  </td>
                  <td>
                    <ProgressCell progress={i.progress} />
                  </td>
                </tr>
              ))}
          </TableRegion>
        </section>
      ))}
      <section aria-labelledby="report-pledge">
        <h2 id="report-pledge">{t('pledge.title')}</h2>
        <PledgeTable pledge={dashboard.pledge} labelledBy="report-pledge" />
      </section>
    </div>
  )
}
