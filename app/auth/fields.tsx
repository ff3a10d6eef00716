import { Link, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import type { FieldErrors } from '../lib/forms'
import type { RootData } from '../root'
import { CheckboxField, SelectField, TextField } from '../ui/form'

// Fields the account forms share (sign-up, log-in, password change and reset), labelled alike.

/** The e-mail address or phone number a person signs in with. */
export function IdentifierField({
  value,
  error,
  withHint = true,
}: {
  value?: string
  error?: string
  withHint?: boolean
}) {
  const { t } = useTranslation('auth')
  return (
    <TextField
      name="email"
      label={t('fields.identifier')}
      hint={withHint ? t('fields.identifierHint') : undefined}
      autoComplete="username"
      inputMode="email"
      defaultValue={value}
      error={error}
      required
    />
  )
}

/** A new password typed twice; `<name>Confirm` holds the second. Passwords are never echoed back. */
export function NewPasswordFields({
  name,
  errors,
}: {
  name: 'password' | 'newPassword'
  errors?: FieldErrors
}) {
  const { t } = useTranslation('auth')
  const confirm = `${name}Confirm`
  return (
    <>
      <TextField
        name={name}
        type="password"
        label={t('fields.newPassword')}
        hint={t('fields.passwordHint')}
        autoComplete="new-password"
        error={errors?.[name]}
        required
      />
      <TextField
        name={confirm}
        type="password"
        label={t('fields.passwordConfirm')}
        autoComplete="new-password"
        error={errors?.[confirm]}
        required
      />
    </>
  )
}

/**
 * A new account: name, identifier, password twice, language and the consent to the account's
 * processing (sign-up, and a claim that creates the account, #18). The route's i18n handle must
 * load the `privacy` namespace.
 */
export function NewAccountFields({
  values,
  errors,
  privacyLink = false,
}: {
  values: Record<string, string | undefined>
  errors?: FieldErrors
  /** A link to the privacy notice under the consent text. */
  privacyLink?: boolean
}) {
  const { t } = useTranslation(['auth', 'privacy'])
  const root = useRouteLoaderData<RootData>('root')
  return (
    <>
      <TextField
        name="displayName"
        label={t('auth:fields.displayName')}
        hint={t('auth:fields.displayNameHint')}
        autoComplete="name"
        defaultValue={values.displayName}
        error={errors?.displayName}
        required
      />
      <IdentifierField value={values.email} error={errors?.email} />
      <NewPasswordFields name="password" errors={errors} />
      <SelectField
        name="preferredLanguage"
        label={t('auth:fields.preferredLanguage')}
        defaultValue={values.preferredLanguage ?? root?.language}
        error={errors?.preferredLanguage}
        options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
      />
      <section aria-labelledby="consent-heading" className="notice">
        <h2 id="consent-heading">{t('privacy:consent.accountTitle')}</h2>
        <p>{t('privacy:consent.accountPurpose')}</p>
        <p>{t('privacy:consent.accountBasis')}</p>
        {privacyLink ? (
          <p>
            <Link to="/privacy">{t('privacy:consent.readMore')}</Link>
          </p>
        ) : null}
      </section>
      <CheckboxField
        name="consent"
        label={t('privacy:consent.accountAgree')}
        defaultChecked={values.consent === 'yes'}
        error={errors?.consent}
      />
    </>
  )
}
