import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission } from '../auth/guards.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { registrationLanding } from '../registration/registrations.server'
import { replyToRequest } from '../registration/review.server'
import { ReplySchema } from '../registration/schemas.server'
import { StatusView } from '../registration/status-view'
import { EasyReadLink } from '../easyread/easy-read-link'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, TextAreaField } from '../ui/form'
import { formatDate } from '../ui/format'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['registration', 'easyread'],
  title: 'registration:landing.title',
  hydrate: false,
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'registration.checkStatus')
  return json(await registrationLanding(getDb(), user?.id ?? null))
}

// `submitted` comes from the last step of the wizard (registration.$step.tsx).
const DONE = ['submitted', 'replied'] as const

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: 'registration.selfRegister',
    back: '/registration',
    done: DONE,
    handler: intent({
      permission: 'registration.selfRegister',
      schema: ReplySchema,
      run: ({ db, user, data }) => replyToRequest(db, { userId: user.id, message: data.message }),
      done: 'replied',
    }),
  })
}

export default function RegistrationLanding() {
  const { t, i18n } = useTranslation(['registration', 'common'])
  const data = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  return (
    <div className="page">
      <h1>{t('landing.title')}</h1>
      <EasyReadLink guide="registration" />
      <DoneNotice keys={DONE} message={(done) => t(`landing.${done}`)} />
      {failed?.fieldErrors.form ? (
        <p className="notice notice--error" role="alert">
          {t(`validation:${failed.fieldErrors.form}`, { defaultValue: t('validation:invalid_value') })}
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
                    ): <bdi>{m.body}</bdi>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.own.status === 'needs_info' ? (
            <>
              <h3 id="reply-heading">{t('landing.replyTitle')}</h3>
              <FormErrorSummary errors={failed?.fieldErrors} />
              <Form method="post" className="stack" aria-labelledby="reply-heading">
                <TextAreaField
                  name="message"
                  label={t('landing.replyLabel')}
                  defaultValue={failed?.values.message}
                  error={failed?.fieldErrors.message}
                />
                <SubmitButton>{t('landing.replySubmit')}</SubmitButton>
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
