import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { getAction } from '../plan/reading.server'
import { LinkProposalSchema } from '../plan/schemas.server'
import { linkableProposals, linkProposal } from '../plan/trace.server'
import { AxisLabel, DemoNotice, IndicatorStatus, Origins, ProgressCell, formatValue } from '../plan/view'
import { DoneNotice, SubmitButton, useActionFailure } from '../ui/action-feedback'
import { SelectField, TextField } from '../ui/form'
import { Localised, isolate, useLocalisedLabel } from '../ui/localised'
import { DateTime } from '../ui/time'
import { TableRegion } from '../ui/table'
import { Arrow } from '../ui/icons'

export const handle = {
  i18n: ['plan', 'reference', 'consultations'],
  title: 'plan:action.title',
  // The secretariat's linking forms keep the pending indicators (ADR 038); readers get no scripts.
  hydrate: (data: SerializeFrom<typeof loader> | undefined) => Boolean(data?.canManage),
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'plan.view')
  const db = getDb()
  const found = await getAction(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const canManage = can(toActor(user), 'plan.manage')
  return json({ ...found, canManage, proposals: canManage ? await linkableProposals(db) : [] })
}

const DONE = ['linked'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const id = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'plan.manage',
    back: `/plan/actions/${id}`,
    done: DONE,
    handler: intent({
      permission: 'plan.manage',
      schema: LinkProposalSchema,
      run: ({ db, user, data }) =>
        linkProposal(db, {
          actorUserId: user.id,
          proposalId: data.proposalId,
          target: { kind: 'action', id },
          note: data.note,
        }),
      done: 'linked',
      suffix: () => '#origins',
    }),
  })
}

export default function PlanAction() {
  const { t, i18n } = useTranslation(['plan', 'reference'])
  const label = useLocalisedLabel()
  const data = useLoaderData<typeof loader>()
  const failed = useActionFailure()()
  const a = data.action
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/plan?edition=${a.edition_id}`}>{t('dashboard.title')}</Link> <Arrow kind="next" />{' '}
        <Link to={`/plan/actions?edition=${a.edition_id}&axis=${a.axis_code}`}>
          <AxisLabel code={a.axis_code} />
        </Link>
      </p>
      <h1>
        {t('action.heading', { code: a.code })} <Localised json={a.title_i18n} />
      </h1>
      <DemoNotice isDemo={a.is_demo} />
      <DoneNotice keys={DONE} message={() => t('action.linked')} />
      {a.description_i18n ? <Localised as="p" json={a.description_i18n} /> : null}
      <dl className="summary-list">
        <dt>{t('dashboard.axis')}</dt>
        <dd>
          <AxisLabel code={a.axis_code} />
        </dd>
        <dt>{t('action.objective')}</dt>
        <dd>
          {a.objective_code} — <Localised json={a.objective_title_i18n} />
        </dd>
        <dt>{t('action.bodies')}</dt>
        <dd>
          {data.bodies.map((b, i) => (
            <span key={b.id}>
              {i ? ', ' : ''}
              <abbr title={label(b.name_i18n).label}>{b.code}</abbr>
              {b.lead ? ` (${t('action.lead')})` : ''}
            </span>
          ))}
        </dd>
        {a.sdg_targets ? (
          <>
            <dt>{t('action.sdg')}</dt>
            <dd>{a.sdg_targets.split(' ').join(', ')}</dd>
          </>
        ) : null}
        {a.dimension_code ? (
          <>
            <dt>{t('action.dimension')}</dt>
            <dd>{t(`reference:dimensions.${a.dimension_code}`)}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="indicators">
        <h2 id="indicators">{t('action.indicators')}</h2>
        <TableRegion
          labelledBy="indicators"
          headers={[
            t('indicator.name'),
            t('indicator.baseline'),
            t('indicator.target'),
            t('indicator.latest'),
            t('actions.status'),
            t('dashboard.progress'),
          ]}
        >
          {data.indicators.map((i) => (
            <tr key={i.id}>
              <th scope="row">
                <Link to={`/plan/indicators/${i.id}`}>
                  {i.code} — <Localised json={i.name_i18n} />
                </Link>
              </th>
              <td>
                {formatValue(i.baseline, i18n.language)} {i.unit}
              </td>
              <td>
                {formatValue(i.target, i18n.language)} {i.unit}
                {i.deadline ? (
                  <>
                    {' '}
                    ({t('indicator.by')} <DateTime iso={i.deadline} language={i18n.language} dateOnly />)
                  </>
                ) : null}
              </td>
              <td>
                {i.latest ? (
                  <>
                    {formatValue(i.latest.value, i18n.language)} {i.unit} (
                    <DateTime iso={i.latest.reference_date} language={i18n.language} dateOnly />)
                  </>
                ) : (
                  t('noData')
                )}
              </td>
              <td>
                <IndicatorStatus status={i.latest?.status ?? null} />
              </td>
              <td className="bar-cell">
                <ProgressCell progress={i.progress} />
              </td>
            </tr>
          ))}
        </TableRegion>
      </section>

      {data.campaigns.length ? (
        <section aria-labelledby="campaigns">
          <h2 id="campaigns">{t('action.campaigns')}</h2>
          <ul>
            {data.campaigns.map((c) => (
              <li key={c.id}>
                <Link to={`/plan/campaigns/${c.id}`}>
                  <Localised json={c.title_i18n} />
                </Link>{' '}
                ({c.year}, {t(`campaignStatuses.${c.status}`)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="origins" className="stack">
        <h2 id="origins">{t('trace.cameFrom')}</h2>
        <Origins origins={data.origins} />
        {data.canManage ? (
          <Form method="post" className="stack card">
            <SelectField
              name="proposalId"
              label={t('action.linkProposal')}
              hint={t('action.linkProposalHint')}
              error={failed?.fieldErrors.proposalId ?? failed?.fieldErrors.form}
              defaultValue={failed?.values.proposalId ?? ''}
              options={[
                { value: '', label: t('actions.choose') },
                ...data.proposals.map((p) => ({
                  value: p.id,
                  label: `${isolate(p.title)} (${label(p.edition_title_i18n).label})`,
                })),
              ]}
            />
            <TextField
              name="note"
              label={t('action.linkNote')}
              defaultValue={failed?.values.note}
              error={failed?.fieldErrors.note}
            />
            <SubmitButton className="secondary">{t('action.link')}</SubmitButton>
          </Form>
        ) : null}
      </section>
    </div>
  )
}
