import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, sessionCookie } from '../auth/guards.server'
import {
  BallotForm,
  BallotReview,
  missingChoices,
  CastReceiptNotice,
  type BallotContest,
} from '../elections/ballot-form'
import {
  clearedBoothCookie,
  inBoothState,
  readBoothToken,
  readDeviceToken,
} from '../elections/booth-cookies.server'
import { castInBooth, currentBooth, leaveBooth, type Booth } from '../elections/booth.server'
import { DeviceBallot } from '../elections/device-ballot-panel'
import { ballotContests, getElection } from '../elections/lifecycle.server'
import {
  BALLOT_SHAPE,
  BallotSchema,
  EncryptedCastSchema,
  UnlockBoothSchema,
} from '../elections/schemas.server'
import type { CastReceipt, Choices } from '../elections/voting.server'
import { getDb, type DB } from '../lib/db.server'
import { formAction, publicIntent } from '../lib/form-action.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { TextField } from '../ui/form'

export const handle = { i18n: ['elections'], title: 'elections:booth.title' }

// The voting booth (issue #16.12): a device in booth state, holding no staff session, shows the
// one voter's ballot and nothing else; after the vote it waits for the poll worker, whose password
// alone takes the device out of booth state. The booth cookie (with the device cookie) is the
// credential; every other URL is sent back here (app/elections/booth-lock.ts).

type Screen =
  | { state: 'ballot'; contests: BallotContest[]; selected: Choices; missing: string[] }
  | { state: 'review'; contests: BallotContest[]; selected: Choices; verifiable: boolean }
  | { state: 'voted'; receipt: CastReceipt }
  | { state: 'waiting'; error?: string }
  | { state: 'ended' }

const screen = (body: Screen, status = 200, headers?: HeadersInit) => json(body, { status, headers })

async function boothOf(db: DB, request: Request): Promise<Booth | null> {
  return currentBooth(db, { boothToken: readBoothToken(request), deviceToken: readDeviceToken(request) })
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.booth')
  if (!inBoothState(request)) throw redirect('/')
  const db = getDb()
  const booth = await boothOf(db, request)
  // Revoked device or booth already left: the cookie goes; no session comes back with it.
  if (!booth) return screen({ state: 'ended' }, 200, { 'Set-Cookie': clearedBoothCookie() })
  if (!booth.ballot) return screen({ state: 'waiting' })
  const contests = await ballotContests(db, {
    electionId: booth.electionId,
    subprefectureId: booth.ballot.subprefectureId,
  })
  return screen({ state: 'ballot', contests, selected: {}, missing: [] })
}

async function ballotStep(
  db: DB,
  request: Request,
  step: 'edit' | 'review' | 'cast',
  selected: Choices,
  ballots?: { uuid: string; json: string }[],
) {
  const booth = await boothOf(db, request)
  if (!booth) return screen({ state: 'ended' }, 409, { 'Set-Cookie': clearedBoothCookie() })
  if (!booth.ballot) return screen({ state: 'waiting', error: 'booth_closed' }, 409)
  const contests = await ballotContests(db, {
    electionId: booth.electionId,
    subprefectureId: booth.ballot.subprefectureId,
  })
  if (step === 'edit') return screen({ state: 'ballot', contests, selected, missing: [] })
  // Ballots encrypted on the device (ADR 036) carry no choices to check here: the core verifies them.
  const cast = ballots
    ? await castInBooth(db, { booth, ballots })
    : missingChoices(contests, selected).length || step === 'review'
      ? null
      : await castInBooth(db, { booth, choices: selected })
  if (!cast) {
    const missing = missingChoices(contests, selected)
    if (missing.length) return screen({ state: 'ballot', contests, selected, missing }, 400)
    const found = await getElection(db, booth.electionId)
    const verifiable = found?.election.ballot_format === 'belenios'
    return screen({ state: 'review', contests, selected, verifiable })
  }
  // A failed cast never echoes the choices: the booth goes back to waiting for the poll worker.
  if (!cast.ok) return screen({ state: 'waiting', error: cast.error }, 409)
  return screen({ state: 'voted', receipt: cast.value })
}

export async function action(args: ActionFunctionArgs) {
  const { request } = args
  return formAction(args, {
    permission: 'elections.booth',
    back: '/booth',
    intents: {
      edit: publicIntent({
        permission: 'elections.booth',
        schema: BallotSchema,
        shape: BALLOT_SHAPE,
        run: ({ db, data }) => ballotStep(db, request, 'edit', data.choices),
      }),
      review: publicIntent({
        permission: 'elections.booth',
        schema: BallotSchema,
        shape: BALLOT_SHAPE,
        run: ({ db, data }) => ballotStep(db, request, 'review', data.choices),
      }),
      cast: publicIntent({
        permission: 'elections.booth',
        schema: BallotSchema,
        shape: BALLOT_SHAPE,
        run: ({ db, data }) => ballotStep(db, request, 'cast', data.choices),
      }),
      cast_encrypted: publicIntent({
        permission: 'elections.booth',
        schema: EncryptedCastSchema,
        run: ({ db, data }) => ballotStep(db, request, 'cast', {}, data.ballots),
      }),
      unlock: publicIntent({
        permission: 'elections.booth',
        schema: UnlockBoothSchema,
        run: async ({ db, data }) => {
          const left = await leaveBooth(db, {
            boothToken: readBoothToken(request),
            deviceToken: readDeviceToken(request),
            password: data.password,
          })
          if (!left.ok) return left
          const headers = new Headers()
          headers.append('Set-Cookie', clearedBoothCookie())
          headers.append('Set-Cookie', sessionCookie(left.value.sessionToken, left.value.expiresAt))
          return redirect(`/staff/elections/${left.value.electionId}/polling-station`, { headers })
        },
      }),
    },
  })
}

function Waiting({ error }: { error?: string }) {
  const { t } = useTranslation('elections')
  const failed = useActionFailure()('unlock')
  const formError = failed?.fieldErrors.form
  return (
    <>
      {error ? (
        <p className="notice notice--error" role="alert">
          {t('booth.cancelled')}
        </p>
      ) : null}
      <p className="notice">{t('booth.waiting')}</p>
      <section className="card stack" aria-labelledby="unlock-heading">
        <h2 id="unlock-heading" className="h3">
          {t('booth.unlockTitle')}
        </h2>
        {formError ? (
          <p className="notice notice--error" role="alert">
            {t(`errors.${formError}`)}
          </p>
        ) : null}
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="unlock" />
          <TextField
            name="password"
            type="password"
            label={t('booth.password')}
            autoComplete="current-password"
            error={failed?.fieldErrors.password}
          />
          <SubmitButton>{t('booth.unlock')}</SubmitButton>
        </Form>
      </section>
    </>
  )
}

export default function BoothPage() {
  const { t } = useTranslation('elections')
  const loaded = useLoaderData<typeof loader>() as Screen
  const acted = useActionData() as Screen | { ok: false } | undefined
  // A failed unlock answers with a form failure: the booth is still waiting.
  const data: Screen = acted && 'state' in acted ? acted : loaded
  if (data.state === 'ended') {
    return (
      <div className="page booth">
        <h1>{t('booth.title')}</h1>
        <p className="notice">{t('booth.ended')}</p>
      </div>
    )
  }
  if (data.state === 'voted' || data.state === 'waiting') {
    return (
      <div className="page booth">
        <h1>{t('booth.waitingTitle')}</h1>
        {data.state === 'voted' ? (
          <>
            <p>{t('booth.voted')}</p>
            <CastReceiptNotice receipt={data.receipt} />
          </>
        ) : null}
        <Waiting error={data.state === 'waiting' ? data.error : undefined} />
      </div>
    )
  }
  return (
    <div className="page booth">
      <h1>{t('booth.title')}</h1>
      <p className="notice">{t('booth.intro')}</p>
      {data.state === 'review' && data.verifiable ? (
        <DeviceBallot
          encryptionUrl="/booth/encryption"
          auditDownload={false}
          selected={data.selected}
          review={(onConfirm) => (
            <BallotReview contests={data.contests} selected={data.selected} onConfirm={onConfirm} />
          )}
        />
      ) : data.state === 'review' ? (
        <BallotReview contests={data.contests} selected={data.selected} />
      ) : (
        <BallotForm contests={data.contests} selected={data.selected} missing={data.missing} />
      )}
    </div>
  )
}
