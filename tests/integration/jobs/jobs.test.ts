import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  CLAIM_MS,
  claimJob,
  enqueueJob,
  expireJobInputs,
  finishJob,
  getJob,
  MAX_ATTEMPTS,
} from '../../../app/jobs/jobs.server'
import { runNextJob, type JobHandlers } from '../../../app/jobs/runner.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb, openAnotherConnection } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb({ file: true })
})

const inputOf = async (id: string) =>
  (await db.selectFrom('jobs').select('input').where('id', '=', id).executeTakeFirstOrThrow()).input

describe('background jobs', () => {
  it('a job is claimed once when two runners race for it, and runs once', async () => {
    const user = await createUser(db)
    const id = await enqueueJob(db, { kind: 'test', createdBy: user.id, input: 'x' })
    const other = openAnotherConnection(db)
    const runs: string[] = []
    const handlers: JobHandlers = {
      test: async ({ job }) => {
        runs.push(job.id)
        await new Promise((resolve) => setTimeout(resolve, 5)) // real work takes time
        return { ok: true, value: { n: 1 } }
      },
    }
    const results = await Promise.all([runNextJob(db, handlers), runNextJob(other, handlers)])
    expect(results.filter(Boolean)).toEqual([{ id, kind: 'test', status: 'done' }])
    expect(runs).toEqual([id])
    expect(await getJob(db, id)).toMatchObject({ status: 'done', result: { n: 1 }, error: null })
    expect(await inputOf(id)).toBeNull()

    // And the claim itself, raced directly: one runner gets the job, the other nothing.
    await enqueueJob(db, { kind: 'test', createdBy: null })
    const claims = await Promise.all([
      claimJob(db, { kinds: ['test'] }),
      claimJob(other, { kinds: ['test'] }),
    ])
    expect(claims.filter(Boolean)).toHaveLength(1)
    await other.destroy()
  })

  it('a handler that throws fails the job with an error code (no message), clears its input and tells the caller', async () => {
    const id = await enqueueJob(db, { kind: 'test', createdBy: null, input: 'personal data' })
    const handlers: JobHandlers = {
      test: async () => {
        throw new Error('boom with personal data')
      },
    }
    await expect(runNextJob(db, handlers)).rejects.toThrow(/boom/)
    expect(await getJob(db, id)).toMatchObject({ status: 'failed', error: 'internal_error', result: null })
    expect(await inputOf(id)).toBeNull()
    expect(await runNextJob(db, handlers)).toBeNull() // a failed job is not retried
  })

  it('an expected failure is recorded with its code and what is known', async () => {
    const id = await enqueueJob(db, { kind: 'test', createdBy: null, input: 'x' })
    const run = await runNextJob(db, {
      test: async () => ({ ok: false, error: 'bad_header', detail: { missing: ['a'] } }),
    })
    expect(run).toMatchObject({ status: 'failed' })
    expect(await getJob(db, id)).toMatchObject({
      status: 'failed',
      error: 'bad_header',
      result: { missing: ['a'] },
    })
  })

  it('only kinds with a handler are claimed', async () => {
    await enqueueJob(db, { kind: 'other', createdBy: null })
    expect(await runNextJob(db, { test: async () => ({ ok: true, value: null }) })).toBeNull()
  })

  it('the claim of a runner that died expires; the runner that lost it can no longer finish the job', async () => {
    const id = await enqueueJob(db, { kind: 'test', createdBy: null })
    const first = await claimJob(db, { kinds: ['test'] })
    expect(first?.id).toBe(id)
    expect(await claimJob(db, { kinds: ['test'] })).toBeNull() // held
    const later = new Date(Date.now() + CLAIM_MS + 1000)
    const second = await claimJob(db, { kinds: ['test'], now: later })
    expect(second).toMatchObject({ id, attempts: 2 })
    expect(await finishJob(db, { id, claim: first!.claim, result: 'stale' })).toBe(false)
    expect(await finishJob(db, { id, claim: second!.claim, result: 'fresh' })).toBe(true)
    expect(await getJob(db, id)).toMatchObject({ status: 'done', result: 'fresh' })
  })

  it('a job whose process keeps dying is failed after a few attempts instead of retried forever', async () => {
    const id = await enqueueJob(db, { kind: 'test', createdBy: null, input: 'x' })
    await db
      .updateTable('jobs')
      .set({ status: 'running', attempts: MAX_ATTEMPTS, claimed_until: new Date(0).toISOString() })
      .execute()
    let ran = false
    await runNextJob(db, {
      test: async () => {
        ran = true
        return { ok: true, value: null }
      },
    })
    expect(ran).toBe(false)
    expect(await getJob(db, id)).toMatchObject({ status: 'failed', error: 'too_many_attempts' })
    expect(await inputOf(id)).toBeNull()
  })

  it('an input kept after its job is cleared when nobody used it in time', async () => {
    const id = await enqueueJob(db, { kind: 'test', createdBy: null, input: 'kept' })
    await runNextJob(db, { test: async () => ({ ok: true, value: null, keepInput: true }) })
    expect(await inputOf(id)).toBe('kept')
    expect(await expireJobInputs(db, { before: new Date(Date.now() - 60_000) })).toBe(0)
    expect(await inputOf(id)).toBe('kept')
    expect(await expireJobInputs(db, { before: new Date(Date.now() + 60_000) })).toBe(1)
    expect(await inputOf(id)).toBeNull()
  })

  it('the database refuses a status outside the four known ones', async () => {
    const id = await enqueueJob(db, { kind: 'test', createdBy: null })
    await expect(sql`update jobs set status = 'paused' where id = ${id}`.execute(db)).rejects.toThrow()
  })
})
