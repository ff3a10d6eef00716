import type { Transaction } from 'kysely'
import type { CensusCycle, Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { ok, type Result } from '../lib/result'
import { bumpDataVersion } from '../lib/snapshots.server'

// Census cycles: the eligibility rules of one election (election day, ages, proof of residence,
// how long document images are kept), set by the electoral commission. One cycle is current.

export async function getCurrentCycle(db: DB | Transaction<Database>): Promise<CensusCycle | null> {
  return (
    (await db
      .selectFrom('census_cycles')
      .selectAll()
      .where('is_current', '=', 1)
      .orderBy('created_at', 'desc')
      .executeTakeFirst()) ?? null
  )
}

/** What the public pages say about the current cycle. */
export type CycleSummary = {
  name: string
  electionDay: string
  minVoterAge: number
  proofRequired: boolean
}

export function cycleSummary(cycle: CensusCycle | null): CycleSummary | null {
  return cycle
    ? {
        name: cycle.name,
        electionDay: cycle.election_day,
        minVoterAge: cycle.min_voter_age,
        proofRequired: cycle.proof_of_residence_required === 1,
      }
    : null
}

export type CycleInput = {
  name: string
  electionDay: string
  minVoterAge: number
  minCandidateAge: number
  proofOfResidenceRequired: boolean
  documentRetentionDays: number
}

/** Creates the current cycle or changes its rules; audited with the rules before and after. */
export async function saveCurrentCycle(
  db: DB,
  input: CycleInput & { actorUserId: string },
): Promise<Result<CensusCycle, never>> {
  return db.transaction().execute(async (trx) => {
    const before = await getCurrentCycle(trx)
    const values = {
      name: input.name,
      election_day: input.electionDay,
      min_voter_age: input.minVoterAge,
      min_candidate_age: input.minCandidateAge,
      proof_of_residence_required: input.proofOfResidenceRequired ? 1 : 0,
      document_retention_days: input.documentRetentionDays,
    }
    let id = before?.id
    if (before) await trx.updateTable('census_cycles').set(values).where('id', '=', before.id).execute()
    else {
      id = newId()
      await trx
        .insertInto('census_cycles')
        .values({ id, ...values, is_current: 1, created_at: nowIso() })
        .execute()
    }
    await bumpDataVersion(trx, 'census')
    const after = await trx
      .selectFrom('census_cycles')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'census.cycle.save',
      entityType: 'census_cycle',
      entityId: id!,
      before,
      after,
    })
    return ok(after)
  })
}
