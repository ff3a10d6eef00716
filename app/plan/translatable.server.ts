import type { Kysely } from 'kysely'
import type { CampaignStatus, Database, PlanEditionStatus } from '../../db/schema'
import { parseContent } from '../i18n/content'
import {
  REACH,
  type Reach,
  type TranslatableField,
  type TranslatableRow,
  idsIn,
} from '../translations/fields'

// The Municipal Plan's and the campaigns' authored texts (ADR 027: the translation registry).
// Thematic axes are named in locales (they are the plan's fixed structure), so they need no entry.

/**
 * A plan in force is what people follow now; a concluded plan is the archive. A draft edition (an
 * import waiting for the secretariat) is not queued at all: readers cannot see it.
 */
const editionReach = (status: PlanEditionStatus): Reach =>
  status === 'concluded' ? REACH.archive : REACH.current

/** A campaign running now is what people see in the streets; planned ones next; the rest archive. */
export const campaignReach = (status: CampaignStatus): Reach =>
  status === 'running' ? REACH.openNow : status === 'planned' ? REACH.current : REACH.archive

/** Only texts with something written: an empty text has nothing to translate. */
const authored = (row: TranslatableRow) => Object.keys(parseContent(row.stored).texts).length > 0

type DB = Kysely<Database>

async function editionRows(db: DB, ids?: readonly string[]) {
  const q = db
    .selectFrom('plan_editions')
    .select(['id', 'title_i18n as stored', 'status', 'starts_year', 'ends_year'])
    .where('status', '!=', 'draft')
  return (
    await q
      .$if(ids !== undefined, (qb) => qb.where('id', 'in', idsIn(ids ?? [])))
      .orderBy('id')
      .execute()
  ).map((r) => ({
    id: r.id,
    stored: r.stored,
    reach: editionReach(r.status),
    href: `/plan?edition=${r.id}`,
    context: `${r.starts_year}–${r.ends_year}`,
  }))
}

async function objectiveRows(db: DB, ids?: readonly string[]) {
  const q = db
    .selectFrom('plan_objectives as o')
    .innerJoin('plan_editions as e', 'e.id', 'o.edition_id')
    .select(['o.id', 'o.code', 'o.title_i18n as stored', 'e.status', 'e.id as edition_id'])
    .where('e.status', '!=', 'draft')
  return (
    await q
      .$if(ids !== undefined, (qb) => qb.where('o.id', 'in', idsIn(ids ?? [])))
      .orderBy('o.id')
      .execute()
  ).map((r) => ({
    id: r.id,
    stored: r.stored,
    reach: editionReach(r.status),
    href: `/plan?edition=${r.edition_id}`,
    context: r.code,
  }))
}

async function actionRows(db: DB, column: 'title_i18n' | 'description_i18n', ids?: readonly string[]) {
  const q = db
    .selectFrom('plan_actions as a')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .select(['a.id', 'a.code', `a.${column} as stored`, 'e.status'])
    .where('e.status', '!=', 'draft')
  return (
    await q
      .$if(ids !== undefined, (qb) => qb.where('a.id', 'in', idsIn(ids ?? [])))
      .orderBy('a.code')
      .orderBy('a.id')
      .execute()
  )
    .map((r) => ({
      id: r.id,
      stored: r.stored,
      reach: editionReach(r.status),
      href: `/plan/actions/${r.id}`,
      context: r.code,
    }))
    .filter(authored)
}

async function indicatorRows(db: DB, ids?: readonly string[]) {
  const q = db
    .selectFrom('plan_indicators as i')
    .innerJoin('plan_actions as a', 'a.id', 'i.action_id')
    .innerJoin('plan_editions as e', 'e.id', 'a.edition_id')
    .select(['i.id', 'i.code', 'i.name_i18n as stored', 'e.status'])
    .where('e.status', '!=', 'draft')
  return (
    await q
      .$if(ids !== undefined, (qb) => qb.where('i.id', 'in', idsIn(ids ?? [])))
      .orderBy('i.id')
      .execute()
  ).map((r) => ({
    id: r.id,
    stored: r.stored,
    reach: editionReach(r.status),
    href: `/plan/indicators/${r.id}`,
    context: r.code,
  }))
}

async function bodyRows(db: DB, ids?: readonly string[]) {
  // The bodies (secretariats) that carry out actions: named wherever an action is shown.
  const q = db.selectFrom('plan_bodies').select(['id', 'code', 'name_i18n as stored'])
  return (
    await q
      .$if(ids !== undefined, (qb) => qb.where('id', 'in', idsIn(ids ?? [])))
      .orderBy('id')
      .execute()
  ).map((r) => ({
    id: r.id,
    stored: r.stored,
    reach: REACH.current,
    href: '/plan/actions',
    context: r.code,
  }))
}

async function campaignRows(db: DB, column: 'title_i18n' | 'summary_i18n', ids?: readonly string[]) {
  const q = db.selectFrom('campaigns').select(['id', 'year', `${column} as stored`, 'status'])
  return (
    await q
      .$if(ids !== undefined, (qb) => qb.where('id', 'in', idsIn(ids ?? [])))
      .orderBy('id')
      .execute()
  )
    .map((r) => ({
      id: r.id,
      stored: r.stored,
      reach: campaignReach(r.status),
      href: `/plan/campaigns/${r.id}`,
      context: String(r.year),
    }))
    .filter(authored)
}

async function materialRows(db: DB, ids?: readonly string[]) {
  const q = db
    .selectFrom('campaign_materials as m')
    .innerJoin('campaigns as c', 'c.id', 'm.campaign_id')
    .select(['m.id', 'm.campaign_id', 'm.label_i18n as stored', 'm.url', 'c.status'])
  return (
    await q
      .$if(ids !== undefined, (qb) => qb.where('m.id', 'in', idsIn(ids ?? [])))
      .orderBy('m.id')
      .execute()
  )
    .map((r) => ({
      id: r.id,
      stored: r.stored,
      reach: campaignReach(r.status),
      href: `/plan/campaigns/${r.campaign_id}#materials`,
      context: r.url,
    }))
    .filter(authored)
}

const field = (
  kind: string,
  table: TranslatableField['table'],
  column: string,
  multiline: boolean,
  rows: TranslatableField['rows'],
): TranslatableField => ({ kind, table, column, labelKey: `kinds.${kind}`, multiline, rows })

export const planFields: readonly TranslatableField[] = [
  field('plan_edition.title', 'plan_editions', 'title_i18n', false, editionRows),
  field('plan_objective.title', 'plan_objectives', 'title_i18n', true, objectiveRows),
  field('plan_action.title', 'plan_actions', 'title_i18n', true, (db, ids) =>
    actionRows(db, 'title_i18n', ids),
  ),
  field('plan_action.description', 'plan_actions', 'description_i18n', true, (db, ids) =>
    actionRows(db, 'description_i18n', ids),
  ),
  field('plan_indicator.name', 'plan_indicators', 'name_i18n', true, indicatorRows),
  field('plan_body.name', 'plan_bodies', 'name_i18n', false, bodyRows),
  field('campaign.title', 'campaigns', 'title_i18n', false, (db, ids) => campaignRows(db, 'title_i18n', ids)),
  field('campaign.summary', 'campaigns', 'summary_i18n', true, (db, ids) =>
    campaignRows(db, 'summary_i18n', ids),
  ),
  field('campaign_material.label', 'campaign_materials', 'label_i18n', false, materialRows),
]
