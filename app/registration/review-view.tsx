import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { VoterRegistration } from '../../db/schema'
import type { FieldErrors } from '../lib/forms'
import { SubmitButton } from '../ui/action-feedback'
import { SelectField } from '../ui/form'
import { DateTime } from '../ui/time'
import { REJECTION_REASONS } from './reasons'

// Parts of the reviewer's page (app/routes/staff.registrations.$id._index.tsx).

type Registration = Pick<
  VoterRegistration,
  | 'full_name'
  | 'social_name'
  | 'birth_date'
  | 'naturalised'
  | 'gender'
  | 'document_type'
  | 'document_number'
  | 'phone'
  | 'email'
> & { subprefecture: string }

/** Everything the person declared, as the reviewer checks it against the documents. */
export function RegistrationDetails({
  r,
  nationalityNames,
  ageOnElectionDay,
}: {
  r: Registration
  nationalityNames: string[]
  ageOnElectionDay: number | null
}) {
  const { t, i18n } = useTranslation('registration')
  return (
    <dl className="summary-list">
      <dt>{t('fields.fullName')}</dt>
      <dd>
        <bdi>{r.full_name}</bdi>
      </dd>
      <dt>{t('fields.socialName')}</dt>
      <dd>
        <bdi>{r.social_name ?? '—'}</bdi>
      </dd>
      <dt>{t('fields.birthDate')}</dt>
      <dd>
        {r.birth_date ? <DateTime iso={r.birth_date} language={i18n.language} dateOnly /> : '—'}{' '}
        {ageOnElectionDay !== null ? `(${t('review.ageOnElectionDay', { count: ageOnElectionDay })})` : null}
      </dd>
      <dt>{t('fields.nationality')}</dt>
      <dd>
        {nationalityNames.join(', ')}
        {r.naturalised ? ` · ${t('fields.naturalised')}` : ''}
      </dd>
      <dt>{t('fields.gender')}</dt>
      <dd>{t(`genders.${r.gender}`)}</dd>
      <dt>{t('fields.subprefecture')}</dt>
      <dd>{r.subprefecture}</dd>
      <dt>{t('fields.documentType')}</dt>
      <dd>{t(`documentTypes.${r.document_type}`)}</dd>
      <dt>{t('fields.documentNumber')}</dt>
      <dd className="mono">
        <bdi dir="ltr">{r.document_number}</bdi>
      </dd>
      <dt>{t('fields.phone')}</dt>
      <dd>
        <bdi dir="ltr">{r.phone ?? '—'}</bdi>
      </dd>
      <dt>{t('fields.email')}</dt>
      <dd>
        <bdi dir="ltr">{r.email ?? '—'}</bdi>
      </dd>
    </dl>
  )
}

/** Approve; do not approve, with a reason; or (while pending) ask the person for more information. */
export function DecisionForms({
  pending,
  errorsFor,
}: {
  pending: boolean
  errorsFor: (intent: 'reject' | 'request_info') => FieldErrors | undefined
}) {
  const { t } = useTranslation('registration')
  const rejectErrors = errorsFor('reject')
  const infoError = errorsFor('request_info')?.note
  return (
    <>
      <Form method="post" className="stack">
        <SubmitButton intent="approve">{t('review.approve')}</SubmitButton>
      </Form>
      <Form method="post" className="stack">
        <SelectField
          name="reason"
          label={t('review.reason')}
          options={[
            { value: '', label: t('fields.choose') },
            ...REJECTION_REASONS.map((x) => ({ value: x, label: t(`reasons.${x}`) })),
          ]}
          error={rejectErrors?.reason}
        />
        <div className="field">
          <label htmlFor="reject-note">{t('review.note')}</label>
          <textarea id="reject-note" name="note" rows={3} />
        </div>
        <SubmitButton intent="reject" className="danger">
          {t('review.reject')}
        </SubmitButton>
      </Form>
      {pending ? (
        <Form method="post" className="stack">
          <div className="field">
            <label htmlFor="info-note">{t('review.requestInfoLabel')}</label>
            {infoError ? (
              <p className="field-error" id="info-error">
                {t(`validation:${infoError}`, { defaultValue: t('validation:invalid_value') })}
              </p>
            ) : null}
            <textarea
              id="info-note"
              name="note"
              rows={3}
              aria-describedby={infoError ? 'info-error' : undefined}
              aria-invalid={infoError ? true : undefined}
            />
          </div>
          <SubmitButton intent="request_info" className="secondary">
            {t('review.requestInfo')}
          </SubmitButton>
        </Form>
      ) : null}
    </>
  )
}
