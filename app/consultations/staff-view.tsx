import { useTranslation } from 'react-i18next'
import { pickText } from '../i18n/content'
import { toLocalInput } from '../lib/dates'
import { Localised } from '../ui/localised'
import type { FieldErrors } from '../lib/forms'
import { RadioGroup, TextAreaField, TextField } from '../ui/form'
import { officialDraftText } from './text'

export type TargetOptions = {
  actions: { id: string; code: string; title_i18n: string; starts_year: number; ends_year: number }[]
  campaigns: { id: string; title_i18n: string; year: number }[]
}

export function targetChoices(options: TargetOptions) {
  return [
    ...options.actions.map((a) => ({
      value: `action:${a.id}`,
      label: (
        <>
          {a.code} — <Localised json={a.title_i18n} /> ({a.starts_year}–{a.ends_year})
        </>
      ),
    })),
    ...options.campaigns.map((c) => ({
      value: `campaign:${c.id}`,
      label: (
        <>
          <Localised json={c.title_i18n} /> ({c.year})
        </>
      ),
    })),
  ]
}

export type ConsultationDefaults = {
  title: string
  summary: string
  draft: string
  opensAt: string
  closesAt: string
  minAccountAgeDays: string
  targets: string[]
}

/** What the "revise draft" form starts from: the official text and settings as stored. */
export function draftDefaults(found: {
  consultation: {
    title_i18n: string
    summary_i18n: string
    opens_at: string
    closes_at: string
    min_account_age_days: number
  }
  sections: { heading_i18n: string; paragraphs: { body_i18n: string }[] }[]
  targets: { action_id: string | null; campaign_id: string | null }[]
}): ConsultationDefaults {
  const c = found.consultation
  return {
    title: pickText(c.title_i18n, 'pt-BR').text,
    summary: pickText(c.summary_i18n, 'pt-BR').text,
    draft: officialDraftText(found.sections),
    opensAt: toLocalInput(c.opens_at),
    closesAt: toLocalInput(c.closes_at),
    minAccountAgeDays: String(c.min_account_age_days),
    targets: found.targets.map((t) => (t.action_id ? `action:${t.action_id}` : `campaign:${t.campaign_id}`)),
  }
}

/** The authoring form, shared by "new consultation" and "revise draft". */
export function ConsultationFields({
  options,
  errors,
  values,
  defaults,
  selectedTargets,
}: {
  options: TargetOptions
  errors?: FieldErrors
  values?: Record<string, string>
  defaults?: ConsultationDefaults
  selectedTargets?: string[]
}) {
  const { t } = useTranslation('consultations')
  const v = (name: keyof ConsultationDefaults) => values?.[name] ?? (defaults?.[name] as string | undefined)
  return (
    <>
      <TextField
        name="title"
        label={t('staff.fields.title')}
        defaultValue={v('title')}
        error={errors?.title}
      />
      <TextAreaField
        name="summary"
        label={t('staff.fields.summary')}
        rows={3}
        defaultValue={v('summary')}
        error={errors?.summary}
      />
      <TextAreaField
        name="draft"
        label={t('staff.fields.draft')}
        hint={t('staff.fields.draftHint')}
        rows={14}
        defaultValue={v('draft')}
        error={errors?.draft}
      />
      <TextField
        type="datetime-local"
        name="opensAt"
        label={t('staff.fields.opensAt')}
        hint={t('staff.fields.timeZoneHint')}
        defaultValue={v('opensAt')}
        error={errors?.opensAt}
      />
      <TextField
        type="datetime-local"
        name="closesAt"
        label={t('staff.fields.closesAt')}
        hint={t('staff.fields.timeZoneHint')}
        defaultValue={v('closesAt')}
        error={errors?.closesAt}
      />
      <TextField
        type="number"
        min={0}
        max={365}
        name="minAccountAgeDays"
        label={t('staff.fields.minAccountAgeDays')}
        hint={t('staff.fields.minAccountAgeHint')}
        defaultValue={v('minAccountAgeDays') ?? '0'}
        error={errors?.minAccountAgeDays}
      />
      {options.actions.length + options.campaigns.length > 0 ? (
        <RadioGroup
          multiple
          name="targets"
          legend={t('staff.fields.targets')}
          hint={t('staff.fields.targetsHint')}
          options={targetChoices(options)}
          defaultValue={selectedTargets ?? defaults?.targets ?? []}
          error={errors?.targets}
        />
      ) : null}
    </>
  )
}
