import type { CampaignStatus, CampaignTheme } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { isLanguage } from '../i18n/config'
import { originalContent } from '../i18n/content'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { pledgeByYear } from './progress'
import { originsOf } from './reading.server'

// Campaigns against xenophobia and discrimination (the city pledges two a year), their materials
// and the plan actions they serve.

export async function listCampaigns(db: DB) {
  const rows = await db
    .selectFrom('campaigns')
    .selectAll()
    .orderBy('year', 'desc')
    .orderBy('starts_on', 'desc')
    .execute()
  const years = rows.map((r) => r.year)
  return {
    campaigns: rows,
    pledge: rows.length
      ? pledgeByYear(rows, Math.min(...years), Math.max(...years, new Date().getUTCFullYear()))
      : [],
  }
}

export async function getCampaign(db: DB, id: string) {
  const campaign = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst()
  if (!campaign) return null
  const materials = await db
    .selectFrom('campaign_materials')
    .selectAll()
    .where('campaign_id', '=', id)
    .orderBy('label')
    .execute()
  const actions = await db
    .selectFrom('campaign_actions as ca')
    .innerJoin('plan_actions as a', 'a.id', 'ca.action_id')
    .select(['a.id', 'a.code', 'a.title_i18n'])
    .where('ca.campaign_id', '=', id)
    .orderBy('a.code')
    .execute()
  return { campaign, materials, actions, origins: await originsOf(db, { campaignId: id }) }
}

export type NewCampaign = {
  actorUserId: string
  title: string
  summary?: string
  theme: CampaignTheme
  year: number
  languages: string[]
  channels: string[]
  startsOn?: string
  endsOn?: string
  status: CampaignStatus
  actionIds: string[]
}

export async function createCampaign(
  db: DB,
  input: NewCampaign,
): Promise<Result<{ id: string }, 'unknown_action' | 'dates_order'>> {
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) return err('dates_order', 'endsOn')
  const actions = input.actionIds.length
    ? await db.selectFrom('plan_actions').select('id').where('id', 'in', input.actionIds).execute()
    : []
  if (actions.length !== new Set(input.actionIds).size) return err('unknown_action', 'actionIds')
  const id = newId()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('campaigns')
      .values({
        id,
        // Written in Portuguese by the secretariat; translations come through the registry (ADR 027).
        title_i18n: originalContent(input.title),
        summary_i18n: input.summary ? originalContent(input.summary) : null,
        theme: input.theme,
        year: input.year,
        languages: input.languages.join(' '),
        channels: input.channels.join(' '),
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        status: input.status,
        is_demo: 0,
        created_at: nowIso(),
      })
      .execute()
    for (const actionId of new Set(input.actionIds))
      await trx.insertInto('campaign_actions').values({ campaign_id: id, action_id: actionId }).execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'campaign.create',
      entityType: 'campaign',
      entityId: id,
    })
  })
  return ok({ id })
}

export async function setCampaignStatus(
  db: DB,
  input: { actorUserId: string; campaignId: string; status: CampaignStatus },
): Promise<Result<null, 'not_found'>> {
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('campaigns')
      .select('status')
      .where('id', '=', input.campaignId)
      .executeTakeFirst()
    if (!c) return err('not_found')
    await trx
      .updateTable('campaigns')
      .set({ status: input.status })
      .where('id', '=', input.campaignId)
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'campaign.status',
      entityType: 'campaign',
      entityId: input.campaignId,
      before: { status: c.status },
      after: { status: input.status },
    })
    return ok(null)
  })
}

export async function addMaterial(
  db: DB,
  input: { actorUserId: string; campaignId: string; label: string; url: string; language?: string },
): Promise<Result<null, 'not_found'>> {
  const c = await db
    .selectFrom('campaigns')
    .select('id')
    .where('id', '=', input.campaignId)
    .executeTakeFirst()
  if (!c) return err('not_found')
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('campaign_materials')
      .values({
        id: newId(),
        campaign_id: input.campaignId,
        label: input.label,
        // A material in Creole is labelled in Creole: its label's original is the material's language.
        label_i18n: originalContent(
          input.label,
          input.language && isLanguage(input.language) ? input.language : undefined,
        ),
        url: input.url,
        language: input.language ?? null,
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'campaign.material',
      entityType: 'campaign',
      entityId: input.campaignId,
      after: { url: input.url },
    })
  })
  return ok(null)
}

/** The plan actions a campaign serves. */
export async function linkCampaignAction(
  db: DB,
  input: { actorUserId: string; campaignId: string; actionId: string },
): Promise<Result<null, 'not_found' | 'unknown_action' | 'already_linked'>> {
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('campaigns')
      .select('id')
      .where('id', '=', input.campaignId)
      .executeTakeFirst()
    if (!c) return err('not_found')
    const a = await trx
      .selectFrom('plan_actions')
      .select('id')
      .where('id', '=', input.actionId)
      .executeTakeFirst()
    if (!a) return err('unknown_action', 'actionId')
    const existing = await trx
      .selectFrom('campaign_actions')
      .select('action_id')
      .where('campaign_id', '=', input.campaignId)
      .where('action_id', '=', input.actionId)
      .executeTakeFirst()
    if (existing) return err('already_linked', 'actionId')
    await trx
      .insertInto('campaign_actions')
      .values({ campaign_id: input.campaignId, action_id: input.actionId })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'campaign.action',
      entityType: 'campaign',
      entityId: input.campaignId,
      after: { action: input.actionId },
    })
    return ok(null)
  })
}

/** Actions of the plans in force, for staff pickers. */
export async function actionOptions(db: DB) {
  return db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .innerJoin('plan_objectives as o', 'o.id', 'a.objective_id')
    .select(['a.id', 'a.code', 'a.title_i18n'])
    .where('e.status', '=', 'in_force')
    .orderBy('o.position')
    .orderBy('a.position')
    .execute()
}
