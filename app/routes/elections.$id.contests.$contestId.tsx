import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { contestTitle, segmentHelp } from '../elections/ballot-form'
import { publishedContest } from '../elections/candidacies.server'
import { BackToElection } from '../elections/view'
import { isolate, Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'

export const handle = {
  i18n: ['elections'],
  title: 'elections:contest.title',
  // Issue #22: read-only and the same for every anonymous visitor: sent without scripts (ADR 038)
  // and kept rendered by the HTTP edge while these tables are unchanged (ADR 037).
  hydrate: false,
  pageCache: { tables: ['candidacies', 'contests', 'elections', 'subprefectures'] },
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const page = await publishedContest(getDb(), {
    electionId: params.id ?? '',
    contestId: params.contestId ?? '',
  })
  if (!page) throw new Response('Not found', { status: 404 })
  return json(page)
}

export default function ContestCandidates() {
  const { t } = useTranslation('elections')
  const { election, contest, candidates } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{contestTitle(t, contest)}</h1>
      {segmentHelp(t, contest) ? <p className="muted">{segmentHelp(t, contest)}</p> : null}
      <p>{t('overview.seats', { count: contest.seats })}</p>
      {candidates.length === 0 ? <p>{t('contest.none')}</p> : null}
      <ul className="cards">
        {candidates.map((c) => (
          <li key={c.id} className="card candidate-card" id={`candidate-${c.id}`}>
            {c.hasPhoto ? (
              <img
                className="candidate-photo"
                src={`/elections/${election.id}/candidates/${c.id}/photo`}
                alt={t('contest.photoOf', { name: isolate(c.display_name) })}
                width={96}
                height={96}
              />
            ) : null}
            <h2 className="h3">
              <bdi>{c.organisation_name ?? c.display_name}</bdi>
            </h2>
            {c.organisation_name ? (
              <p>{t('contest.represented', { name: isolate(c.representative_name ?? c.display_name) })}</p>
            ) : null}
            <p className="muted">{t(`kinds.${c.kind}`)}</p>
            <Localised as="p" className="pre-wrap" json={c.statement_i18n} />
          </li>
        ))}
      </ul>
    </div>
  )
}
