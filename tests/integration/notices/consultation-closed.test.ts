import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addQuestion, advanceConsultation } from '../../../app/consultations/authoring.server'
import {
  answerQuestions,
  contribute,
  reportContribution,
  supportContribution,
} from '../../../app/consultations/contributions.server'
import { JOB_HANDLERS } from '../../../app/jobs/handlers.server'
import { claimJob, CLAIM_MS } from '../../../app/jobs/jobs.server'
import { runClaimedJob, runNextJob } from '../../../app/jobs/runner.server'
import type { DB } from '../../../app/lib/db.server'
import { newId, nowIso } from '../../../app/lib/ids.server'
import { setPreference } from '../../../app/notices/preferences.server'
import {
  NOTICE_RUN_JOB,
  noticeRunJob,
  MAX_RESTARTS,
  RECENT_CLOSE_MS,
  RESTART_AFTER_MS,
  restartFailedRuns,
  RUN_BATCH,
  scheduleClosedConsultations,
  sendRunBatch,
} from '../../../app/notices/runs.server'
import { eraseAccount, exportMyData } from '../../../app/privacy/my-data.server'
import { action as staffAction, loader as staffLoader } from '../../../app/routes/staff.consultations.$id'
import { consultationIn } from '../../helpers/consultations'
import { createTestDb, failInsertsWhere, onPostgres, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'

// Issue #18: "a consultation I took part in closed" — once per person, in their language, by a job
// that resumes after a crash, whoever closes it (the secretariat, or its date passing).

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})
afterEach(async () => {
  await db.destroy()
})

const HOUR = 3_600_000

const messagesTo = (address: string) =>
  db
    .selectFrom('outbox')
    .select(['channel', 'language', 'subject', 'body'])
    .where('to_address', '=', address)
    .execute()

const count = async (table: 'outbox' | 'notice_runs' | 'notice_run_deliveries') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

async function person(language: string, { phoneOnly = false } = {}) {
  const user = await createUser(db)
  const phone = phoneOnly ? `+55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` : null
  await db
    .updateTable('users')
    .set({ preferred_language: language, ...(phoneOnly ? { email: null, phone } : {}) })
    .where('id', '=', user.id)
    .execute()
  return { ...user, address: phoneOnly ? phone! : user.email }
}

/** An open consultation with one question, and a top-level contribution by someone. */
async function openConsultation() {
  const c = await consultationIn(db, 'draft')
  const added = await addQuestion(db, {
    actorUserId: c.secretariat.id,
    consultationId: c.id,
    kind: 'single',
    prompt: 'Qual canal?',
    options: ['Rádio', 'Ônibus'],
  })
  expect(added.ok).toBe(true)
  expect((await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'open' })).ok).toBe(
    true,
  )
  const question = await db
    .selectFrom('consultation_questions')
    .select('id')
    .where('consultation_id', '=', c.id)
    .executeTakeFirstOrThrow()
  return { ...c, questionId: question.id }
}

/** The person answers the consultation's question with one option. */
async function answer(userId: string, c: { id: string; questionId: string }, option: string) {
  const answered = await answerQuestions(db, {
    userId,
    consultationId: c.id,
    answers: { [c.questionId]: [option] },
  })
  expect(answered.ok).toBe(true)
}

async function comment(userId: string, consultationId: string, paragraphId: string, parentId?: string) {
  const made = await contribute(db, {
    userId,
    authorName: 'Pessoa',
    consultationId,
    paragraphId,
    parentId,
    language: 'pt-BR',
    body: 'Sugiro incluir as rádios comunitárias.',
  })
  if (!made.ok) throw new Error(made.error)
  return made.value.id
}

describe('a consultation I took part in closed', () => {
  it('tells each participant once, in their language, after the secretariat closes it — by a job', async () => {
    const c = await openConsultation()
    const paragraph = c.paragraphs[0]!
    // Amélie (French) commented, answered the question and supported a reply: one notice, not three.
    const amelie = await person('fr')
    const first = await comment(amelie.id, c.id, paragraph)
    await answer(amelie.id, c, 'o1')
    // Karim (Arabic, phone only) replied; Wen (Chinese) only supported; Rosa (Spanish) only answered.
    const karim = await person('ar', { phoneOnly: true })
    const reply = await comment(karim.id, c.id, paragraph, first)
    expect((await supportContribution(db, { userId: amelie.id, contributionId: reply })).ok).toBe(true)
    const wen = await person('zh')
    expect((await supportContribution(db, { userId: wen.id, contributionId: first })).ok).toBe(true)
    const rosa = await person('es')
    await answer(rosa.id, c, 'o2')
    // Who gets nothing: someone who opted out, an erased account, a person who only reported, and
    // a person who did not take part at all.
    const optedOut = await person('pt-BR')
    await comment(optedOut.id, c.id, paragraph)
    await setPreference(db, { userId: optedOut.id, group: 'consultations', channel: 'none' })
    const erased = await person('pt-BR')
    await comment(erased.id, c.id, paragraph)
    await db.updateTable('users').set({ erased_at: nowIso() }).where('id', '=', erased.id).execute()
    const reporter = await person('pt-BR')
    expect(
      (await reportContribution(db, { userId: reporter.id, contributionId: first, reason: 'spam' })).ok,
    ).toBe(true)
    const bystander = await person('fr')

    const outboxBefore = await count('outbox')
    const closed = await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' })
    expect(closed.ok).toBe(true)
    // The request only created the run and its job: no message is written inside it.
    expect(await count('outbox')).toBe(outboxBefore)
    expect(await count('notice_runs')).toBe(1)

    expect(await runNextJob(db, JOB_HANDLERS)).toMatchObject({ kind: 'notices.run', status: 'done' })
    const run = await db.selectFrom('notice_runs').selectAll().executeTakeFirstOrThrow()
    // Six distinct participants went through (Amélie, Karim, Wen, Rosa, opted out, erased)…
    expect(run).toMatchObject({ template: 'consultation_closed', subject_id: c.id, queued: 6, total: 6 })
    expect(run.finished_at).not.toBeNull()
    // …four were written to.
    expect(await count('outbox')).toBe(outboxBefore + 4)

    const [fr] = await messagesTo(amelie.address)
    expect(fr).toMatchObject({
      channel: 'email',
      language: 'fr',
      subject: 'Consultation close : Campanha contra a xenofobia',
    })
    expect(fr!.body).toContain('à laquelle vous avez participé')
    expect(fr!.body).toContain(`/consultations/${c.id}/report`)
    expect(await messagesTo(amelie.address)).toHaveLength(1)
    const sms = await db
      .selectFrom('outbox')
      .select(['channel', 'language', 'body'])
      .where('to_address', '=', karim.address)
      .execute()
    expect(sms).toHaveLength(1)
    expect(sms[0]).toMatchObject({ channel: 'sms', language: 'ar' })
    expect(sms[0]!.body).toContain('أُغلقت الاستشارة Campanha contra a xenofobia')
    expect((await messagesTo(wen.address))[0]).toMatchObject({
      language: 'zh',
      subject: '咨询已结束：Campanha contra a xenofobia',
    })
    expect((await messagesTo(rosa.address))[0]).toMatchObject({
      language: 'es',
      subject: 'Consulta cerrada: Campanha contra a xenofobia',
    })
    for (const nobody of [optedOut, erased, reporter, bystander])
      expect(await messagesTo(nobody.address)).toEqual([])

    // Never twice: closing again is refused, the tick finds the run, a second run of the job (or a
    // leftover batch) sends nothing.
    expect(
      await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' }),
    ).toMatchObject({
      ok: false,
      error: 'not_next_status',
    })
    await db
      .updateTable('consultations')
      .set({ closes_at: new Date(Date.now() - HOUR).toISOString() })
      .where('id', '=', c.id)
      .execute()
    expect(await scheduleClosedConsultations(db)).toBe(0)
    expect(await sendRunBatch(db, run.id)).toBe(0)
    expect(await runNextJob(db, JOB_HANDLERS)).toBeNull()
    expect(await count('outbox')).toBe(outboxBefore + 4)

    // LGPD: the person's export lists the notice; erasure deletes the row.
    const data = await exportMyData(db, amelie.id)
    expect(data.notices_about_subjects).toEqual([
      expect.objectContaining({ template: 'consultation_closed', subject_id: c.id }),
    ])
    await eraseAccount(db, amelie.id)
    expect(
      await db
        .selectFrom('notice_run_deliveries')
        .select('user_id')
        .where('user_id', '=', amelie.id)
        .execute(),
    ).toEqual([])
  })

  it('closing by its date also tells, once — and the secretariat closing it later adds nothing', async () => {
    const c = await openConsultation()
    const marta = await person('ht')
    await comment(marta.id, c.id, c.paragraphs[0]!)
    const now = new Date()
    // Not yet past its date: nothing is due.
    expect(await scheduleClosedConsultations(db, now)).toBe(0)
    await db
      .updateTable('consultations')
      .set({ closes_at: new Date(now.getTime() - HOUR).toISOString() })
      .where('id', '=', c.id)
      .execute()
    // The tick and the secretariat at the same moment: one run.
    const [ticked, moved] = await Promise.all([
      scheduleClosedConsultations(db, now),
      advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' }),
    ])
    expect(moved.ok).toBe(true)
    expect(ticked).toBeLessThanOrEqual(1)
    expect(await count('notice_runs')).toBe(1)
    expect(await scheduleClosedConsultations(db, now)).toBe(0)
    await Promise.all([runNextJob(db, JOB_HANDLERS), runNextJob(db, JOB_HANDLERS)])
    const sent = await messagesTo(marta.email)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      language: 'ht',
      subject: 'Konsiltasyon fèmen: Campanha contra a xenofobia',
    })
  })

  it('closing by its date, before the secretariat moves it, links to the consultation page', async () => {
    const c = await openConsultation()
    const marta = await person('en')
    await comment(marta.id, c.id, c.paragraphs[0]!)
    const now = new Date()
    await db
      .updateTable('consultations')
      .set({ closes_at: new Date(now.getTime() - HOUR).toISOString() })
      .where('id', '=', c.id)
      .execute()
    expect(await scheduleClosedConsultations(db, now)).toBe(1)
    await runNextJob(db, JOB_HANDLERS)
    const [mail] = await messagesTo(marta.email)
    expect(mail!.subject).toBe('Consultation closed: Campanha contra a xenofobia')
    expect(mail!.body).toContain(`/consultations/${c.id}\n`)
    expect(mail!.body).not.toContain('/report')
    // Moving it to "closed" afterwards does not tell anyone again.
    expect(
      (await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' })).ok,
    ).toBe(true)
    expect(await runNextJob(db, JOB_HANDLERS)).toBeNull()
    expect(await messagesTo(marta.email)).toHaveLength(1)
  })

  it('the secretariat closes it on its page, which then shows the notice waiting, then its progress', async () => {
    useAsAppDb(db)
    const c = await openConsultation()
    const marta = await person('pt-BR')
    await comment(marta.id, c.id, c.paragraphs[0]!)
    const page = async () =>
      (await (
        await settle(
          staffLoader(
            args(await requestAs(db, c.secretariat.id, `/staff/consultations/${c.id}`), { id: c.id }),
          ),
        )
      ).json()) as { closingNotice: { queued: number; total: number | null } | null }
    expect((await page()).closingNotice).toBeNull()
    const closed = await settle(
      staffAction(
        args(
          await requestAs(db, c.secretariat.id, `/staff/consultations/${c.id}`, {
            method: 'POST',
            body: form({ intent: 'status', to: 'closed' }),
          }),
          { id: c.id },
        ),
      ),
    )
    expect(closed.status).toBe(302)
    expect((await page()).closingNotice).toMatchObject({ queued: 0, total: null })
    await runNextJob(db, JOB_HANDLERS)
    expect((await page()).closingNotice).toMatchObject({ queued: 1, total: 1 })
    expect(await messagesTo(marta.email)).toEqual([
      expect.objectContaining({ subject: 'Consulta encerrada: Campanha contra a xenofobia' }),
    ])
  })

  it('a consultation that closed long ago (a server back after a long stop) is not announced now', async () => {
    const c = await openConsultation()
    const marta = await person('en')
    await comment(marta.id, c.id, c.paragraphs[0]!)
    const now = new Date()
    await db
      .updateTable('consultations')
      .set({ closes_at: new Date(now.getTime() - RECENT_CLOSE_MS - HOUR).toISOString() })
      .where('id', '=', c.id)
      .execute()
    expect(await scheduleClosedConsultations(db, now)).toBe(0)
    expect(await count('notice_runs')).toBe(0)
  })
})

/** `count` people who each commented once, straight into the tables (thousands of sign-ups are slow). */
async function manyParticipants(consultationId: string, paragraphId: string, count: number) {
  const at = nowIso()
  const languages = ['fr', 'ar', 'es', 'ht', 'zh', 'en', 'pt-BR']
  for (let i = 0; i < count; i += 250) {
    const users = Array.from({ length: Math.min(250, count - i) }, (_, k) => {
      const n = i + k
      return {
        id: `bulk-${String(n).padStart(6, '0')}-${newId().slice(0, 6)}`,
        email: `participant${n}@example.org`,
        phone: null,
        display_name: `Participant ${n}`,
        password_hash: null,
        preferred_language: languages[n % languages.length]!,
        created_at: at,
        password_changed_at: null,
        erased_at: null,
      }
    })
    await db.insertInto('users').values(users).execute()
    await db
      .insertInto('contributions')
      .values(
        users.map((u) => ({
          id: newId(),
          consultation_id: consultationId,
          paragraph_id: paragraphId,
          parent_id: null,
          user_id: u.id,
          author_name: u.display_name,
          language: 'pt-BR',
          body: 'Concordo.',
          created_at: at,
        })),
      )
      .execute()
  }
}

describe('the closing notice to thousands of participants', () => {
  it('goes out in batches, resumes after a crash, and reaches each person once', async () => {
    const c = await openConsultation()
    await manyParticipants(c.id, c.paragraphs[0]!, 1500)
    const before = await count('outbox')
    expect(
      (await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' })).ok,
    ).toBe(true)
    const run = await db.selectFrom('notice_runs').select('id').executeTakeFirstOrThrow()
    // A runner sends one batch and dies: the cursor holds what was done.
    expect(await sendRunBatch(db, run.id)).toBe(RUN_BATCH)
    expect(await count('outbox')).toBe(before + RUN_BATCH)
    // The job (claimed by a new runner) goes through the rest.
    expect(await runNextJob(db, JOB_HANDLERS)).toMatchObject({ status: 'done' })
    expect(await count('notice_run_deliveries')).toBe(1500)
    expect(await count('outbox')).toBe(before + 1500)
    expect(await db.selectFrom('notice_runs').select(['queued', 'total']).executeTakeFirstOrThrow()).toEqual({
      queued: 1500,
      total: 1500,
    })
    const dupes = await db
      .selectFrom('outbox')
      .select(['to_address', (eb) => eb.fn.countAll<number>().as('n')])
      .where('to_address', 'like', 'participant%')
      .groupBy('to_address')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute()
    expect(dupes).toEqual([])
    const arabic = await db
      .selectFrom('outbox')
      .select(['language', 'subject'])
      .where('to_address', '=', 'participant1@example.org')
      .executeTakeFirstOrThrow()
    expect(arabic).toEqual({ language: 'ar', subject: 'أُغلقت الاستشارة: Campanha contra a xenofobia' })
  })

  it('a runner that dies in the middle of a batch: the batch is undone, the next runner sends it once', async () => {
    const c = await openConsultation()
    await manyParticipants(c.id, c.paragraphs[0]!, 500)
    const before = await count('outbox')
    expect(
      (await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' })).ok,
    ).toBe(true)
    const run = await db.selectFrom('notice_runs').select('id').executeTakeFirstOrThrow()
    // Runner A claims the job, sends a first batch, and its second batch fails half-way (the disk
    // fills up at participant 250): that transaction is rolled back, and A dies.
    const a = await claimJob(db, { kinds: [NOTICE_RUN_JOB] })
    expect(a).not.toBeNull()
    expect(await sendRunBatch(db, run.id)).toBe(RUN_BATCH)
    await failInsertsWhere(db, 'outbox', 'to_address', 'participant250@example.org', 'disk full')
    await expect(sendRunBatch(db, run.id)).rejects.toThrow(/disk full/)
    expect(await count('outbox')).toBe(before + RUN_BATCH)
    expect(await count('notice_run_deliveries')).toBe(RUN_BATCH)
    await sql.raw(onPostgres ? 'DROP TRIGGER fail_outbox ON outbox' : 'DROP TRIGGER fail_outbox').execute(db)
    // Nobody takes the job while A's claim holds; once it has expired, runner B does and finishes.
    expect(await claimJob(db, { kinds: [NOTICE_RUN_JOB] })).toBeNull()
    const b = await claimJob(db, { kinds: [NOTICE_RUN_JOB], now: new Date(Date.now() + CLAIM_MS + 60_000) })
    expect(b).toMatchObject({ id: a!.id, attempts: 2 })
    expect(await runClaimedJob(db, noticeRunJob, b!)).toMatchObject({ status: 'done' })
    expect(await count('notice_run_deliveries')).toBe(500)
    expect(await count('outbox')).toBe(before + 500)
    expect(
      await db
        .selectFrom('outbox')
        .select('to_address')
        .where('to_address', '=', 'participant250@example.org')
        .execute(),
    ).toHaveLength(1)
  })

  it('a job that failed with an error is restarted by the tick from its cursor, a bounded number of times', async () => {
    const c = await openConsultation()
    await manyParticipants(c.id, c.paragraphs[0]!, 300)
    const before = await count('outbox')
    expect(
      (await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' })).ok,
    ).toBe(true)
    await failInsertsWhere(db, 'outbox', 'to_address', 'participant250@example.org', 'disk full')
    const failOnce = async () => {
      await expect(runNextJob(db, JOB_HANDLERS)).rejects.toThrow(/disk full/)
      const later = new Date(Date.now() + RESTART_AFTER_MS + 60_000)
      // Not at once (the cause may still be there), and once even if two servers tick together.
      expect(await restartFailedRuns(db)).toBe(0)
      return Promise.all([restartFailedRuns(db, later), restartFailedRuns(db, later)])
    }
    expect(await failOnce()).toEqual(expect.arrayContaining([1, 0]))
    expect(await count('outbox')).toBe(before + RUN_BATCH)
    // The cause goes away: the restarted job resumes after the cursor and finishes, once each.
    await sql.raw(onPostgres ? 'DROP TRIGGER fail_outbox ON outbox' : 'DROP TRIGGER fail_outbox').execute(db)
    expect(await runNextJob(db, JOB_HANDLERS)).toMatchObject({ status: 'done' })
    expect(await count('outbox')).toBe(before + 300)
    expect(await count('notice_run_deliveries')).toBe(300)
    expect(
      await db.selectFrom('notice_runs').select(['restarts', 'queued']).executeTakeFirstOrThrow(),
    ).toEqual({
      restarts: 1,
      queued: 300,
    })
    expect(await restartFailedRuns(db, new Date(Date.now() + RESTART_AFTER_MS + 60_000))).toBe(0)
  })

  it('a run whose job keeps failing is restarted MAX_RESTARTS times, then left alone', async () => {
    const c = await openConsultation()
    await manyParticipants(c.id, c.paragraphs[0]!, 260)
    expect(
      (await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' })).ok,
    ).toBe(true)
    await failInsertsWhere(db, 'outbox', 'to_address', 'participant250@example.org', 'disk full')
    const later = () => new Date(Date.now() + RESTART_AFTER_MS + 60_000)
    for (let i = 0; i < MAX_RESTARTS; i++) {
      await expect(runNextJob(db, JOB_HANDLERS)).rejects.toThrow(/disk full/)
      expect(await restartFailedRuns(db, later())).toBe(1)
    }
    await expect(runNextJob(db, JOB_HANDLERS)).rejects.toThrow(/disk full/)
    expect(await restartFailedRuns(db, later())).toBe(0)
    expect(await runNextJob(db, JOB_HANDLERS)).toBeNull()
  })

  it('two runners at once send each message once', async () => {
    const c = await openConsultation()
    await manyParticipants(c.id, c.paragraphs[0]!, 700)
    const before = await count('outbox')
    expect(
      (await advanceConsultation(db, { actorUserId: c.secretariat.id, id: c.id, to: 'closed' })).ok,
    ).toBe(true)
    const run = await db.selectFrom('notice_runs').select('id').executeTakeFirstOrThrow()
    // Two batch senders racing from the same cursor, then two job runners.
    await Promise.all([sendRunBatch(db, run.id), sendRunBatch(db, run.id)])
    await Promise.all([runNextJob(db, JOB_HANDLERS), runNextJob(db, JOB_HANDLERS)])
    // Whatever is left (a runner that lost the claim leaves the job to the other) is finished.
    while ((await sendRunBatch(db, run.id)) > 0);
    expect(await count('notice_run_deliveries')).toBe(700)
    expect(await count('outbox')).toBe(before + 700)
    const dupes = await db
      .selectFrom('outbox')
      .select(['to_address', (eb) => eb.fn.countAll<number>().as('n')])
      .where('to_address', 'like', 'participant%')
      .groupBy('to_address')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute()
    expect(dupes).toEqual([])
  })
})
