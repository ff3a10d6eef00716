import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { listCampaigns } from '../plan/campaigns.server'
import { PledgeTable } from '../plan/view'

export const handle = {
  i18n: ['plan'],
  title: 'plan:campaigns.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: { tables: ['campaigns'] },
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'plan.view')
  return json(await listCampaigns(getDb()))
}

export default function Campaigns() {
  const { t } = useTranslation('plan')
  const { campaigns, pledge } = useLoaderData<typeof loader>()
  const years = [...new Set(campaigns.map((c) => c.year))]
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/plan">{t('dashboard.title')}</Link>
      </p>
      <h1>{t('campaigns.title')}</h1>
      <p>{t('campaigns.intro')}</p>
      <section aria-labelledby="pledge">
        <h2 id="pledge">{t('pledge.title')}</h2>
        <PledgeTable pledge={pledge} labelledBy="pledge" />
      </section>
      {years.map((year) => (
        <section key={year} aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`}>{year}</h2>
          <ul className="cards">
            {campaigns
              .filter((c) => c.year === year)
              .map((c) => (
                <li key={c.id} className="card">
                  <h3>
                    <Link to={`/plan/campaigns/${c.id}`}>
                      <Localised json={c.title_i18n} />
                    </Link>
                  </h3>
                  <p>
                    {t(`themes.${c.theme}`)} ·{' '}
                    <span className={`status-badge status-badge--${c.status}`}>
                      {t(`campaignStatuses.${c.status}`)}
                    </span>
                  </p>
                  {c.is_demo ? <p className="muted">{t('demoShort')}</p> : null}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
