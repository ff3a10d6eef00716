import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requirePermission, toActor } from '../auth/guards.server'
import { can } from '../auth/permissions'
import { LANGUAGE_NAMES, isLanguage } from '../i18n/config'
import { getDb } from '../lib/db.server'
import { formAction, intent } from '../lib/form-action.server'
import { CampaignFacts, ManageCampaign } from '../plan/campaign-view'
import {
  actionOptions,
  addMaterial,
  getCampaign,
  linkCampaignAction,
  setCampaignStatus,
} from '../plan/campaigns.server'
import {
  CampaignActionSchema,
  CampaignStatusSchema,
  LinkProposalSchema,
  MaterialSchema,
} from '../plan/schemas.server'
import { linkableProposals, linkProposal } from '../plan/trace.server'
import { ActionLink, DemoNotice, Origins } from '../plan/view'
import { DoneNotice } from '../ui/action-feedback'
import { Localised } from '../ui/localised'

export const handle = {
  i18n: ['plan'],
  title: 'plan:campaign.title',
  // The secretariat's material, action and status forms keep the pending indicators (ADR 038);
  // readers get the page without scripts.
  hydrate: (data: SerializeFrom<typeof loader> | undefined) => Boolean(data?.canManage),
}

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

// 'created' is shown after the secretariat creates the campaign on /staff/plan.
const DONE = ['material', 'status', 'linked', 'created', 'action'] as const
type Done = (typeof DONE)[number]

export async function action(args: ActionFunctionArgs) {
  const id = args.params.id ?? ''
  return formAction<Done>(args, {
    permission: 'plan.manage',
    back: `/plan/campaigns/${id}`,
    done: DONE,
    intents: {
      material: intent({
        permission: 'plan.manage',
        schema: MaterialSchema,
        run: ({ db, user, data }) => addMaterial(db, { actorUserId: user.id, campaignId: id, ...data }),
        done: 'material',
      }),
      action: intent({
        permission: 'plan.manage',
        schema: CampaignActionSchema,
        run: ({ db, user, data }) =>
          linkCampaignAction(db, { actorUserId: user.id, campaignId: id, actionId: data.actionId }),
        done: 'action',
        suffix: () => '#serves',
      }),
      status: intent({
        permission: 'plan.manage',
        schema: CampaignStatusSchema,
        run: ({ db, user, data }) =>
          setCampaignStatus(db, { actorUserId: user.id, campaignId: id, status: data.status }),
        done: 'status',
      }),
      link: intent({
        permission: 'plan.manage',
        schema: LinkProposalSchema,
        run: ({ db, user, data }) =>
          linkProposal(db, {
            actorUserId: user.id,
            proposalId: data.proposalId,
            target: { kind: 'campaign', id },
            note: data.note,
          }),
        done: 'linked',
        suffix: () => '#origins',
      }),
    },
  })
}

export default function CampaignPage() {
  const { t } = useTranslation('plan')
  const data = useLoaderData<typeof loader>()
  const c = data.campaign
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/plan/campaigns">{t('campaigns.title')}</Link>
      </p>
      <Localised as="h1" json={c.title_i18n} />
      <DemoNotice isDemo={c.is_demo} />
      <DoneNotice keys={DONE} message={(done) => t(`campaign.done.${done}`)} />
      {c.summary_i18n ? <Localised as="p" json={c.summary_i18n} /> : null}
      <CampaignFacts campaign={c} />

      <section aria-labelledby="materials">
        <h2 id="materials">{t('campaign.materials')}</h2>
        {data.materials.length === 0 ? <p>{t('campaign.noMaterials')}</p> : null}
        <ul>
          {data.materials.map((m) => (
            <li key={m.id}>
              <a href={m.url} rel="noopener noreferrer nofollow" hrefLang={m.language ?? undefined}>
                <Localised json={m.label_i18n} />
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
        <ManageCampaign status={c.status} actionChoices={data.actionChoices} proposals={data.proposals} />
      ) : null}
    </div>
  )
}
