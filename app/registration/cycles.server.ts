import type { Transaction } from 'kysely'
import type { CensusCycle, Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { bumpDataVersion } from '../lib/snapshots.server'
import { deleteUpload } from '../lib/uploads.server'

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

// ---------- closing a cycle, opening the next, purging the closed one (issue #17) ----------

const DAY_MS = 86_400_000
/** Identity data of a closed cycle is kept this long after closing unless the cycle says otherwise. */
export const DEFAULT_IDENTITY_RETENTION_DAYS = 365

/** When the identity data of a closed cycle is due to be purged (null while the cycle is open). */
export function purgeDueAt(cycle: {
  closed_at: string | null
  identity_retention_days: number
}): string | null {
  if (!cycle.closed_at) return null
  return new Date(Date.parse(cycle.closed_at) + cycle.identity_retention_days * DAY_MS).toISOString()
}

/** Registrations of a closed cycle are read-only: every write to one asks this first. */
export async function cycleOfRegistrationIsOpen(
  db: DB | Transaction<Database>,
  registrationId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('census_cycles as c', 'c.id', 'r.cycle_id')
    .select('c.closed_at')
    .where('r.id', '=', registrationId)
    .executeTakeFirst()
  return !row || row.closed_at === null
}

/** Every cycle, newest first, with its elections and when its identity data goes (staff page). */
export async function listCycles(db: DB) {
  const cycles = await db.selectFrom('census_cycles').selectAll().orderBy('created_at', 'desc').execute()
  const elections = await db
    .selectFrom('elections')
    .select(['id', 'cycle_id', 'title_i18n', 'phase'])
    .execute()
  const counts = await db
    .selectFrom('voter_registrations')
    .select(['cycle_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('cycle_id')
    .execute()
  return cycles.map((c) => ({
    ...c,
    registrations: Number(counts.find((r) => r.cycle_id === c.id)?.n ?? 0),
    purgeDueAt: purgeDueAt(c),
    elections: elections.filter((e) => e.cycle_id === c.id),
    /** Elections of the cycle still before their official result hold the purge. */
    pendingElections: elections.filter((e) => e.cycle_id === c.id && e.phase !== 'official_result').length,
  }))
}

export type NextCycleInput = CycleInput & {
  identityRetentionDays: number
  /** The cycle the person saw as current: a second click (or a colleague's) closes nothing more. */
  closingCycleId: string
}

/**
 * The secretariat closes the current cycle and opens the next with new rules (election day,
 * ages, proof, retention). The closed cycle's registrations become read-only; its elections keep
 * their frozen roll. Names the cycle being closed and is guarded by `is_current`, so two clicks at
 * once open one cycle.
 */
export async function closeCycleAndOpenNext(
  db: DB,
  input: NextCycleInput & { actorUserId: string; now?: Date },
): Promise<Result<CensusCycle, 'no_open_cycle' | 'cycle_changed'>> {
  const at = (input.now ?? new Date()).toISOString()
  return db.transaction().execute(async (trx) => {
    const current = await getCurrentCycle(trx)
    if (!current) return err('no_open_cycle')
    if (current.id !== input.closingCycleId) return err('cycle_changed')
    const closed = await trx
      .updateTable('census_cycles')
      .set({ is_current: 0, closed_at: at })
      .where('id', '=', current.id)
      .where('is_current', '=', 1)
      .executeTakeFirst()
    if (Number(closed.numUpdatedRows) !== 1) return err('cycle_changed')
    const id = newId()
    await trx
      .insertInto('census_cycles')
      .values({
        id,
        name: input.name,
        election_day: input.electionDay,
        min_voter_age: input.minVoterAge,
        min_candidate_age: input.minCandidateAge,
        proof_of_residence_required: input.proofOfResidenceRequired ? 1 : 0,
        document_retention_days: input.documentRetentionDays,
        identity_retention_days: input.identityRetentionDays,
        is_current: 1,
        created_at: at,
      })
      .execute()
    await bumpDataVersion(trx, 'census')
    const next = await trx
      .selectFrom('census_cycles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'census.cycle.close',
      entityType: 'census_cycle',
      entityId: current.id,
      before: { is_current: 1 },
      after: { closed_at: at, purge_due_at: purgeDueAt({ ...current, closed_at: at }), next: id },
    })
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: 'census.cycle.open',
      entityType: 'census_cycle',
      entityId: id,
      after: next,
    })
    return ok(next)
  })
}

export type PurgeError =
  'not_found' | 'not_closed' | 'retention_not_over' | 'elections_pending' | 'already_purged'

/**
 * Purges the identity data of a closed cycle once its retention after closing has passed: names,
 * document numbers, contacts, birth dates, the link to an account, messages and document files.
 * What the published results and the statistics need stays: the registration's id and protocol,
 * status, subprefecture, nationalities, gender and language; voter rolls, participation, ballots
 * and results are untouched (they hold no identity). Refused while any election of the cycle is
 * still before its official result. Files are deleted after the commit (a retried transaction
 * must not have deleted them already).
 */
export async function purgeCycleIdentity(
  db: DB,
  input: { cycleId: string; actorUserId: string | null; now?: Date },
): Promise<Result<{ registrations: number; files: number }, PurgeError>> {
  const now = input.now ?? new Date()
  const at = now.toISOString()
  const done = await db.transaction().execute(async (trx) => {
    const cycle = await trx
      .selectFrom('census_cycles')
      .selectAll()
      .where('id', '=', input.cycleId)
      .executeTakeFirst()
    if (!cycle) return err('not_found')
    if (cycle.identity_purged_at) return err('already_purged')
    const due = purgeDueAt(cycle)
    if (!due || cycle.is_current === 1) return err('not_closed')
    if (due > at) return err('retention_not_over')
    const pending = await trx
      .selectFrom('elections')
      .select('id')
      .where('cycle_id', '=', cycle.id)
      .where('phase', '!=', 'official_result')
      .execute()
    if (pending.length > 0) return err('elections_pending')
    // Guarded: of two runs at once, one purges.
    const marked = await trx
      .updateTable('census_cycles')
      .set({ identity_purged_at: at })
      .where('id', '=', cycle.id)
      .where('identity_purged_at', 'is', null)
      .executeTakeFirst()
    if (Number(marked.numUpdatedRows) !== 1) return err('already_purged')
    const ids = (
      await trx.selectFrom('voter_registrations').select('id').where('cycle_id', '=', cycle.id).execute()
    ).map((r) => r.id)
    const files: string[] = []
    for (const id of ids) {
      files.push(
        ...(
          await trx
            .selectFrom('registration_documents')
            .select('storage_key')
            .where('registration_id', '=', id)
            .where('deleted_at', 'is', null)
            .execute()
        ).map((d) => d.storage_key),
      )
      await trx.deleteFrom('registration_documents').where('registration_id', '=', id).execute()
      await trx.deleteFrom('registration_messages').where('registration_id', '=', id).execute()
      await trx.deleteFrom('registration_claim_codes').where('registration_id', '=', id).execute()
      await trx
        .updateTable('voter_registrations')
        .set({
          full_name: '—',
          social_name: null,
          birth_date: null,
          phone: null,
          email: null,
          user_id: null,
          decision_note: null,
          document_number: `PURGED${id}`,
          duplicate_key: `purged|${id}`,
          updated_at: at,
        })
        .where('id', '=', id)
        .execute()
    }
    await bumpDataVersion(trx, 'census')
    await appendAudit(
      trx,
      {
        actorUserId: input.actorUserId,
        action: 'census.cycle.purge',
        entityType: 'census_cycle',
        entityId: cycle.id,
        after: { registrations: ids.length, files: files.length },
      },
      now,
    )
    return ok({ registrations: ids.length, files })
  })
  if (!done.ok) return done
  for (const key of done.value.files) await deleteUpload(key)
  return ok({ registrations: done.value.registrations, files: done.value.files.length })
}

/** The retention run's part: purges every closed cycle whose time has come (and may be purged). */
export async function purgeDueCycles(db: DB, now: Date = new Date()): Promise<number> {
  const closed = await db
    .selectFrom('census_cycles')
    .select('id')
    .where('closed_at', 'is not', null)
    .where('identity_purged_at', 'is', null)
    .execute()
  let purged = 0
  for (const { id } of closed) {
    const result = await purgeCycleIdentity(db, { cycleId: id, actorUserId: null, now })
    if (result.ok) purged += 1
  }
  return purged
}
