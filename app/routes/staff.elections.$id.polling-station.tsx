import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requirePermission } from '../auth/guards.server'
import { BallotForm, BallotReview, choicesFrom, missingChoices, TrackingCode } from '../elections/ballot-form'
import {
  ballotContests,
  boothToken,
  castBoothBallot,
  findOnRoll,
  getElection,
  openBoothBallot,
} from '../elections/elections.server'
import { OpenBoothSchema } from '../elections/schemas.server'
import { BackToElection } from '../elections/view'
import { getDb } from '../lib/db.server'
import { parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { CheckboxField, TextField } from '../ui/form'

export const handle = { i18n: ['elections', 'registration'], title: 'elections:poll.title' }

// The polling-station device: a poll worker finds the voter on the frozen roll, checks their photo
// document, marks them as having voted and hands over the device with a one-time ballot. The
// ballot form carries only the one-time token: nothing on it identifies the voter.

const QuerySchema = z.object({ q: z.string().trim().max(60).optional().catch(undefined) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.pollStation')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const { q } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const open = found.election.phase === 'voting_open'
  const matches = open && q ? await findOnRoll(db, found.election.id, q) : []
  return json({
    election: { id: found.election.id, title_i18n: found.election.title_i18n },
    open,
    q: q ?? '',
    matches,
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'elections.pollStation'))!
  const db = getDb()
  const electionId = params.id ?? ''
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (intent === 'open') {
    const parsed = parseForm(OpenBoothSchema, formData)
    if (!parsed.ok)
      return json(
        {
          step: 'find' as const,
          fieldErrors: parsed.fieldErrors,
          registrationId: String(formData.get('registrationId') ?? ''),
        },
        { status: 400 },
      )
    const opened = await openBoothBallot(db, {
      actorUserId: actor.id,
      electionId,
      registrationId: parsed.data.registrationId,
    })
    if (!opened.ok) return json({ step: 'find' as const, error: opened.error }, { status: 409 })
    const booth = (await boothToken(db, electionId, opened.value.token))!
    return json({
      step: 'ballot' as const,
      token: opened.value.token,
      contests: await ballotContests(db, electionId, booth.subprefecture_id),
      selected: {},
      missing: [] as string[],
    })
  }
  const token = String(formData.get('token') ?? '')
  const booth = /^[a-z2-7]{24}$/.test(token) ? await boothToken(db, electionId, token) : null
  if (!booth) return json({ step: 'find' as const, error: 'booth_closed' }, { status: 409 })
  const contests = await ballotContests(db, electionId, booth.subprefecture_id)
  const selected = choicesFrom(formData)
  if (intent === 'edit')
    return json({ step: 'ballot' as const, token, contests, selected, missing: [] as string[] })
  const missing = missingChoices(contests, selected)
  if (missing.length || (intent !== 'review' && intent !== 'cast'))
    return json({ step: 'ballot' as const, token, contests, selected, missing }, { status: 400 })
  if (intent === 'review') return json({ step: 'review' as const, token, contests, selected })
  const cast = await castBoothBallot(db, { electionId, token, choices: selected })
  if (!cast.ok) return json({ step: 'find' as const, error: cast.error }, { status: 409 })
  return json({ step: 'done' as const, trackingCode: cast.value.trackingCode })
}

export default function PollingStation() {
  const { t } = useTranslation(['elections', 'registration'])
  const { election, open, q, matches } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const header = (
    <>
      <BackToElection election={election} to={`/staff/elections/${election.id}`} />
      <h1>{t('poll.title')}</h1>
    </>
  )
  if (data?.step === 'ballot' || data?.step === 'review') {
    // The voter's turn: a plain ballot, no voter details on screen.
    return (
      <div className="page">
        <h1>{t('vote.title')}</h1>
        <p className="notice">{t('poll.handOver')}</p>
        {data.step === 'review' ? (
          <BallotReview contests={data.contests} selected={data.selected} hidden={{ token: data.token }} />
        ) : (
          <BallotForm
            contests={data.contests}
            selected={data.selected}
            missing={data.missing}
            hidden={{ token: data.token }}
          />
        )}
      </div>
    )
  }
  if (data?.step === 'done') {
    return (
      <div className="page">
        <h1>{t('vote.title')}</h1>
        <TrackingCode code={data.trackingCode} />
        <p>{t('poll.writeDown')}</p>
        <p>
          <Link className="button" to={`/staff/elections/${election.id}/polling-station`}>
            {t('poll.nextVoter')}
          </Link>
        </p>
      </div>
    )
  }
  const error = data && 'error' in data ? data.error : undefined
  const fieldErrors = data && 'fieldErrors' in data ? data.fieldErrors : undefined
  return (
    <div className="page">
      {header}
      {!open ? <p className="notice">{t('errors.not_open')}</p> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      <p>{t('poll.intro')}</p>
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
      {q && matches.length === 0 ? <p role="status">{t('poll.noMatch')}</p> : null}
      {matches.map((m) => (
        <section key={m.id} className="card stack" aria-label={m.social_name ?? m.full_name}>
          <h2 className="h3">{m.social_name ?? m.full_name}</h2>
          <dl className="summary-list">
            <dt>{t('registration:status.protocol')}</dt>
            <dd className="mono">{m.protocol}</dd>
            <dt>{t('registration:fields.documentType')}</dt>
            <dd>{t(`registration:documentTypes.${m.document_type}`)}</dd>
            <dt>{t('registration:fields.documentNumber')}</dt>
            <dd className="mono">{m.document_number}</dd>
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
                error={
                  data && 'registrationId' in data && data.registrationId === m.id
                    ? fieldErrors?.documentChecked
                    : undefined
                }
              />
              <button type="submit">{t('poll.open')}</button>
            </Form>
          )}
        </section>
      ))}
    </div>
  )
}
