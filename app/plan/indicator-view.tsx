import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PLAN_STATUSES } from '../../db/schema'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, SelectField, TextAreaField, TextField } from '../ui/form'
import { TableRegion } from '../ui/table'
import { DateTime } from '../ui/time'
import type { getIndicator } from './reading.server'
import { HistoryChart, IndicatorStatus, formatValue } from './view'
import { isolate } from '../ui/localised'

// The sections of an indicator's page (/plan/indicators/:id): its published history, the updates
// waiting for review or returned, and the form a focal point posts an update with.

type Found = NonNullable<Awaited<ReturnType<typeof getIndicator>>>
type Indicator = Found['indicator']

export function IndicatorHistory({
  indicator: i,
  history,
  name,
}: {
  indicator: Indicator
  history: Found['history']
  name: string
}) {
  const { t, i18n } = useTranslation('plan')
  return (
    <section aria-labelledby="history" className="stack">
      <h2 id="history">{t('indicator.history')}</h2>
      {history.length === 0 ? <p>{t('indicator.noHistory')}</p> : null}
      <HistoryChart
        points={history.map((h) => ({ date: h.reference_date, value: h.value }))}
        baseline={i.baseline}
        target={i.target}
        label={t('indicator.chartLabel', {
          name: isolate(name),
          count: history.length,
          baseline: formatValue(i.baseline, i18n.language),
          target: formatValue(i.target, i18n.language),
        })}
      />
      {history.length ? (
        <TableRegion
          labelledBy="history"
          headers={[
            t('indicator.referenceDate'),
            t('indicator.value'),
            t('actions.status'),
            t('indicator.evidence'),
          ]}
        >
          {history.map((h) => (
            <tr key={h.id}>
              <th scope="row">
                <DateTime iso={h.reference_date} language={i18n.language} dateOnly />
              </th>
              <td>
                {formatValue(h.value, i18n.language)} {i.unit}
              </td>
              <td>
                <IndicatorStatus status={h.status} />
              </td>
              <td>
                <span lang="pt-BR" dir="ltr">
                  {h.evidence}
                </span>
                {h.evidence_url ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={h.evidence_url} rel="noopener noreferrer nofollow">
                      {t('indicator.source')}
                    </a>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </TableRegion>
      ) : null}
    </section>
  )
}

export function WaitingUpdates({ unit, updates }: { unit: string; updates: Found['pendingOrReturned'] }) {
  const { t, i18n } = useTranslation('plan')
  return (
    <section aria-labelledby="mine" className="stack">
      <h2 id="mine">{t('indicator.waiting')}</h2>
      <ul className="stack">
        {updates.map((u) => (
          <li key={u.id} className="card">
            <p>
              <span className={`status-badge status-badge--${u.review}`}>{t(`reviews.${u.review}`)}</span> ·{' '}
              <DateTime iso={u.reference_date} language={i18n.language} dateOnly /> ·{' '}
              {formatValue(u.value, i18n.language)} {unit} · {t(`statuses.${u.status}`)}
            </p>
            {u.review_note ? <p>{t('indicator.returnedBecause', { note: isolate(u.review_note) })}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

export function UpdateForm({ unit }: { unit: string }) {
  const { t } = useTranslation('plan')
  const failed = useActionFailure()()
  const errors = failed?.fieldErrors
  const v = failed?.values ?? {}
  return (
    <section aria-labelledby="report-progress" className="stack card">
      <h2 id="report-progress">{t('indicator.postUpdate')}</h2>
      <p>{t('indicator.postIntro')}</p>
      <FormErrorSummary errors={errors} />
      {errors?.form ? (
        <p className="notice notice--error" role="alert">
          {t(`errors.${errors.form}`)}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <TextField
          name="referenceDate"
          type="date"
          label={t('indicator.referenceDate')}
          defaultValue={v.referenceDate}
          error={errors?.referenceDate}
        />
        <TextField
          name="value"
          inputMode="decimal"
          label={t('indicator.valueIn', { unit })}
          defaultValue={v.value}
          error={errors?.value}
        />
        <SelectField
          name="status"
          label={t('actions.status')}
          defaultValue={v.status ?? ''}
          error={errors?.status}
          options={[
            { value: '', label: t('actions.choose') },
            ...PLAN_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) })),
          ]}
        />
        <TextAreaField
          name="evidence"
          label={t('indicator.evidence')}
          hint={t('indicator.evidenceHint')}
          rows={3}
          defaultValue={v.evidence}
          error={errors?.evidence}
        />
        <TextField
          name="evidenceUrl"
          type="url"
          label={t('indicator.evidenceUrl')}
          defaultValue={v.evidenceUrl}
          error={errors?.evidenceUrl}
        />
        <SubmitButton>{t('indicator.submit')}</SubmitButton>
      </Form>
    </section>
  )
}
