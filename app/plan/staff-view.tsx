import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CAMPAIGN_STATUSES, CAMPAIGN_THEMES } from '../../db/schema'
import { LANGUAGES, LANGUAGE_NAMES, directionOf } from '../i18n/config'
import type { ActionFailure } from '../lib/form-action.server'
import { SubmitButton, useActionFailure } from '../ui/action-feedback'
import { FormErrorSummary, RadioGroup, SelectField, TextAreaField, TextField } from '../ui/form'
import { Localised } from '../ui/localised'
import { TableRegion } from '../ui/table'
import { DateTime } from '../ui/time'
import type { MatrixProblem } from './matrix'
import type { myIndicators, pendingUpdates } from './monitoring.server'
import type { listPlanEditions } from './plan.server'
import { IndicatorStatus, formatValue } from './view'
import { Arrow } from '../ui/icons'

// The sections of the secretariat's and focal points' plan page (/staff/plan).

type Mine = Awaited<ReturnType<typeof myIndicators>>
type Pending = Awaited<ReturnType<typeof pendingUpdates>>
type Editions = Awaited<ReturnType<typeof listPlanEditions>>
/** A refused import also lists its bad rows, or the columns the file lacks (importFailure's details). */
type ImportFailure = ActionFailure & { problems?: MatrixProblem[]; missing?: string[] }

export function MyIndicators({ mine }: { mine: Mine }) {
  const { t } = useTranslation('plan')
  return (
    <section aria-labelledby="mine" className="stack">
      <h2 id="mine">{t('staff.mine')}</h2>
      {mine.length === 0 ? <p>{t('staff.mineNone')}</p> : null}
      <ul>
        {mine.map((i) => (
          <li key={i.id}>
            <Link to={`/plan/indicators/${i.id}`}>
              {i.code} — <Localised json={i.name_i18n} />
            </Link>{' '}
            ({i.body_code})
          </li>
        ))}
      </ul>
    </section>
  )
}

export function PendingUpdates({ pending }: { pending: Pending }) {
  const { t, i18n } = useTranslation('plan')
  const failedFor = useActionFailure()
  return (
    <section aria-labelledby="pending" className="stack">
      <h2 id="pending">{t('staff.pending', { n: pending.length })}</h2>
      {pending.length === 0 ? <p>{t('staff.pendingNone')}</p> : null}
      <ul className="stack">
        {pending.map((u) => {
          const failed = failedFor('review', u.id)
          return (
            <li key={u.id} className="card stack">
              <p>
                <Link to={`/plan/indicators/${u.indicator_id}`}>
                  {u.indicator_code} — <Localised json={u.name_i18n} />
                </Link>
              </p>
              <p>
                <strong>
                  {formatValue(u.value, i18n.language)} {u.unit}
                </strong>{' '}
                ({t('indicator.baseline')} {formatValue(u.baseline, i18n.language)} <Arrow kind="forward" />{' '}
                {t('indicator.target')} {formatValue(u.target, i18n.language)}) ·{' '}
                <IndicatorStatus status={u.status} /> ·{' '}
                <DateTime iso={u.reference_date} language={i18n.language} dateOnly />
              </p>
              <p lang="pt-BR" dir="ltr">
                {u.evidence}
                {u.evidence_url ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={u.evidence_url} rel="noopener noreferrer nofollow">
                      {t('indicator.source')}
                    </a>
                  </>
                ) : null}
              </p>
              <p className="muted">{t('staff.submittedBy', { name: u.submitted_by_name ?? '—' })}</p>
              {failed?.fieldErrors.form ? (
                <p className="notice notice--error" role="alert">
                  {t(`errors.${failed.fieldErrors.form}`)}
                </p>
              ) : null}
              <Form method="post" encType="multipart/form-data" className="stack">
                <input type="hidden" name="intent" value="review" />
                <input type="hidden" name="updateId" value={u.id} />
                <TextField
                  name="note"
                  label={t('staff.note')}
                  hint={t('staff.noteHint')}
                  defaultValue={failed?.values.note}
                  error={failed?.fieldErrors.note}
                />
                <div className="actions">
                  <SubmitButton name="decision" value="publish">
                    {t('staff.publish')}
                  </SubmitButton>
                  <SubmitButton name="decision" value="return" className="secondary">
                    {t('staff.return')}
                  </SubmitButton>
                </div>
              </Form>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

export function EditionsList({ editions }: { editions: Editions }) {
  const { t } = useTranslation('plan')
  return (
    <section aria-labelledby="editions" className="stack">
      <h2 id="editions">{t('staff.editions')}</h2>
      <ul className="stack">
        {editions.map((e) => (
          <li key={e.id} className="card">
            <p>
              <Localised json={e.title_i18n} /> · {t(`editionStatuses.${e.status}`)}
            </p>
            {e.status !== 'concluded' ? (
              <Form method="post" encType="multipart/form-data">
                <input type="hidden" name="intent" value="edition" />
                <input type="hidden" name="editionId" value={e.id} />
                <input type="hidden" name="to" value={e.status === 'draft' ? 'in_force' : 'concluded'} />
                <SubmitButton className="secondary">
                  {t(e.status === 'draft' ? 'staff.putInForce' : 'staff.conclude')}
                </SubmitButton>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

export function ImportForm({ columns }: { columns: readonly string[] }) {
  const { t } = useTranslation('plan')
  const failed = useActionFailure()('import') as ImportFailure | undefined
  return (
    <section aria-labelledby="import" className="stack card">
      <h2 id="import">{t('staff.import')}</h2>
      <p>{t('staff.importIntro')}</p>
      <p className="mono break">{columns.join(',')}</p>
      <FormErrorSummary errors={failed?.fieldErrors} />
      {failed?.problems ? (
        <TableRegion
          labelledBy="import-problems"
          headers={[t('staff.line'), t('staff.column'), t('staff.problem')]}
          caption={
            <caption id="import-problems">{t('staff.problems', { count: failed.problems.length })}</caption>
          }
        >
          {failed.problems.slice(0, 200).map((p) => (
            <tr key={`${p.line}-${p.column}-${p.error}`}>
              <td>{p.line}</td>
              <td className="mono">{p.column}</td>
              <td>{t(`matrixErrors.${p.error}`)}</td>
            </tr>
          ))}
        </TableRegion>
      ) : null}
      {failed?.missing ? (
        <p className="notice notice--error">
          {t('staff.missingColumns', { columns: failed.missing.join(', ') })}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="import" />
        <TextField
          name="title"
          label={t('staff.editionTitle')}
          defaultValue={failed?.values.title}
          error={failed?.fieldErrors.title}
        />
        <TextField
          name="legalBasis"
          label={t('staff.legalBasis')}
          defaultValue={failed?.values.legalBasis}
          error={failed?.fieldErrors.legalBasis}
        />
        <TextField
          name="startsYear"
          inputMode="numeric"
          label={t('staff.startsYear')}
          defaultValue={failed?.values.startsYear}
          error={failed?.fieldErrors.startsYear}
        />
        <TextField
          name="endsYear"
          inputMode="numeric"
          label={t('staff.endsYear')}
          defaultValue={failed?.values.endsYear}
          error={failed?.fieldErrors.endsYear}
        />
        <TextField
          name="file"
          type="file"
          accept=".csv,text/csv"
          label={t('staff.file')}
          error={failed?.fieldErrors.file}
        />
        <SubmitButton>{t('staff.importSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}

export function NewCampaignForm() {
  const { t } = useTranslation('plan')
  const failed = useActionFailure()('campaign')
  return (
    <section aria-labelledby="new-campaign" className="stack card">
      <h2 id="new-campaign">{t('staff.newCampaign')}</h2>
      <FormErrorSummary errors={failed?.fieldErrors} />
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="campaign" />
        <TextField
          name="title"
          label={t('staff.campaignTitle')}
          defaultValue={failed?.values.title}
          error={failed?.fieldErrors.title}
        />
        <TextAreaField
          name="summary"
          label={t('staff.campaignSummary')}
          rows={3}
          defaultValue={failed?.values.summary}
          error={failed?.fieldErrors.summary}
        />
        <SelectField
          name="theme"
          label={t('campaign.theme')}
          defaultValue={failed?.values.theme ?? ''}
          error={failed?.fieldErrors.theme}
          options={[
            { value: '', label: t('actions.choose') },
            ...CAMPAIGN_THEMES.map((th) => ({ value: th, label: t(`themes.${th}`) })),
          ]}
        />
        <TextField
          name="year"
          inputMode="numeric"
          label={t('pledge.year')}
          defaultValue={failed?.values.year ?? String(new Date().getFullYear())}
          error={failed?.fieldErrors.year}
        />
        <TextField
          name="startsOn"
          type="date"
          label={t('staff.startsOn')}
          defaultValue={failed?.values.startsOn}
          error={failed?.fieldErrors.startsOn}
        />
        <TextField
          name="endsOn"
          type="date"
          label={t('staff.endsOn')}
          defaultValue={failed?.values.endsOn}
          error={failed?.fieldErrors.endsOn}
        />
        <SelectField
          name="status"
          label={t('actions.status')}
          defaultValue={failed?.values.status ?? 'planned'}
          error={failed?.fieldErrors.status}
          options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaignStatuses.${s}`) }))}
        />
        <RadioGroup
          multiple
          name="languages"
          legend={t('campaign.languages')}
          error={failed?.fieldErrors.languages}
          defaultValue={['pt-BR']}
          options={LANGUAGES.map((l) => ({
            value: l,
            label: (
              <span lang={l} dir={directionOf(l)}>
                {LANGUAGE_NAMES[l]}
              </span>
            ),
          }))}
        />
        <TextField
          name="channels"
          label={t('campaign.channels')}
          hint={t('staff.channelsHint')}
          defaultValue={failed?.values.channels}
          error={failed?.fieldErrors.channels}
        />
        <SubmitButton>{t('staff.createCampaign')}</SubmitButton>
      </Form>
    </section>
  )
}
