import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { getPlanEdition } from './plan.server'
import { indicatorsWithLatest, originsOf } from './reading.server'

// Traceability: what people asked for (approved conference proposals, consultation contributions)
// linked to the actions and campaigns it became, read as one chain per thematic axis.

/** The secretariat records that an approved conference proposal became (part of) an action or campaign. */
export async function linkProposal(
  db: DB,
  input: {
    actorUserId: string
    proposalId: string
    target: { kind: 'action' | 'campaign'; id: string }
    note?: string
  },
): Promise<Result<null, 'not_found' | 'unknown_target' | 'already_linked'>> {
  return db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom('proposals')
      .select('status')
      .where('id', '=', input.proposalId)
      .executeTakeFirst()
    if (!p) return err('not_found', 'proposalId')
    const table = input.target.kind === 'action' ? 'plan_actions' : 'campaigns'
    const target = await trx
      .selectFrom(table)
      .select('id')
      .where('id', '=', input.target.id)
      .executeTakeFirst()
    if (!target) return err('unknown_target')
    const column = input.target.kind === 'action' ? 'action_id' : 'campaign_id'
    const existing = await trx
      .selectFrom('outcome_links')
      .select('id')
      .where('proposal_id', '=', input.proposalId)
      .where(column, '=', input.target.id)
      .executeTakeFirst()
    if (existing) return err('already_linked', 'proposalId')
    await trx
      .insertInto('outcome_links')
      .values({
        id: newId(),
        contribution_id: null,
        proposal_id: input.proposalId,
        action_id: input.target.kind === 'action' ? input.target.id : null,
        campaign_id: input.target.kind === 'campaign' ? input.target.id : null,
        note: input.note ?? null,
        created_by: input.actorUserId,
        created_at: nowIso(),
      })
      .execute()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'plan.link',
      entityType: input.target.kind,
      entityId: input.target.id,
      after: { proposal: input.proposalId },
    })
    return ok(null)
  })
}

/** Approved conference proposals (and motions), for the secretariat to link to actions. */
export async function linkableProposals(db: DB) {
  return db
    .selectFrom('proposals as p')
    .innerJoin('conference_editions as e', 'e.id', 'p.edition_id')
    .select(['p.id', 'p.title', 'e.title_i18n as edition_title_i18n'])
    .where('p.status', 'in', ['approved', 'motion'])
    .orderBy('e.created_at', 'desc')
    .orderBy('p.title')
    .execute()
}

/** What proposals and contributions became, for their own pages. */
export async function outcomesOfProposal(db: DB, proposalId: string) {
  return db
    .selectFrom('outcome_links as l')
    .leftJoin('plan_actions as a', 'a.id', 'l.action_id')
    .leftJoin('campaigns as c', 'c.id', 'l.campaign_id')
    .select([
      'l.action_id',
      'l.campaign_id',
      'l.note',
      'a.code as action_code',
      'a.title_i18n as action_title_i18n',
      'c.title_i18n as campaign_title_i18n',
    ])
    .where('l.proposal_id', '=', proposalId)
    .execute()
}

/** One axis of a plan edition as a chain: origins → objectives → actions → indicators, and campaigns. */
export async function traceAxis(db: DB, input: { editionId: string; axisCode: string }) {
  const { editionId, axisCode } = input
  const axis = await db
    .selectFrom('thematic_axes')
    .select(['id', 'code', 'position'])
    .where('code', '=', axisCode)
    .executeTakeFirst()
  const edition = await getPlanEdition(db, editionId)
  if (!axis || !edition) return null
  const objectives = await db
    .selectFrom('plan_objectives')
    .select(['id', 'code', 'title_i18n'])
    .where('edition_id', '=', editionId)
    .where('thematic_axis_id', '=', axis.id)
    .orderBy('position')
    .execute()
  const indicators = (await indicatorsWithLatest(db, editionId)).filter((i) => i.axis_code === axisCode)
  const actions = objectives.length
    ? await db
        .selectFrom('plan_actions')
        .select(['id', 'code', 'title_i18n', 'objective_id'])
        .where(
          'objective_id',
          'in',
          objectives.map((o) => o.id),
        )
        .orderBy('position')
        .execute()
    : []
  const chain = []
  for (const o of objectives) {
    const own = []
    for (const a of actions.filter((x) => x.objective_id === o.id)) {
      const campaigns = await db
        .selectFrom('campaign_actions as ca')
        .innerJoin('campaigns as c', 'c.id', 'ca.campaign_id')
        .select(['c.id', 'c.title_i18n', 'c.year'])
        .where('ca.action_id', '=', a.id)
        .orderBy('c.year')
        .execute()
      own.push({
        ...a,
        origins: await originsOf(db, { actionId: a.id }),
        indicators: indicators.filter((i) => i.action_id === a.id),
        campaigns,
      })
    }
    chain.push({ ...o, actions: own })
  }
  return { axis, edition, objectives: chain }
}
