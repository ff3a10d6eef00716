import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { visibleEdition } from '../plan/plan.server'
import { traceAxis } from '../plan/trace.server'
import { ActionLink, AxisLabel, DemoNotice, IndicatorStatus, Origins, ProgressCell } from '../plan/view'

export const handle = {
  i18n: ['plan', 'reference'],
  title: 'plan:trace.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: {
    tables: [
      'campaign_actions',
      'campaigns',
      'conference_editions',
      'consultations',
      'contributions',
      'indicator_updates',
      'outcome_links',
      'plan_actions',
      'plan_editions',
      'plan_indicators',
      'plan_objectives',
      'proposals',
      'thematic_axes',
    ],
  },
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  const db = getDb()
  const edition = await visibleEdition(db, new URL(request.url).searchParams.get('edition'))
  const trace = edition ? await traceAxis(db, { editionId: edition.id, axisCode: params.axis ?? '' }) : null
  if (!trace) throw new Response('Not found', { status: 404 })
  return json(trace)
}

/**
 * The chain for one axis, read top to bottom: what people asked for (conference proposals,
 * consultation contributions) → the objective and action it became → its indicators → campaigns.
 */
export default function TraceAxis() {
  const { t } = useTranslation(['plan', 'reference'])
  const { axis, edition, objectives } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/plan?edition=${edition.id}`}>{t('dashboard.title')}</Link>
      </p>
      <h1>
        {t('trace.title')}: {axis.position}. <AxisLabel code={axis.code} />
      </h1>
      <Localised as="p" json={edition.title_i18n} />
      <DemoNotice isDemo={edition.is_demo} />
      <p>{t('trace.intro')}</p>
      {objectives.length === 0 ? <p>{t('trace.empty')}</p> : null}
      {objectives.map((o) => (
        <section key={o.id} aria-labelledby={`o-${o.id}`} className="stack trace-objective">
          <h2 id={`o-${o.id}`}>
            {t('action.objective')} {o.code} — <Localised json={o.title_i18n} />
          </h2>
          <ol className="stack trace-chain">
            {o.actions.map((a) => (
              <li key={a.id} className="card stack">
                <div className="trace-step">
                  <h3 className="h4">{t('trace.cameFrom')}</h3>
                  <Origins origins={a.origins} />
                </div>
                <div className="trace-step">
                  <h3 className="h4">{t('trace.became')}</h3>
                  <p>
                    <ActionLink action={a} />
                  </p>
                  <ul>
                    {a.indicators.map((i) => (
                      <li key={i.id}>
                        <Link to={`/plan/indicators/${i.id}`}>
                          {i.code} — <Localised json={i.name_i18n} />
                        </Link>{' '}
                        <IndicatorStatus status={i.latest?.status ?? null} />{' '}
                        <ProgressCell progress={i.progress} />
                      </li>
                    ))}
                  </ul>
                </div>
                {a.campaigns.length ? (
                  <div className="trace-step">
                    <h3 className="h4">{t('trace.campaigns')}</h3>
                    <ul>
                      {a.campaigns.map((c) => (
                        <li key={c.id}>
                          <Link to={`/plan/campaigns/${c.id}`}>
                            <Localised json={c.title_i18n} />
                          </Link>{' '}
                          ({c.year})
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  )
}
