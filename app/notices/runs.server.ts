import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { reportReady } from '../consultations/status'
import { enqueueJob } from '../jobs/jobs.server'
import type { JobContext, JobOutcome } from '../jobs/runner.server'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { enqueueMessage } from '../mail/outbox.server'
import { kindOf } from './kinds'
import { chooseChannel, renderNotice, type Notice, type RenderedNotice } from './notify.server'

// Bulk notices about one subject that is not an election roll (issue #18): "a consultation you took
// part in closed". A consultation may have thousands of participants, so the staff request (or the
// time tick) only creates the run and its job, in its own transaction; the job then walks the
// participants in user-id order, BATCH people per short transaction that writes the outbox
// messages, one `notice_run_deliveries` row per person (its primary key refuses a second message to
// anyone, whatever runs twice) and the run's cursor. A runner that dies resumes after the cursor; the
// job's claim keeps two runners from working one run at once, and the key makes it harmless if they
// do. The run's own unique key (template, subject) makes closing twice, or the tick and the
// secretariat at once, create one run. ADR 023 (after ADR 020's election campaigns).

type Db = DB | Transaction<Database>

export const NOTICE_RUN_JOB = 'notices.run'
export const RUN_BATCH = 200

export const RUN_TEMPLATES = ['consultation_closed'] as const
export type RunTemplate = (typeof RUN_TEMPLATES)[number]

/**
 * A consultation closed by its date is told about from the tick only if it closed this recently:
 * a server started after a long stop (or first deployed) does not announce closings of long ago.
 */
export const RECENT_CLOSE_MS = 7 * 24 * 3_600_000

type Recipient = {
  user_id: string
  email: string | null
  phone: string | null
  preferred_language: string
  erased_at: string | null
  channel: 'email' | 'sms' | 'none' | null
}

type Source = {
  /** The next `limit` people after `cursor` (user ids in order), with what decides their message. */
  recipients: (db: DB, subjectId: string, cursor: string | null, limit: number) => Promise<Recipient[]>
  total: (db: DB, subjectId: string) => Promise<number>
  notice: (db: DB, subjectId: string) => Promise<Notice>
}

/**
 * Who took part in a consultation: wrote a contribution or a reply (hidden ones too: they spoke),
 * answered one of its questions, or supported a contribution. Reporting one is not taking part.
 * UNION counts each account once. Erased accounts have no rows left here but their anonymised
 * contributions (user_id null), and the join drops them anyway.
 */
function participants(db: DB, consultationId: string) {
  return db
    .selectFrom('contributions')
    .select('user_id')
    .where('consultation_id', '=', consultationId)
    .where('user_id', 'is not', null)
    .$narrowType<{ user_id: string }>()
    .union(db.selectFrom('question_answers').select('user_id').where('consultation_id', '=', consultationId))
    .union(
      db
        .selectFrom('contribution_supports as s')
        .innerJoin('contributions as c', 'c.id', 's.contribution_id')
        .select('s.user_id')
        .where('c.consultation_id', '=', consultationId),
    )
}

const SOURCES: Record<RunTemplate, Source> = {
  consultation_closed: {
    async recipients(db, consultationId, cursor, limit) {
      let q = db
        .selectFrom(participants(db, consultationId).as('p'))
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .leftJoin('notice_preferences as np', (join) =>
          join.onRef('np.user_id', '=', 'u.id').on('np.kind', '=', kindOf('consultation_closed')),
        )
        .select([
          'u.id as user_id',
          'u.email',
          'u.phone',
          'u.preferred_language',
          'u.erased_at',
          'np.channel',
        ])
      if (cursor !== null) q = q.where('u.id', '>', cursor)
      return (await q.orderBy('u.id').limit(limit).execute()) as Recipient[]
    },
    async total(db, consultationId) {
      const row = await db
        .selectFrom(participants(db, consultationId).as('p'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async notice(db, consultationId) {
      const c = await db
        .selectFrom('consultations')
        .select(['title_i18n', 'status'])
        .where('id', '=', consultationId)
        .executeTakeFirstOrThrow()
      // The report once the secretariat has closed it; a consultation past its date but not yet
      // closed by the secretariat has its page (which says it no longer takes contributions).
      return {
        template: 'consultation_closed',
        params: { title: { i18n: c.title_i18n } },
        link: reportReady(c.status)
          ? `/consultations/${consultationId}/report`
          : `/consultations/${consultationId}`,
      }
    },
  },
}

/**
 * Creates the run and its job once per template and subject; later calls (and concurrent ones) do
 * nothing. Pass the caller's transaction: the run then exists if and only if the event committed.
 */
export async function scheduleNoticeRun(
  trx: Transaction<Database>,
  input: { template: RunTemplate; subjectId: string },
): Promise<{ created: boolean }> {
  const id = newId()
  const inserted = await trx
    .insertInto('notice_runs')
    .values({ id, template: input.template, subject_id: input.subjectId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['template', 'subject_id']).doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return { created: false }
  const jobId = await enqueueJob(trx, { kind: NOTICE_RUN_JOB, createdBy: null, input: id })
  await trx.updateTable('notice_runs').set({ job_id: jobId }).where('id', '=', id).execute()
  return { created: true }
}

/**
 * The phase clock's tick (scripts/server.ts): a consultation whose closing date has passed is closed
 * to contributions even before the secretariat moves it, so its participants are told then. At most
 * 50 consultations per tick, each once (the run's key); the secretariat's move schedules its own.
 */
export async function scheduleClosedConsultations(db: DB, now: Date = new Date()): Promise<number> {
  const at = now.toISOString()
  const due = await db
    .selectFrom('consultations as c')
    .leftJoin('notice_runs as r', (join) =>
      join.onRef('r.subject_id', '=', 'c.id').on('r.template', '=', 'consultation_closed'),
    )
    .select('c.id')
    .where('c.status', 'in', ['open', 'closed', 'answered'])
    .where('c.closes_at', '<=', at)
    .where('c.closes_at', '>', new Date(now.getTime() - RECENT_CLOSE_MS).toISOString())
    .where('r.id', 'is', null)
    .orderBy('c.id')
    .limit(50)
    .execute()
  let created = 0
  for (const c of due) {
    const run = await db
      .transaction()
      .execute((trx) => scheduleNoticeRun(trx, { template: 'consultation_closed', subjectId: c.id }))
    if (run.created) created += 1
  }
  return created
}

/** How often the tick restarts a run whose job failed with an error, before leaving it to an operator. */
export const MAX_RESTARTS = 3
/** A failed job is restarted only after this long: a passing cause (a busy database) has passed. */
export const RESTART_AFTER_MS = 5 * 60_000

/**
 * The tick again: a run whose job failed with an error (a dead process needs nothing: its claim
 * expires and the job runs again) gets a new job that resumes from the cursor, MAX_RESTARTS times
 * at most. Guarded by the job id it replaces, so two servers ticking restart it once.
 */
export async function restartFailedRuns(db: DB, now: Date = new Date()): Promise<number> {
  const failed = await db
    .selectFrom('notice_runs as r')
    .innerJoin('jobs as j', 'j.id', 'r.job_id')
    .select(['r.id', 'r.job_id'])
    .where('r.finished_at', 'is', null)
    .where('r.restarts', '<', MAX_RESTARTS)
    .where('j.status', '=', 'failed')
    .where('j.updated_at', '<=', new Date(now.getTime() - RESTART_AFTER_MS).toISOString())
    .orderBy('r.id')
    .limit(50)
    .execute()
  let restarted = 0
  for (const run of failed) {
    const done = await db.transaction().execute(async (trx) => {
      const jobId = await enqueueJob(trx, { kind: NOTICE_RUN_JOB, createdBy: null, input: run.id })
      const moved = await trx
        .updateTable('notice_runs')
        .set((eb) => ({ job_id: jobId, restarts: eb('restarts', '+', 1) }))
        .where('id', '=', run.id)
        .where('job_id', '=', run.job_id)
        .executeTakeFirst()
      if (Number(moved.numUpdatedRows) !== 1) {
        await trx.deleteFrom('jobs').where('id', '=', jobId).execute()
        return false
      }
      return true
    })
    if (done) restarted += 1
  }
  return restarted
}

/** Where a recipient's message goes, or null (erased, opted out, no contact): as `notify` decides. */
function targetOf(r: Recipient): { to: string; channel: 'email' | 'sms'; language: string } | null {
  if (r.erased_at || r.channel === 'none') return null
  const choice = chooseChannel(r.channel, { email: r.email, phone: r.phone })
  if (choice.channel === 'none') return null
  return { to: choice.to, channel: choice.channel, language: r.preferred_language }
}

/**
 * Sends one batch of a run: at most `limit` people after the cursor, in one short transaction (the
 * reading and the rendering happen before it). Returns how many people it went through (0: done).
 */
export async function sendRunBatch(db: DB, runId: string, limit = RUN_BATCH): Promise<number> {
  const run = await db
    .selectFrom('notice_runs')
    .select(['template', 'subject_id', 'cursor'])
    .where('id', '=', runId)
    .executeTakeFirstOrThrow()
  const source = SOURCES[run.template as RunTemplate]
  const people = await source.recipients(db, run.subject_id, run.cursor, limit)
  if (people.length === 0) return 0
  const notice = await source.notice(db, run.subject_id)
  // One text per language and channel, not one per person.
  const texts = new Map<string, RenderedNotice>()
  const targets: { p: Recipient; target: ReturnType<typeof targetOf>; text: RenderedNotice | null }[] = []
  for (const p of people) {
    const target = targetOf(p)
    let text: RenderedNotice | null = null
    if (target) {
      const key = `${target.language}|${target.channel}`
      text = texts.get(key) ?? (await renderNotice(target.language, target.channel, notice))
      texts.set(key, text)
    }
    targets.push({ p, target, text })
  }
  const last = people[people.length - 1]!.user_id
  await db.transaction().execute(async (trx) => {
    let processed = 0
    for (const { p, target, text } of targets) {
      // The key decides: a person already done (by a runner that died after committing, or by
      // another one at the same time) is skipped.
      const inserted = await trx
        .insertInto('notice_run_deliveries')
        .values({ run_id: runId, user_id: p.user_id, outbox_id: null, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['run_id', 'user_id']).doNothing())
        .executeTakeFirst()
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) continue
      processed += 1
      if (!target || !text) continue
      const outboxId = await enqueueMessage(trx as unknown as DB, {
        to: target.to,
        language: target.language,
        ...text,
      })
      await trx
        .updateTable('notice_run_deliveries')
        .set({ outbox_id: outboxId })
        .where('run_id', '=', runId)
        .where('user_id', '=', p.user_id)
        .execute()
    }
    await trx
      .updateTable('notice_runs')
      .set((eb) => ({ cursor: last, queued: eb('queued', '+', processed) }))
      .where('id', '=', runId)
      .where((eb) => eb.or([eb('cursor', 'is', null), eb('cursor', '<', last)]))
      .execute()
  })
  return people.length
}

/** The job: batches until everyone is done, reporting progress between them (never inside one). */
export async function noticeRunJob(ctx: JobContext): Promise<JobOutcome> {
  const runId = ctx.job.input
  if (!runId) return { ok: false, error: 'no_run' }
  const run = await ctx.db
    .selectFrom('notice_runs')
    .select(['template', 'subject_id'])
    .where('id', '=', runId)
    .executeTakeFirst()
  if (!run || !(RUN_TEMPLATES as readonly string[]).includes(run.template))
    return { ok: false, error: 'no_run' }
  const total = await SOURCES[run.template as RunTemplate].total(ctx.db, run.subject_id)
  await ctx.db.updateTable('notice_runs').set({ total }).where('id', '=', runId).execute()
  for (;;) {
    const n = await sendRunBatch(ctx.db, runId)
    const { queued } = await ctx.db
      .selectFrom('notice_runs')
      .select('queued')
      .where('id', '=', runId)
      .executeTakeFirstOrThrow()
    await ctx.progress(queued, total)
    if (n === 0) break
  }
  await ctx.db.updateTable('notice_runs').set({ finished_at: nowIso() }).where('id', '=', runId).execute()
  return { ok: true, value: { runId } }
}

/** A subject's run and its progress (the consultation's staff page), or undefined before any. */
export async function noticeRunOf(db: Db, input: { template: RunTemplate; subjectId: string }) {
  return db
    .selectFrom('notice_runs')
    .select(['template', 'queued', 'total', 'finished_at'])
    .where('template', '=', input.template)
    .where('subject_id', '=', input.subjectId)
    .executeTakeFirst()
}

/** LGPD export: which bulk notices the person was sent (the messages themselves are in the outbox). */
export async function noticeRunDeliveriesOfUser(db: Db, userId: string) {
  return db
    .selectFrom('notice_run_deliveries as d')
    .innerJoin('notice_runs as r', 'r.id', 'd.run_id')
    .select(['r.template', 'r.subject_id', 'd.outbox_id', 'd.created_at'])
    .where('d.user_id', '=', userId)
    .orderBy('d.created_at')
    .execute()
}

export async function eraseNoticeRunDeliveriesOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('notice_run_deliveries').where('user_id', '=', userId).execute()
}
