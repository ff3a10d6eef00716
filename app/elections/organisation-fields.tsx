import { useTranslation } from 'react-i18next'
import { GENDERS } from '../../db/schema'
import type { FieldErrors } from '../lib/forms'
import { FileField, SelectField, TextField } from '../ui/form'
import { MAX_PROOF_FILES, REPRESENTATIVE_DOCUMENT_TYPES } from './candidacy-kinds'

/**
 * The candidacy form's organisation part (issue #17): the organisation, its alternate representative
 * and the proof of its work in the city (segments A and B), then the identity of a segment B
 * representative, who need not be on the census. Plain fields: the server says which ones the
 * chosen kind needs, so the form works the same without JavaScript.
 */
export function OrganisationFields({
  values,
  errors,
}: {
  values: Record<string, string | undefined>
  errors?: FieldErrors
}) {
  const { t } = useTranslation(['elections', 'registration'])
  return (
    <>
      <fieldset className="stack">
        <legend>{t('apply.organisation')}</legend>
        <p className="hint">{t('apply.organisationIntro')}</p>
        <TextField
          name="organisationName"
          label={t('apply.organisationName')}
          hint={t('apply.organisationHint')}
          defaultValue={values.organisationName}
          error={errors?.organisationName}
          autoComplete="organization"
        />
        <TextField
          name="alternateRepresentative"
          label={t('apply.alternateRepresentative')}
          hint={t('apply.alternateRepresentativeHint')}
          defaultValue={values.alternateRepresentative}
          error={errors?.alternateRepresentative}
        />
        <FileField
          name="proof"
          multiple
          label={t('apply.proof')}
          hint={t('apply.proofHint', { count: MAX_PROOF_FILES })}
          error={errors?.proof}
        />
      </fieldset>
      <fieldset className="stack">
        <legend>{t('apply.representative')}</legend>
        <p className="hint">{t('apply.representativeIntro')}</p>
        <TextField
          name="representativeName"
          label={t('apply.representativeName')}
          defaultValue={values.representativeName}
          error={errors?.representativeName}
        />
        <SelectField
          name="representativeDocumentType"
          label={t('apply.representativeDocumentType')}
          options={[
            { value: '', label: t('apply.choose') },
            ...REPRESENTATIVE_DOCUMENT_TYPES.map((d) => ({
              value: d,
              label: t(`apply.documentTypes.${d}`),
            })),
          ]}
          defaultValue={values.representativeDocumentType ?? ''}
          error={errors?.representativeDocumentType}
        />
        <TextField
          name="representativeDocumentNumber"
          label={t('apply.representativeDocumentNumber')}
          defaultValue={values.representativeDocumentNumber}
          error={errors?.representativeDocumentNumber}
        />
        <TextField
          name="representativeBirthDate"
          label={t('apply.representativeBirthDate')}
          hint={t('apply.representativeBirthDateHint')}
          defaultValue={values.representativeBirthDate}
          error={errors?.representativeBirthDate}
        />
        <SelectField
          name="representativeGender"
          label={t('apply.representativeGender')}
          hint={t('apply.representativeGenderHint')}
          options={[
            { value: '', label: t('apply.choose') },
            ...GENDERS.map((g) => ({ value: g, label: t(`registration:genders.${g}`) })),
          ]}
          defaultValue={values.representativeGender ?? ''}
          error={errors?.representativeGender}
        />
      </fieldset>
    </>
  )
}
