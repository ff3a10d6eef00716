import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { THEMATIC_AXES as AXES } from '../../db/schema'
import { requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { visibleEdition } from '../plan/plan.server'
import { listActions, planBodies } from '../plan/reading.server'
import { actionFilters } from '../plan/schemas.server'
import { ActionLink, AxisLabel, DemoNotice, IndicatorStatus, ProgressCell } from '../plan/view'
import { SelectField, TextField } from '../ui/form'
import { Pager } from '../ui/pager'
import { Localised, useLocalisedLabel } from '../ui/localised'
import { TableRegion } from '../ui/table'

export const handle = {
  i18n: ['plan', 'reference'],
  title: 'plan:actions.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: {
    tables: [
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
  const params = new URL(request.url).searchParams
  const edition = await visibleEdition(db, params.get('edition'))
  if (!edition) throw new Response('Not found', { status: 404 })
  const { page, ...filters } = actionFilters(params)
  const result = await listActions(db, { editionId: edition.id, ...filters, page })
  return json({
    edition: { id: edition.id, title_i18n: edition.title_i18n, is_demo: edition.is_demo },
    filters,
    page,
    ...result,
    bodies: await planBodies(db),
  })
}

export default function PlanActions() {
  const { t } = useTranslation(['plan', 'reference'])
  const label = useLocalisedLabel()
  const data = useLoaderData<typeof loader>()
  const f = data.filters
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/plan?edition=${data.edition.id}`}>{t('dashboard.title')}</Link>
      </p>
      <h1>{t('actions.title')}</h1>
      <Localised as="p" json={data.edition.title_i18n} />
      <DemoNotice isDemo={data.edition.is_demo} />
      <Form method="get" className="filters stack" aria-label={t('actions.filters')}>
        <input type="hidden" name="edition" value={data.edition.id} />
        <TextField name="q" type="search" label={t('actions.search')} defaultValue={f.q ?? ''} />
        <SelectField
          name="axis"
          label={t('dashboard.axis')}
          defaultValue={f.axis ?? ''}
          options={[
            { value: '', label: t('actions.any') },
            ...AXES.map((a, i) => ({ value: a, label: `${i + 1}. ${t(`reference:axes.${a}`)}` })),
          ]}
        />
        <SelectField
          name="body"
          label={t('dashboard.body')}
          defaultValue={f.bodyId ?? ''}
          options={[
            { value: '', label: t('actions.any') },
            ...data.bodies.map((b) => {
              const name = label(b.name_i18n)
              return { value: b.id, label: `${b.code} — ${name.label}`, lang: name.lang, dir: name.dir }
            }),
          ]}
        />
        <SelectField
          name="status"
          label={t('actions.status')}
          defaultValue={f.status ?? ''}
          options={[
            { value: '', label: t('actions.any') },
            ...[...['achieved', 'on_track', 'delayed', 'not_started', 'cancelled'], 'no_data'].map((s) => ({
              value: s,
              label: t(`statuses.${s}`),
            })),
          ]}
        />
        <button type="submit">{t('actions.apply')}</button>
      </Form>
      <p role="status">{t('actions.count', { count: data.total })}</p>
      <TableRegion
        label={t('actions.title')}
        headers={[t('actions.action'), t('dashboard.axis'), t('actions.status'), t('dashboard.progress')]}
      >
        {data.rows.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              <ActionLink action={a} />
            </th>
            <td>
              <AxisLabel code={a.axis_code} />
            </td>
            <td>
              <IndicatorStatus status={a.status} />
            </td>
            <td className="bar-cell">
              <ProgressCell progress={a.progress} />
            </td>
          </tr>
        ))}
      </TableRegion>
      <Pager page={data.page} hasMore={data.hasMore} />
    </div>
  )
}
