import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getActor, requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getLanguage } from '../i18n/i18n.server'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { countryOptions } from '../registration/countries'
import { ageOn } from '../registration/eligibility'
import {
  decideRegistration,
  getCurrentCycle,
  getRegistrationForReview,
} from '../registration/registrations.server'
import { DecisionSchema } from '../registration/schemas.server'
import { REJECTION_REASONS } from '../registration/reasons'
import { FormErrorSummary, SelectField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['registration'], title: 'registration:review.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'registration.queue')
  const db = getDb()
  const review = await getRegistrationForReview(db, params.id ?? '')
  if (!review) throw new Response('Not found', { status: 404 })
  const cycle = await getCurrentCycle(db)
  const actor = toActor(await getActor(request, db))
  const language = await getLanguage(request)
  const nationalities = JSON.parse(review.registration.nationalities) as string[]
  const names = new Map(countryOptions(language).map((c) => [c.value, c.label]))
  return json({
    ...review,
    nationalityNames: nationalities.map((n) => names.get(n) ?? n),
    ageOnElectionDay:
      cycle && review.registration.birth_date
        ? ageOn(review.registration.birth_date, cycle.election_day)
        : null,
    canDecide: can(actor, 'registration.decide'),
    canViewDocuments: can(actor, 'registration.viewDocument'),
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = (await requirePermission(request, 'registration.decide'))!
  const formData = await readForm(request)
  const parsed = parseForm(DecisionSchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  const result = await decideRegistration(getDb(), {
    actorUserId: actor.id,
    registrationId: params.id ?? '',
    decision: parsed.data,
  })
  if (!result.ok)
    return json(failure({ form: result.error }, formData), {
      status: result.error === 'not_found' ? 404 : 409,
    })
  return redirect(`/staff/registrations/${params.id}?decided=${result.value.status}`)
}

export default function ReviewRegistration() {
  const { t, i18n } = useTranslation(['registration', 'common'])
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const r = data.registration
  const errors = actionData?.fieldErrors
  const open = r.status === 'pending' || r.status === 'needs_info'
  return (
    <div className="page">
      <p>
        <Link to="/staff/registrations">← {t('review.backToQueue')}</Link>
      </p>
      <h1>
        {t('review.title')} <span className="mono">{r.protocol}</span>
      </h1>
      <p>
        <span className={`status-badge status-badge--${r.status}`}>{t(`status.${r.status}`)}</span> ·{' '}
        {t(`channels.${r.channel}`)} · <DateTime iso={r.created_at} language={i18n.language} />
      </p>
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`review.errors.${errors.form}`)}
        </p>
      ) : null}
      {data.duplicates.length ? (
        <div className="notice notice--error" role="note">
          <p>{t('review.duplicatesWarning')}</p>
          <ul>
            {data.duplicates.map((d) => (
              <li key={d.id}>
                <Link to={`/staff/registrations/${d.id}`} className="mono">
                  {d.protocol}
                </Link>{' '}
                — {t(`status.${d.status}`)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="summary-list">
        <dt>{t('fields.fullName')}</dt>
        <dd>{r.full_name}</dd>
        <dt>{t('fields.socialName')}</dt>
        <dd>{r.social_name ?? '—'}</dd>
        <dt>{t('fields.birthDate')}</dt>
        <dd>
          {r.birth_date ?? '—'}{' '}
          {data.ageOnElectionDay !== null
            ? `(${t('review.ageOnElectionDay', { n: data.ageOnElectionDay })})`
            : null}
        </dd>
        <dt>{t('fields.nationality')}</dt>
        <dd>
          {data.nationalityNames.join(', ')}
          {r.naturalised ? ` · ${t('fields.naturalised')}` : ''}
        </dd>
        <dt>{t('fields.gender')}</dt>
        <dd>{t(`genders.${r.gender}`)}</dd>
        <dt>{t('fields.subprefecture')}</dt>
        <dd>{r.subprefecture}</dd>
        <dt>{t('fields.documentType')}</dt>
        <dd>{t(`documentTypes.${r.document_type}`)}</dd>
        <dt>{t('fields.documentNumber')}</dt>
        <dd className="mono">{r.document_number}</dd>
        <dt>{t('fields.phone')}</dt>
        <dd>{r.phone ?? '—'}</dd>
        <dt>{t('fields.email')}</dt>
        <dd>{r.email ?? '—'}</dd>
      </dl>
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
                ): {m.body}
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
          <FormErrorSummary errors={errors?.form ? undefined : errors} />
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="approve" />
            <button type="submit">{t('review.approve')}</button>
          </Form>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="reject" />
            <SelectField
              name="reason"
              label={t('review.reason')}
              options={[
                { value: '', label: t('fields.choose') },
                ...REJECTION_REASONS.map((x) => ({ value: x, label: t(`reasons.${x}`) })),
              ]}
              error={errors?.reason}
            />
            <div className="field">
              <label htmlFor="reject-note">{t('review.note')}</label>
              <textarea id="reject-note" name="note" rows={3} />
            </div>
            <button type="submit" className="danger">
              {t('review.reject')}
            </button>
          </Form>
          {r.status === 'pending' ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="request_info" />
              <div className="field">
                <label htmlFor="info-note">{t('review.requestInfoLabel')}</label>
                {errors?.note ? (
                  <p className="field-error" id="info-error">
                    {t(`validation:${errors.note}`, { defaultValue: t('validation:invalid_value') })}
                  </p>
                ) : null}
                <textarea
                  id="info-note"
                  name="note"
                  rows={3}
                  aria-describedby={errors?.note ? 'info-error' : undefined}
                  aria-invalid={errors?.note ? true : undefined}
                />
              </div>
              <button type="submit" className="secondary">
                {t('review.requestInfo')}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
      {r.channel === 'assisted' ? (
        <p>
          <Link to={`/staff/registrations/${r.id}/receipt`}>{t('review.printReceipt')}</Link>
        </p>
      ) : null}
    </div>
  )
}
