import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { listEditions } from '../conference/editions.server'
import { ConferencePhaseBadge } from '../conference/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'

export const handle = {
  i18n: ['conference'],
  title: 'conference:list.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: { tables: ['conference_editions'] },
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  return json({ editions: await listEditions(getDb()) })
}

export default function Conferences() {
  const { t } = useTranslation('conference')
  const { editions } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      <p>{t('list.intro')}</p>
      {editions.length === 0 ? <p>{t('list.none')}</p> : null}
      <ul className="cards">
        {editions.map((e) => (
          <li key={e.id} className="card">
            <h2 className="h3">
              <Link to={`/conference/${e.id}`}>
                <Localised json={e.title_i18n} />
              </Link>
            </h2>
            {e.motto_i18n ? <Localised as="p" json={e.motto_i18n} /> : null}
            <p>
              <ConferencePhaseBadge phase={e.phase} />
            </p>
          </li>
        ))}
      </ul>
    </div>
  )
}
