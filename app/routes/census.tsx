import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { countryOptions } from '../registration/countries'
import { publicCensusStats } from '../registration/census.server'
import { formatNumber } from '../ui/format'

export const handle = { i18n: ['registration'], title: 'registration:stats.title', hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'census.stats')
  const language = await getLanguage(request)
  const stats = await publicCensusStats(getDb())
  const names = Object.fromEntries(countryOptions(language).map((c) => [c.value, c.label]))
  return json({ stats, names })
}

type Cell = { key: string; count: number | null; hidden?: 'small' | 'withheld' }

/** A bar chart that is also a table: bars are decoration, the numbers are the content. */
function CountTable({
  caption,
  cells,
  label,
}: {
  caption: string
  cells: Cell[]
  label: (key: string) => string
}) {
  const { t, i18n } = useTranslation('registration')
  const max = Math.max(1, ...cells.map((c) => c.count ?? 0))
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stats.group')}</th>
            <th scope="col">{t('stats.people')}</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((c) => (
            <tr key={c.key}>
              <th scope="row">{label(c.key)}</th>
              <td>
                <div className="bar-row">
                  <span>
                    {c.hidden === 'withheld'
                      ? t('stats.withheld')
                      : c.count === null
                        ? t('stats.suppressed')
                        : formatNumber(c.count, i18n.language)}
                  </span>
                  <span
                    className="bar"
                    aria-hidden="true"
                    style={{ inlineSize: `${((c.count ?? 0) / max) * 100}%` }}
                  />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default function CensusStatsPage() {
  const { t } = useTranslation('registration')
  const { stats, names } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('stats.title')}</h1>
      <p>{t('stats.intro')}</p>
      {!stats ? (
        <p>{t('landing.closed')}</p>
      ) : (
        <>
          <p>
            <bdi>{stats.cycle.name}</bdi>:{' '}
            {stats.total === null ? t('stats.suppressed') : t('stats.total', { count: stats.total })}
          </p>
          <CountTable
            caption={t('stats.byNationality')}
            cells={stats.byNationality}
            label={(k) => (k === 'XX' ? t('fields.stateless') : (names[k] ?? k))}
          />
          <CountTable caption={t('stats.bySubprefecture')} cells={stats.bySubprefecture} label={(k) => k} />
          <CountTable caption={t('stats.byGender')} cells={stats.byGender} label={(k) => t(`genders.${k}`)} />
          <CountTable
            caption={t('stats.byAge')}
            cells={stats.byAgeBand}
            label={(k) => t(`stats.ageBands.${k}`, { defaultValue: k })}
          />
          <p className="muted">{t('stats.suppressionNote')}</p>
        </>
      )}
    </div>
  )
}
