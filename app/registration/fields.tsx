import { useTranslation } from 'react-i18next'
import { DOCUMENT_TYPES, GENDERS } from '../../db/schema'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/config'
import type { FieldErrors } from '../lib/forms'
import { CheckboxField, FileField, RadioGroup, SelectField, TextField } from '../ui/form'
import { DISTRICTS_BY_SUBPREFECTURE } from './districts'

// The registration form's parts, shared by the self-service steps and the desk's one-page form.
export type FieldProps = { values: Record<string, string>; errors?: FieldErrors }
export type CountryOption = { value: string; label: string }

export function AboutFields({ values, errors, countries }: FieldProps & { countries: CountryOption[] }) {
  const { t } = useTranslation('registration')
  const nationalityOptions = [
    { value: '', label: t('fields.choose') },
    { value: 'XX', label: t('fields.stateless') },
    ...countries,
  ]
  return (
    <>
      <TextField
        name="fullName"
        label={t('fields.fullName')}
        hint={t('fields.fullNameHint')}
        autoComplete="name"
        defaultValue={values.fullName}
        error={errors?.fullName}
        required
      />
      <TextField
        name="socialName"
        label={t('fields.socialName')}
        hint={t('fields.socialNameHint')}
        defaultValue={values.socialName}
        error={errors?.socialName}
      />
      <TextField
        name="birthDate"
        type="date"
        label={t('fields.birthDate')}
        hint={t('fields.birthDateHint')}
        autoComplete="bday"
        defaultValue={values.birthDate}
        error={errors?.birthDate}
        required
      />
      <SelectField
        name="nationality1"
        label={t('fields.nationality')}
        options={nationalityOptions}
        defaultValue={values.nationality1 ?? ''}
        error={errors?.nationality1}
      />
      <SelectField
        name="nationality2"
        label={t('fields.nationality2')}
        hint={t('fields.nationality2Hint')}
        options={[{ value: '', label: t('fields.none') }, ...countries]}
        defaultValue={values.nationality2 ?? ''}
        error={errors?.nationality2}
      />
      <CheckboxField
        name="naturalised"
        label={t('fields.naturalised')}
        defaultChecked={values.naturalised === 'yes'}
        error={errors?.naturalised}
      />
      <RadioGroup
        name="gender"
        legend={t('fields.gender')}
        hint={t('fields.genderHint')}
        options={GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))}
        defaultValue={values.gender}
        error={errors?.gender}
      />
    </>
  )
}

export function HomeFields({
  values,
  errors,
  subprefectures,
}: FieldProps & { subprefectures: { id: number; name: string }[] }) {
  const { t } = useTranslation('registration')
  return (
    <>
      <SelectField
        name="subprefectureId"
        label={t('fields.subprefecture')}
        hint={t('fields.subprefectureHint')}
        options={[
          { value: '', label: t('fields.choose') },
          ...subprefectures.map((s) => ({ value: String(s.id), label: s.name })),
        ]}
        defaultValue={values.subprefectureId ?? ''}
        error={errors?.subprefectureId}
      />
      <details className="notice">
        <summary>{t('fields.whichSubprefecture')}</summary>
        <dl className="summary-list">
          {subprefectures.map((s) => (
            <div key={s.id} className="contents">
              <dt>{s.name}</dt>
              <dd>{(DISTRICTS_BY_SUBPREFECTURE[s.name] ?? []).join(', ')}</dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  )
}

export function DocumentFields({
  values,
  errors,
  withFiles,
  proofRequired,
}: FieldProps & { withFiles: boolean; proofRequired: boolean }) {
  const { t } = useTranslation('registration')
  return (
    <>
      <SelectField
        name="documentType"
        label={t('fields.documentType')}
        hint={t('fields.documentTypeHint')}
        options={[
          { value: '', label: t('fields.choose') },
          ...DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`documentTypes.${d}`) })),
        ]}
        defaultValue={values.documentType ?? ''}
        error={errors?.documentType}
      />
      <TextField
        name="documentNumber"
        label={t('fields.documentNumber')}
        hint={t('fields.documentNumberHint')}
        autoComplete="off"
        spellCheck={false}
        defaultValue={values.documentNumber}
        error={errors?.documentNumber}
        required
      />
      {withFiles ? (
        <>
          <FileField
            name="identityFile"
            label={t('fields.identityFile')}
            hint={t('fields.fileHint')}
            error={errors?.identityFile}
          />
          <FileField
            name="residenceFile"
            label={proofRequired ? t('fields.residenceFileRequired') : t('fields.residenceFile')}
            hint={t('fields.fileHint')}
            error={errors?.residenceFile}
          />
        </>
      ) : null}
    </>
  )
}

export function ContactFields({ values, errors, defaultLanguage }: FieldProps & { defaultLanguage: string }) {
  const { t } = useTranslation(['registration', 'privacy'])
  return (
    <>
      <TextField
        name="phone"
        type="tel"
        label={t('fields.phone')}
        hint={t('fields.phoneHint')}
        autoComplete="tel"
        inputMode="tel"
        defaultValue={values.phone}
        error={errors?.phone}
      />
      <TextField
        name="email"
        type="email"
        label={t('fields.email')}
        autoComplete="email"
        defaultValue={values.email}
        error={errors?.email}
      />
      <SelectField
        name="preferredLanguage"
        label={t('fields.preferredLanguage')}
        options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l }))}
        defaultValue={values.preferredLanguage ?? defaultLanguage}
        error={errors?.preferredLanguage}
      />
      <section className="notice" aria-labelledby="registration-consent">
        <h2 id="registration-consent">{t('consent.title')}</h2>
        <p>{t('consent.purpose')}</p>
        <p>{t('consent.basis')}</p>
        <p>{t('consent.retention')}</p>
      </section>
      <CheckboxField
        name="consent"
        label={t('consent.agree')}
        defaultChecked={values.consent === 'yes'}
        error={errors?.consent}
      />
    </>
  )
}

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
