import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser } from '../auth/guards.server'
import { BallotForm, BallotReview, CastReceiptNotice, missingChoices } from '../elections/ballot-form'
import { DeviceBallot } from '../elections/device-ballot-panel'
import { getElection, voterBallot } from '../elections/lifecycle.server'
import { BALLOT_SHAPE, BallotSchema, EncryptedCastSchema } from '../elections/schemas.server'
import { BackToElection } from '../elections/view'
import { EasyReadLink } from '../easyread/easy-read-link'
import {
  castEncryptedOnline,
  castOnlineBallot,
  type CastReceipt,
  type Choices,
} from '../elections/voting.server'
import { getDb, type DB } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { useActionFailure } from '../ui/action-feedback'
import { formatDateTime } from '../ui/format'

export const handle = { i18n: ['elections', 'easyread'], title: 'elections:vote.title' }

// Choose → review → confirm, each step a plain form post (no JavaScript needed). Nothing is stored
// before the confirmation; the choices travel in the form until then. In a verifiable (Belenios)
// election, confirming with JavaScript encrypts on the device first (ADR 036) and posts the
// ballots (`cast_encrypted`); without it the server encrypts the posted choices.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'elections.vote')
  const db = getDb()
  const ballot = await voterBallot(db, { electionId: params.id ?? '', userId: user.id })
  if (!ballot) throw new Response('Not found', { status: 404 })
  const found = await getElection(db, ballot.election.id)
  return json({ ...ballot, verifiable: found?.election.ballot_format === 'belenios' })
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
      // Ballots encrypted on the device: the server verifies each (Belenios) and appends them all or none.
      cast_encrypted: intent({
        permission: 'elections.vote',
        schema: EncryptedCastSchema,
        run: async ({ db, user, data }) => {
          const cast = await castEncryptedOnline(db, { electionId, userId: user.id, ballots: data.ballots })
          if (cast.ok) return screen({ step: 'done', receipt: cast.value })
          return screen({ step: 'error', error: cast.error, selected: {}, missing: [] }, 409)
        },
      }),
    },
  })
}

export default function Vote() {
  const { t, i18n } = useTranslation('elections')
  const { election, state, contests, verifiable } = useLoaderData<typeof loader>()
  // Outside the hours the voter is told when voting opens, or when it closed.
  const when = state === 'not_yet_open' ? election.voting_starts : election.voting_ends
  const data = useActionData() as Screen | undefined
  const failure = useActionFailure()()
  const refused = failure?.fieldErrors.form ?? failure?.fieldErrors.ballots
  // Refusals of a device-encrypted ballot have their own words (encrypt.errors.*).
  const problem = data?.step === 'error' ? data.error : refused
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
      ) : data?.step === 'review' && verifiable ? (
        <DeviceBallot
          encryptionUrl={`/elections/${election.id}/vote/encryption`}
          selected={data.selected}
          review={(onConfirm) => (
            <BallotReview contests={contests} selected={data.selected} onConfirm={onConfirm} />
          )}
        />
      ) : data?.step === 'review' ? (
        <BallotReview contests={contests} selected={data.selected} />
      ) : (
        <>
          <p>{t('vote.intro')}</p>
          {problem && !i18n.exists(`elections:errors.${problem}`) ? (
            <p className="notice notice--error" role="alert">
              {t(`encrypt.errors.${problem}`, { defaultValue: t('encrypt.errors.other') })}
            </p>
          ) : null}
          <BallotForm
            contests={contests}
            selected={data && 'selected' in data ? data.selected : {}}
            missing={data && 'missing' in data ? data.missing : []}
            error={problem && i18n.exists(`elections:errors.${problem}`) ? problem : undefined}
          />
        </>
      )}
    </div>
  )
}
