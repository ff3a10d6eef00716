import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { newId, nowIso } from '../../../app/lib/ids.server'
import { JOB_HANDLERS } from '../../../app/jobs/handlers.server'
import { runNextJob } from '../../../app/jobs/runner.server'
import {
  campaignsOfElection,
  dueCampaigns,
  scheduleCampaign,
  scheduleDueCampaigns,
  sendCampaignBatch,
} from '../../../app/notices/campaigns.server'
import { setPreference } from '../../../app/notices/preferences.server'
import { loader as manageLoader } from '../../../app/routes/staff.elections.$id._index'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'
import { cpmElection } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  await openCycle(db)
})
afterEach(async () => {
  await db.destroy()
})

/** `count` people on the election's roll without an account: every third by phone only, in Kreyòl. */
async function bulkRoll(electionId: string, count: number) {
  const at = nowIso()
  const rows = Array.from({ length: count }, (_, i) => {
    const id = `bulk-${String(i).padStart(6, '0')}-${newId().slice(0, 6)}`
    const phoneOnly = i % 3 === 0
    return {
      id,
      protocol: `CMI-BULK-${i}`,
      cycle_id: 'cycle-test',
      user_id: null,
      channel: 'assisted' as const,
      registered_by: null,
      full_name: `Bulk ${i}`,
      social_name: null,
      birth_date: '1990-01-01',
      nationalities: JSON.stringify(['HT']),
      naturalised: 0,
      gender: 'woman' as const,
      subprefecture_id: 29,
      document_type: 'crnm' as const,
      document_number: `B${i}X${id.slice(-6)}`,
      phone: phoneOnly ? `+55119${String(i).padStart(8, '0')}` : null,
      email: phoneOnly ? null : `bulk${i}@example.org`,
      preferred_language: phoneOnly ? 'ht' : 'es',
      status: 'approved' as const,
      decision_reason: null,
      decision_note: null,
      decided_by: null,
      decided_at: at,
      duplicate_key: `bulk|${id}`,
      consent_at: at,
      created_at: at,
      updated_at: at,
    }
  })
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200)
    await db.insertInto('voter_registrations').values(chunk).execute()
    await db
      .insertInto('voter_rolls')
      .values(chunk.map((r) => ({ election_id: electionId, registration_id: r.id, subprefecture_id: 29 })))
      .execute()
  }
}

const count = async (table: 'outbox' | 'notice_deliveries') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('notices to the roll', () => {
  it('a 2,000-person roll gets 2,000 messages in batches, resumes after a crash without duplicates', async () => {
    const { electionId } = await cpmElection(db, 'voting_open')
    const before = await count('outbox')
    const rollBefore = Number(
      (
        await db
          .selectFrom('voter_rolls')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('election_id', '=', electionId)
          .executeTakeFirstOrThrow()
      ).n,
    )
    await bulkRoll(electionId, 2000)
    const total = rollBefore + 2000
    const { campaignId, created } = await scheduleCampaign(db, { electionId, kind: 'voting_opened' })
    expect(created).toBe(true)
    // Scheduling again (the next tick) does nothing.
    expect((await scheduleCampaign(db, { electionId, kind: 'voting_opened' })).created).toBe(false)

    // A runner sends one batch and dies: the cursor holds what was done.
    expect(await sendCampaignBatch(db, campaignId)).toBe(500)
    expect(await count('outbox')).toBe(before + 500)
    // A new runner takes the job and goes through the rest, never twice to anyone.
    const run = await runNextJob(db, JOB_HANDLERS)
    expect(run).toMatchObject({ status: 'done' })
    expect(await count('notice_deliveries')).toBe(total)
    expect(await count('outbox')).toBe(before + total)
    const [progress] = await campaignsOfElection(db, electionId)
    expect(progress).toMatchObject({
      kind: 'voting_opened',
      processed: total,
      sent: total,
      notSent: 0,
      remaining: 0,
      total,
    })
    expect(progress!.finished_at).not.toBeNull()

    // Phone-only people got it by SMS in Kreyòl; the others by e-mail in Spanish.
    const sms = await db
      .selectFrom('outbox')
      .select(['channel', 'language', 'body'])
      .where('to_address', '=', '+5511900000003')
      .executeTakeFirstOrThrow()
    expect(sms).toMatchObject({ channel: 'sms', language: 'ht' })
    expect(sms.body).toContain('Mutirao: vòt Teste CPM ouvri jiska')
    const mail = await db
      .selectFrom('outbox')
      .select(['channel', 'language', 'subject'])
      .where('to_address', '=', 'bulk1@example.org')
      .executeTakeFirstOrThrow()
    expect(mail).toMatchObject({
      channel: 'email',
      language: 'es',
      subject: 'La votación está abierta: Teste CPM',
    })
  })

  it('two runners at once send each message once', async () => {
    const { electionId } = await cpmElection(db, 'voting_open')
    await bulkRoll(electionId, 1200)
    const before = await count('outbox')
    const { campaignId } = await scheduleCampaign(db, { electionId, kind: 'voting_opened' })
    // Two batch senders racing from the same cursor, and two job runners.
    await Promise.all([sendCampaignBatch(db, campaignId), sendCampaignBatch(db, campaignId)])
    await Promise.all([runNextJob(db, JOB_HANDLERS), runNextJob(db, JOB_HANDLERS)])
    const deliveries = await count('notice_deliveries')
    expect(await count('outbox')).toBe(before + deliveries)
    const dupes = await db
      .selectFrom('outbox')
      .select(['to_address', (eb) => eb.fn.countAll<number>().as('n')])
      .where('to_address', 'like', 'bulk%')
      .groupBy('to_address')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute()
    expect(dupes).toEqual([])
    expect(deliveries).toBeGreaterThanOrEqual(1200)
    // The counts come from the rows each transaction inserted: racing runners never count twice.
    const [progress] = await campaignsOfElection(db, electionId)
    expect(progress).toMatchObject({ processed: deliveries, sent: deliveries, notSent: 0, remaining: 0 })
  })

  it('skips people who opted out and erased accounts', async () => {
    const { electionId, candidates } = await cpmElection(db, 'voting_open')
    const [optedOut, erased] = candidates
    await setPreference(db, { userId: optedOut!.id, group: 'voting', channel: 'none' })
    await db.updateTable('users').set({ erased_at: nowIso() }).where('id', '=', erased!.id).execute()
    const before = await count('outbox')
    const { campaignId } = await scheduleCampaign(db, { electionId, kind: 'voting_opened' })
    while ((await sendCampaignBatch(db, campaignId)) > 0);
    const sentTo = (
      await db
        .selectFrom('outbox')
        .innerJoin('notice_deliveries as d', 'd.outbox_id', 'outbox.id')
        .select('to_address')
        .execute()
    ).map((r) => r.to_address)
    expect(sentTo).not.toContain(optedOut!.email)
    expect(sentTo).not.toContain(erased!.email)
    expect(sentTo).toContain(candidates[2]!.email)
    expect(await count('outbox')).toBe(before + candidates.length - 2)
  })

  it('counts sent, not sent by reason and remaining in the batch, right after a crash and resume', async () => {
    const { electionId, candidates, commission } = await cpmElection(db, 'voting_open')
    const [optedOut, erased] = candidates
    await setPreference(db, { userId: optedOut!.id, group: 'voting', channel: 'none' })
    await db.updateTable('users').set({ erased_at: nowIso() }).where('id', '=', erased!.id).execute()
    await bulkRoll(electionId, 1100)
    // Every tenth bulk registration has neither an e-mail nor a phone (a desk registration).
    const noContact = (
      await db
        .selectFrom('voter_registrations')
        .select('id')
        .where('id', 'like', 'bulk-%')
        .orderBy('id')
        .execute()
    ).filter((_, i) => i % 10 === 0)
    await db
      .updateTable('voter_registrations')
      .set({ email: null, phone: null })
      .where(
        'id',
        'in',
        noContact.map((r) => r.id),
      )
      .execute()
    const total = Number(
      (
        await db
          .selectFrom('voter_rolls')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('election_id', '=', electionId)
          .executeTakeFirstOrThrow()
      ).n,
    )
    const { campaignId } = await scheduleCampaign(db, { electionId, kind: 'voting_opened' })
    const progress = async () => (await campaignsOfElection(db, electionId))[0]!

    // Before the job counts the roll: nothing to show but "waiting".
    expect(await progress()).toMatchObject({ processed: 0, sent: 0, notSent: 0, remaining: null })

    // One batch by a runner that dies after committing it, then the same batch again (a second
    // runner that read the old cursor): the key skips everyone, the counts do not move.
    await db.updateTable('notice_campaigns').set({ total }).where('id', '=', campaignId).execute()
    expect(await sendCampaignBatch(db, campaignId)).toBe(500)
    const afterOne = await progress()
    expect(afterOne.processed).toBe(500)
    expect(afterOne.sent + afterOne.notSent).toBe(500)
    expect(afterOne.remaining).toBe(total - 500)
    await db.updateTable('notice_campaigns').set({ cursor: null }).where('id', '=', campaignId).execute()
    expect(await sendCampaignBatch(db, campaignId)).toBe(500)
    expect(await progress()).toMatchObject({ processed: 500, sent: afterOne.sent, notSent: afterOne.notSent })

    // The job resumes and finishes: every person is counted once, in exactly one place.
    expect(await runNextJob(db, JOB_HANDLERS)).toMatchObject({ status: 'done' })
    const done = await progress()
    const messages = Number(
      (
        await db
          .selectFrom('notice_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('campaign_id', '=', campaignId)
          .where('outbox_id', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n,
    )
    expect(done).toMatchObject({
      total,
      processed: total,
      remaining: 0,
      sent: messages,
      notSent: noContact.length + 2,
      notSentBy: { no_contact: noContact.length, opted_out: 1, erased: 1 },
    })
    expect(done.sent).toBe(total - noContact.length - 2)
    expect(done.finished_at).not.toBeNull()

    // The commission's election page carries the same counts.
    useAsAppDb(db)
    const page = await settle(
      manageLoader(
        args(await requestAs(db, commission.id, `/staff/elections/${electionId}`), { id: electionId }),
      ),
    )
    expect(page.status).toBe(200)
    const { campaigns } = (await page.json()) as { campaigns: unknown[] }
    expect(campaigns).toEqual([
      expect.objectContaining({
        kind: 'voting_opened',
        sent: done.sent,
        notSent: done.notSent,
        remaining: 0,
        notSentBy: done.notSentBy,
      }),
    ])
  })

  it('the phase clock schedules each campaign once, at its time', async () => {
    const t = Date.parse('2027-03-14T11:00:00.000Z')
    const e = {
      voting_starts: new Date(t).toISOString(),
      voting_ends: new Date(t + 9 * 3_600_000).toISOString(),
    }
    expect(dueCampaigns({ ...e, phase: 'campaign' }, new Date(t - 25 * 3_600_000))).toEqual([])
    expect(dueCampaigns({ ...e, phase: 'campaign' }, new Date(t - 23 * 3_600_000))).toEqual([
      'voting_opens_soon',
    ])
    expect(dueCampaigns({ ...e, phase: 'voting_open' }, new Date(t + 3_600_000))).toEqual(['voting_opened'])
    expect(dueCampaigns({ ...e, phase: 'voting_open' }, new Date(t + 7 * 3_600_000))).toEqual([
      'voting_opened',
      'voting_last_hours',
    ])
    expect(dueCampaigns({ ...e, phase: 'preliminary_result' }, new Date(t + 30 * 3_600_000))).toEqual([
      'results_published',
    ])

    const { electionId } = await cpmElection(db, 'voting_open')
    expect(await scheduleDueCampaigns(db)).toBe(1)
    expect(await scheduleDueCampaigns(db)).toBe(0)
    expect((await campaignsOfElection(db, electionId)).map((c) => c.kind)).toEqual(['voting_opened'])
  })
})

describe('the phone-only voter', () => {
  it('gets "voting is open" by SMS in their language', async () => {
    const { candidates } = await cpmElection(db, 'voting_open')
    const person = candidates[3]!
    await db
      .updateTable('users')
      .set({ email: null, phone: '+5511955554444', preferred_language: 'ar' })
      .where('id', '=', person.id)
      .execute()
    await scheduleDueCampaigns(db)
    await runNextJob(db, JOB_HANDLERS)
    const sms = await db
      .selectFrom('outbox')
      .select(['channel', 'language', 'body'])
      .where('to_address', '=', '+5511955554444')
      .execute()
    expect(sms).toHaveLength(1)
    expect(sms[0]).toMatchObject({ channel: 'sms', language: 'ar' })
    expect(sms[0]!.body).toContain('التصويت في Teste CPM مفتوح حتى')
    expect(sms[0]!.body).toContain('/account/notices')
  })
})
