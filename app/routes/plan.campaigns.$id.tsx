import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CAMPAIGN_STATUSES } from '../../db/schema'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { Localised } from '../ui/localised'
import { LANGUAGE_NAMES, LANGUAGES, isLanguage, pickText } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { failure, parseForm, type FormFailure } from '../lib/forms'
import { readForm } from '../lib/request.server'
import {
  actionOptions,
  addMaterial,
  getCampaign,
  linkableProposals,
  linkCampaignAction,
  linkProposal,
  setCampaignStatus,
} from '../plan/plan.server'
import {
  CampaignActionSchema,
  CampaignStatusSchema,
  LinkProposalSchema,
  MaterialSchema,
} from '../plan/schemas.server'
import { ActionLink, DemoNotice, Origins } from '../plan/view'
import { SelectField, TextField } from '../ui/form'
import { DateTime } from '../ui/time'

export const handle = { i18n: ['plan'], title: 'plan:campaign.title' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'plan.view')
  const db = getDb()
  const found = await getCampaign(db, params.id ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const canManage = can(toActor(user), 'plan.manage')
  return json({
    ...found,
    canManage,
    proposals: canManage ? await linkableProposals(db) : [],
    actionChoices: canManage ? await actionOptions(db) : [],
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = (await requirePermission(request, 'plan.manage'))!
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '')
  const id = params.id ?? ''
  const db = getDb()
  const fail = (f: FormFailure, status = 400) => json({ ...f, intent }, { status })
  if (intent === 'material') {
    const parsed = parseForm(MaterialSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await addMaterial(db, { actorUserId: user.id, campaignId: id, ...parsed.data })
    return result.ok
      ? redirect(`/plan/campaigns/${id}?done=material`)
      : fail(failure({ form: result.error }, formData), 404)
  }
  if (intent === 'action') {
    const parsed = parseForm(CampaignActionSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await linkCampaignAction(db, {
      actorUserId: user.id,
      campaignId: id,
      actionId: parsed.data.actionId,
    })
    return result.ok
      ? redirect(`/plan/campaigns/${id}?done=action#serves`)
      : fail(
          failure({ [result.field ?? 'form']: result.error }, formData),
          result.error === 'not_found' ? 404 : 409,
        )
  }
  if (intent === 'status') {
    const parsed = parseForm(CampaignStatusSchema, formData)
    if (!parsed.ok) return fail(parsed)
    const result = await setCampaignStatus(db, {
      actorUserId: user.id,
      campaignId: id,
      status: parsed.data.status,
    })
    return result.ok
      ? redirect(`/plan/campaigns/${id}?done=status`)
      : fail(failure({ form: result.error }, formData), 404)
  }
  const parsed = parseForm(LinkProposalSchema, formData)
  if (!parsed.ok) return fail(parsed)
  const result = await linkProposal(db, {
    actorUserId: user.id,
    proposalId: parsed.data.proposalId,
    target: { kind: 'campaign', id },
    note: parsed.data.note,
  })
  return result.ok
    ? redirect(`/plan/campaigns/${id}?done=linked#origins`)
    : fail(failure({ [result.field ?? 'form']: result.error }, formData), 409)
}

export default function CampaignPage() {
  const { t, i18n } = useTranslation('plan')
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const c = data.campaign
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.fieldErrors : undefined)
  const done = params.get('done')
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/plan/campaigns">{t('campaigns.title')}</Link>
      </p>
      <Localised as="h1" json={c.title_i18n} />
      <DemoNotice isDemo={c.is_demo} />
      {done ? (
        <p className="notice notice--ok" role="status">
          {t(`campaign.done.${done}`)}
        </p>
      ) : null}
      {c.summary_i18n ? <Localised as="p" json={c.summary_i18n} /> : null}
      <dl className="summary-list">
        <dt>{t('campaign.theme')}</dt>
        <dd>{t(`themes.${c.theme}`)}</dd>
        <dt>{t('pledge.year')}</dt>
        <dd>{c.year}</dd>
        <dt>{t('actions.status')}</dt>
        <dd>
          <span className={`status-badge status-badge--${c.status}`}>
            {t(`campaignStatuses.${c.status}`)}
          </span>
        </dd>
        {c.starts_on ? (
          <>
            <dt>{t('campaign.period')}</dt>
            <dd>
              <DateTime iso={c.starts_on} language={i18n.language} dateOnly />
              {c.ends_on ? (
                <>
                  {' '}
                  – <DateTime iso={c.ends_on} language={i18n.language} dateOnly />
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>{t('campaign.languages')}</dt>
        <dd>
          {c.languages
            .split(' ')
            .filter(Boolean)
            .map((l, i) => (
              <span key={l}>
                {i ? ', ' : ''}
                <span lang={l}>{isLanguage(l) ? LANGUAGE_NAMES[l] : l}</span>
              </span>
            ))}
        </dd>
        <dt>{t('campaign.channels')}</dt>
        <dd>
          {c.channels
            .split(' ')
            .filter(Boolean)
            .map((ch) => t(`channels.${ch}`, { defaultValue: ch }))
            .join(', ')}
        </dd>
      </dl>

      <section aria-labelledby="materials">
        <h2 id="materials">{t('campaign.materials')}</h2>
        {data.materials.length === 0 ? <p>{t('campaign.noMaterials')}</p> : null}
        <ul>
          {data.materials.map((m) => (
            <li key={m.id}>
              <a href={m.url} rel="noopener noreferrer nofollow" lang={m.language ?? undefined}>
                {m.label}
              </a>
              {m.language && isLanguage(m.language) ? ` (${LANGUAGE_NAMES[m.language]})` : ''}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="serves">
        <h2 id="serves">{t('campaign.serves')}</h2>
        <ul>
          {data.actions.map((a) => (
            <li key={a.id}>
              <ActionLink action={a} />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="origins" className="stack">
        <h2 id="origins">{t('trace.cameFrom')}</h2>
        <Origins origins={data.origins} />
      </section>

      {data.canManage ? (
        <section aria-labelledby="manage-campaign" className="stack card">
          <h2 id="manage-campaign">{t('campaign.manage')}</h2>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="status" />
            <SelectField
              name="status"
              label={t('actions.status')}
              defaultValue={c.status}
              error={errorsFor('status')?.status}
              options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaignStatuses.${s}`) }))}
            />
            <button type="submit" className="secondary">
              {t('campaign.saveStatus')}
            </button>
          </Form>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="material" />
            <TextField
              name="label"
              label={t('campaign.materialLabel')}
              defaultValue={actionData?.intent === 'material' ? actionData.values.label : undefined}
              error={errorsFor('material')?.label}
            />
            <TextField
              name="url"
              type="url"
              label={t('campaign.materialUrl')}
              defaultValue={actionData?.intent === 'material' ? actionData.values.url : undefined}
              error={errorsFor('material')?.url}
            />
            <SelectField
              name="language"
              label={t('campaign.materialLanguage')}
              defaultValue=""
              options={[
                { value: '', label: t('actions.any') },
                ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l })),
              ]}
            />
            <button type="submit" className="secondary">
              {t('campaign.addMaterial')}
            </button>
          </Form>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="action" />
            <SelectField
              name="actionId"
              label={t('campaign.serveAction')}
              error={errorsFor('action')?.actionId}
              defaultValue=""
              options={[
                { value: '', label: t('actions.choose') },
                ...data.actionChoices.map((a) => ({
                  value: a.id,
                  label: `${a.code} — ${pickText(a.title_i18n, i18n.language).text}`,
                })),
              ]}
            />
            <button type="submit" className="secondary">
              {t('campaign.addAction')}
            </button>
          </Form>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="link" />
            <SelectField
              name="proposalId"
              label={t('action.linkProposal')}
              error={errorsFor('link')?.proposalId ?? errorsFor('link')?.form}
              defaultValue=""
              options={[
                { value: '', label: t('actions.choose') },
                ...data.proposals.map((p) => ({
                  value: p.id,
                  label: `${p.title} (${pickText(p.edition_title_i18n, i18n.language).text})`,
                })),
              ]}
            />
            <TextField name="note" label={t('action.linkNote')} />
            <button type="submit" className="secondary">
              {t('action.link')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
