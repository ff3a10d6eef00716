import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser } from '../auth/guards.server'
import { BallotForm, BallotReview, CastReceiptNotice, missingChoices } from '../elections/ballot-form'
import { voterBallot } from '../elections/lifecycle.server'
import { BALLOT_SHAPE, BallotSchema } from '../elections/schemas.server'
import { BackToElection } from '../elections/view'
import { EasyReadLink } from '../easyread/easy-read-link'
import { castOnlineBallot, type CastReceipt, type Choices } from '../elections/voting.server'
import { getDb, type DB } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { useActionFailure } from '../ui/action-feedback'
import { formatDateTime } from '../ui/format'

export const handle = { i18n: ['elections', 'easyread'], title: 'elections:vote.title' }

// Choose → review → confirm, each step a plain form post (no JavaScript needed). Nothing is stored
// before the confirmation; the choices travel in the form until then.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'elections.vote')
  const ballot = await voterBallot(getDb(), { electionId: params.id ?? '', userId: user.id })
  if (!ballot) throw new Response('Not found', { status: 404 })
  return json(ballot)
}

type Screen =
  | { step: 'done'; receipt: CastReceipt }
  | { step: 'review' | 'edit'; selected: Choices; missing: string[] }
  | { step: 'error'; error: string; selected: Choices; missing: string[] }

const screen = (body: Screen, status = 200) => json(body, { status })

/** The screen after reviewing, going back to edit, or a cast refused for its choices. */
async function nextScreen(
  db: DB,
  input: { electionId: string; userId: string; step: 'review' | 'edit' | 'cast'; selected: Choices },
) {
  const { selected } = input
  const ballot = await voterBallot(db, input)
  if (!ballot) throw new Response('Not found', { status: 404 })
  if (ballot.state !== 'ready')
    return screen({ step: 'error', error: ballot.state, selected, missing: [] }, 409)
  if (input.step === 'edit') return screen({ step: 'edit', selected, missing: [] })
  const missing = missingChoices(ballot.contests, selected)
  if (missing.length) return screen({ step: 'edit', selected, missing }, 400)
  if (input.step === 'review') return screen({ step: 'review', selected, missing })
  return screen({ step: 'error', error: 'invalid_choice', selected, missing }, 400)
}

export async function action(args: ActionFunctionArgs) {
  const electionId = args.params.id ?? ''
  return formAction(args, {
    permission: 'elections.vote',
    back: `/elections/${electionId}/vote`,
    intents: {
      review: intent({
        permission: 'elections.vote',
        schema: BallotSchema,
        shape: BALLOT_SHAPE,
        run: ({ db, user, data }) =>
          nextScreen(db, { electionId, userId: user.id, step: 'review', selected: data.choices }),
      }),
      edit: intent({
        permission: 'elections.vote',
        schema: BallotSchema,
        shape: BALLOT_SHAPE,
        run: ({ db, user, data }) =>
          nextScreen(db, { electionId, userId: user.id, step: 'edit', selected: data.choices }),
      }),
      cast: intent({
        permission: 'elections.vote',
        schema: BallotSchema,
        shape: BALLOT_SHAPE,
        run: async ({ db, user, data }) => {
          // Casting validates the choices itself (ids only); the full ballot is read only to explain a problem.
          const cast = await castOnlineBallot(db, { electionId, userId: user.id, choices: data.choices })
          // The code (or the trackers) is shown once, in this response; nothing links it to the voter.
          if (cast.ok) return screen({ step: 'done', receipt: cast.value })
          if (cast.error !== 'invalid_choice')
            return screen({ step: 'error', error: cast.error, selected: data.choices, missing: [] }, 409)
          return nextScreen(db, { electionId, userId: user.id, step: 'cast', selected: data.choices })
        },
      }),
    },
  })
}

export default function Vote() {
  const { t, i18n } = useTranslation('elections')
  const { election, state, contests } = useLoaderData<typeof loader>()
  // Outside the hours the voter is told when voting opens, or when it closed.
  const when = state === 'not_yet_open' ? election.voting_starts : election.voting_ends
  const data = useActionData() as Screen | undefined
  const refused = useActionFailure()()?.fieldErrors.form
  return (
    <div className="page">
      <BackToElection election={election} />
      <h1>{t('vote.title')}</h1>
      <EasyReadLink guide="ballot" election={election.id} />
      {data?.step === 'done' ? (
        <>
          <CastReceiptNotice receipt={data.receipt} />
          <p>
            <Link to={`/elections/${election.id}/verify`}>{t('vote.verifyLater')}</Link>
          </p>
        </>
      ) : state !== 'ready' ? (
        <p className="notice" suppressHydrationWarning>
          {t(`vote.state.${state}`, { date: when ? formatDateTime(when, i18n.language) : '' })}
        </p>
      ) : data?.step === 'review' ? (
        <BallotReview contests={contests} selected={data.selected} />
      ) : (
        <>
          <p>{t('vote.intro')}</p>
          <BallotForm
            contests={contests}
            selected={data && 'selected' in data ? data.selected : {}}
            missing={data && 'missing' in data ? data.missing : []}
            error={data?.step === 'error' ? data.error : refused}
          />
        </>
      )}
    </div>
  )
}
