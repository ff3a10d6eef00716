import { newId, nowIso } from '../lib/ids.server'
import type { DB } from '../lib/db.server'
import { enqueueJob } from '../jobs/jobs.server'
import type { JobContext, JobOutcome } from '../jobs/runner.server'
import { enqueueMessage } from '../mail/outbox.server'
import { atLeast } from '../elections/phases'
import { chooseChannel, renderNotice, type Notice, type RenderedNotice } from './notify.server'
import type { NoticeTemplate } from './kinds'

// Bulk notices to an election's roll (issue #18): "voting opens tomorrow", "voting is open", "last
// hours to vote", "results published". A roll may hold 400,000 people, so a campaign is a job
// (app/jobs) that walks the roll in registration-id order, BATCH people per short transaction. Each
// transaction writes the outbox messages, one `notice_deliveries` row per person (its primary key
// refuses a second message to anyone, whatever runs twice) and the campaign's cursor. A runner that
// dies resumes after the cursor; the job's claim keeps two runners from working one campaign at
// once, and the key makes it harmless if they do. ADR 020.

export const CAMPAIGN_JOB = 'notices.campaign'
export const BATCH = 500

export const CAMPAIGN_KINDS = [
  'voting_opens_soon',
  'voting_opened',
  'voting_last_hours',
  'results_published',
] as const
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number]

const HOUR = 3_600_000
/** "Voting opens tomorrow" goes out from a day before the opening. */
export const OPENS_SOON_MS = 24 * HOUR
/** "Last hours to vote" goes out from this long before the close. */
export const LAST_HOURS_MS = 3 * HOUR

/** Creates the campaign and its job once per election and kind; later calls do nothing. */
export async function scheduleCampaign(
  db: DB,
  input: { electionId: string; kind: CampaignKind },
): Promise<{ created: boolean; campaignId: string }> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('notice_campaigns')
      .select('id')
      .where('election_id', '=', input.electionId)
      .where('kind', '=', input.kind)
      .executeTakeFirst()
    if (existing) return { created: false, campaignId: existing.id }
    const id = newId()
    const inserted = await trx
      .insertInto('notice_campaigns')
      .values({ id, election_id: input.electionId, kind: input.kind, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['election_id', 'kind']).doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return { created: false, campaignId: id }
    const jobId = await enqueueJob(trx, { kind: CAMPAIGN_JOB, createdBy: null, input: id })
    await trx.updateTable('notice_campaigns').set({ job_id: jobId }).where('id', '=', id).execute()
    return { created: true, campaignId: id }
  })
}

/** Which campaigns an election is due for at `now` (pure: the phase clock's rule). */
export function dueCampaigns(
  election: {
    phase: Parameters<typeof atLeast>[0]
    voting_starts: string | null
    voting_ends: string | null
  },
  now: Date,
): CampaignKind[] {
  const due: CampaignKind[] = []
  const t = now.getTime()
  const starts = election.voting_starts ? Date.parse(election.voting_starts) : null
  const ends = election.voting_ends ? Date.parse(election.voting_ends) : null
  if (
    starts !== null &&
    atLeast(election.phase, 'final_list') &&
    !atLeast(election.phase, 'voting_open') &&
    t >= starts - OPENS_SOON_MS &&
    t < starts
  )
    due.push('voting_opens_soon')
  if (election.phase === 'voting_open') {
    due.push('voting_opened')
    if (ends !== null && t >= ends - LAST_HOURS_MS && t < ends) due.push('voting_last_hours')
  }
  if (atLeast(election.phase, 'preliminary_result') && election.phase !== 'closed')
    due.push('results_published')
  return due
}

/**
 * The phase clock's tick (scripts/server.ts): schedules every campaign that is due, once. Reads at
 * most 50 elections that are between their final list and their close.
 */
export async function scheduleDueCampaigns(db: DB, now: Date = new Date()): Promise<number> {
  const elections = await db
    .selectFrom('elections')
    .select(['id', 'phase', 'voting_starts', 'voting_ends'])
    .where('phase', 'in', ['final_list', 'campaign', 'voting_open', 'preliminary_result', 'official_result'])
    .orderBy('id')
    .limit(50)
    .execute()
  let created = 0
  for (const e of elections)
    for (const kind of dueCampaigns(e, now))
      if ((await scheduleCampaign(db, { electionId: e.id, kind })).created) created += 1
  return created
}

type Recipient = {
  registration_id: string
  reg_email: string | null
  reg_phone: string | null
  reg_language: string
  user_id: string | null
  user_email: string | null
  user_phone: string | null
  user_language: string | null
  erased_at: string | null
  channel: 'email' | 'sms' | 'none' | null
}

async function nextBatch(
  db: DB,
  electionId: string,
  kind: CampaignKind,
  cursor: string | null,
  limit: number,
) {
  let q = db
    .selectFrom('voter_rolls as r')
    .innerJoin('voter_registrations as v', 'v.id', 'r.registration_id')
    .leftJoin('users as u', 'u.id', 'v.user_id')
    .leftJoin('notice_preferences as p', (join) =>
      join.onRef('p.user_id', '=', 'v.user_id').on('p.kind', '=', kind),
    )
    .select([
      'r.registration_id',
      'v.email as reg_email',
      'v.phone as reg_phone',
      'v.preferred_language as reg_language',
      'v.user_id',
      'u.email as user_email',
      'u.phone as user_phone',
      'u.preferred_language as user_language',
      'u.erased_at',
      'p.channel',
    ])
    .where('r.election_id', '=', electionId)
  if (cursor !== null) q = q.where('r.registration_id', '>', cursor)
  return (await q.orderBy('r.registration_id').limit(limit).execute()) as Recipient[]
}

/** Why a person on the roll got no message of a campaign. */
export const NOT_SENT_REASONS = ['no_contact', 'opted_out', 'erased'] as const
export type NotSentReason = (typeof NOT_SENT_REASONS)[number]

type Target =
  | { send: true; to: string; channel: 'email' | 'sms'; language: string }
  | { send: false; reason: NotSentReason }

/** Where a recipient's message goes, or why none does. */
function targetOf(r: Recipient): Target {
  if (r.erased_at) return { send: false, reason: 'erased' }
  if (r.channel === 'none') return { send: false, reason: 'opted_out' }
  const choice = chooseChannel(r.channel, {
    email: r.user_email ?? r.reg_email,
    phone: r.user_phone ?? r.reg_phone,
  })
  if (choice.channel === 'none') return { send: false, reason: 'no_contact' }
  return {
    send: true,
    to: choice.to,
    channel: choice.channel,
    language: r.user_language ?? r.reg_language,
  }
}

async function noticeFor(db: DB, electionId: string, kind: CampaignKind): Promise<Notice> {
  const e = await db
    .selectFrom('elections')
    .select(['title_i18n', 'voting_starts', 'voting_ends'])
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow()
  const template: NoticeTemplate = kind
  return {
    template,
    params: {
      election: { i18n: e.title_i18n },
      starts: { date: e.voting_starts ?? '' },
      ends: { date: e.voting_ends ?? '' },
    },
    link: kind === 'results_published' ? `/elections/${electionId}/results` : `/elections/${electionId}`,
  }
}

/**
 * Sends one batch of a campaign: at most `limit` people after the cursor, in one short transaction.
 * Returns how many people it went through (0: the roll is done).
 */
export async function sendCampaignBatch(db: DB, campaignId: string, limit = BATCH): Promise<number> {
  const campaign = await db
    .selectFrom('notice_campaigns')
    .select(['election_id', 'kind', 'cursor'])
    .where('id', '=', campaignId)
    .executeTakeFirstOrThrow()
  const kind = campaign.kind as CampaignKind
  const people = await nextBatch(db, campaign.election_id, kind, campaign.cursor, limit)
  if (people.length === 0) return 0
  const notice = await noticeFor(db, campaign.election_id, kind)
  // One text per language and channel, not one per person.
  const texts = new Map<string, RenderedNotice>()
  const textOf = async (language: string, channel: 'email' | 'sms') => {
    const key = `${language}|${channel}`
    let text = texts.get(key)
    if (!text) {
      text = await renderNotice(language, channel, notice)
      texts.set(key, text)
    }
    return text
  }
  const targets = await Promise.all(
    people.map(async (p) => {
      const target = targetOf(p)
      return { p, target, text: target.send ? await textOf(target.language, target.channel) : null }
    }),
  )
  const last = people[people.length - 1]!.registration_id
  await db.transaction().execute(async (trx) => {
    // Counted from the rows this transaction inserted, and written with them and the cursor: a
    // person skipped by the key (already done) counts nowhere, so a resume never counts twice.
    let processed = 0
    let sent = 0
    const notSent: Record<NotSentReason, number> = { no_contact: 0, opted_out: 0, erased: 0 }
    for (const { p, target, text } of targets) {
      const at = nowIso()
      // The key decides: a person already sent to (by a runner that died after committing, or by
      // another one at the same time) is skipped.
      const inserted = await trx
        .insertInto('notice_deliveries')
        .values({
          campaign_id: campaignId,
          registration_id: p.registration_id,
          outbox_id: null,
          created_at: at,
        })
        .onConflict((oc) => oc.columns(['campaign_id', 'registration_id']).doNothing())
        .executeTakeFirst()
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) continue
      processed += 1
      if (!target.send || !text) {
        if (!target.send) notSent[target.reason] += 1
        continue
      }
      sent += 1
      const outboxId = await enqueueMessage(trx as unknown as DB, {
        to: target.to,
        language: target.language,
        ...text,
      })
      await trx
        .updateTable('notice_deliveries')
        .set({ outbox_id: outboxId })
        .where('campaign_id', '=', campaignId)
        .where('registration_id', '=', p.registration_id)
        .execute()
    }
    await trx
      .updateTable('notice_campaigns')
      .set((eb) => ({
        queued: eb('queued', '+', processed),
        sent: eb('sent', '+', sent),
        not_sent_no_contact: eb('not_sent_no_contact', '+', notSent.no_contact),
        not_sent_opted_out: eb('not_sent_opted_out', '+', notSent.opted_out),
        not_sent_erased: eb('not_sent_erased', '+', notSent.erased),
      }))
      .where('id', '=', campaignId)
      .execute()
    // The cursor only moves forward (a runner behind another must not pull it back).
    await trx
      .updateTable('notice_campaigns')
      .set({ cursor: last })
      .where('id', '=', campaignId)
      .where((eb) => eb.or([eb('cursor', 'is', null), eb('cursor', '<', last)]))
      .execute()
  })
  return people.length
}

async function rollSize(db: DB, electionId: string): Promise<number> {
  const row = await db
    .selectFrom('voter_rolls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('election_id', '=', electionId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The job: batches until the roll is done, reporting progress between them (never inside one). */
export async function campaignJob(ctx: JobContext): Promise<JobOutcome> {
  const campaignId = ctx.job.input
  if (!campaignId) return { ok: false, error: 'no_campaign' }
  const campaign = await ctx.db
    .selectFrom('notice_campaigns')
    .select(['election_id'])
    .where('id', '=', campaignId)
    .executeTakeFirst()
  if (!campaign) return { ok: false, error: 'no_campaign' }
  const total = await rollSize(ctx.db, campaign.election_id)
  await ctx.db.updateTable('notice_campaigns').set({ total }).where('id', '=', campaignId).execute()
  for (;;) {
    const n = await sendCampaignBatch(ctx.db, campaignId)
    const { queued } = await ctx.db
      .selectFrom('notice_campaigns')
      .select('queued')
      .where('id', '=', campaignId)
      .executeTakeFirstOrThrow()
    await ctx.progress(queued, total)
    if (n === 0) break
  }
  await ctx.db
    .updateTable('notice_campaigns')
    .set({ finished_at: nowIso() })
    .where('id', '=', campaignId)
    .execute()
  return { ok: true, value: { campaignId } }
}

/**
 * The staff election page: each campaign with its progress, counted honestly — people sent to,
 * people gone through without a message (and why), and people not reached yet. `notSent` is what
 * was gone through minus what was sent, so campaigns from before the reasons were counted
 * (migration 033) still add up; `remaining` is null until the job has counted the roll.
 */
export async function campaignsOfElection(db: DB, electionId: string) {
  const rows = await db
    .selectFrom('notice_campaigns')
    .select([
      'kind',
      'queued',
      'total',
      'sent',
      'not_sent_no_contact',
      'not_sent_opted_out',
      'not_sent_erased',
      'created_at',
      'finished_at',
    ])
    .where('election_id', '=', electionId)
    .orderBy('created_at')
    .limit(CAMPAIGN_KINDS.length)
    .execute()
  return rows.map((r) => ({
    kind: r.kind as CampaignKind,
    total: r.total,
    processed: r.queued,
    sent: r.sent,
    notSent: Math.max(0, r.queued - r.sent),
    notSentBy: {
      no_contact: r.not_sent_no_contact,
      opted_out: r.not_sent_opted_out,
      erased: r.not_sent_erased,
    } satisfies Record<NotSentReason, number>,
    remaining: r.total === null ? null : Math.max(0, r.total - r.queued),
    created_at: r.created_at,
    finished_at: r.finished_at,
  }))
}
