import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { listPublicElections } from '../elections/lifecycle.server'
import { PhaseBadge } from '../elections/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'

export const handle = {
  i18n: ['elections'],
  title: 'elections:list.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: { tables: ['elections'] },
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  return json({ elections: await listPublicElections(getDb()) })
}

export default function Elections() {
  const { t } = useTranslation('elections')
  const { elections } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      <p>{t('list.intro')}</p>
      {elections.length === 0 ? <p>{t('list.none')}</p> : null}
      <ul className="cards">
        {elections.map((e) => (
          <li key={e.id} className="card">
            <h2 className="h3">
              <Link to={`/elections/${e.id}`}>
                <Localised json={e.title_i18n} />
              </Link>
            </h2>
            <p>{t(`bodies.${e.body}`)}</p>
            <p>
              <PhaseBadge phase={e.phase} />
            </p>
          </li>
        ))}
      </ul>
      <p>
        <a href="/open-data/elections.json">{t('list.openData')}</a>
      </p>
    </div>
  )
}
