import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { PLAN_STATUSES } from '../../db/schema'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { Localised } from '../ui/localised'
import { pickText } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure, parseForm } from '../lib/forms'
import { readForm } from '../lib/request.server'
import { getIndicator, mayReportOn, postUpdate } from '../plan/plan.server'
import { UpdateSchema } from '../plan/schemas.server'
import { HistoryChart, IndicatorStatus, ProgressCell, formatValue } from '../plan/view'
import { FormErrorSummary, SelectField, TextAreaField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'
import { TableRegion } from '../ui/table'

export const handle = { i18n: ['plan'], title: 'plan:indicator.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'plan.view')
  const db = getDb()
  const actor = toActor(user)
  const seesAll = can(actor, 'plan.review')
  const found = await getIndicator(
    db,
    params.id ?? '',
    user && can(actor, 'plan.reportProgress') ? { userId: user.id, seesAll } : null,
  )
  if (!found) throw new Response('Not found', { status: 404 })
  const mayReport =
    Boolean(user) &&
    can(actor, 'plan.reportProgress') &&
    (seesAll || (await mayReportOn(db, user!.id, found.indicator.id)))
  return json({ ...found, mayReport })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'plan.reportProgress'))!
  const formData = await readForm(request)
  const parsed = parseForm(UpdateSchema, formData)
  if (!parsed.ok) return json(parsed, { status: 400 })
  const result = await postUpdate(getDb(), {
    userId: user.id,
    canReportForAnyBody: can(toActor(user), 'plan.review'),
    indicatorId: params.id ?? '',
    ...parsed.data,
  })
  if (!result.ok)
    return json(failure({ form: result.error }, formData), {
      status: result.error === 'not_found' ? 404 : result.error === 'not_your_body' ? 403 : 409,
    })
  return redirect(`/plan/indicators/${params.id}?done=submitted#mine`)
}

export default function PlanIndicator() {
  const { t, i18n } = useTranslation('plan')
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const i = data.indicator
  const errors = actionData?.fieldErrors
  const v = actionData?.values ?? {}
  const name = pickText(i.name_i18n, i18n.language).text
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/plan/actions/${i.action_id}`}>
          {t('action.heading', { code: i.action_code })} <Localised json={i.action_title_i18n} />
        </Link>
      </p>
      <h1>
        {t('indicator.heading', { code: i.code })} <Localised json={i.name_i18n} />
      </h1>
      {params.get('done') === 'submitted' ? (
        <p className="notice notice--ok" role="status">
          {t('indicator.submitted')}
        </p>
      ) : null}
      <dl className="summary-list">
        <dt>{t('indicator.unit')}</dt>
        <dd>{i.unit}</dd>
        <dt>{t('indicator.baseline')}</dt>
        <dd>{formatValue(i.baseline, i18n.language)}</dd>
        <dt>{t('indicator.target')}</dt>
        <dd>
          {formatValue(i.target, i18n.language)}{' '}
          {i.target < i.baseline ? `(${t('indicator.decreasing')})` : ''}
        </dd>
        {i.deadline ? (
          <>
            <dt>{t('indicator.deadline')}</dt>
            <dd>
              <DateTime iso={i.deadline} language={i18n.language} dateOnly />
            </dd>
          </>
        ) : null}
        <dt>{t('dashboard.progress')}</dt>
        <dd>
          <ProgressCell progress={data.progress} />
        </dd>
      </dl>

      <section aria-labelledby="history" className="stack">
        <h2 id="history">{t('indicator.history')}</h2>
        {data.history.length === 0 ? <p>{t('indicator.noHistory')}</p> : null}
        <HistoryChart
          points={data.history.map((h) => ({ date: h.reference_date, value: h.value }))}
          baseline={i.baseline}
          target={i.target}
          label={t('indicator.chartLabel', {
            name,
            n: data.history.length,
            baseline: formatValue(i.baseline, i18n.language),
            target: formatValue(i.target, i18n.language),
          })}
        />
        {data.history.length ? (
          <TableRegion
            labelledBy="history"
            headers={[
              t('indicator.referenceDate'),
              t('indicator.value'),
              t('actions.status'),
              t('indicator.evidence'),
            ]}
          >
            {data.history.map((h) => (
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
                  <span lang="pt-BR">{h.evidence}</span>
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

      {data.pendingOrReturned.length ? (
        <section aria-labelledby="mine" className="stack">
          <h2 id="mine">{t('indicator.waiting')}</h2>
          <ul className="stack">
            {data.pendingOrReturned.map((u) => (
              <li key={u.id} className="card">
                <p>
                  <span className={`status-badge status-badge--${u.review}`}>{t(`reviews.${u.review}`)}</span>{' '}
                  · <DateTime iso={u.reference_date} language={i18n.language} dateOnly /> ·{' '}
                  {formatValue(u.value, i18n.language)} {i.unit} · {t(`statuses.${u.status}`)}
                </p>
                {u.review_note ? <p>{t('indicator.returnedBecause', { note: u.review_note })}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.mayReport ? (
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
              label={t('indicator.valueIn', { unit: i.unit })}
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
            <button type="submit">{t('indicator.submit')}</button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
