import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { BallotForm, BallotReview, choicesFrom, missingChoices, TrackingCode } from '../elections/ballot-form'
import {
  ballotContests,
  castOnlineBallot,
  getElection,
  hasVoted,
  rollEntryOfUser,
} from '../elections/elections.server'
import { BackToElection } from '../elections/view'
import { getDb } from '../lib/db.server'
import { readForm } from '../lib/request.server'

export const handle = { i18n: ['elections'], title: 'elections:vote.title' }

type BallotState = 'wrong_phase' | 'not_on_roll' | 'already_voted' | 'ready'

async function ballotFor(request: Request, electionId: string) {
  const user = (await requirePermission(request, 'elections.vote'))!
  const db = getDb()
  const found = await getElection(db, electionId)
  if (!found || found.election.phase === 'draft') throw new Response('Not found', { status: 404 })
  const election = { id: found.election.id, title_i18n: found.election.title_i18n }
  if (found.election.phase !== 'voting_open')
    return { user, election, state: 'wrong_phase' as BallotState, contests: [] }
  const roll = await rollEntryOfUser(db, electionId, user.id)
  if (!roll) return { user, election, state: 'not_on_roll' as BallotState, contests: [] }
  if (await hasVoted(db, electionId, roll.registration_id))
    return { user, election, state: 'already_voted' as BallotState, contests: [] }
  return {
    user,
    election,
    state: 'ready' as BallotState,
    contests: await ballotContests(db, electionId, roll.subprefecture_id),
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { election, state, contests } = await ballotFor(request, params.id ?? '')
  return json({ election, state, contests })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const selected = choicesFrom(formData)
  if (intent === 'cast') {
    // Casting validates the choices itself (ids only); the full ballot is read only to explain a problem.
    const user = (await requirePermission(request, 'elections.vote'))!
    const result = await castOnlineBallot(getDb(), {
      electionId: params.id ?? '',
      userId: user.id,
      choices: selected,
    })
    if (result.ok) return json({ step: 'done' as const, trackingCode: result.value.trackingCode })
    if (result.error !== 'invalid_choice')
      return json(
        { step: 'error' as const, error: result.error, selected, missing: [] as string[] },
        { status: 409 },
      )
  }
  const { user, state, contests } = await ballotFor(request, params.id ?? '')
  if (state !== 'ready')
    return json({ step: 'error' as const, error: state, selected, missing: [] as string[] }, { status: 409 })
  if (intent === 'edit') return json({ step: 'edit' as const, selected, missing: [] as string[] })
  const missing = missingChoices(contests, selected)
  if (missing.length) return json({ step: 'edit' as const, selected, missing }, { status: 400 })
  if (intent === 'review') return json({ step: 'review' as const, selected, missing })
  if (intent !== 'cast') return json({ step: 'edit' as const, selected, missing }, { status: 400 })
  const result = await castOnlineBallot(getDb(), {
    electionId: params.id ?? '',
    userId: user.id,
    choices: selected,
  })
  if (!result.ok)
    return json(
      { step: 'error' as const, error: result.error, selected, missing },
      { status: result.error === 'invalid_choice' ? 400 : 409 },
    )
  // The code is shown once, in this response; the server keeps it only on the anonymous list.
  return json({ step: 'done' as const, trackingCode: result.value.trackingCode })
}

export default function Vote() {
  const { t } = useTranslation('elections')
  const { election, state, contests } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{t('vote.title')}</h1>
      {data?.step === 'done' ? (
        <>
          <TrackingCode code={data.trackingCode} />
          <p>
            <Link to={`/elections/${election.id}/verify`}>{t('vote.verifyLater')}</Link>
          </p>
        </>
      ) : state !== 'ready' ? (
        <p className="notice">{t(`vote.state.${state}`)}</p>
      ) : data?.step === 'review' ? (
        <BallotReview contests={contests} selected={data.selected} />
      ) : (
        <>
          <p>{t('vote.intro')}</p>
          <BallotForm
            contests={contests}
            selected={data && 'selected' in data ? data.selected : {}}
            missing={data && 'missing' in data ? data.missing : []}
            error={data?.step === 'error' ? data.error : undefined}
          />
        </>
      )}
    </div>
  )
}
