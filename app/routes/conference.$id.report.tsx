import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../ui/format'
import { requirePermission } from '../auth/guards.server'
import { getEdition } from '../conference/editions.server'
import { delegateResults } from '../conference/priority-vote.server'
import { conferenceFigures, reportRows } from '../conference/report.server'
import { votesNeeded } from '../conference/ranking'
import { AxisName, BackToEdition } from '../conference/view'
import { Localised } from '../ui/localised'
import { storedOrPlain } from '../i18n/original-text'
import { getDb } from '../lib/db.server'
import { TableRegion } from '../ui/table'

export const handle = { i18n: ['conference', 'reference'], title: 'conference:report.title', hydrate: false }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  const db = getDb()
  const found = await getEdition(db, params.id ?? '')
  if (!found || found.edition.phase !== 'final_report') throw new Response('Not found', { status: 404 })
  const [results, figures, rows] = await Promise.all([
    delegateResults(db, found.edition.id),
    conferenceFigures(db, found.edition.id),
    reportRows(db, found.edition.id),
  ])
  return json({
    edition: {
      id: found.edition.id,
      title_i18n: found.edition.title_i18n,
      motto_i18n: found.edition.motto_i18n,
      phase: found.edition.phase,
    },
    axes: found.axes,
    results,
    needed: votesNeeded(results.delegates, results.threshold),
    figures,
    motions: rows
      .filter((r) => r.status === 'motion')
      .map((r) => ({ id: r.id, title_i18n: storedOrPlain(r.title_i18n, r.title, r.language) })),
    titles: Object.fromEntries(rows.map((r) => [r.id, storedOrPlain(r.title_i18n, r.title, r.language)])),
  })
}

export default function Report() {
  const { t, i18n } = useTranslation(['conference', 'reference'])
  const { edition, axes, results, needed, figures, motions, titles } = useLoaderData<typeof loader>()
  const base = `/conference/${edition.id}`
  return (
    <div className="page results">
      <BackToEdition edition={edition} />
      <h1>
        {t('report.title')}: <Localised json={edition.title_i18n} />
      </h1>
      <p>
        {t('report.summary', {
          approved: String(figures.approved),
          votable: String(figures.votable),
          originals: String(figures.originals),
          motions: String(figures.motions),
        })}
      </p>
      <p>
        {t('report.participation', {
          preparatory: String(figures.preparatory),
          attendance: String(figures.attendance),
          delegates: String(figures.delegates),
          voted: String(figures.delegatesWhoVoted),
        })}
      </p>
      <p>
        {t('report.threshold', { needed: String(needed), pct: String(Math.round(results.threshold * 100)) })}
      </p>
      {results.axes.map((a) => {
        const axis = axes.find((x) => x.id === a.axisId)
        if (!a.proposals.length) return null
        return (
          <section key={a.axisId} aria-labelledby={`axis-${a.axisId}`} className="card stack">
            <h2 id={`axis-${a.axisId}`}>
              <AxisName axis={axis} />
            </h2>
            <TableRegion
              labelledBy={`axis-${a.axisId}`}
              headers={[t('report.rank'), t('report.proposal'), t('report.votes'), t('report.outcome')]}
            >
              {a.proposals.map((p) => (
                <tr key={p.id} className={p.approved ? 'is-elected' : undefined}>
                  <td>
                    {p.rank}
                    {p.tied ? ` (${t('report.tie')})` : ''}
                  </td>
                  <th scope="row">
                    <Link to={`${base}/proposals/${p.id}`}>
                      <Localised json={titles[p.id] ?? null} />
                    </Link>
                  </th>
                  <td>{formatNumber(p.votes, i18n.language)}</td>
                  <td>{p.approved ? t('statuses.approved') : t('statuses.not_approved')}</td>
                </tr>
              ))}
            </TableRegion>
          </section>
        )
      })}
      <section aria-labelledby="motions">
        <h2 id="motions">{t('report.motions')}</h2>
        {motions.length === 0 ? <p>{t('report.noMotions')}</p> : null}
        <ul>
          {motions.map((m) => (
            <li key={m.id}>
              <Link to={`${base}/proposals/${m.id}`}>
                <Localised json={m.title_i18n} />
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <p className="no-print">
        <a href={`/open-data/conferences/${edition.id}/proposals.csv`}>{t('report.csv')}</a> ·{' '}
        <a href={`/open-data/conferences/${edition.id}/proposals.json`}>{t('report.json')}</a>
      </p>
    </div>
  )
}
