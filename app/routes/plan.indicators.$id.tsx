import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { IndicatorHistory, UpdateForm, WaitingUpdates } from '../plan/indicator-view'
import { mayReportOn, postUpdate } from '../plan/monitoring.server'
import { getIndicator } from '../plan/reading.server'
import { UpdateSchema } from '../plan/schemas.server'
import { ProgressCell, formatValue } from '../plan/view'
import { DoneNotice } from '../ui/action-feedback'
import { Localised, useLocalisedLabel } from '../ui/localised'
import { DateTime } from '../ui/time'

export const handle = {
  i18n: ['plan'],
  title: 'plan:indicator.title',
  // A focal point who may report on the indicator keeps the scripts (pending indicators; ADR 038);
  // readers get the page without.
  hydrate: (data: SerializeFrom<typeof loader> | undefined) => Boolean(data?.mayReport),
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'plan.view')
  const db = getDb()
  const actor = toActor(user)
  const seesAll = can(actor, 'plan.review')
  const reporter = user && can(actor, 'plan.reportProgress') ? user : null
  const found = await getIndicator(db, {
    indicatorId: params.id ?? '',
    viewer: reporter ? { userId: reporter.id, seesAll } : null,
  })
  if (!found) throw new Response('Not found', { status: 404 })
  const mayReport = reporter
    ? await mayReportOn(db, {
        userId: reporter.id,
        indicatorId: found.indicator.id,
        canReportForAnyBody: seesAll,
      })
    : false
  return json({ ...found, mayReport })
}

const DONE = ['submitted'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const id = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'plan.reportProgress',
    back: `/plan/indicators/${id}`,
    done: DONE,
    handler: intent({
      permission: 'plan.reportProgress',
      schema: UpdateSchema,
      run: ({ db, user, data }) =>
        postUpdate(db, {
          userId: user.id,
          canReportForAnyBody: can(toActor(user), 'plan.review'),
          indicatorId: id,
          ...data,
        }),
      done: 'submitted',
      suffix: () => '#mine',
    }),
  })
}

export default function PlanIndicator() {
  const { t, i18n } = useTranslation('plan')
  const data = useLoaderData<typeof loader>()
  const i = data.indicator
  const name = useLocalisedLabel()(i.name_i18n).label
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
      <DoneNotice keys={DONE} message={() => t('indicator.submitted')} />
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
      <IndicatorHistory indicator={i} history={data.history} name={name} />
      {data.pendingOrReturned.length ? (
        <WaitingUpdates unit={i.unit} updates={data.pendingOrReturned} />
      ) : null}
      {data.mayReport ? <UpdateForm unit={i.unit} /> : null}
    </div>
  )
}
