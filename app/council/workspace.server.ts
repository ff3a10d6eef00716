import type { Transaction } from 'kysely'
import type { AgendaItemKind, ConvocationResponse, Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { originalContent } from '../i18n/content'
import { can, type Actor } from '../auth/permissions'
import type { DB } from '../lib/db.server'
import { newId } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { followedBy } from './followed-actions.server'
import { agendaOpen } from './rules'

// The counsellors' workspace (issue #18): what a serving member of a council body does between
// meetings — answer the convocation, propose agenda items, read and comment on circulated minutes,
// follow the body's plan actions. Every command first asks `council.counsel` with the body's serving
// members as the resource (`counselOn`), so the rule lives in the permission module; the domain only
// says which body and which day.

type Tx = Transaction<Database>

/** Why a person may not act on a body: not a member at all, or a member whose term has ended. */
export type CounselError = 'not_your_body' | 'term_ended'

const today = (now: Date) => now.toISOString().slice(0, 10)

/** The memberships serving on a day: started on or before it, not ended by then. */
function serving<R extends { term_starts: string; term_ends: string | null }>(rows: R[], on: string): R[] {
  return rows.filter((r) => r.term_starts <= on && (r.term_ends === null || r.term_ends > on))
}

/**
 * The membership through which the actor acts on the body today, after `council.counsel` allowed it
 * with the body's serving members as the resource.
 */
export async function counselOn(
  db: DB | Tx,
  input: { actor: Actor; bodyId: string; now: Date },
): Promise<Result<{ memberId: string; userId: string }, CounselError>> {
  const on = today(input.now)
  const rows = await db
    .selectFrom('body_members')
    .select(['id', 'user_id', 'term_starts', 'term_ends'])
    .where('body_id', '=', input.bodyId)
    .where('user_id', 'is not', null)
    .execute()
  const servingRows = serving(rows, on)
  const resource = { servingMemberUserIds: servingRows.map((r) => r.user_id!) }
  const actor = input.actor
  if (!actor || !can(actor, 'council.counsel', resource)) {
    const wasMember = actor !== null && rows.some((r) => r.user_id === actor.id)
    return err(wasMember && actor.roles.includes('counsellor') ? 'term_ended' : 'not_your_body')
  }
  const mine = servingRows.find((r) => r.user_id === actor.id)!
  return ok({ memberId: mine.id, userId: actor.id })
}

async function meetingOf(db: DB | Tx, meetingId: string) {
  return db
    .selectFrom('meetings')
    .select(['id', 'body_id', 'status', 'starts_at', 'title'])
    .where('id', '=', meetingId)
    .executeTakeFirst()
}

/** Before the session opens: the agenda can still change and a convocation can still be answered. */
const beforeStart = (m: { status: Parameters<typeof agendaOpen>[0]; starts_at: string }, now: Date) =>
  agendaOpen(m.status) && new Date(m.starts_at).getTime() > now.getTime()

export type ProposalError = CounselError | 'not_found' | 'meeting_started' | 'proposal_taken'

export async function proposeAgendaItem(
  db: DB,
  input: { actor: Actor; meetingId: string; title: string; description?: string; now?: Date },
): Promise<Result<{ id: string }, ProposalError>> {
  const now = input.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    const meeting = await meetingOf(trx, input.meetingId)
    if (!meeting) return err('not_found')
    const who = await counselOn(trx, { actor: input.actor, bodyId: meeting.body_id, now })
    if (!who.ok) return who
    if (!beforeStart(meeting, now)) return err('meeting_started')
    const id = newId()
    // The UNIQUE (meeting, member, title) decides between two identical posts sent at once.
    const inserted = await trx
      .insertInto('council_agenda_proposals')
      .values({
        id,
        meeting_id: meeting.id,
        member_id: who.value.memberId,
        user_id: who.value.userId,
        title: input.title,
        description: input.description ?? null,
        status: 'pending',
        decline_reason: null,
        agenda_item_id: null,
        decided_by: null,
        decided_at: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['meeting_id', 'member_id', 'title']).doNothing())
      .executeTakeFirst()
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1) return err('proposal_taken')
    await appendAudit(trx, {
      actorUserId: who.value.userId,
      action: 'council.propose_item',
      entityType: 'meeting',
      entityId: meeting.id,
      after: { proposal: id },
    })
    return ok({ id })
  })
}

export type DecisionError =
  'not_found' | 'already_decided' | 'agenda_closed' | 'invalid_decline_reason' | 'motion_required'

/**
 * The secretariat's answer to a proposal: accepted, it becomes the last item of the agenda, of the
 * kind the secretariat chooses — for information (the default), or a deliberation with the motion
 * to be voted; declined, the proposer sees the reason.
 */
export async function decideProposal(
  db: DB,
  input: {
    actorUserId: string
    proposalId: string
    accept: boolean
    reason?: string
    kind?: AgendaItemKind
    motion?: string
    now?: Date
  },
): Promise<Result<{ itemId: string | null }, DecisionError>> {
  const now = (input.now ?? new Date()).toISOString()
  if (!input.accept && !input.reason?.trim()) return err('invalid_decline_reason')
  const kind = input.kind ?? 'information'
  const motion = kind === 'deliberation' ? input.motion?.trim() || null : null
  if (input.accept && kind === 'deliberation' && !motion) return err('motion_required', 'motion')
  return db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom('council_agenda_proposals as p')
      .innerJoin('meetings as m', 'm.id', 'p.meeting_id')
      .select(['p.id', 'p.meeting_id', 'p.status', 'p.title', 'p.description', 'm.status as meeting_status'])
      .where('p.id', '=', input.proposalId)
      .executeTakeFirst()
    if (!p) return err('not_found')
    if (p.status !== 'pending') return err('already_decided')
    if (!agendaOpen(p.meeting_status)) return err('agenda_closed')
    let itemId: string | null = null
    if (input.accept) {
      const last = await trx
        .selectFrom('agenda_items')
        .select((eb) => eb.fn.max<number>('position').as('p'))
        .where('meeting_id', '=', p.meeting_id)
        .executeTakeFirst()
      itemId = newId()
      await trx
        .insertInto('agenda_items')
        .values({
          id: itemId,
          meeting_id: p.meeting_id,
          position: Number(last?.p ?? 0) + 1,
          title: p.title,
          description: p.description,
          title_i18n: originalContent(p.title),
          description_i18n: p.description ? originalContent(p.description) : null,
          kind,
          motion,
          approves_minutes_of: null,
          vote_mode: null,
          votes_yes: null,
          votes_no: null,
          votes_abstain: null,
          present_at_vote: null,
          outcome: null,
          voted_at: null,
        })
        .execute()
    }
    const moved = await trx
      .updateTable('council_agenda_proposals')
      .set({
        status: input.accept ? 'accepted' : 'declined',
        decline_reason: input.accept ? null : input.reason!.trim(),
        agenda_item_id: itemId,
        decided_by: input.actorUserId,
        decided_at: now,
      })
      .where('id', '=', p.id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) throw new Error('proposal changed under a pending check')
    await appendAudit(trx, {
      actorUserId: input.actorUserId,
      action: input.accept ? 'council.accept_proposal' : 'council.decline_proposal',
      entityType: 'meeting',
      entityId: p.meeting_id,
      after: { proposal: p.id, item: itemId, ...(itemId ? { kind } : {}) },
    })
    return ok({ itemId })
  })
}

export type ConfirmError = CounselError | 'not_found' | 'meeting_started' | 'not_convened'

/** A member answers the convocation (confirmed / excused) until the meeting starts. */
export async function answerConvocation(
  db: DB,
  input: { actor: Actor; meetingId: string; response: ConvocationResponse; now?: Date },
): Promise<Result<null, ConfirmError>> {
  const now = input.now ?? new Date()
  return db.transaction().execute(async (trx) => {
    const meeting = await meetingOf(trx, input.meetingId)
    if (!meeting) return err('not_found')
    const who = await counselOn(trx, { actor: input.actor, bodyId: meeting.body_id, now })
    if (!who.ok) return who
    if (!beforeStart(meeting, now)) return err('meeting_started')
    if (meeting.status !== 'convened') return err('not_convened')
    const at = now.toISOString()
    await trx
      .insertInto('attendance_confirmations')
      .values({
        meeting_id: meeting.id,
        member_id: who.value.memberId,
        user_id: who.value.userId,
        response: input.response,
        responded_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['meeting_id', 'member_id']).doUpdateSet({ response: input.response, responded_at: at }),
      )
      .execute()
    await appendAudit(trx, {
      actorUserId: who.value.userId,
      action: 'council.answer_convocation',
      entityType: 'meeting',
      entityId: meeting.id,
      after: { response: input.response },
    })
    return ok(null)
  })
}

/** What the secretariat sees on a meeting's page: proposals to decide and answers to the convocation. */
export async function meetingCounsel(db: DB, meetingId: string) {
  const [proposals, confirmations] = await Promise.all([
    db
      .selectFrom('council_agenda_proposals as p')
      .innerJoin('body_members as bm', 'bm.id', 'p.member_id')
      .select([
        'p.id',
        'p.title',
        'p.description',
        'p.status',
        'p.decline_reason',
        'p.created_at',
        'bm.display_name',
      ])
      .where('p.meeting_id', '=', meetingId)
      .orderBy('p.created_at')
      .orderBy('p.id')
      .execute(),
    db
      .selectFrom('attendance_confirmations as c')
      .innerJoin('body_members as bm', 'bm.id', 'c.member_id')
      .select(['c.member_id', 'c.response', 'c.responded_at', 'bm.display_name', 'bm.role'])
      .where('c.meeting_id', '=', meetingId)
      .orderBy('bm.display_name')
      .execute(),
  ])
  return { proposals, confirmations }
}

/**
 * "Meu conselho": the bodies the person serves on today, each with its upcoming meetings (agenda,
 * the person's proposals and answer), the minutes circulated for comment, and the plan actions it
 * follows with their published monitoring updates and members' comments.
 */
export async function myWorkspace(db: DB, input: { userId: string; now?: Date }) {
  const now = input.now ?? new Date()
  const on = today(now)
  const memberships = serving(
    await db
      .selectFrom('body_members as bm')
      .innerJoin('council_bodies as b', 'b.id', 'bm.body_id')
      .select(['bm.id', 'bm.body_id', 'bm.role', 'bm.term_starts', 'bm.term_ends', 'b.name_i18n'])
      .where('bm.user_id', '=', input.userId)
      .orderBy('b.created_at')
      .execute(),
    on,
  )
  return Promise.all(
    memberships.map(async (ms) => {
      const meetings = await db
        .selectFrom('meetings')
        .select(['id', 'title', 'title_i18n', 'status', 'starts_at', 'place', 'online_url'])
        .where('body_id', '=', ms.body_id)
        .where('status', 'in', ['scheduled', 'convened'])
        .where('starts_at', '>', now.toISOString())
        .orderBy('starts_at')
        .execute()
      const ids = meetings.map((m) => m.id)
      const [items, proposals, answers] = ids.length
        ? await Promise.all([
            db
              .selectFrom('agenda_items')
              .select(['id', 'meeting_id', 'position', 'title', 'title_i18n', 'kind'])
              .where('meeting_id', 'in', ids)
              .orderBy('position')
              .execute(),
            db
              .selectFrom('council_agenda_proposals')
              .select(['id', 'meeting_id', 'title', 'status', 'decline_reason'])
              .where('meeting_id', 'in', ids)
              .where('member_id', '=', ms.id)
              .orderBy('created_at')
              .execute(),
            db
              .selectFrom('attendance_confirmations')
              .select(['meeting_id', 'response'])
              .where('meeting_id', 'in', ids)
              .where('member_id', '=', ms.id)
              .execute(),
          ])
        : [[], [], []]
      const circulated = await db
        .selectFrom('minutes as n')
        .innerJoin('meetings as m', 'm.id', 'n.meeting_id')
        .select(['n.id', 'n.text', 'n.circulated_at', 'm.id as meeting_id', 'm.title', 'm.starts_at'])
        .where('m.body_id', '=', ms.body_id)
        .where('n.status', '=', 'circulated')
        .orderBy('m.starts_at', 'desc')
        .execute()
      const comments = await membersComments(
        db,
        'minutes_comments',
        circulated.map((n) => n.id),
      )
      return {
        memberId: ms.id,
        bodyId: ms.body_id,
        bodyName: ms.name_i18n,
        role: ms.role,
        termEnds: ms.term_ends,
        meetings: meetings.map((m) => ({
          ...m,
          items: items.filter((i) => i.meeting_id === m.id),
          proposals: proposals.filter((p) => p.meeting_id === m.id),
          answer: answers.find((a) => a.meeting_id === m.id)?.response ?? null,
        })),
        minutes: circulated.map((n) => ({ ...n, comments: comments.filter((c) => c.parent_id === n.id) })),
        plan: await followedActions(db, ms.body_id),
      }
    }),
  )
}

/** The plan actions a body follows, with their published monitoring updates and members' comments. */
async function followedActions(db: DB, bodyId: string) {
  const actions = await followedBy(db, bodyId)
  if (!actions.length) return []
  const updates = await db
    .selectFrom('indicator_updates as u')
    .innerJoin('plan_indicators as i', 'i.id', 'u.indicator_id')
    .select(['u.id', 'i.action_id', 'i.name_i18n', 'i.unit', 'u.reference_date', 'u.value', 'u.evidence'])
    .where(
      'i.action_id',
      'in',
      actions.map((a) => a.id),
    )
    .where('u.review', '=', 'published')
    .orderBy('u.reference_date', 'desc')
    .execute()
  const comments = await membersComments(
    db,
    'monitoring_comments',
    updates.map((u) => u.id),
  )
  return actions.map((a) => ({
    ...a,
    updates: updates
      .filter((u) => u.action_id === a.id)
      .map((u) => ({ ...u, comments: comments.filter((c) => c.parent_id === u.id) })),
  }))
}

/** The tables of members' comments: the same columns but the one naming what is commented on. */
const COMMENTED = { minutes_comments: 'minutes_id', monitoring_comments: 'update_id' } as const

/**
 * Members' comments on the given minutes or monitoring updates, oldest first, each with the id of
 * what it comments on as `parent_id`.
 */
async function membersComments(db: DB, table: keyof typeof COMMENTED, parentIds: string[]) {
  if (!parentIds.length) return []
  // Kysely is told one of the two tables; the SQL names the right one, and the columns read are shared.
  const from = `${table} as c` as 'minutes_comments as c'
  const parent = `c.${COMMENTED[table]}` as 'c.minutes_id'
  return db
    .selectFrom(from)
    .innerJoin('body_members as bm', 'bm.id', 'c.member_id')
    .select([`${parent} as parent_id`, 'c.id', 'c.text', 'c.created_at', 'bm.display_name'])
    .where(parent, 'in', parentIds)
    .orderBy('c.created_at')
    .execute()
}
