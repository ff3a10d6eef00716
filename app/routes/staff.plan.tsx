import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CAMPAIGN_STATUSES, CAMPAIGN_THEMES } from '../../db/schema'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { Localised } from '../ui/localised'
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure, parseForm, type FormFailure } from '../lib/forms'
import { readMultipartForm, TOO_LARGE } from '../lib/uploads.server'
import { MATRIX_COLUMNS, type MatrixProblem } from '../plan/matrix'
import {
  advanceEdition,
  createCampaign,
  importPlanMatrix,
  listPlanEditions,
  myIndicators,
  pendingUpdates,
  reviewUpdate,
} from '../plan/plan.server'
import { CampaignSchema, EditionStatusSchema, ImportSchema, ReviewSchema } from '../plan/schemas.server'
import { IndicatorStatus, formatValue } from '../plan/view'
import { FormErrorSummary, RadioGroup, SelectField, TextAreaField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'
import { TableRegion } from '../ui/table'

export const handle = { i18n: ['plan'], title: 'plan:staff.title' }

const MAX_CSV_BYTES = 2 * 1024 * 1024

export async function loader({ request }: LoaderFunctionArgs) {
  const user = (await requirePermission(request, 'plan.reportProgress'))!
  const db = getDb()
  const actor = toActor(user)
  const canReview = can(actor, 'plan.review')
  const canManage = can(actor, 'plan.manage')
  return json({
    canReview,
    canManage,
    mine: await myIndicators(db, user.id),
    pending: canReview ? await pendingUpdates(db) : [],
    editions: canManage ? await listPlanEditions(db) : [],
    columns: MATRIX_COLUMNS,
  })
}

type ActionData = FormFailure & {
  intent: string
  updateId?: string
  problems?: MatrixProblem[]
  missing?: string[]
  imported?: { objectives: number; actions: number; indicators: number }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readMultipartForm(request)
  const intent = String(formData.get('intent') ?? '')
  const db = getDb()
  const fail = (f: FormFailure, status = 400, extra: Partial<ActionData> = {}) =>
    json<ActionData>({ ...f, intent, updateId: String(formData.get('updateId') ?? ''), ...extra }, { status })
  if (intent === 'review') {
    const user = (await requirePermission(request, 'plan.review'))!
    const parsed = parseForm(ReviewSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await reviewUpdate(db, { actorUserId: user.id, ...parsed.data })
    return result.ok
      ? redirect(`/staff/plan?done=${parsed.data.decision}`)
      : fail(failure({ [result.field ?? 'form']: result.error }, formData), 409)
  }
  const user = (await requirePermission(request, 'plan.manage'))!
  if (intent === 'import') {
    const parsed = parseForm(ImportSchema, formData)
    const file = formData.get('file')
    if (file === TOO_LARGE) return fail(failure({ file: 'file_too_large' }, formData))
    const csv = file && typeof file !== 'string' && file.size <= MAX_CSV_BYTES ? await file.text() : ''
    if (!parsed.ok) return fail(parsed)
    if (!csv.trim()) return fail(failure({ file: 'file_empty' }, formData))
    const result = await importPlanMatrix(db, user.id, { ...parsed.data, csv })
    if (!result.ok) {
      if (result.error === 'bad_rows')
        return fail(failure({ form: 'bad_rows' }, formData), 400, { problems: result.problems })
      if (result.error === 'years_order') return fail(failure({ endsYear: 'years_order' }, formData))
      const fileError = {
        empty: 'file_empty',
        bad_header: 'csv_bad_header',
        too_many_rows: 'csv_too_many_rows',
      }[result.error]
      return fail(failure({ file: fileError }, formData), 400, {
        missing: 'missing' in result ? result.missing : undefined,
      })
    }
    return redirect(`/staff/plan?done=imported&n=${result.counts.actions}`)
  }
  if (intent === 'edition') {
    const parsed = parseForm(EditionStatusSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await advanceEdition(db, { actorUserId: user.id, ...parsed.data })
    return result.ok
      ? redirect(`/staff/plan?done=edition_${parsed.data.to}`)
      : fail(failure({ form: result.error }, formData), 409)
  }
  if (intent === 'campaign') {
    const parsed = parseForm(CampaignSchema, formData)
    const languages = formData
      .getAll('languages')
      .map(String)
      .filter((l) => (LANGUAGES as readonly string[]).includes(l))
    if (!parsed.ok) return fail(parsed)
    if (languages.length === 0) return fail(failure({ languages: 'choose_option' }, formData))
    const result = await createCampaign(db, user.id, {
      ...parsed.data,
      languages,
      channels: (parsed.data.channels ?? '').split(/[\s,;]+/).filter(Boolean),
      actionIds: [],
    })
    return result.ok
      ? redirect(`/plan/campaigns/${result.value.id}?done=created`)
      : fail(failure({ [result.field ?? 'form']: result.error }, formData))
  }
  return fail(failure({ form: 'unknown_intent' }, formData))
}

export default function StaffPlan() {
  const { t, i18n } = useTranslation('plan')
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const done = params.get('done')
  const failedFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined)
  return (
    <div className="page">
      <h1>{t('staff.title')}</h1>
      {done ? (
        <p className="notice notice--ok" role="status">
          {t(`staff.done.${done}`, { n: params.get('n') ?? '' })}
        </p>
      ) : null}

      <section aria-labelledby="mine" className="stack">
        <h2 id="mine">{t('staff.mine')}</h2>
        {data.mine.length === 0 ? <p>{t('staff.mineNone')}</p> : null}
        <ul>
          {data.mine.map((i) => (
            <li key={i.id}>
              <Link to={`/plan/indicators/${i.id}`}>
                {i.code} — <Localised json={i.name_i18n} />
              </Link>{' '}
              ({i.body_code})
            </li>
          ))}
        </ul>
      </section>

      {data.canReview ? (
        <section aria-labelledby="pending" className="stack">
          <h2 id="pending">{t('staff.pending', { n: data.pending.length })}</h2>
          {data.pending.length === 0 ? <p>{t('staff.pendingNone')}</p> : null}
          <ul className="stack">
            {data.pending.map((u) => {
              const failed = failedFor('review')?.updateId === u.id ? failedFor('review') : undefined
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
                    ({t('indicator.baseline')} {formatValue(u.baseline, i18n.language)} →{' '}
                    {t('indicator.target')} {formatValue(u.target, i18n.language)}) ·{' '}
                    <IndicatorStatus status={u.status} /> ·{' '}
                    <DateTime iso={u.reference_date} language={i18n.language} dateOnly />
                  </p>
                  <p lang="pt-BR">
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
                      <button type="submit" name="decision" value="publish">
                        {t('staff.publish')}
                      </button>
                      <button type="submit" name="decision" value="return" className="secondary">
                        {t('staff.return')}
                      </button>
                    </div>
                  </Form>
                </li>
              )
            })}
          </ul>
        </section>
      ) : null}

      {data.canManage ? (
        <>
          <section aria-labelledby="editions" className="stack">
            <h2 id="editions">{t('staff.editions')}</h2>
            <ul className="stack">
              {data.editions.map((e) => (
                <li key={e.id} className="card">
                  <p>
                    <Localised json={e.title_i18n} /> · {t(`editionStatuses.${e.status}`)}
                  </p>
                  {e.status !== 'concluded' ? (
                    <Form method="post" encType="multipart/form-data">
                      <input type="hidden" name="intent" value="edition" />
                      <input type="hidden" name="editionId" value={e.id} />
                      <input
                        type="hidden"
                        name="to"
                        value={e.status === 'draft' ? 'in_force' : 'concluded'}
                      />
                      <button type="submit" className="secondary">
                        {t(e.status === 'draft' ? 'staff.putInForce' : 'staff.conclude')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="import" className="stack card">
            <h2 id="import">{t('staff.import')}</h2>
            <p>{t('staff.importIntro')}</p>
            <p className="mono break">{data.columns.join(',')}</p>
            <FormErrorSummary errors={failedFor('import')?.fieldErrors} />
            {failedFor('import')?.problems ? (
              <TableRegion
                labelledBy="import-problems"
                headers={[t('staff.line'), t('staff.column'), t('staff.problem')]}
                caption={
                  <caption id="import-problems">
                    {t('staff.problems', { n: failedFor('import')!.problems!.length })}
                  </caption>
                }
              >
                {failedFor('import')!
                  .problems!.slice(0, 200)
                  .map((p) => (
                    <tr key={`${p.line}-${p.column}-${p.error}`}>
                      <td>{p.line}</td>
                      <td className="mono">{p.column}</td>
                      <td>{t(`matrixErrors.${p.error}`)}</td>
                    </tr>
                  ))}
              </TableRegion>
            ) : null}
            {failedFor('import')?.missing ? (
              <p className="notice notice--error">
                {t('staff.missingColumns', { columns: failedFor('import')!.missing!.join(', ') })}
              </p>
            ) : null}
            <Form method="post" encType="multipart/form-data" className="stack">
              <input type="hidden" name="intent" value="import" />
              <TextField
                name="title"
                label={t('staff.editionTitle')}
                defaultValue={failedFor('import')?.values.title}
                error={failedFor('import')?.fieldErrors.title}
              />
              <TextField
                name="legalBasis"
                label={t('staff.legalBasis')}
                defaultValue={failedFor('import')?.values.legalBasis}
                error={failedFor('import')?.fieldErrors.legalBasis}
              />
              <TextField
                name="startsYear"
                inputMode="numeric"
                label={t('staff.startsYear')}
                defaultValue={failedFor('import')?.values.startsYear}
                error={failedFor('import')?.fieldErrors.startsYear}
              />
              <TextField
                name="endsYear"
                inputMode="numeric"
                label={t('staff.endsYear')}
                defaultValue={failedFor('import')?.values.endsYear}
                error={failedFor('import')?.fieldErrors.endsYear}
              />
              <TextField
                name="file"
                type="file"
                accept=".csv,text/csv"
                label={t('staff.file')}
                error={failedFor('import')?.fieldErrors.file}
              />
              <button type="submit">{t('staff.importSubmit')}</button>
            </Form>
          </section>

          <section aria-labelledby="new-campaign" className="stack card">
            <h2 id="new-campaign">{t('staff.newCampaign')}</h2>
            <FormErrorSummary errors={failedFor('campaign')?.fieldErrors} />
            <Form method="post" encType="multipart/form-data" className="stack">
              <input type="hidden" name="intent" value="campaign" />
              <TextField
                name="title"
                label={t('staff.campaignTitle')}
                defaultValue={failedFor('campaign')?.values.title}
                error={failedFor('campaign')?.fieldErrors.title}
              />
              <TextAreaField
                name="summary"
                label={t('staff.campaignSummary')}
                rows={3}
                defaultValue={failedFor('campaign')?.values.summary}
                error={failedFor('campaign')?.fieldErrors.summary}
              />
              <SelectField
                name="theme"
                label={t('campaign.theme')}
                defaultValue={failedFor('campaign')?.values.theme ?? ''}
                error={failedFor('campaign')?.fieldErrors.theme}
                options={[
                  { value: '', label: t('actions.choose') },
                  ...CAMPAIGN_THEMES.map((th) => ({ value: th, label: t(`themes.${th}`) })),
                ]}
              />
              <TextField
                name="year"
                inputMode="numeric"
                label={t('pledge.year')}
                defaultValue={failedFor('campaign')?.values.year ?? String(new Date().getFullYear())}
                error={failedFor('campaign')?.fieldErrors.year}
              />
              <TextField
                name="startsOn"
                type="date"
                label={t('staff.startsOn')}
                defaultValue={failedFor('campaign')?.values.startsOn}
                error={failedFor('campaign')?.fieldErrors.startsOn}
              />
              <TextField
                name="endsOn"
                type="date"
                label={t('staff.endsOn')}
                defaultValue={failedFor('campaign')?.values.endsOn}
                error={failedFor('campaign')?.fieldErrors.endsOn}
              />
              <SelectField
                name="status"
                label={t('actions.status')}
                defaultValue={failedFor('campaign')?.values.status ?? 'planned'}
                error={failedFor('campaign')?.fieldErrors.status}
                options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaignStatuses.${s}`) }))}
              />
              <RadioGroup
                multiple
                name="languages"
                legend={t('campaign.languages')}
                error={failedFor('campaign')?.fieldErrors.languages}
                defaultValue={['pt-BR']}
                options={LANGUAGES.map((l) => ({
                  value: l,
                  label: <span lang={l}>{LANGUAGE_NAMES[l]}</span>,
                }))}
              />
              <TextField
                name="channels"
                label={t('campaign.channels')}
                hint={t('staff.channelsHint')}
                defaultValue={failedFor('campaign')?.values.channels}
                error={failedFor('campaign')?.fieldErrors.channels}
              />
              <button type="submit">{t('staff.createCampaign')}</button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  )
}
