import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermittedUser, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { countryOptions } from '../registration/countries'
import { createAccountAtDesk } from '../registration/desk-account.server'
import { decideRegistration, getRegistrationForReview } from '../registration/review.server'
import { DecisionForms, RegistrationDetails } from '../registration/review-view'
import {
  ApproveSchema,
  DeskAccountSchema,
  RejectSchema,
  RequestInfoSchema,
} from '../registration/schemas.server'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { Form } from '@remix-run/react'
import { NewPasswordFields } from '../auth/fields'
import { FormErrorSummary } from '../ui/form'
import { DateTime } from '../ui/time'
import { Arrow } from '../ui/icons'
import { isolate } from '../ui/localised'

export const handle = { i18n: ['registration'], title: 'registration:review.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermittedUser(request, 'registration.queue')
  const review = await getRegistrationForReview(getDb(), params.id ?? '')
  if (!review) throw new Response('Not found', { status: 404 })
  const names = new Map(countryOptions(await getLanguage(request)).map((c) => [c.value, c.label]))
  return json({
    ...review,
    nationalityNames: review.nationalities.map((n) => names.get(n) ?? n),
    canDecide: can(toActor(user), 'registration.decide'),
    canViewDocuments: can(toActor(user), 'registration.viewDocument'),
    canCreateAccount: can(toActor(user), 'registration.createAccount'),
  })
}

const DONE = ['approved', 'rejected', 'needs_info', 'account_created'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const registrationId = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'registration.decide',
    back: `/staff/registrations/${registrationId}`,
    done: DONE,
    intents: {
      approve: intent({
        permission: 'registration.decide',
        schema: ApproveSchema,
        run: ({ db, user, data }) =>
          decideRegistration(db, {
            actorUserId: user.id,
            registrationId,
            decision: { intent: 'approve', ...data },
          }),
        done: 'approved',
      }),
      reject: intent({
        permission: 'registration.decide',
        schema: RejectSchema,
        run: ({ db, user, data }) =>
          decideRegistration(db, {
            actorUserId: user.id,
            registrationId,
            decision: { intent: 'reject', ...data },
          }),
        done: 'rejected',
      }),
      request_info: intent({
        permission: 'registration.decide',
        schema: RequestInfoSchema,
        run: ({ db, user, data }) =>
          decideRegistration(db, {
            actorUserId: user.id,
            registrationId,
            decision: { intent: 'request_info', ...data },
          }),
        done: 'needs_info',
      }),
      // Issue #18: the desk creates the account now; the identifier is the registration's contact.
      create_account: intent({
        permission: 'registration.createAccount',
        schema: DeskAccountSchema,
        run: ({ db, user, data }) =>
          createAccountAtDesk(db, { actorUserId: user.id, registrationId, password: data.password }),
        done: 'account_created',
      }),
    },
  })
}

export default function ReviewRegistration() {
  const { t, i18n } = useTranslation(['registration', 'common'])
  const data = useLoaderData<typeof loader>()
  const failedFor = useActionFailure()
  const formError = failedFor()?.fieldErrors.form
  const r = data.registration
  const open = r.status === 'pending' || r.status === 'needs_info'
  return (
    <div className="page">
      <p>
        <Link to="/staff/registrations">
          <Arrow kind="back" /> {t('review.backToQueue')}
        </Link>
      </p>
      <h1>
        {t('review.title')}{' '}
        <bdi dir="ltr" className="mono">
          {r.protocol}
        </bdi>
      </h1>
      <p>
        <span className={`status-badge status-badge--${r.status}`}>{t(`status.${r.status}`)}</span> ·{' '}
        {t(`channels.${r.channel}`)} · <DateTime iso={r.created_at} language={i18n.language} />
      </p>
      <DoneNotice keys={DONE} message={(done) => t(`review.done.${done}`)} />
      {formError ? (
        <p className="notice notice--error" role="alert">
          {t(`review.errors.${formError}`)}
        </p>
      ) : null}
      {data.duplicates.length ? (
        <div className="notice notice--error" role="note">
          <p>{t('review.duplicatesWarning')}</p>
          <ul>
            {data.duplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/staff/registrations/${d.id}`} className="mono" dir="ltr">
                  {d.protocol}
                </Link>{' '}
                — {t(`status.${d.status}`)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <RegistrationDetails
        r={r}
        nationalityNames={data.nationalityNames}
        ageOnElectionDay={data.ageOnElectionDay}
      />
      <h2>{t('review.documents')}</h2>
      {data.documents.length === 0 ? <p>{t('review.noDocuments')}</p> : null}
      <ul>
        {data.documents.map((d) => (
          <li key={d.id}>
            {t(`review.documentKinds.${d.kind}`)} ·{' '}
            {d.deleted_at ? (
              t('review.documentDeleted')
            ) : data.canViewDocuments ? (
              <a href={`/staff/registrations/${r.id}/documents/${d.id}`} target="_blank" rel="noreferrer">
                {t('review.openDocument')}
              </a>
            ) : (
              t('review.documentRestricted')
            )}
          </li>
        ))}
      </ul>
      {data.messages.length ? (
        <>
          <h2>{t('landing.messages')}</h2>
          <ul>
            {data.messages.map((m) => (
              <li key={m.created_at}>
                <strong>{t(`landing.author.${m.author}`)}</strong> (
                <DateTime iso={m.created_at} language={i18n.language} />
                ): <bdi>{m.body}</bdi>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.status === 'rejected' && r.decision_reason ? (
        <p>
          {t('status.reason')}: {t(`reasons.${r.decision_reason}`)}
        </p>
      ) : null}
      {data.canDecide && open ? (
        <>
          <h2>{t('review.decide')}</h2>
          <FormErrorSummary errors={formError ? undefined : failedFor()?.fieldErrors} />
          <DecisionForms pending={r.status === 'pending'} errorsFor={(i) => failedFor(i)?.fieldErrors} />
        </>
      ) : null}
      {data.canCreateAccount && !r.user_id && r.status !== 'erased' && (r.email || r.phone) ? (
        <section aria-labelledby="desk-account-heading">
          <h2 id="desk-account-heading">{t('claim.deskAccountTitle')}</h2>
          <p>{t('claim.deskAccountIntro', { contact: isolate(r.email ?? r.phone ?? '') })}</p>
          <Form method="post" className="stack" noValidate>
            <NewPasswordFields name="password" errors={failedFor('create_account')?.fieldErrors} />
            <SubmitButton intent="create_account">{t('claim.deskAccountSubmit')}</SubmitButton>
          </Form>
          <p>
            {t('claim.deskAccountSetupHint')}{' '}
            <Link to={`/staff/registrations/${r.id}/receipt`}>{t('claim.deskAccountSetupLink')}</Link>
          </p>
        </section>
      ) : null}
      {r.channel === 'assisted' || r.channel === 'import' ? (
        <p>
          <Link to={`/staff/registrations/${r.id}/receipt`}>{t('review.printReceipt')}</Link>
        </p>
      ) : null}
    </div>
  )
}
