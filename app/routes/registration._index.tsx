import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { getDraft } from '../registration/drafts.server'
import { getCurrentCycle, getOwnRegistration, replyToRequest } from '../registration/registrations.server'
import { ReplySchema } from '../registration/schemas.server'
import { StatusView } from '../registration/status-view'
import { FormErrorSummary } from '../ui/form'
import { formatDate } from '../ui/format'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['registration'], title: 'registration:landing.title' }

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.checkStatus')
  const db = getDb()
  const user = await getActor(request, db)
  const cycle = await getCurrentCycle(db)
  const own = user ? await getOwnRegistration(db, user.id) : null
  const draft = user && !own ? await getDraft(db, user.id) : null
  return json({
    signedIn: Boolean(user),
    cycle: cycle
      ? {
          name: cycle.name,
          electionDay: cycle.election_day,
          minVoterAge: cycle.min_voter_age,
          proofRequired: cycle.proof_of_residence_required === 1,
        }
      : null,
    own: own
      ? {
          protocol: own.registration.protocol,
          status: own.registration.status,
          reason: own.registration.decision_reason,
          note: own.registration.decision_note,
          messages: own.messages,
        }
      : null,
    hasDraft: Boolean(draft && Object.keys(draft.values).length),
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'registration.selfRegister'))!
  const formData = await readForm(request)
  const parsed = parseForm(ReplySchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  const result = await replyToRequest(getDb(), { userId: user.id, message: parsed.data.message })
  if (!result.ok) return json(failure({ message: result.error }, formData), { status: 409 })
  return redirect('/registration?replied=1')
}

export default function RegistrationLanding() {
  const { t, i18n } = useTranslation(['registration', 'common'])
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <div className="page">
      <h1>{t('landing.title')}</h1>
      {params.get('submitted') ? (
        <p className="notice notice--ok" role="status">
          {t('landing.submitted')}
        </p>
      ) : null}
      {params.get('replied') ? (
        <p className="notice notice--ok" role="status">
          {t('landing.replied')}
        </p>
      ) : null}
      {!data.cycle ? (
        <p className="notice">{t('landing.closed')}</p>
      ) : data.own ? (
        <>
          <h2>{t('landing.yourRegistration')}</h2>
          <StatusView
            protocol={data.own.protocol}
            status={data.own.status}
            reason={data.own.reason}
            note={data.own.note}
          />
          {data.own.messages.length ? (
            <>
              <h3>{t('landing.messages')}</h3>
              <ul>
                {data.own.messages.map((m) => (
                  <li key={m.created_at}>
                    <strong>{t(`landing.author.${m.author}`)}</strong> (
                    <DateTime iso={m.created_at} language={i18n.language} dateOnly />
                    ): {m.body}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.own.status === 'needs_info' ? (
            <>
              <h3 id="reply-heading">{t('landing.replyTitle')}</h3>
              <FormErrorSummary errors={actionData?.fieldErrors} />
              <Form method="post" className="stack" aria-labelledby="reply-heading">
                <div className="field">
                  <label htmlFor="reply-message">{t('landing.replyLabel')}</label>
                  {actionData?.fieldErrors?.message ? (
                    <p className="field-error" id="reply-error">
                      {t(`validation:${actionData.fieldErrors.message}`, {
                        defaultValue: t('validation:invalid_value'),
                      })}
                    </p>
                  ) : null}
                  <textarea
                    id="reply-message"
                    name="message"
                    rows={4}
                    defaultValue={actionData?.values?.message}
                    aria-describedby={actionData?.fieldErrors?.message ? 'reply-error' : undefined}
                  />
                </div>
                <button type="submit">{t('landing.replySubmit')}</button>
              </Form>
            </>
          ) : null}
        </>
      ) : (
        <>
          <p>{t('landing.intro')}</p>
          <h2>{t('landing.whoTitle')}</h2>
          <ul>
            <li>{t('landing.who.immigrant')}</li>
            <li suppressHydrationWarning>
              {t('landing.who.age', {
                age: data.cycle.minVoterAge,
                date: formatDate(`${data.cycle.electionDay}T12:00:00Z`, i18n.language),
              })}
            </li>
            <li>{t('landing.who.resident')}</li>
          </ul>
          <h2>{t('landing.needTitle')}</h2>
          <ul>
            <li>{t('landing.need.document')}</li>
            {data.cycle.proofRequired ? <li>{t('landing.need.proof')}</li> : null}
            <li>{t('landing.need.time')}</li>
          </ul>
          {data.signedIn ? (
            <p>
              <Link className="button" to="/registration/about">
                {data.hasDraft ? t('landing.continue') : t('landing.start')}
              </Link>
            </p>
          ) : (
            <p>
              {t('landing.needAccount')}{' '}
              <Link to="/login?redirectTo=%2Fregistration">{t('common:nav.login')}</Link> ·{' '}
              <Link to="/signup">{t('common:nav.signup')}</Link>
            </p>
          )}
          <p className="muted">{t('landing.desk')}</p>
        </>
      )}
      <p>
        <Link to="/registration/status">{t('landing.checkByProtocol')}</Link>
      </p>
    </div>
  )
}
