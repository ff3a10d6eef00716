import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from '../ui/action-feedback'
import { FormErrorSummary, RadioGroup, SelectField, TextAreaField, TextField } from '../ui/form'
import { PREPARATORY_KINDS } from './rules'
import { useAxisLabel, useConferenceFailure, type AxisView } from './view'
import { directionOf } from '../i18n/config'

// The secretariat's forms on an edition's page (routes/staff.conference.$id._index.tsx).

type Failure = ReturnType<ReturnType<typeof useConferenceFailure>>

export function MergeForm({
  axes,
  mergeable,
  failed,
}: {
  axes: AxisView[]
  mergeable: { id: string; axis_id: string; title: string; status: string; language: string }[]
  failed: Failure
}) {
  const { t } = useTranslation(['conference', 'reference'])
  const axisLabel = useAxisLabel()
  const selected = failed?.lists.proposalIds ?? []
  const v = failed?.values ?? {}
  return (
    <section aria-labelledby="merge" className="stack">
      <h2 id="merge">{t('manage.merge')}</h2>
      <p>{t('manage.mergeIntro')}</p>
      <FormErrorSummary errors={failed?.all} />
      <Form method="post" className="stack">
        <fieldset className="stack">
          <legend>{t('manage.mergeChoose')}</legend>
          {axes.map((axis) => {
            const list = mergeable.filter((p) => p.axis_id === axis.id)
            if (!list.length) return null
            return (
              <div key={axis.id} className="stack">
                <p>
                  <strong>{axisLabel(axis)}</strong>
                </p>
                {list.map((p) => (
                  <div className="checkbox" key={p.id}>
                    <input
                      type="checkbox"
                      id={`m-${p.id}`}
                      name="proposalIds"
                      value={p.id}
                      defaultChecked={selected.includes(p.id)}
                    />
                    <label htmlFor={`m-${p.id}`} lang={p.language} dir={directionOf(p.language)}>
                      {p.title} <span className="muted">({t(`statuses.${p.status}`)})</span>
                    </label>
                  </div>
                ))}
              </div>
            )
          })}
        </fieldset>
        <SelectField
          name="axisId"
          label={t('propose.axis')}
          defaultValue={v.axisId ?? ''}
          error={failed?.errors.axisId}
          options={[
            { value: '', label: t('propose.choose') },
            ...axes.map((a) => ({ value: a.id, label: axisLabel(a) })),
          ]}
        />
        <TextField
          name="title"
          label={t('manage.mergedTitle')}
          defaultValue={v.title}
          error={failed?.errors.title}
        />
        <TextAreaField
          name="body"
          label={t('manage.mergedBody')}
          rows={5}
          defaultValue={v.body}
          error={failed?.errors.body}
        />
        <TextAreaField
          name="justification"
          label={t('propose.justification')}
          rows={3}
          defaultValue={v.justification}
          error={failed?.errors.justification}
        />
        <SubmitButton intent="merge">{t('manage.mergeSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}

export function AccreditForm({
  preparatory,
  failed,
}: {
  preparatory: { id: string; name: string; delegates: number; delegate_quota: number }[]
  failed: Failure
}) {
  const { t } = useTranslation('conference')
  const v = failed?.values ?? {}
  return (
    <section aria-labelledby="delegates" className="stack">
      <h2 id="delegates">{t('manage.accredit')}</h2>
      <FormErrorSummary errors={failed?.all} />
      <Form method="post" className="stack">
        <TextField
          name="identifier"
          label={t('manage.identifier')}
          hint={t('manage.identifierHint')}
          defaultValue={v.identifier}
          error={failed?.errors.identifier}
          autoComplete="off"
        />
        <SelectField
          name="preparatoryId"
          label={t('manage.elected_at')}
          defaultValue={v.preparatoryId ?? ''}
          options={[
            { value: '', label: t('manage.noPreparatory') },
            ...preparatory.map((p) => ({
              value: p.id,
              label: `${p.name} (${p.delegates}/${p.delegate_quota})`,
            })),
          ]}
        />
        <SubmitButton intent="accredit">{t('manage.accreditSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}

export function PreparatoryForm({ defaultQuota, failed }: { defaultQuota: number; failed: Failure }) {
  const { t } = useTranslation('conference')
  const v = failed?.values ?? {}
  const errors = failed?.errors
  return (
    <section aria-labelledby="prep" className="stack">
      <h2 id="prep">{t('manage.registerPreparatory')}</h2>
      <FormErrorSummary errors={failed?.all} />
      <Form method="post" className="stack">
        <RadioGroup
          name="kind"
          legend={t('prep.kind')}
          defaultValue={v.kind ?? 'free'}
          error={errors?.kind}
          options={PREPARATORY_KINDS.map((kind) => ({ value: kind, label: t(`prep.kinds.${kind}`) }))}
        />
        <TextField name="name" label={t('prep.name')} defaultValue={v.name} error={errors?.name} />
        <TextField
          name="organiser"
          label={t('prep.organiser')}
          defaultValue={v.organiser}
          error={errors?.organiser}
        />
        <TextField
          name="heldOn"
          label={t('prep.heldOn')}
          type="date"
          defaultValue={v.heldOn}
          error={errors?.heldOn}
        />
        <TextField name="place" label={t('prep.place')} defaultValue={v.place} error={errors?.place} />
        <TextField
          name="attendance"
          label={t('prep.attendance')}
          inputMode="numeric"
          defaultValue={v.attendance}
          error={errors?.attendance}
        />
        <TextField
          name="delegateQuota"
          label={t('prep.quota')}
          hint={t('prep.quotaHint', { n: String(defaultQuota) })}
          inputMode="numeric"
          defaultValue={v.delegateQuota}
          error={errors?.delegateQuota}
        />
        <SubmitButton intent="preparatory">{t('manage.registerSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}
