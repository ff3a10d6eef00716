import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LANGUAGE_NAMES, isLanguage } from '../i18n/config'
import type { FieldErrors } from '../lib/forms'
import { useErrorText } from '../ui/form'
import type { CountryOption } from './fields'

const ROWS: { field: string; step: string; label: string }[] = [
  { field: 'fullName', step: 'about', label: 'fields.fullName' },
  { field: 'socialName', step: 'about', label: 'fields.socialName' },
  { field: 'birthDate', step: 'about', label: 'fields.birthDate' },
  { field: 'nationality1', step: 'about', label: 'fields.nationality' },
  { field: 'nationality2', step: 'about', label: 'fields.nationality2' },
  { field: 'naturalised', step: 'about', label: 'fields.naturalised' },
  { field: 'gender', step: 'about', label: 'fields.gender' },
  { field: 'subprefectureId', step: 'home', label: 'fields.subprefecture' },
  { field: 'documentType', step: 'document', label: 'fields.documentType' },
  { field: 'documentNumber', step: 'document', label: 'fields.documentNumber' },
  { field: 'phone', step: 'contact', label: 'fields.phone' },
  { field: 'email', step: 'contact', label: 'fields.email' },
  { field: 'preferredLanguage', step: 'contact', label: 'fields.preferredLanguage' },
  { field: 'consent', step: 'contact', label: 'consent.title' },
]

/** What the person is about to send, each line with a link back to the step that edits it. */
export function RegistrationSummary({
  values,
  countries,
  subprefectures,
  errors,
  editable,
  files,
}: {
  values: Record<string, string>
  countries: CountryOption[]
  subprefectures: { id: number; name: string }[]
  errors?: FieldErrors
  editable?: boolean
  files?: { identity: boolean; residence: boolean }
}) {
  const { t } = useTranslation('registration')
  const errorText = useErrorText()
  const country = (code?: string) =>
    code === 'XX' ? t('fields.stateless') : (countries.find((c) => c.value === code)?.label ?? code ?? '')
  const display = (field: string): string => {
    const v = values[field]
    if (!v) return '—'
    switch (field) {
      case 'nationality1':
      case 'nationality2':
        return country(v)
      case 'naturalised':
      case 'consent':
        return v === 'yes' ? t('yes') : '—'
      case 'gender':
        return t(`genders.${v}`)
      case 'subprefectureId':
        return subprefectures.find((s) => String(s.id) === v)?.name ?? v
      case 'documentType':
        return t(`documentTypes.${v}`)
      case 'preferredLanguage':
        return isLanguage(v) ? LANGUAGE_NAMES[v] : v
      default:
        return v
    }
  }
  return (
    <dl className="summary-list">
      {ROWS.map((row) => (
        <div key={row.field} className="contents">
          <dt>{t(row.label)}</dt>
          <dd>
            {display(row.field)}
            {errors?.[row.field] ? <p className="field-error">{errorText(errors[row.field])}</p> : null}
            {editable ? (
              <>
                {' '}
                <Link to={`/registration/${row.step}`} aria-label={`${t('wizard.edit')}: ${t(row.label)}`}>
                  {t('wizard.edit')}
                </Link>
              </>
            ) : null}
          </dd>
        </div>
      ))}
      {files ? (
        <div className="contents">
          <dt>{t('fields.files')}</dt>
          <dd>
            {[
              files.identity ? t('fields.identityFile') : null,
              files.residence ? t('fields.residenceFile') : null,
            ]
              .filter(Boolean)
              .join(', ') || '—'}
          </dd>
        </div>
      ) : null}
    </dl>
  )
}
