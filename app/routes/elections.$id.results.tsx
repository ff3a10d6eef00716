import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { EasyReadLink } from '../easyread/easy-read-link'
import { contestTitle } from '../elections/ballot-form'
import { resultsPage } from '../elections/counting.server'
import { PaperCounts, paperVotesOf } from '../elections/paper-results-view'
import { isolate, Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { formatNumber, formatPercent } from '../ui/format'
import { TableRegion } from '../ui/table'
import { ResultBars } from '../elections/result-bars-view'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'

export const handle = {
  i18n: ['elections', 'polling', 'easyread'],
  title: 'elections:results.title',
  hydrate: false,
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const results = await resultsPage(getDb(), params.id ?? '')
  if (!results) throw new Response('Not found', { status: 404 })
  return json(results)
}

export default function Results() {
  const { t, i18n } = useTranslation('elections')
  const r = useLoaderData<typeof loader>()
  const pct = (v: number, of: number) => (of ? formatPercent(v / of, i18n.language) : '—')
  const n = (v: number) => formatNumber(v, i18n.language)
  // Paper ballots (#17): where any paper place was counted, each row shows both channels.
  const paper = paperVotesOf(r.polling_places)
  return (
    <div className="page results">
      <p className="no-print">
        <Link to={`/elections/${r.election.id}`}>
          <Arrow kind="back" /> <Localised json={r.title_i18n} />
        </Link>
      </p>
      <h1>
        {t('results.title')}: <Localised json={r.title_i18n} />
      </h1>
      <EasyReadLink guide="results" election={r.election.id} />
      <p className={`notice ${r.status === 'official' ? 'notice--ok' : ''}`}>
        {r.status === 'official'
          ? t('results.official', { ref: isolate(r.election.gazette_reference ?? '') })
          : t('results.preliminary')}
      </p>
      {r.parity.enabled ? (
        <p>
          {t('results.parity', { achieved: String(r.parity.achieved), required: String(r.parity.required) })}{' '}
          {r.parity.displacements.length
            ? t('results.displacements', { count: r.parity.displacements.length })
            : null}
        </p>
      ) : null}
      {r.contests.map((c) => {
        const headingId = `contest-${c.id}`
        return (
          <section key={c.id} aria-labelledby={headingId} className="card stack contest-result">
            <h2 id={headingId}>{contestTitle(t, c)}</h2>
            <p>
              {t('results.summary', {
                seats: t('counts.seats', { count: c.seats }),
                alternates: t('counts.alternates', { count: c.alternates }),
                valid: String(c.valid),
                blank: String(c.blank),
                void: String(c.void),
              })}{' '}
              {t('results.turnout', {
                voted: String(c.turnout.voted),
                roll: String(c.turnout.roll),
                pct: pct(c.turnout.voted, c.turnout.roll),
              })}
              {c.empty_seats ? ` ${t('results.emptySeats', { count: c.empty_seats })}` : ''}
            </p>
            {c.candidates.length === 0 ? null : (
              <>
                <ResultBars
                  contestId={c.id}
                  title={contestTitle(t, c)}
                  candidates={c.candidates}
                  blank={c.blank}
                  void={c.void}
                />
                <TableRegion
                  labelledBy={headingId}
                  className="results-table"
                  caption={<caption className="visually-hidden">{contestTitle(t, c)}</caption>}
                  headers={[
                    t('results.rank'),
                    t('results.candidate'),
                    ...(paper ? [t('polling:results.electronic'), t('polling:results.paper')] : []),
                    t('results.votes'),
                    t('results.share'),
                    t('results.outcome'),
                  ]}
                >
                  {c.candidates.map((x) => (
                    <tr key={x.id} className={x.outcome.startsWith('elected') ? 'is-elected' : undefined}>
                      <td>{n(x.rank)}</td>
                      <th scope="row">
                        <bdi>{x.organisation ?? x.name}</bdi>
                        {x.organisation ? (
                          <span className="muted">
                            {' '}
                            (<bdi>{x.name}</bdi>)
                          </span>
                        ) : null}
                      </th>
                      {paper ? (
                        <>
                          <td>{n(x.votes - paper(c.id, x.id))}</td>
                          <td>{n(paper(c.id, x.id))}</td>
                        </>
                      ) : null}
                      <td>{n(x.votes)}</td>
                      <td>{pct(x.votes, c.valid)}</td>
                      <td>
                        {t(`outcomes.${x.outcome}`)}
                        {x.seated_by_parity ? ` · ${t('results.seatedByParity')}` : ''}
                        {x.displaced_by_parity ? ` · ${t('results.displacedByParity')}` : ''}
                        {x.tie_broken_by ? ` · ${t(`results.tieBy.${x.tie_broken_by}`)}` : ''}
                      </td>
                    </tr>
                  ))}
                </TableRegion>
              </>
            )}
          </section>
        )
      })}
      <PaperCounts places={r.polling_places} contests={r.contests} names={r.placeNames} />
      {r.ballot_format === 'belenios' ? (
        <section aria-labelledby="verifiable-result" className="stack">
          <h2 id="verifiable-result">{t('verifiable.title')}</h2>
          <p>{t('verifiable.resultsFromArchives')}</p>
          {r.paper_counts_outside_encrypted_tally ? <p>{t('verifiable.paperOutside')}</p> : null}
          <p className="no-print">
            <Link to={`/elections/${r.election.id}/verify`}>{t('verifiable.verifyTracker')}</Link>
          </p>
        </section>
      ) : null}
      {r.bulletin_board ? (
        <section aria-labelledby="board" className="stack">
          <h2 id="board">{t('results.board')}</h2>
          <p>
            {t('results.boardIntro', {
              ballots: String(r.bulletin_board.ballots),
              codes: String(r.bulletin_board.tracking_codes),
            })}
          </p>
          <dl className="summary-list">
            <dt>{t('results.ballotsHead')}</dt>
            <dd className="mono break">{r.bulletin_board.ballots_head}</dd>
            <dt>{t('results.codesHead')}</dt>
            <dd className="mono break">{r.bulletin_board.tracking_codes_head}</dd>
            <dt>{t('results.published')}</dt>
            <dd>
              <DateTime iso={r.bulletin_board.published_at} language={i18n.language} />
            </dd>
            <dt>{t('results.drawSeed')}</dt>
            <dd className="mono break">{r.draw_seed}</dd>
          </dl>
          <ul className="no-print">
            <li>
              <Link to={`/elections/${r.election.id}/verify`}>{t('overview.verify')}</Link>
            </li>
            <li>
              <a href={`/open-data/elections/${r.election.id}/ballots.json`}>{t('results.downloadBoard')}</a>
            </li>
            <li>
              <a href={`/open-data/elections/${r.election.id}/results.json`}>
                {t('results.downloadResults')}
              </a>
            </li>
          </ul>
          <p>{t('results.recountHow')}</p>
          <pre className="mono break">npm run recount -- ballots.json results.json</pre>
        </section>
      ) : null}
    </div>
  )
}
