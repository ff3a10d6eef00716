import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../ui/format'
import { requirePermission } from '../auth/guards.server'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { visibleEdition } from '../plan/plan.server'
import { migracidadesSummary } from '../plan/reading.server'
import { DemoNotice, ProgressCell, StatusCounts } from '../plan/view'
import { TableRegion } from '../ui/table'

export const handle = { i18n: ['plan', 'reference'], title: 'plan:migracidades.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  const db = getDb()
  const edition = await visibleEdition(db, new URL(request.url).searchParams.get('edition'))
  if (!edition) throw new Response('Not found', { status: 404 })
  return json({ edition, dimensions: await migracidadesSummary(db, edition.id) })
}

/** The plan read through MigraCidades' ten dimensions of local migration governance (IOM/UFRGS). */
export default function MigraCidades() {
  const { t, i18n } = useTranslation(['plan', 'reference'])
  const { edition, dimensions } = useLoaderData<typeof loader>()
  return (
    <div className="page report">
      <p className="breadcrumb no-print">
        <Link to={`/plan?edition=${edition.id}`}>{t('dashboard.title')}</Link>
      </p>
      <h1>{t('migracidades.title')}</h1>
      <Localised as="p" json={edition.title_i18n} />
      <DemoNotice isDemo={edition.is_demo} />
      <p>{t('migracidades.intro')}</p>
      <TableRegion
        label={t('migracidades.title')}
        headers={[
          t('migracidades.dimension'),
          t('dashboard.actions'),
          t('dashboard.progress'),
          t('dashboard.statuses'),
          t('migracidades.assessment'),
        ]}
      >
        {dimensions.map((d) => (
          <tr key={d.code}>
            <th scope="row">
              {d.position}. {t(`reference:dimensions.${d.code}`)}
            </th>
            <td>{formatNumber(d.actions, i18n.language)}</td>
            <td className="bar-cell">
              <ProgressCell progress={d.progress} />
            </td>
            <td>
              <StatusCounts byStatus={d.byStatus} />
            </td>
            <td>{t(`migracidades.levels.${d.level}`)}</td>
          </tr>
        ))}
      </TableRegion>
      <p className="muted">{t('migracidades.method')}</p>
    </div>
  )
}
