import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { clearedSessionCookie, getSessionToken, requirePermission } from '../auth/guards.server'
import { boothCookie, deviceCookie, readDeviceToken } from '../elections/booth-cookies.server'
import { enterBooth } from '../elections/booth.server'
import { findOnRoll, getElection } from '../elections/lifecycle.server'
import { EnrolDeviceSchema, FindVoterSchema, OpenBoothSchema } from '../elections/schemas.server'
import { BackToElection } from '../elections/view'
import { claimEnrolmentCode, enrolledDevice, pollWorkerIds } from '../elections/poll-workers.server'
import { inVotingWindow } from '../elections/polling-place'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { CheckboxField, TextField } from '../ui/form'
import { isolate } from '../ui/localised'

export const handle = { i18n: ['elections', 'registration'], title: 'elections:poll.title' }

// The polling-station device: a poll worker the commission named for this election, on a device
// it enrolled, finds the voter on the frozen roll, checks their photo document, marks them as
// having voted and hands over the device with a one-time ballot. The ballot form carries only the
// one-time token: nothing on it identifies the voter. Issue #16.13: nobody else opens ballots,
// nowhere else, and only inside the voting window.

const DONE = ['enrolled'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const workers = await pollWorkerIds(db, params.id ?? '')
  await requirePermission(request, 'elections.pollWork', { pollWorkerIds: workers })
  const found = await getElection(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const { q } = FindVoterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const device = await enrolledDevice(db, { electionId: found.election.id, token: readDeviceToken(request) })
  const open = inVotingWindow(found.election)
  // The roll (names and document numbers) is shown only on an enrolled device, while voting.
  const matches = open && device && q ? await findOnRoll(db, { electionId: found.election.id, query: q }) : []
  return json({
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    open,
    device: device ? { label: device.label } : null,
    q: q ?? '',
    matches,
  })
}

// Back to the poll worker's search with the reason a ballot could not be opened.
type Screen = { step: 'find'; error: string }

export async function action(args: ActionFunctionArgs) {
  const { request, params } = args
  const electionId = params.id ?? ''
  const workers = await pollWorkerIds(getDb(), electionId)
  await requirePermission(request, 'elections.pollWork', { pollWorkerIds: workers })
  const back = `/staff/elections/${electionId}/polling-station`
  return formAction(args, {
    permission: 'elections.pollStation',
    back,
    done: DONE,
    target: 'registrationId',
    intents: {
      enrol: intent({
        permission: 'elections.pollStation',
        schema: EnrolDeviceSchema,
        run: async ({ db, user, data }) => {
          const claimed = await claimEnrolmentCode(db, { actorUserId: user.id, electionId, code: data.code })
          if (!claimed.ok) return claimed
          return redirect(`${back}?done=enrolled`, {
            headers: { 'Set-Cookie': deviceCookie(claimed.value.token) },
          })
        },
      }),
      open: intent({
        permission: 'elections.pollStation',
        schema: OpenBoothSchema,
        run: async ({ db, user, data }) => {
          const opened = await enterBooth(db, {
            workerId: user.id,
            electionId,
            registrationId: data.registrationId,
            deviceToken: readDeviceToken(request),
            staffSessionToken: getSessionToken(request),
          })
          if (!opened.ok) return json({ step: 'find', error: opened.error } satisfies Screen, { status: 409 })
          // The hand-over: the staff session ends, the device becomes a booth for this one voter.
          const headers = new Headers()
          headers.append('Set-Cookie', clearedSessionCookie())
          headers.append('Set-Cookie', boothCookie(opened.value.boothToken))
          return redirect('/booth', { headers })
        },
      }),
    },
  })
}

export default function PollingStation() {
  const { t } = useTranslation(['elections', 'registration'])
  const { election, open, device, q, matches } = useLoaderData<typeof loader>()
  const data = useActionData() as Screen | undefined
  const failedFor = useActionFailure()
  const error = data?.step === 'find' ? data.error : failedFor()?.fieldErrors.form
  return (
    <div className="page">
      <BackToElection election={election} to={`/staff/elections/${election.id}`} />
      <h1>{t('poll.title')}</h1>
      <DoneNotice keys={DONE} message={(done) => t(`poll.done.${done}`)} />
      {!open ? <p className="notice">{t('errors.not_open')}</p> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      {device ? (
        <p>{t('poll.device', { label: isolate(device.label) })}</p>
      ) : (
        <section className="card stack" aria-labelledby="enrol-heading">
          <h2 id="enrol-heading" className="h3">
            {t('poll.notEnrolled')}
          </h2>
          <p>{t('poll.enrolIntro')}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="enrol" />
            <TextField
              name="code"
              label={t('poll.enrolCode')}
              autoComplete="off"
              defaultValue={failedFor('enrol')?.values.code as string | undefined}
              error={failedFor('enrol')?.fieldErrors.code}
            />
            <SubmitButton>{t('poll.enrol')}</SubmitButton>
          </Form>
        </section>
      )}
      {device && open ? <p>{t('poll.intro')}</p> : null}
      {device && open ? (
        <Form method="get" className="stack" role="search">
          <TextField
            name="q"
            label={t('poll.search')}
            hint={t('poll.searchHint')}
            defaultValue={q}
            autoComplete="off"
          />
          <button type="submit">{t('poll.find')}</button>
        </Form>
      ) : null}
      {q && matches.length === 0 ? <p role="status">{t('poll.noMatch')}</p> : null}
      {matches.map((m) => (
        <section key={m.id} className="card stack" aria-label={m.social_name ?? m.full_name}>
          <h2 className="h3">
            <bdi>{m.social_name ?? m.full_name}</bdi>
          </h2>
          <dl className="summary-list">
            <dt>{t('registration:status.protocol')}</dt>
            <dd className="mono">
              <bdi dir="ltr">{m.protocol}</bdi>
            </dd>
            <dt>{t('registration:fields.documentType')}</dt>
            <dd>{t(`registration:documentTypes.${m.document_type}`)}</dd>
            <dt>{t('registration:fields.documentNumber')}</dt>
            <dd className="mono">
              <bdi dir="ltr">{m.document_number}</bdi>
            </dd>
            <dt>{t('registration:fields.subprefecture')}</dt>
            <dd>{m.subprefecture}</dd>
          </dl>
          {m.voted_channel ? (
            <p className="notice notice--error">{t(`poll.alreadyVoted.${m.voted_channel}`)}</p>
          ) : (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="open" />
              <input type="hidden" name="registrationId" value={m.id} />
              <CheckboxField
                name="documentChecked"
                label={t('poll.documentChecked')}
                error={failedFor('open', m.id)?.fieldErrors.documentChecked}
              />
              <SubmitButton>{t('poll.open')}</SubmitButton>
            </Form>
          )}
        </section>
      ))}
    </div>
  )
}
