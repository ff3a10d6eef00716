import { useTranslation } from 'react-i18next'
import type { FieldErrors } from '../lib/forms'
import { TextField } from '../ui/form'

/**
 * The facts printed on a desk receipt that find a registration: the protocol and the birth date
 * (the status look-up), with the identity document's number between them for a claim (#18).
 */
export function RegistrationLookupFields({
  values,
  errors,
  withDocument = false,
}: {
  values: Record<string, string | undefined>
  errors?: FieldErrors
  withDocument?: boolean
}) {
  const { t } = useTranslation('registration')
  return (
    <>
      <TextField
        name="protocol"
        label={t('check.protocol')}
        hint={t('check.protocolHint')}
        autoComplete="off"
        defaultValue={values.protocol}
        error={errors?.protocol}
        required
      />
      {withDocument ? (
        <TextField
          name="documentNumber"
          label={t('fields.documentNumber')}
          hint={t('claim.documentHint')}
          autoComplete="off"
          defaultValue={values.documentNumber}
          error={errors?.documentNumber}
          required
        />
      ) : null}
      <TextField
        name="birthDate"
        type="date"
        label={t('fields.birthDate')}
        hint={t('fields.birthDateHint')}
        defaultValue={values.birthDate}
        error={errors?.birthDate}
        required
      />
    </>
  )
}
