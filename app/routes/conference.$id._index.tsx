import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../ui/format'
import { getActor, requirePermission } from '../auth/guards.server'
import { isDelegate, preparatoryConferences } from '../conference/delegates.server'
import { getEdition } from '../conference/editions.server'
import { conferenceFigures, originalsPerAxis } from '../conference/report.server'
import { AxisName, ConferencePhaseBadge, ConferenceTimeline } from '../conference/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'
import { TableRegion } from '../ui/table'

export const handle = {
  i18n: ['conference', 'reference'],
  title: 'conference:overview.title',
  hydrate: false,
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'conference.view')
  const db = getDb()
  const found = await getEdition(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const user = await getActor(request, db)
  const [figures, preparatory, counts] = await Promise.all([
    conferenceFigures(db, found.edition.id),
    preparatoryConferences(db, found.edition.id),
    originalsPerAxis(db, found.edition.id),
  ])
  return json({
    edition: found.edition,
    axes: found.axes.map((a) => ({ ...a, proposals: counts[a.id] ?? 0 })),
    figures,
    preparatory,
    signedIn: Boolean(user),
    delegate: user ? await isDelegate(db, { editionId: found.edition.id, userId: user.id }) : false,
  })
}

export default function ConferenceOverview() {
  const { t, i18n } = useTranslation(['conference', 'reference'])
  const { edition, axes, figures, preparatory, signedIn, delegate } = useLoaderData<typeof loader>()
  const base = `/conference/${edition.id}`
  return (
    <div className="page">
      <p>
        <Link to="/conference">
          <Arrow kind="back" /> {t('list.title')}
        </Link>
      </p>
      <Localised as="h1" json={edition.title_i18n} />
      {edition.motto_i18n ? (
        <p className="lead">
          <Localised json={edition.motto_i18n} />
        </p>
      ) : null}
      <p>
        <ConferencePhaseBadge phase={edition.phase} />
        {edition.starts_on ? (
          <>
            {' '}
            · <DateTime iso={edition.starts_on} language={i18n.language} dateOnly />
            {edition.ends_on ? (
              <>
                {' – '}
                <DateTime iso={edition.ends_on} language={i18n.language} dateOnly />
              </>
            ) : null}
          </>
        ) : null}
      </p>

      <section aria-labelledby="now" className="stack">
        <h2 id="now">{t('overview.whatNow')}</h2>
        <p className="actions">
          {edition.phase === 'proposals_open' ? (
            <Link className="button" to={`${base}/proposals/new`}>
              {t('overview.propose')}
            </Link>
          ) : null}
          {edition.phase === 'delegates_vote' && delegate ? (
            <Link className="button" to={`${base}/vote`}>
              {t('overview.vote')}
            </Link>
          ) : null}
          {edition.phase === 'final_report' ? (
            <Link className="button" to={`${base}/report`}>
              {t('overview.report')}
            </Link>
          ) : null}
          <Link to={`${base}/proposals`}>{t('overview.allProposals')}</Link>
        </p>
        {edition.phase === 'proposals_open' && !signedIn ? (
          <p className="muted">{t('overview.loginToPropose')}</p>
        ) : null}
        <p>{t(`overview.phaseHelp.${edition.phase}`)}</p>
      </section>

      <section aria-labelledby="axes">
        <h2 id="axes">{t('overview.axes')}</h2>
        <ul>
          {axes.map((a) => (
            <li key={a.id}>
              <Link to={`${base}/proposals?axis=${a.id}`}>
                <AxisName axis={a} />
              </Link>{' '}
              — {t('overview.proposalCount', { count: a.proposals })}
              {a.kind === 'cross_cutting' ? (
                <span className="muted"> ({t('overview.crossCutting')})</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="figures">
        <h2 id="figures">{t('overview.figures')}</h2>
        <dl className="summary-list">
          <dt>{t('figures.preparatory')}</dt>
          <dd>{formatNumber(figures.preparatory, i18n.language)}</dd>
          <dt>{t('figures.attendance')}</dt>
          <dd>{formatNumber(figures.attendance, i18n.language)}</dd>
          <dt>{t('figures.originals')}</dt>
          <dd>{formatNumber(figures.originals, i18n.language)}</dd>
          <dt>{t('figures.votable')}</dt>
          <dd>{formatNumber(figures.votable, i18n.language)}</dd>
          <dt>{t('figures.delegates')}</dt>
          <dd>{formatNumber(figures.delegates, i18n.language)}</dd>
        </dl>
      </section>

      <section aria-labelledby="prep">
        <h2 id="prep">{t('overview.preparatory')}</h2>
        {preparatory.length === 0 ? <p>{t('overview.noPreparatory')}</p> : null}
        {preparatory.length ? (
          <TableRegion
            labelledBy="prep"
            headers={[
              t('prep.name'),
              t('prep.kind'),
              t('prep.heldOn'),
              t('prep.attendance'),
              t('prep.proposals'),
              t('prep.delegates'),
            ]}
          >
            {preparatory.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <bdi>{p.name}</bdi>
                  <span className="muted">
                    {' '}
                    — <bdi>{p.organiser}</bdi>, <bdi>{p.place}</bdi>
                  </span>
                </th>
                <td>{t(`prep.kinds.${p.kind}`)}</td>
                <td>
                  <DateTime iso={p.held_on} language={i18n.language} dateOnly />
                </td>
                <td>{formatNumber(p.attendance, i18n.language)}</td>
                <td>{formatNumber(p.proposals, i18n.language)}</td>
                <td>
                  {p.delegates} / {p.delegate_quota}
                </td>
              </tr>
            ))}
          </TableRegion>
        ) : null}
      </section>

      <section aria-labelledby="calendar">
        <h2 id="calendar">{t('overview.calendar')}</h2>
        <ConferenceTimeline phase={edition.phase} />
      </section>
    </div>
  )
}
