import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { contestTitle } from '../elections/ballot-form'
import {
  advancePhase,
  candidaciesForReview,
  decideCandidacy,
  getElection,
  setCalendar,
  turnout,
} from '../elections/elections.server'
import { atLeast, nextPhase } from '../elections/phases'
import { AdvanceSchema, CalendarSchema, DecideCandidacySchema } from '../elections/schemas.server'
import { toLocalInput } from '../lib/dates'
import { PhaseBadge, PhaseTimeline } from '../elections/view'
import { Localised } from '../ui/localised'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { FormErrorSummary, TextAreaField, TextField } from '../ui/form'

export const handle = { i18n: ['elections'], title: 'elections:manage.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.manage')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const [candidacies, votes] = await Promise.all([
    candidaciesForReview(db, found.election.id),
    turnout(db, found.election.id),
  ])
  const { election } = found
  return json({
    election: {
      id: election.id,
      body: election.body,
      title_i18n: election.title_i18n,
      phase: election.phase,
      candidacy_deadline: election.candidacy_deadline,
      voting_starts: election.voting_starts,
      voting_ends: election.voting_ends,
      gazette_reference: election.gazette_reference,
    },
    next: nextPhase(election.phase),
    contestCount: found.contests.length,
    seats: found.contests.reduce((n, c) => n + c.seats, 0),
    candidacies,
    turnout: votes,
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'elections.manage'))!
  const db = getDb()
  const electionId = params.id ?? ''
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (intent === 'advance') {
    const parsed = parseForm(AdvanceSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await advancePhase(db, {
      actorUserId: actor.id,
      electionId,
      to: parsed.data.to,
      gazetteReference: parsed.data.gazetteReference,
    })
    if (!result.ok)
      return json(
        { ...failure({ [result.field ?? 'form']: result.error }, formData), intent },
        { status: result.error === 'not_found' ? 404 : 409 },
      )
    return redirect(`/staff/elections/${electionId}?moved=${result.value.phase}`)
  }
  if (intent === 'calendar') {
    const parsed = parseForm(CalendarSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await setCalendar(db, actor.id, electionId, parsed.data)
    if (!result.ok)
      return json(
        { ...failure({ [result.field ?? 'form']: result.error }, formData), intent },
        { status: 409 },
      )
    return redirect(`/staff/elections/${electionId}?saved=calendar`)
  }
  if (intent === 'decide') {
    const parsed = parseForm(DecideCandidacySchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await decideCandidacy(db, {
      actorUserId: actor.id,
      candidacyId: parsed.data.candidacyId,
      accept: parsed.data.decision === 'accept',
      reason: parsed.data.reason,
    })
    if (!result.ok) return json({ ...failure({ form: result.error }, formData), intent }, { status: 409 })
    return redirect(`/staff/elections/${electionId}?saved=decision#candidacies`)
  }
  return json({ ...failure({ form: 'unknown_intent' }, formData), intent }, { status: 400 })
}

export default function ManageElection() {
  const { t } = useTranslation(['elections', 'common'])
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { election, next } = data
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined
  const values = actionData && !actionData.ok ? actionData.values : {}
  const errorsFor = (intent: string) => (actionData?.intent === intent ? errors : undefined)
  const moved = params.get('moved')
  const saved = params.get('saved')
  const decidable = (status: string) =>
    (election.phase === 'review' && status === 'submitted') ||
    (election.phase === 'appeals' && status === 'appealed')
  return (
    <div className="page">
      <p>
        <Link to="/staff/elections">← {t('staff.title')}</Link>
      </p>
      <Localised as="h1" json={election.title_i18n} />
      <p>
        {t(`bodies.${election.body}`)} · <PhaseBadge phase={election.phase} /> ·{' '}
        {t('manage.contestsSeats', { contests: String(data.contestCount), seats: String(data.seats) })}
      </p>
      {moved ? (
        <p className="notice notice--ok" role="status">
          {t('manage.moved', { phase: t(`phases.${moved}`) })}
        </p>
      ) : null}
      {saved ? (
        <p className="notice notice--ok" role="status">
          {t(`manage.saved.${saved}`)}
        </p>
      ) : null}
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errors.form}`)}
        </p>
      ) : null}
      <p className="actions">
        <Link to={`/elections/${election.id}`}>{t('manage.publicPage')}</Link>
        {election.phase === 'voting_open' ? (
          <Link className="button" to={`/staff/elections/${election.id}/polling-station`}>
            {t('manage.pollingStation')}
          </Link>
        ) : null}
        {atLeast(election.phase, 'preliminary_result') ? (
          <Link to={`/elections/${election.id}/results`}>{t('overview.results')}</Link>
        ) : null}
      </p>

      <section aria-labelledby="phase" className="stack">
        <h2 id="phase">{t('manage.phase')}</h2>
        <PhaseTimeline phase={election.phase} />
        {atLeast(election.phase, 'voting_open') ? (
          <p>{t('manage.turnout', { voted: String(data.turnout.voted), roll: String(data.turnout.roll) })}</p>
        ) : null}
        {next ? (
          <Form method="post" className="stack card">
            <input type="hidden" name="intent" value="advance" />
            <input type="hidden" name="to" value={next} />
            <p>{t(`manage.effects.${next}`)}</p>
            {next === 'official_result' ? (
              <TextField
                name="gazetteReference"
                label={t('manage.gazette')}
                hint={t('manage.gazetteHint')}
                defaultValue={values.gazetteReference}
                error={errorsFor('advance')?.gazetteReference}
              />
            ) : null}
            <button type="submit">{t('manage.advance', { phase: t(`phases.${next}`) })}</button>
          </Form>
        ) : (
          <p>{t('manage.finished')}</p>
        )}
      </section>

      {!atLeast(election.phase, 'voting_open') ? (
        <section aria-labelledby="calendar" className="stack">
          <h2 id="calendar">{t('manage.calendar')}</h2>
          <FormErrorSummary errors={errorsFor('calendar')} />
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="calendar" />
            {!atLeast(election.phase, 'review') ? (
              <TextField
                type="datetime-local"
                name="candidacyDeadline"
                label={t('manage.deadline')}
                hint={t('manage.timeZoneHint')}
                defaultValue={values.candidacyDeadline ?? toLocalInput(election.candidacy_deadline)}
                error={errorsFor('calendar')?.candidacyDeadline}
              />
            ) : null}
            <TextField
              type="datetime-local"
              name="votingStarts"
              label={t('manage.votingStarts')}
              hint={t('manage.timeZoneHint')}
              defaultValue={values.votingStarts ?? toLocalInput(election.voting_starts)}
              error={errorsFor('calendar')?.votingStarts}
            />
            <TextField
              type="datetime-local"
              name="votingEnds"
              label={t('manage.votingEnds')}
              defaultValue={values.votingEnds ?? toLocalInput(election.voting_ends)}
              error={errorsFor('calendar')?.votingEnds}
            />
            <button type="submit" className="secondary">
              {t('manage.saveCalendar')}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="candidacies" className="stack">
        <h2 id="candidacies">{t('manage.candidacies', { n: data.candidacies.length })}</h2>
        {data.candidacies.length === 0 ? <p>{t('manage.noCandidacies')}</p> : null}
        {data.candidacies.map((c) => (
          <article key={c.id} className="card stack" aria-labelledby={`cand-${c.id}`}>
            <h3 id={`cand-${c.id}`}>
              {c.organisation_name ?? c.display_name}{' '}
              <span className={`status-badge status-badge--${c.status}`}>
                {t(`candidacyStatus.${c.status}`)}
              </span>
            </h3>
            <p>
              {contestTitle(t, { kind: c.contest_kind, segment: c.segment, subprefecture: c.subprefecture })}{' '}
              · {t(`kinds.${c.kind}`)}
              {c.organisation_name ? ` · ${t('contest.represented', { name: c.display_name })}` : ''}
            </p>
            <Localised as="p" className="pre-wrap" json={c.statement_i18n} />
            {c.decision_reason ? (
              <p>
                {t('overview.reason')}: {c.decision_reason}
              </p>
            ) : null}
            {c.appeal_text ? (
              <p>
                {t('manage.appeal')}: <span className="pre-wrap">{c.appeal_text}</span>
              </p>
            ) : null}
            {decidable(c.status) ? (
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="decide" />
                  <input type="hidden" name="candidacyId" value={c.id} />
                  <input type="hidden" name="decision" value="accept" />
                  <button type="submit">{t('manage.accept')}</button>
                </Form>
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="decide" />
                  <input type="hidden" name="candidacyId" value={c.id} />
                  <input type="hidden" name="decision" value="reject" />
                  <TextAreaField
                    name="reason"
                    label={t('manage.reason')}
                    rows={2}
                    defaultValue={values.candidacyId === c.id ? values.reason : undefined}
                    error={errorsFor('decide') && values.candidacyId === c.id ? errors?.reason : undefined}
                  />
                  <button type="submit" className="danger">
                    {t('manage.reject')}
                  </button>
                </Form>
              </div>
            ) : null}
          </article>
        ))}
      </section>
    </div>
  )
}
