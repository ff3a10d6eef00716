import { beforeEach, describe, expect, it } from 'vitest'
import { can } from '../../../app/auth/permissions'
import { addMember } from '../../../app/council/bodies.server'
import {
  bodyPlanActions,
  followPlanAction,
  unfollowPlanAction,
} from '../../../app/council/followed-actions.server'
import { getMeeting } from '../../../app/council/meetings.server'
import {
  findSeatAccount,
  linkSeatAccount,
  SEAT_LINK_TTL_MS,
  seatAccounts,
  signSeatLink,
  unlinkSeatAccount,
} from '../../../app/council/seat-accounts.server'
import { decideProposal, myWorkspace, proposeAgendaItem } from '../../../app/council/workspace.server'
import type { DB } from '../../../app/lib/db.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import type { Role } from '../../../db/schema'
import { councilBody, upcomingMeeting } from '../../helpers/council'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'
import { planInForce } from '../../helpers/plan'

// Issue #18: the secretariat's side of the counsellors' workspace — which account holds a seat
// (found by exact e-mail or phone, shown masked; the counsellor role follows the seats), which Plan
// actions a body follows, and of which kind an accepted proposal becomes.

let db: DB
let c: Awaited<ReturnType<typeof councilBody>>
let staff: string

const rolesOf = async (userId: string) =>
  (await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute()).map(
    (r) => r.role as Role,
  )
const seatOf = async (memberId: string) =>
  (await db.selectFrom('body_members').select('user_id').where('id', '=', memberId).executeTakeFirstOrThrow())
    .user_id
const audits = async (action: string) =>
  db.selectFrom('audit_log').selectAll().where('action', '=', action).execute()

async function found(memberId: string, identifier: string) {
  const r = await findSeatAccount(db, { actorUserId: staff, bodyId: c.bodyId, memberId, identifier })
  if (!r.ok) throw new Error(r.error)
  return r.value
}

/** Links as the secretariat does: with the signature its own look-up gave for this seat and account. */
async function link(memberId: string, userId: string, bodyId = c.bodyId) {
  const sig = signSeatLink({ actorUserId: staff, memberId, userId })
  return linkSeatAccount(db, { actorUserId: staff, bodyId, memberId, userId, sig })
}

beforeEach(async () => {
  db = await createTestDb()
  c = await councilBody(db)
  staff = c.secretariat.id
})

describe('finding the account for a seat', () => {
  it('matches the exact e-mail (any case) and shows only the name and a masked contact', async () => {
    const person = await createUser(db, { email: 'maria.silva@example.org' })
    const r = await found(c.full[0], '  Maria.Silva@EXAMPLE.org ')
    expect(r).toEqual({
      memberId: c.full[0],
      userId: person.id,
      displayName: expect.any(String),
      contact: 'm•••@example.org',
      sig: expect.stringMatching(/^\d+\.[\w-]{32}$/),
    })
    // The look-up that revealed an account is audited, without the identifier typed.
    const [entry] = await audits('council.seat_account_lookup')
    expect(entry.entity_id).toBe(c.bodyId)
    expect(JSON.stringify(entry)).not.toContain('maria.silva')
  })

  it('matches a phone typed as people type it (normalised as at sign-in)', async () => {
    const person = await createUser(db, { email: '+55 11 91234-5678' })
    const r = await found(c.full[0], '(11) 91234-5678')
    expect(r.userId).toBe(person.id)
    expect(r.contact).toBe('+55•••••5678')
  })

  it('never matches a prefix, a part or an erased account; a malformed identifier is refused first', async () => {
    const person = await createUser(db, { email: 'joana@example.org' })
    for (const partial of ['joana@example.or', 'oana@example.org', 'joana@%', '%@example.org'])
      expect(
        await findSeatAccount(db, {
          actorUserId: staff,
          bodyId: c.bodyId,
          memberId: c.full[0],
          identifier: partial,
        }),
        partial,
      ).toMatchObject({ ok: false, error: expect.stringMatching(/^(no_such_account|identifier_invalid)$/) })
    expect(
      await findSeatAccount(db, {
        actorUserId: staff,
        bodyId: c.bodyId,
        memberId: c.full[0],
        identifier: 'joana',
      }),
    ).toEqual({ ok: false, error: 'identifier_invalid', field: 'identifier' })
    await eraseAccount(db, person.id)
    expect(
      await findSeatAccount(db, {
        actorUserId: staff,
        bodyId: c.bodyId,
        memberId: c.full[0],
        identifier: 'joana@example.org',
      }),
    ).toEqual({ ok: false, error: 'no_such_account', field: 'identifier' })
    // Misses are audited too (found: false), never with what was typed.
    const misses = await audits('council.seat_account_lookup')
    expect(misses.length).toBeGreaterThanOrEqual(2)
    for (const entry of misses) {
      expect(JSON.parse(entry.after_json!)).toEqual({ member: c.full[0], found: false })
      expect(JSON.stringify(entry)).not.toContain('joana')
    }
  })

  it('says at once that the account already holds this seat or another seat of the body', async () => {
    const person = await createUser(db, { email: 'ana@example.org' })
    expect((await link(c.full[0], person.id)).ok).toBe(true)
    const again = (memberId: string) =>
      findSeatAccount(db, { actorUserId: staff, bodyId: c.bodyId, memberId, identifier: 'ana@example.org' })
    expect(await again(c.full[0])).toEqual({ ok: false, error: 'already_linked', field: 'identifier' })
    expect(await again(c.alternates[0])).toEqual({ ok: false, error: 'account_taken', field: 'identifier' })
  })

  it('refuses a seat of another body or one whose term has ended', async () => {
    await createUser(db, { email: 'ana@example.org' })
    const other = await councilBody(db)
    const lookup = (bodyId: string, memberId: string) =>
      findSeatAccount(db, { actorUserId: staff, bodyId, memberId, identifier: 'ana@example.org' })
    expect(await lookup(c.bodyId, other.full[0])).toEqual({ ok: false, error: 'not_serving' })
    await db
      .updateTable('body_members')
      .set({ term_ends: '2021-01-01' })
      .where('id', '=', c.full[1])
      .execute()
    expect(await lookup(c.bodyId, c.full[1])).toEqual({ ok: false, error: 'not_serving' })
  })
})

describe('linking, changing and unlinking a seat', () => {
  it('linking gives the counsellor role and opens the workspace on that body; audited', async () => {
    const person = await createUser(db)
    expect(can({ id: person.id, roles: await rolesOf(person.id) }, 'council.workspace')).toBe(false)
    expect(await link(c.full[2], person.id)).toEqual({ ok: true, value: { memberId: c.full[2] } })
    expect(await seatOf(c.full[2])).toBe(person.id)
    const roles = await rolesOf(person.id)
    expect(roles).toContain('counsellor')
    expect(can({ id: person.id, roles }, 'council.workspace')).toBe(true)
    const [body] = await myWorkspace(db, { userId: person.id })
    expect(body.bodyId).toBe(c.bodyId)
    // …and it can act on the body: a proposal for an upcoming meeting.
    const proposed = await proposeAgendaItem(db, {
      actor: { id: person.id, roles },
      meetingId: await upcomingMeeting(db, c),
      title: 'Ponto',
    })
    expect(proposed.ok).toBe(true)
    const [entry] = await audits('council.seat_account_link')
    expect(entry.actor_user_id).toBe(staff)
    expect(JSON.parse(entry.after_json!)).toMatchObject({
      member: c.full[2],
      user: person.id,
      roleGranted: true,
    })
  })

  it('shows the linked accounts of serving seats, masked, and a found candidate', async () => {
    const person = await createUser(db, { email: 'li.wei@example.org' })
    const other = await createUser(db, { email: 'rosa@example.org' })
    await link(c.full[0], person.id)
    const sig = signSeatLink({ actorUserId: staff, memberId: c.full[1], userId: other.id })
    const shown = await seatAccounts(db, {
      bodyId: c.bodyId,
      actorUserId: staff,
      candidate: { memberId: c.full[1], userId: other.id, sig },
    })
    expect(shown.linked[c.full[0]]).toEqual({
      userId: person.id,
      displayName: expect.any(String),
      contact: 'l•••@example.org',
    })
    expect(shown.candidate).toMatchObject({
      memberId: c.full[1],
      userId: other.id,
      contact: 'r•••@example.org',
    })
    expect(JSON.stringify(shown)).not.toContain('li.wei@')
    // A candidate for a seat of another body, or a made-up account, shows nothing.
    const otherBody = await councilBody(db)
    for (const [memberId, userId] of [
      [otherBody.full[0], other.id],
      [c.full[1], 'made-up'],
    ]) {
      const candidate = { memberId, userId, sig: signSeatLink({ actorUserId: staff, memberId, userId }) }
      expect(
        (await seatAccounts(db, { bodyId: c.bodyId, actorUserId: staff, candidate })).candidate,
      ).toBeNull()
    }
  })

  it('one account cannot hold two serving seats of one body, but may sit on another body', async () => {
    const person = await createUser(db)
    expect((await link(c.full[0], person.id)).ok).toBe(true)
    expect(await link(c.alternates[1], person.id)).toEqual({ ok: false, error: 'account_taken' })
    expect(await link(c.full[0], person.id)).toEqual({ ok: false, error: 'already_linked' })
    const other = await councilBody(db)
    expect((await link(other.full[0], person.id, other.bodyId)).ok).toBe(true)
  })

  it('a seat whose term ended frees the account for a new seat on the same body', async () => {
    const person = await createUser(db)
    await link(c.full[0], person.id)
    await db
      .updateTable('body_members')
      .set({ term_ends: '2021-01-01' })
      .where('id', '=', c.full[0])
      .execute()
    expect((await link(c.full[1], person.id)).ok).toBe(true)
  })

  it('two links of one account to two seats at once: one wins, the other is refused', async () => {
    const person = await createUser(db)
    const results = await Promise.all([link(c.full[0], person.id), link(c.full[1], person.id)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'account_taken' }])
    const seats = await db.selectFrom('body_members').select('id').where('user_id', '=', person.id).execute()
    expect(seats).toHaveLength(1)
  })

  it('refuses an unknown or erased account and a seat that is not serving', async () => {
    expect(await link(c.full[0], 'no-such-user')).toEqual({ ok: false, error: 'no_such_account' })
    const person = await createUser(db)
    await eraseAccount(db, person.id)
    expect(await link(c.full[0], person.id)).toEqual({ ok: false, error: 'no_such_account' })
    const alive = await createUser(db)
    expect(await link('no-such-member', alive.id)).toEqual({ ok: false, error: 'not_serving' })
    expect(await seatOf(c.full[0])).toBeNull()
  })

  it('changing the account moves the role: the previous holder loses it when no other seat needs it', async () => {
    const first = await createUser(db)
    const second = await createUser(db)
    await link(c.full[0], first.id)
    expect((await link(c.full[0], second.id)).ok).toBe(true)
    expect(await seatOf(c.full[0])).toBe(second.id)
    expect(await rolesOf(first.id)).not.toContain('counsellor')
    expect(await rolesOf(second.id)).toContain('counsellor')
    expect(await myWorkspace(db, { userId: first.id })).toEqual([])
  })

  it('unlinking closes the workspace and takes the role, unless a seat on another body still needs it', async () => {
    const person = await createUser(db)
    await link(c.full[0], person.id)
    const other = await councilBody(db)
    await link(other.full[0], person.id, other.bodyId)
    const unlink = (bodyId: string, memberId: string) =>
      unlinkSeatAccount(db, { actorUserId: staff, bodyId, memberId })
    expect(await unlink(c.bodyId, c.full[0])).toEqual({ ok: true, value: { memberId: c.full[0] } })
    expect(await rolesOf(person.id)).toContain('counsellor')
    expect((await myWorkspace(db, { userId: person.id })).map((b) => b.bodyId)).toEqual([other.bodyId])
    expect(await unlink(c.bodyId, c.full[0])).toEqual({ ok: false, error: 'not_linked' })
    expect((await unlink(other.bodyId, other.full[0])).ok).toBe(true)
    expect(await rolesOf(person.id)).not.toContain('counsellor')
    expect(await myWorkspace(db, { userId: person.id })).toEqual([])
    const entries = await audits('council.seat_account_unlink')
    expect(entries.map((e) => JSON.parse(e.after_json!).roleRevoked)).toEqual([false, true])
  })

  it('a seat starting later (a new term already appointed) keeps the role', async () => {
    const person = await createUser(db)
    await link(c.full[0], person.id)
    const future = await addMember(db, {
      actorUserId: staff,
      bodyId: c.bodyId,
      displayName: 'Titular futuro',
      sector: 'government',
      role: 'full',
      termStarts: '2099-01-01',
      userId: person.id,
    })
    if (!future.ok) throw new Error(future.error)
    await unlinkSeatAccount(db, { actorUserId: staff, bodyId: c.bodyId, memberId: c.full[0] })
    expect(await rolesOf(person.id)).toContain('counsellor')
  })
})

describe('the confirmation a look-up signs, and the look-ups themselves', () => {
  const secretariat = async () => (await createUser(db, { roles: ['secretariat'] })).id

  it('links only with the signature of this staff member’s own look-up of this seat and account', async () => {
    const person = await createUser(db, { email: 'ana@example.org' })
    const attacker = await createUser(db, { email: 'mallory@example.org' })
    const colleague = await secretariat()
    const hit = await found(c.full[0], 'ana@example.org')
    const attempt = (input: { userId?: string; memberId?: string; sig?: string | null; actor?: string }) =>
      linkSeatAccount(db, {
        actorUserId: input.actor ?? staff,
        bodyId: c.bodyId,
        memberId: input.memberId ?? c.full[0],
        userId: input.userId ?? person.id,
        sig: input.sig === undefined ? hit.sig : input.sig,
      })
    const [expires] = hit.sig.split('.')
    const refusals = [
      attempt({ sig: null }), // no signature: a crafted confirmation link
      attempt({ sig: '' }),
      attempt({ userId: attacker.id }), // another account under the found one's signature
      attempt({ memberId: c.full[1] }), // another seat
      attempt({ actor: colleague }), // another staff member's look-up
      attempt({ sig: `${expires}.${'A'.repeat(32)}` }), // forged
      attempt({ sig: `${Number(expires) + 1}.${hit.sig.split('.')[1]}` }), // expiry changed
      attempt({ sig: signSeatLink({ actorUserId: attacker.id, memberId: c.full[0], userId: attacker.id }) }),
    ]
    for (const r of await Promise.all(refusals))
      expect(r).toEqual({ ok: false, error: 'invalid_confirmation' })
    expect(await seatOf(c.full[0])).toBeNull()
    expect(await seatOf(c.full[1])).toBeNull()
    expect(await rolesOf(attacker.id)).not.toContain('counsellor')
    expect(await audits('council.seat_account_link')).toHaveLength(0)
    expect((await attempt({})).ok).toBe(true)
    expect(await seatOf(c.full[0])).toBe(person.id)
  })

  it('a signature expires after 15 minutes, and one signed for the future is not ours', async () => {
    const person = await createUser(db, { email: 'ana@example.org' })
    const at = new Date()
    const sig = signSeatLink({ actorUserId: staff, memberId: c.full[0], userId: person.id, now: at })
    const input = { actorUserId: staff, bodyId: c.bodyId, memberId: c.full[0], userId: person.id, sig }
    const later = (ms: number) => new Date(at.getTime() + ms)
    expect(await linkSeatAccount(db, { ...input, now: later(SEAT_LINK_TTL_MS) })).toEqual({
      ok: false,
      error: 'invalid_confirmation',
    })
    const candidate = { memberId: c.full[0], userId: person.id, sig }
    const view = (now: Date) => seatAccounts(db, { bodyId: c.bodyId, actorUserId: staff, candidate, now })
    expect((await view(later(SEAT_LINK_TTL_MS))).candidate).toBeNull()
    expect((await view(later(-60_000))).candidate).toBeNull() // expiry beyond what "now" would sign
    expect((await view(later(SEAT_LINK_TTL_MS - 1))).candidate).toMatchObject({ userId: person.id })
    expect((await linkSeatAccount(db, { ...input, now: later(SEAT_LINK_TTL_MS - 1) })).ok).toBe(true)
  })

  it('shows a candidate only to the staff member whose look-up signed it', async () => {
    const person = await createUser(db, { email: 'ana@example.org' })
    const hit = await found(c.full[0], 'ana@example.org')
    const candidate = { memberId: c.full[0], userId: person.id, sig: hit.sig }
    const view = (actorUserId: string, cand: typeof candidate) =>
      seatAccounts(db, { bodyId: c.bodyId, actorUserId, candidate: cand })
    expect((await view(staff, candidate)).candidate).toMatchObject({ userId: person.id, sig: hit.sig })
    expect((await view(await secretariat(), candidate)).candidate).toBeNull()
    expect((await view(staff, { ...candidate, sig: 'nope' })).candidate).toBeNull()
  })

  it('audits hits and misses without the identifier, and allows 30 look-ups an hour per staff member', async () => {
    await createUser(db, { email: 'ana@example.org' })
    const at = new Date('2026-12-04T10:00:00Z')
    const lookup = (actorUserId: string, identifier: string, now = at) =>
      findSeatAccount(db, { actorUserId, bodyId: c.bodyId, memberId: c.full[0], identifier, now })
    expect(await lookup(staff, 'ninguem@example.org')).toEqual({
      ok: false,
      error: 'no_such_account',
      field: 'identifier',
    })
    expect((await lookup(staff, 'ana@example.org')).ok).toBe(true)
    const entries = await audits('council.seat_account_lookup')
    expect(entries.map((e) => JSON.parse(e.after_json!).found).sort()).toEqual([false, true])
    expect(JSON.stringify(entries)).not.toMatch(/ninguem|ana@/)
    for (let i = 2; i < 30; i += 1) expect((await lookup(staff, `n${i}@example.org`)).ok).toBe(false)
    expect(await lookup(staff, 'ana@example.org')).toEqual({
      ok: false,
      error: 'rate_limited',
      field: 'identifier',
    })
    expect(await audits('council.seat_account_lookup')).toHaveLength(30) // the refused one reached nothing
    // Another staff member has its own quota; the hour over, the first may look up again.
    expect((await lookup(await secretariat(), 'ana@example.org')).ok).toBe(true)
    expect((await lookup(staff, 'ana@example.org', new Date(at.getTime() + 60 * 60_000 + 1))).ok).toBe(true)
  })
})

describe('Plan actions a body follows', () => {
  it('the secretariat adds and removes actions of the plan in force; the workspace shows them; audited', async () => {
    const plan = await planInForce(db)
    const action = plan.byCode('4.1.1.1').action_id
    const person = await createUser(db)
    await link(c.full[0], person.id)
    const before = await bodyPlanActions(db, c.bodyId)
    expect(before.followed).toEqual([])
    expect(before.available.map((a) => a.id)).toContain(action)
    const follow = () => followPlanAction(db, { actorUserId: staff, bodyId: c.bodyId, actionId: action })
    expect(await follow()).toEqual({ ok: true, value: null })
    expect(await follow()).toEqual({ ok: false, error: 'already_followed', field: 'actionId' })
    const after = await bodyPlanActions(db, c.bodyId)
    expect(after.followed.map((a) => a.id)).toEqual([action])
    expect(after.available.map((a) => a.id)).not.toContain(action)
    const [ws] = await myWorkspace(db, { userId: person.id })
    expect(ws.plan.map((a) => a.id)).toEqual([action])
    const unfollow = () => unfollowPlanAction(db, { actorUserId: staff, bodyId: c.bodyId, actionId: action })
    expect(await unfollow()).toEqual({ ok: true, value: null })
    expect(await unfollow()).toEqual({ ok: false, error: 'not_followed' })
    expect((await myWorkspace(db, { userId: person.id }))[0].plan).toEqual([])
    expect((await audits('council.follow_action')).map((e) => e.entity_id)).toEqual([c.bodyId])
    expect(await audits('council.unfollow_action')).toHaveLength(1)
  })

  it('two identical posts at once follow the action once', async () => {
    const plan = await planInForce(db)
    const actionId = plan.byCode('4.1.1.1').action_id
    const results = await Promise.all(
      [1, 2].map(() => followPlanAction(db, { actorUserId: staff, bodyId: c.bodyId, actionId })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect((await bodyPlanActions(db, c.bodyId)).followed).toHaveLength(1)
  })

  it('refuses an unknown action, one of an edition not in force, and an unknown body', async () => {
    const plan = await planInForce(db)
    const actionId = plan.byCode('4.1.1.1').action_id
    expect(await followPlanAction(db, { actorUserId: staff, bodyId: c.bodyId, actionId: 'nope' })).toEqual({
      ok: false,
      error: 'unknown_action',
      field: 'actionId',
    })
    expect(await followPlanAction(db, { actorUserId: staff, bodyId: 'nope', actionId })).toEqual({
      ok: false,
      error: 'not_found',
    })
    await db
      .updateTable('plan_editions')
      .set({ status: 'concluded' })
      .where('id', '=', plan.editionId)
      .execute()
    expect(await followPlanAction(db, { actorUserId: staff, bodyId: c.bodyId, actionId })).toMatchObject({
      ok: false,
      error: 'unknown_action',
    })
  })
})

describe('the kind of item an accepted proposal becomes', () => {
  async function pendingProposal() {
    const person = await createUser(db)
    await link(c.full[0], person.id)
    const meetingId = await upcomingMeeting(db, c)
    const p = await proposeAgendaItem(db, {
      actor: { id: person.id, roles: await rolesOf(person.id) },
      meetingId,
      title: 'Intérpretes nas UBS',
    })
    if (!p.ok) throw new Error(p.error)
    return { meetingId, proposalId: p.value.id }
  }

  it('is an information item by default, as before', async () => {
    const { meetingId, proposalId } = await pendingProposal()
    expect((await decideProposal(db, { actorUserId: staff, proposalId, accept: true })).ok).toBe(true)
    const item = (await getMeeting(db, meetingId))!.items.at(-1)!
    expect([item.kind, item.motion]).toEqual(['information', null])
  })

  it('is a deliberation with its motion when the secretariat chooses so', async () => {
    const { meetingId, proposalId } = await pendingProposal()
    const r = await decideProposal(db, {
      actorUserId: staff,
      proposalId,
      accept: true,
      kind: 'deliberation',
      motion: '  Recomendar intérpretes de mandarim nas UBS.  ',
    })
    expect(r.ok).toBe(true)
    const item = (await getMeeting(db, meetingId))!.items.at(-1)!
    expect([item.title, item.kind, item.motion]).toEqual([
      'Intérpretes nas UBS',
      'deliberation',
      'Recomendar intérpretes de mandarim nas UBS.',
    ])
    const [entry] = await audits('council.accept_proposal')
    expect(JSON.parse(entry.after_json!)).toMatchObject({ kind: 'deliberation' })
  })

  it('a deliberation needs a motion: refused beside the field, the proposal still pending', async () => {
    const { meetingId, proposalId } = await pendingProposal()
    expect(
      await decideProposal(db, {
        actorUserId: staff,
        proposalId,
        accept: true,
        kind: 'deliberation',
        motion: ' ',
      }),
    ).toEqual({ ok: false, error: 'motion_required', field: 'motion' })
    expect((await getMeeting(db, meetingId))!.items).toHaveLength(1)
    const p = await db
      .selectFrom('council_agenda_proposals')
      .select('status')
      .where('id', '=', proposalId)
      .executeTakeFirstOrThrow()
    expect(p.status).toBe('pending')
  })

  it('an information item drops a motion sent with it', async () => {
    const { meetingId, proposalId } = await pendingProposal()
    await decideProposal(db, {
      actorUserId: staff,
      proposalId,
      accept: true,
      kind: 'information',
      motion: 'x',
    })
    expect((await getMeeting(db, meetingId))!.items.at(-1)!.motion).toBeNull()
  })
})
