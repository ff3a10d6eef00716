import { originalLanguage, pickText, textsOnly } from '../i18n/content'
import { toCsv, type CsvStyle } from '../lib/csv'
import type { DB } from '../lib/db.server'
import { listCampaigns } from './campaigns.server'
import { publicEditions } from './plan.server'
import { indicatorsWithLatest } from './reading.server'

// The plan and its campaigns as open data: every indicator of every public edition with its latest
// published value (CSV and JSON), and the campaigns with the pledge they count towards.

/** One row per indicator of every public edition, with its latest published value. */
export async function planOpenData(db: DB) {
  const editions = await publicEditions(db)
  const rows = []
  for (const e of editions) {
    const bodies = await db
      .selectFrom('plan_action_bodies as ab')
      .innerJoin('plan_bodies as b', 'b.id', 'ab.body_id')
      .innerJoin('plan_actions as a', 'a.id', 'ab.action_id')
      .select(['ab.action_id', 'b.code'])
      .where('a.edition_id', '=', e.id)
      .execute()
    const actions = await db
      .selectFrom('plan_actions as a')
      .leftJoin('migracidades_dimensions as d', 'd.id', 'a.migracidades_dimension_id')
      .select(['a.id', 'a.code', 'a.title_i18n', 'a.sdg_targets', 'd.code as dimension'])
      .where('a.edition_id', '=', e.id)
      .execute()
    for (const i of await indicatorsWithLatest(db, e.id)) {
      const a = actions.find((x) => x.id === i.action_id)!
      rows.push({
        edition: e.id,
        edition_years: `${e.starts_year}-${e.ends_year}`,
        demonstration: e.is_demo === 1,
        axis: i.axis_code,
        objective: i.objective_code,
        action: i.action_code,
        action_title: pickText(a.title_i18n, 'pt-BR').text,
        responsible_bodies: bodies
          .filter((b) => b.action_id === a.id)
          .map((b) => b.code)
          .join(' '),
        sdg_targets: a.sdg_targets ?? '',
        migracidades_dimension: a.dimension ?? '',
        indicator: i.code,
        indicator_name: pickText(i.name_i18n, 'pt-BR').text,
        unit: i.unit,
        baseline: i.baseline,
        target: i.target,
        deadline: i.deadline,
        latest_value: i.latest?.value ?? null,
        latest_status: i.latest?.status ?? null,
        latest_reference_date: i.latest?.reference_date ?? null,
        progress: i.progress === null ? null : Math.round(i.progress * 1000) / 1000,
      })
    }
  }
  return rows
}

export async function campaignsOpenData(db: DB) {
  const { campaigns, pledge } = await listCampaigns(db)
  const materials = await db
    .selectFrom('campaign_materials')
    .select(['campaign_id', 'label', 'url', 'language'])
    .execute()
  const actions = await db
    .selectFrom('campaign_actions as ca')
    .innerJoin('plan_actions as a', 'a.id', 'ca.action_id')
    .select(['ca.campaign_id', 'a.code'])
    .execute()
  return {
    version: 1,
    pledge_per_year: pledge,
    campaigns: campaigns.map((c) => ({
      id: c.id,
      title: textsOnly(c.title_i18n),
      original_language: originalLanguage(c.title_i18n),
      summary: c.summary_i18n ? textsOnly(c.summary_i18n) : null,
      summary_original_language: originalLanguage(c.summary_i18n),
      theme: c.theme,
      year: c.year,
      languages: c.languages.split(' ').filter(Boolean),
      channels: c.channels.split(' ').filter(Boolean),
      starts_on: c.starts_on,
      ends_on: c.ends_on,
      status: c.status,
      demonstration: c.is_demo === 1,
      materials: materials.filter((m) => m.campaign_id === c.id).map(({ campaign_id: _c, ...m }) => m),
      actions: actions.filter((a) => a.campaign_id === c.id).map((a) => a.code),
    })),
  }
}

export const PLAN_CSV_COLUMNS = [
  'edition',
  'edition_years',
  'demonstration',
  'axis',
  'objective',
  'action',
  'action_title',
  'responsible_bodies',
  'sdg_targets',
  'migracidades_dimension',
  'indicator',
  'indicator_name',
  'unit',
  'baseline',
  'target',
  'deadline',
  'latest_value',
  'latest_status',
  'latest_reference_date',
  'progress',
] as const

/** planOpenData as CSV: yes/no for booleans, empty cells for missing values. */
export async function planOpenDataCsv(db: DB, style: CsvStyle = 'comma'): Promise<string> {
  const rows = await planOpenData(db)
  return toCsv(
    [...PLAN_CSV_COLUMNS],
    rows.map((r) => PLAN_CSV_COLUMNS.map((h) => (typeof r[h] === 'boolean' ? (r[h] ? 'yes' : 'no') : r[h]))),
    style,
  )
}
