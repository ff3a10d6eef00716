import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import type { DB } from '../lib/db.server'
import {
  claimJob,
  ClaimLostError,
  expireJobInputs,
  failJob,
  finishJob,
  MAX_ATTEMPTS,
  reportProgress,
  type ClaimedJob,
} from './jobs.server'

// Runs claimed jobs with the handler registered for their kind (handlers.server.ts). The server's
// primary process polls (`startJobRunner`); tests run a job synchronously with `runNextJob`.

export type JobContext = {
  db: DB
  job: ClaimedJob
  /** Records progress between chunks of work — never inside a transaction — and renews the claim. */
  progress: (done: number, total: number) => Promise<void>
  /**
   * Marks the job done inside the handler's own transaction, so its effects and its completion
   * commit together (a process dying in between cannot leave work done but the job to run again).
   */
  finishWithin: (trx: Transaction<Database>, result: unknown) => Promise<void>
}

/** What a handler returns: a result (kept as JSON), or an error code with what is known so far. */
export type JobOutcome =
  { ok: true; value: unknown; keepInput?: boolean } | { ok: false; error: string; detail?: unknown }

export type JobHandler = (ctx: JobContext) => Promise<JobOutcome>
export type JobHandlers = Record<string, JobHandler>

export type JobRun = { id: string; kind: string; status: 'done' | 'failed' | 'lost' }

/**
 * Runs one claimed job to its end. An unexpected error fails the job ('internal_error', the input
 * cleared) and is thrown on to the caller; a lost claim leaves the job to whoever holds it now.
 */
export async function runClaimedJob(db: DB, handler: JobHandler, job: ClaimedJob): Promise<JobRun> {
  const { id, kind, claim } = job
  if (job.attempts > MAX_ATTEMPTS) {
    await failJob(db, { id, claim, error: 'too_many_attempts' })
    return { id, kind, status: 'failed' }
  }
  let finished = false
  const ctx: JobContext = {
    db,
    job,
    progress: (done, total) => reportProgress(db, { id, claim, done, total }),
    finishWithin: async (trx, result) => {
      if (!(await finishJob(trx, { id, claim, result }))) throw new ClaimLostError(id)
      finished = true
    },
  }
  try {
    const outcome = await handler(ctx)
    if (outcome.ok && finished) return { id, kind, status: 'done' }
    const recorded = outcome.ok
      ? await finishJob(db, { id, claim, result: outcome.value, keepInput: outcome.keepInput })
      : await failJob(db, { id, claim, error: outcome.error, result: outcome.detail })
    if (!recorded) return { id, kind, status: 'lost' }
    return { id, kind, status: outcome.ok ? 'done' : 'failed' }
  } catch (error) {
    if (error instanceof ClaimLostError) return { id, kind, status: 'lost' }
    await failJob(db, { id, claim, error: 'internal_error' })
    throw error
  }
}

/** Claims the oldest job a handler exists for and runs it; null when there is nothing to do. */
export async function runNextJob(db: DB, handlers: JobHandlers): Promise<JobRun | null> {
  const job = await claimJob(db, { kinds: Object.keys(handlers) })
  if (!job) return null
  return runClaimedJob(db, handlers[job.kind]!, job)
}

/** A CSV kept for "import" after its check is cleared if nobody imports it within a day. */
export const KEPT_INPUT_MS = 24 * 60 * 60_000

/**
 * Polls for jobs every `pollMs` and runs them one after another; clears kept inputs that expired
 * every ten minutes. Safe in several processes at once (claims). Returns a function that stops it.
 */
export function startJobRunner(db: DB, handlers: JobHandlers, { pollMs = 1000 } = {}): () => void {
  let busy = false
  const drain = async () => {
    if (busy) return
    busy = true
    try {
      for (;;) {
        const job = await claimJob(db, { kinds: Object.keys(handlers) })
        if (!job) return
        // The job is failed with a code for the page; the operator's log gets the error itself.
        await runClaimedJob(db, handlers[job.kind]!, job).catch((e: unknown) =>
          console.error(`background job ${job.kind} failed:`, e instanceof Error ? e.message : e),
        )
      }
    } catch (e) {
      console.error('background jobs could not be claimed:', e instanceof Error ? e.message : e)
    } finally {
      busy = false
    }
  }
  const expire = () =>
    void expireJobInputs(db, { before: new Date(Date.now() - KEPT_INPUT_MS) }).catch((e: unknown) =>
      console.error('expiring job inputs failed:', e instanceof Error ? e.message : e),
    )
  const polling = setInterval(() => void drain(), pollMs)
  const expiring = setInterval(expire, 10 * 60_000)
  polling.unref()
  expiring.unref()
  void drain()
  expire()
  return () => {
    clearInterval(polling)
    clearInterval(expiring)
  }
}
