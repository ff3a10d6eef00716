import { beforeEach, describe, expect, it } from 'vitest'
import { JOB_HANDLERS } from '../../../app/jobs/handlers.server'
import { getJob } from '../../../app/jobs/jobs.server'
import { runNextJob, type JobHandlers } from '../../../app/jobs/runner.server'
import type { DB } from '../../../app/lib/db.server'
import { IMPORT_PREVIEW, importPreviewJob } from '../../../app/registration/import.server'
import {
  action as importAction,
  loader as importLoader,
} from '../../../app/routes/staff.registrations.import'
import { createTestDb, failInsertsWhere, openAnotherConnection, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// The CSV import as background jobs (issue #21): the file lives in the job row, never in the page;
// the check reports progress between chunks; the import is one transaction; the file is deleted
// once nobody needs it; and the whole flow works with plain form posts and page loads (no JavaScript).

let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb({ file: true })
  useAsAppDb(db)
  await openCycle(db)
})

const HEADER = 'full_name,birth_date,nationality,gender,subprefecture,document_type,document_number,consent'
const lines = (n: number, prefix = 'P') =>
  Array.from(
    { length: n },
    (_, i) => `Pessoa ${i},1990-01-01,BO,woman,Sé,passport,${prefix}${100000 + i},sim`,
  )
const csvOf = (rows: string[]) => [HEADER, ...rows].join('\n')

async function post(userId: string, body: FormData | URLSearchParams) {
  return settle(
    importAction(args(await requestAs(db, userId, '/staff/registrations/import', { method: 'POST', body }))),
  )
}

function upload(csv: string) {
  const body = new FormData()
  body.set('intent', 'preview')
  body.set('file', new File([csv], 'lista.csv', { type: 'text/csv' }))
  return body
}

const jobIdOf = (response: Response) =>
  new URL(response.headers.get('Location')!, 'http://x').searchParams.get('job')!

async function page(userId: string, jobId: string) {
  return settle(importLoader(args(await requestAs(db, userId, `/staff/registrations/import?job=${jobId}`))))
}

async function shown(userId: string, jobId: string) {
  const response = await page(userId, jobId)
  expect(response.status).toBe(200)
  return (await response.json()).job
}

const inputOf = async (id: string) =>
  (await db.selectFrom('jobs').select('input').where('id', '=', id).executeTakeFirstOrThrow()).input
const registrations = () => db.selectFrom('voter_registrations').selectAll().execute()

describe('CSV import in the background', () => {
  it('the check reports its progress between chunks, visible to others while it runs', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const id = jobIdOf(await post(staff.id, upload(csvOf(lines(2500)))))
    const other = openAnotherConnection(db) // another server process reading the page
    const seen: { done: number; total: number; status: string }[] = []
    const handlers: JobHandlers = {
      [IMPORT_PREVIEW]: (ctx) =>
        importPreviewJob({
          ...ctx,
          progress: async (done, total) => {
            await ctx.progress(done, total)
            const job = await getJob(other, id)
            seen.push({ done: job!.progressDone, total: job!.progressTotal!, status: job!.status })
          },
        }),
    }
    await runNextJob(db, handlers)
    expect(seen).toEqual([
      { done: 0, total: 2500, status: 'running' },
      { done: 1000, total: 2500, status: 'running' },
      { done: 2000, total: 2500, status: 'running' },
      { done: 2500, total: 2500, status: 'running' },
    ])
    const job = await shown(staff.id, id)
    expect(job).toMatchObject({ status: 'done', progress: { done: 2500, total: 2500 } })
    expect(job.report).toMatchObject({ ok: true, total: 2500, valid: 2500, rejected: [] })
    await other.destroy()
  })

  it('works with plain form posts and page loads (JavaScript off): upload, follow, confirm, follow', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const uploaded = await post(staff.id, upload(csvOf(lines(3))))
    expect(uploaded.status).toBe(302)
    expect(uploaded.headers.get('Location')).toMatch(/^\/staff\/registrations\/import\?job=[a-z2-7]+$/)
    const previewId = jobIdOf(uploaded)
    // What the reloading page shows before the runner has picked the job up.
    expect(await shown(staff.id, previewId)).toMatchObject({
      stage: 'preview',
      status: 'queued',
      report: null,
    })
    await runNextJob(db, JOB_HANDLERS)
    const checked = await shown(staff.id, previewId)
    expect(checked).toMatchObject({ status: 'done', importJobId: null, report: { ok: true, valid: 3 } })

    // The confirm button's form, as a browser without JavaScript sends it.
    const confirmed = await post(staff.id, form({ intent: 'confirm', job: previewId }))
    expect(confirmed.status).toBe(302)
    const importId = jobIdOf(confirmed)
    expect(await shown(staff.id, importId)).toMatchObject({ stage: 'commit', status: 'queued' })
    // A second click (no JavaScript to stop it) leads to the same import, not a second one.
    expect(jobIdOf(await post(staff.id, form({ intent: 'confirm', job: previewId })))).toBe(importId)
    await runNextJob(db, JOB_HANDLERS)
    expect(await runNextJob(db, JOB_HANDLERS)).toBeNull()
    expect(await shown(staff.id, importId)).toMatchObject({
      status: 'done',
      report: { ok: true, valid: 3, imported: 3 },
    })
    expect(await shown(staff.id, previewId)).toMatchObject({ importJobId: importId })
    expect(await registrations()).toHaveLength(3)
  })

  it('the file is deleted from the jobs once they are finished, and an unconfirmed check keeps it only for the import', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const previewId = jobIdOf(await post(staff.id, upload(csvOf(lines(2)))))
    expect(await inputOf(previewId)).toContain('Pessoa 0')
    await runNextJob(db, JOB_HANDLERS)
    expect(await inputOf(previewId)).toContain('Pessoa 0') // waiting for "import"
    const importId = jobIdOf(await post(staff.id, form({ intent: 'confirm', job: previewId })))
    expect(await inputOf(previewId)).toBeNull() // moved, never held twice
    await runNextJob(db, JOB_HANDLERS)
    expect(await inputOf(importId)).toBeNull()
    expect(await db.selectFrom('jobs').select('input').where('input', 'is not', null).execute()).toEqual([])

    // A check with nothing to import does not keep the file at all.
    const useless = jobIdOf(
      await post(staff.id, upload(csvOf(['Sem Consentimento,1990-01-01,BO,woman,Sé,passport,Z1,']))),
    )
    await runNextJob(db, JOB_HANDLERS)
    expect(await inputOf(useless)).toBeNull()
  })

  it('a check whose file has expired cannot be imported', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const previewId = jobIdOf(await post(staff.id, upload(csvOf(lines(1)))))
    await runNextJob(db, JOB_HANDLERS)
    await db.updateTable('jobs').set({ input: null }).where('id', '=', previewId).execute()
    const refused = await post(staff.id, form({ intent: 'confirm', job: previewId }))
    expect(refused.status).toBe(409)
    expect((await refused.json()).fieldErrors).toEqual({ form: 'import_expired' })
    const early = jobIdOf(await post(staff.id, upload(csvOf(lines(1, 'Q')))))
    expect((await post(staff.id, form({ intent: 'confirm', job: early }))).status).toBe(409) // not checked yet
    expect((await post(staff.id, form({ intent: 'confirm', job: 'nope' }))).status).toBe(404)
  })

  it('a failing import ends failed with an error code, writes no row and keeps no file', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const previewId = jobIdOf(await post(staff.id, upload(csvOf(lines(3)))))
    await runNextJob(db, JOB_HANDLERS)
    await failInsertsWhere(db, 'voter_registrations', 'full_name', 'Pessoa 2', 'disk full')
    const importId = jobIdOf(await post(staff.id, form({ intent: 'confirm', job: previewId })))
    await expect(runNextJob(db, JOB_HANDLERS)).rejects.toThrow(/disk full/)
    expect(await shown(staff.id, importId)).toMatchObject({ status: 'failed', error: 'internal_error' })
    expect(await inputOf(importId)).toBeNull()
    expect(await registrations()).toHaveLength(0)
    expect(await db.selectFrom('audit_log').selectAll().execute()).toHaveLength(0)
  })

  it('an import whose cycle closed after the check fails with that reason and writes nothing', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const previewId = jobIdOf(await post(staff.id, upload(csvOf(lines(2)))))
    await runNextJob(db, JOB_HANDLERS)
    const importId = jobIdOf(await post(staff.id, form({ intent: 'confirm', job: previewId })))
    await db.updateTable('census_cycles').set({ is_current: 0 }).execute()
    expect(await runNextJob(db, JOB_HANDLERS)).toMatchObject({ status: 'failed' })
    expect(await shown(staff.id, importId)).toMatchObject({
      status: 'failed',
      error: 'no_open_cycle',
      report: { ok: false, error: 'no_open_cycle' },
    })
    expect(await inputOf(importId)).toBeNull()
    expect(await registrations()).toHaveLength(0)
  })

  it('stays audited: each imported registration is recorded as the confirming person’s action, without personal data', async () => {
    const uploader = await createUser(db, { roles: ['secretariat'] })
    const colleague = await createUser(db, { roles: ['secretariat'] })
    const previewId = jobIdOf(await post(uploader.id, upload(csvOf(lines(2)))))
    await runNextJob(db, JOB_HANDLERS)
    await post(colleague.id, form({ intent: 'confirm', job: previewId }))
    await runNextJob(db, JOB_HANDLERS)
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_user_id', 'after_json']).execute()
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
      ['registration.create.import', colleague.id],
      ['registration.create.import', colleague.id],
    ])
    expect(JSON.stringify(audit)).not.toContain('Pessoa')
  })

  it('only people who may import see import jobs: colleagues do, others are refused, other jobs are not found', async () => {
    const staff = await createUser(db, { roles: ['secretariat'] })
    const colleague = await createUser(db, { roles: ['secretariat'] })
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const resident = await createUser(db)
    const id = jobIdOf(await post(staff.id, upload(csvOf(lines(1)))))
    expect((await page(colleague.id, id)).status).toBe(200)
    expect((await page(commission.id, id)).status).toBe(403)
    expect((await page(resident.id, id)).status).toBe(403)
    expect((await post(resident.id, form({ intent: 'confirm', job: id }))).status).toBe(403)
    await db
      .insertInto('jobs')
      .values({
        id: 'someone-elses-job',
        kind: 'another_kind',
        status: 'done',
        created_by: staff.id,
        input: null,
        progress_done: 0,
        progress_total: null,
        result: '{}',
        error: null,
        attempts: 1,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        claimed_by: null,
        claimed_until: null,
      })
      .execute()
    expect((await page(staff.id, 'someone-elses-job')).status).toBe(404)
    expect((await page(staff.id, 'no-such-job')).status).toBe(404)
    expect((await post(staff.id, form({ intent: 'confirm', job: 'someone-elses-job' }))).status).toBe(404)
  })
})
