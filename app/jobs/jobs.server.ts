import type { ExpressionBuilder, Transaction } from 'kysely'
import type { Database, JobStatus } from '../../db/schema'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'

// Work too long for one request (checking and importing a 20,000-line CSV) runs in the background:
// the request enqueues a job, a runner (runner.server.ts) claims and runs it, and the page follows
// its progress from the row. Claims work like the outbox's (app/mail/outbox.server.ts): a guarded
// UPDATE takes a job, so several server processes — or machines — polling at once never run one
// job twice, and the claim of a process that died expires so another runs the job again. Every
// later write of the runner names its claim (`claimed_by`): a runner whose claim was taken over
// cannot overwrite the result of the one that took it.

type Db = DB | Transaction<Database>

/** How long a claim holds without news; progress renews it. */
export const CLAIM_MS = 10 * 60_000
/** A job whose process keeps dying (say, out of memory) is failed instead of retried forever. */
export const MAX_ATTEMPTS = 3

export type ClaimedJob = {
  id: string
  kind: string
  createdBy: string | null
  input: string | null
  attempts: number
  /** The claim token: every write of the runner that holds the job names it. */
  claim: string
}

export type JobView = {
  id: string
  kind: string
  status: JobStatus
  createdBy: string | null
  progressDone: number
  progressTotal: number | null
  result: unknown
  error: string | null
  createdAt: string
  updatedAt: string
}

/** Raised by a runner's write when its claim was taken over: the runner stops and leaves the job alone. */
export class ClaimLostError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId}: claim lost`)
  }
}

export async function enqueueJob(
  db: Db,
  input: { kind: string; createdBy: string | null; input?: string | null; id?: string },
): Promise<string> {
  const id = input.id ?? newId()
  const at = nowIso()
  await db
    .insertInto('jobs')
    .values({
      id,
      kind: input.kind,
      status: 'queued',
      created_by: input.createdBy,
      input: input.input ?? null,
      progress_done: 0,
      attempts: 0,
      created_at: at,
      updated_at: at,
    })
    .execute()
  return id
}

/** Queued, or running under a claim that has expired. */
const claimable = (eb: ExpressionBuilder<Database, 'jobs'>, now: string) =>
  eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('claimed_until', '<', now)])])

/** Takes the oldest claimable job of these kinds, or null when there is none (or others took them). */
export async function claimJob(db: DB, input: { kinds: string[]; now?: Date }): Promise<ClaimedJob | null> {
  if (input.kinds.length === 0) return null
  const now = input.now ?? new Date()
  const at = now.toISOString()
  const candidates = await db
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', input.kinds)
    .where((eb) => claimable(eb, at))
    .orderBy('created_at')
    .limit(5)
    .execute()
  for (const { id } of candidates) {
    const claim = newId()
    const taken = await db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        claimed_by: claim,
        claimed_until: new Date(now.getTime() + CLAIM_MS).toISOString(),
        attempts: eb('attempts', '+', 1),
        updated_at: at,
      }))
      .where('id', '=', id)
      .where((eb) => claimable(eb, at))
      .executeTakeFirst()
    if (Number(taken.numUpdatedRows) !== 1) continue // another process has it
    const job = await db
      .selectFrom('jobs')
      .select(['id', 'kind', 'created_by', 'input', 'attempts'])
      .where('id', '=', id)
      .where('claimed_by', '=', claim)
      .executeTakeFirst()
    if (!job) continue
    return {
      id: job.id,
      kind: job.kind,
      createdBy: job.created_by,
      input: job.input,
      attempts: job.attempts,
      claim,
    }
  }
  return null
}

/** Records progress (outside any transaction, so readers see it) and renews the claim. */
export async function reportProgress(
  db: DB,
  input: { id: string; claim: string; done: number; total: number },
): Promise<void> {
  const updated = await db
    .updateTable('jobs')
    .set({
      progress_done: input.done,
      progress_total: input.total,
      claimed_until: new Date(Date.now() + CLAIM_MS).toISOString(),
      updated_at: nowIso(),
    })
    .where('id', '=', input.id)
    .where('claimed_by', '=', input.claim)
    .where('status', '=', 'running')
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== 1) throw new ClaimLostError(input.id)
}

/**
 * Marks the job done with its result. The input is cleared unless the job's result is to be acted
 * on with it later (see `takeJobInput`; `expireJobInputs` clears what is left waiting too long).
 * False when the claim was lost.
 */
export async function finishJob(
  db: Db,
  input: { id: string; claim: string; result: unknown; keepInput?: boolean },
): Promise<boolean> {
  const updated = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'done',
      result: JSON.stringify(input.result ?? null),
      error: null,
      progress_done: eb.fn.coalesce('progress_total', 'progress_done'),
      input: input.keepInput ? eb.ref('input') : null,
      claimed_by: null,
      claimed_until: null,
      updated_at: nowIso(),
    }))
    .where('id', '=', input.id)
    .where('claimed_by', '=', input.claim)
    .where('status', '=', 'running')
    .executeTakeFirst()
  return Number(updated.numUpdatedRows) === 1
}

/** Marks the job failed with an error code (and what is known, e.g. a report); the input is cleared. */
export async function failJob(
  db: Db,
  input: { id: string; claim: string; error: string; result?: unknown },
): Promise<boolean> {
  const updated = await db
    .updateTable('jobs')
    .set({
      status: 'failed',
      error: input.error,
      result: input.result === undefined ? null : JSON.stringify(input.result),
      input: null,
      claimed_by: null,
      claimed_until: null,
      updated_at: nowIso(),
    })
    .where('id', '=', input.id)
    .where('claimed_by', '=', input.claim)
    .where('status', '=', 'running')
    .executeTakeFirst()
  return Number(updated.numUpdatedRows) === 1
}

export async function getJob(db: Db, id: string): Promise<JobView | null> {
  const row = await db
    .selectFrom('jobs')
    .select([
      'id',
      'kind',
      'status',
      'created_by',
      'progress_done',
      'progress_total',
      'result',
      'error',
      'created_at',
      'updated_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    createdBy: row.created_by,
    progressDone: row.progress_done,
    progressTotal: row.progress_total,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * Reads and clears the input a finished job kept for what follows it (a checked CSV waiting for
 * "import"), so the data moves to the next job instead of being held twice. Null when it is gone.
 */
export async function takeJobInput(db: Transaction<Database>, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('jobs')
    .select('input')
    .where('id', '=', id)
    .where('status', '=', 'done')
    .executeTakeFirst()
  if (!row?.input) return null
  await db.updateTable('jobs').set({ input: null, updated_at: nowIso() }).where('id', '=', id).execute()
  return row.input
}

/** Clears inputs kept by finished jobs since before `before` (nobody acted on them). */
export async function expireJobInputs(db: DB, input: { before: Date }): Promise<number> {
  const cleared = await db
    .updateTable('jobs')
    .set({ input: null })
    .where('input', 'is not', null)
    .where('status', 'in', ['done', 'failed'])
    .where('updated_at', '<', input.before.toISOString())
    .executeTakeFirst()
  return Number(cleared.numUpdatedRows)
}
