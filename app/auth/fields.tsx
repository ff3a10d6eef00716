import { useTranslation } from 'react-i18next'
import type { FieldErrors } from '../lib/forms'
import { TextField } from '../ui/form'

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
