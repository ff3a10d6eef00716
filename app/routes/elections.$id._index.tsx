import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, requirePermission } from '../auth/guards.server'
import { contestTitle } from '../elections/ballot-form'
import {
  appealCandidacy,
  candidaciesOfUser,
  getElection,
  hasVoted,
  nameRepresentative,
  rollEntryOfUser,
  translateStatement,
  withdrawCandidacy,
} from '../elections/elections.server'
import { atLeast, boardPublic, candidatesPublic, canWithdraw, resultsPublic } from '../elections/phases'
import {
  AppealSchema,
  RepresentativeSchema,
  TranslateSchema,
  WithdrawSchema,
} from '../elections/schemas.server'
import { PhaseBadge, PhaseTimeline } from '../elections/view'
import { Localised } from '../ui/localised'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { CheckboxField, SelectField, TextAreaField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['elections'], title: 'elections:overview.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'elections.view')
  const db = getDb()
  const found = await getElection(db, params.id ?? '')
  if (!found || found.election.phase === 'draft') throw new Response('Not found', { status: 404 })
  const user = await getActor(request, db)
  const { election, contests } = found
  let me: {
    onRoll: boolean
    voted: boolean
    candidacies: Awaited<ReturnType<typeof candidaciesOfUser>>
  } | null = null
  if (user) {
    const roll = await rollEntryOfUser(db, election.id, user.id)
    me = {
      onRoll: Boolean(roll),
      voted: roll ? await hasVoted(db, election.id, roll.registration_id) : false,
      candidacies: await candidaciesOfUser(db, user.id, election.id),
    }
  }
  return json({
    election: {
      id: election.id,
      body: election.body,
      title_i18n: election.title_i18n,
      description_i18n: election.description_i18n,
      phase: election.phase,
      candidacy_deadline: election.candidacy_deadline,
      voting_starts: election.voting_starts,
      voting_ends: election.voting_ends,
      gazette_reference: election.gazette_reference,
    },
    contests,
    me: me
      ? {
          ...me,
          candidacies: me.candidacies.map((c) => ({
            id: c.id,
            contest_id: c.contest_id,
            kind: c.kind,
            representative_name: c.representative_name,
            status: c.status,
            decision_reason: c.decision_reason,
            statement_i18n: c.statement_i18n,
          })),
        }
      : null,
    signedIn: Boolean(user),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'elections.apply'))!
  const db = getDb()
  const formData = await readForm(request)
  const intent = formData.get('intent')
  const back = (done: string) => redirect(`/elections/${params.id}?done=${done}`)
  if (intent === 'withdraw') {
    const parsed = parseForm(WithdrawSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await withdrawCandidacy(db, { userId: user.id, candidacyId: parsed.data.candidacyId })
    return result.ok
      ? back('withdrawn')
      : json({ ...failure({ form: result.error }, formData), intent }, { status: 409 })
  }
  if (intent === 'appeal') {
    const parsed = parseForm(AppealSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await appealCandidacy(db, {
      userId: user.id,
      candidacyId: parsed.data.candidacyId,
      text: parsed.data.text,
    })
    return result.ok
      ? back('appealed')
      : json({ ...failure({ form: result.error }, formData), intent }, { status: 409 })
  }
  if (intent === 'translate') {
    const parsed = parseForm(TranslateSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await translateStatement(db, { userId: user.id, ...parsed.data })
    return result.ok
      ? back('translated')
      : json({ ...failure({ form: result.error }, formData), intent }, { status: 409 })
  }
  if (intent === 'representative') {
    const parsed = parseForm(RepresentativeSchema, formData)
    if (!parsed.ok) return json({ ...parsed, intent }, { status: 400 })
    const result = await nameRepresentative(db, { userId: user.id, ...parsed.data })
    return result.ok
      ? back('representative')
      : json({ ...failure({ form: result.error }, formData), intent }, { status: 409 })
  }
  return json({ ...failure({ form: 'unknown_intent' }, formData), intent }, { status: 400 })
}

export default function ElectionOverview() {
  const { t, i18n } = useTranslation(['elections', 'common'])
  const { election, contests, me, signedIn } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = params.get('done')
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : undefined
  const values = actionData && !actionData.ok ? actionData.values : {}
  const phase = election.phase
  return (
    <div className="page">
      <p>
        <Link to="/elections">← {t('list.title')}</Link>
      </p>
      <Localised as="h1" json={election.title_i18n} />
      <p>
        {t(`bodies.${election.body}`)} · <PhaseBadge phase={phase} />
      </p>
      {done ? (
        <p className="notice notice--ok" role="status">
          {t(`overview.done.${done}`)}
        </p>
      ) : null}
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errors.form}`)}
        </p>
      ) : null}
      <Localised as="p" json={election.description_i18n} className="pre-wrap" />

      <section aria-labelledby="next-steps" className="stack">
        <h2 id="next-steps">{t('overview.whatNow')}</h2>
        {phase === 'candidacy_open' ? (
          <p>
            {election.candidacy_deadline ? (
              <>
                {t('overview.deadline')}{' '}
                <DateTime iso={election.candidacy_deadline} language={i18n.language} />.{' '}
              </>
            ) : null}
            <Link className="button" to={`/elections/${election.id}/apply`}>
              {t('overview.apply')}
            </Link>
          </p>
        ) : null}
        {phase === 'voting_open' ? (
          me?.voted ? (
            <p className="notice notice--ok">{t('overview.youVoted')}</p>
          ) : me && !me.onRoll ? (
            <p className="notice">{t('overview.notOnRoll')}</p>
          ) : (
            <p>
              <Link className="button" to={`/elections/${election.id}/vote`}>
                {t('overview.vote')}
              </Link>
              {!signedIn ? <span className="muted"> {t('overview.loginToVote')}</span> : null}
            </p>
          )
        ) : null}
        {resultsPublic(phase) ? (
          <p>
            <Link className="button" to={`/elections/${election.id}/results`}>
              {t('overview.results')}
            </Link>
          </p>
        ) : null}
        {boardPublic(phase) ? (
          <p>
            <Link to={`/elections/${election.id}/verify`}>{t('overview.verify')}</Link>
          </p>
        ) : null}
        {!['candidacy_open', 'voting_open'].includes(phase) &&
        !resultsPublic(phase) &&
        !boardPublic(phase) ? (
          <p>{t(`overview.phaseHelp.${atLeast(phase, 'voting_closed') ? 'counting' : 'waiting'}`)}</p>
        ) : null}
      </section>

      {me && me.candidacies.length ? (
        <section aria-labelledby="my-candidacy" className="stack">
          <h2 id="my-candidacy">{t('overview.myCandidacy')}</h2>
          {me.candidacies.map((c) => (
            <div key={c.id} className="card stack">
              <p>
                {contestTitle(
                  t,
                  contests.find((x) => x.id === c.contest_id) ?? {
                    kind: 'segment',
                    segment: null,
                    subprefecture: null,
                  },
                )}{' '}
                ·{' '}
                <span className={`status-badge status-badge--${c.status}`}>
                  {t(`candidacyStatus.${c.status}`)}
                </span>
              </p>
              {c.decision_reason ? (
                <p>
                  {t('overview.reason')}: {c.decision_reason}
                </p>
              ) : null}
              {c.kind === 'organisation' &&
              phase !== 'closed' &&
              c.status !== 'withdrawn' &&
              c.status !== 'rejected' ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="representative" />
                  <input type="hidden" name="candidacyId" value={c.id} />
                  <TextField
                    name="name"
                    label={t('overview.representative')}
                    hint={t('overview.representativeHint')}
                    defaultValue={values.name ?? c.representative_name ?? ''}
                    error={actionData?.intent === 'representative' ? errors?.name : undefined}
                  />
                  <button type="submit" className="secondary">
                    {t('overview.saveRepresentative')}
                  </button>
                </Form>
              ) : null}
              {phase === 'appeals' && c.status === 'rejected' ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="intent" value="appeal" />
                  <input type="hidden" name="candidacyId" value={c.id} />
                  <TextAreaField
                    name="text"
                    label={t('overview.appealText')}
                    defaultValue={values.text}
                    error={actionData?.intent === 'appeal' ? errors?.text : undefined}
                  />
                  <button type="submit">{t('overview.appeal')}</button>
                </Form>
              ) : null}
              {canWithdraw(phase) && c.status !== 'withdrawn' ? (
                <>
                  <Form method="post" className="stack">
                    <input type="hidden" name="intent" value="translate" />
                    <input type="hidden" name="candidacyId" value={c.id} />
                    <h3>{t('overview.translateTitle')}</h3>
                    <SelectField
                      name="language"
                      label={t('overview.translateLanguage')}
                      options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
                      defaultValue={values.language}
                      error={actionData?.intent === 'translate' ? errors?.language : undefined}
                    />
                    <TextAreaField
                      name="text"
                      label={t('overview.translateText')}
                      defaultValue={values.text}
                      error={actionData?.intent === 'translate' ? errors?.text : undefined}
                    />
                    <button type="submit" className="secondary">
                      {t('overview.translate')}
                    </button>
                  </Form>
                  <Form method="post" className="stack">
                    <input type="hidden" name="intent" value="withdraw" />
                    <input type="hidden" name="candidacyId" value={c.id} />
                    <CheckboxField
                      name="confirm"
                      label={t('overview.withdrawConfirm')}
                      error={actionData?.intent === 'withdraw' ? errors?.confirm : undefined}
                    />
                    <button type="submit" className="danger">
                      {t('overview.withdraw')}
                    </button>
                  </Form>
                </>
              ) : null}
            </div>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="contests">
        <h2 id="contests">{t('overview.contests')}</h2>
        {!candidatesPublic(phase) ? <p>{t('overview.listNotPublished')}</p> : null}
        <ul className="contest-list">
          {contests.map((c) => (
            <li key={c.id}>
              {candidatesPublic(phase) ? (
                <Link to={`/elections/${election.id}/contests/${c.id}`}>{contestTitle(t, c)}</Link>
              ) : (
                contestTitle(t, c)
              )}{' '}
              — {t('overview.seats', { n: c.seats })}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="calendar">
        <h2 id="calendar">{t('overview.calendar')}</h2>
        <PhaseTimeline phase={phase} />
        {election.voting_starts && election.voting_ends ? (
          <p>
            {t('overview.votingWindow')}: <DateTime iso={election.voting_starts} language={i18n.language} /> –{' '}
            <DateTime iso={election.voting_ends} language={i18n.language} />
          </p>
        ) : null}
        {election.gazette_reference ? (
          <p>
            {t('overview.gazette')}: {election.gazette_reference}
          </p>
        ) : null}
      </section>
    </div>
  )
}
