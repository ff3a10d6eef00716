import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { contestTitle } from '../elections/ballot-form'
import { getElection } from '../elections/elections.server'
import { candidatesPublic } from '../elections/phases'
import { BackToElection } from '../elections/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'

export const handle = { i18n: ['elections'], title: 'elections:contest.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  const contest = found?.contests.find((c) => c.id === params.contestId)
  if (!found || !contest || !candidatesPublic(found.election.phase))
    throw new Response('Not found', { status: 404 })
  const candidates = await db
    .selectFrom('candidacies')
    .select([
      'id',
      'display_name',
      'organisation_name',
      'representative_name',
      'kind',
      'statement_i18n',
      'photo_key',
    ])
    .where('contest_id', '=', contest.id)
    .where('status', '=', 'accepted')
    .orderBy('display_name')
    .execute()
  return json({
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    contest,
    candidates: candidates.map(({ photo_key, ...c }) => ({ ...c, hasPhoto: Boolean(photo_key) })),
  })
}

export default function ContestCandidates() {
  const { t } = useTranslation('elections')
  const { election, contest, candidates } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{contestTitle(t, contest)}</h1>
      <p>{t('overview.seats', { n: contest.seats })}</p>
      {candidates.length === 0 ? <p>{t('contest.none')}</p> : null}
      <ul className="cards">
        {candidates.map((c) => (
          <li key={c.id} className="card candidate-card" id={`candidate-${c.id}`}>
            {c.hasPhoto ? (
              <img
                className="candidate-photo"
                src={`/elections/${election.id}/candidates/${c.id}/photo`}
                alt={t('contest.photoOf', { name: c.display_name })}
                width={96}
                height={96}
              />
            ) : null}
            <h2 className="h3">{c.organisation_name ?? c.display_name}</h2>
            {c.organisation_name ? (
              <p>{t('contest.represented', { name: c.representative_name ?? c.display_name })}</p>
            ) : null}
            <p className="muted">{t(`kinds.${c.kind}`)}</p>
            <Localised as="p" className="pre-wrap" json={c.statement_i18n} />
          </li>
        ))}
      </ul>
    </div>
  )
}
