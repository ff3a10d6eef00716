import { beforeEach, describe, expect, it } from 'vitest'
import { signSeatLink } from '../../../app/council/seat-accounts.server'
import { proposeAgendaItem } from '../../../app/council/workspace.server'
import type { DB } from '../../../app/lib/db.server'
import { action as bodyAction, loader as bodyLoader } from '../../../app/routes/council.bodies.$id'
import { action as meetingAction } from '../../../app/routes/council.meetings.$id._index'
import { loader as myLoader } from '../../../app/routes/council.my'
import { councilBody, upcomingMeeting } from '../../helpers/council'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { planInForce } from '../../helpers/plan'
import { args, settle } from '../../helpers/routes'

// Issue #18: the body's page is where the secretariat links a seat to an account (look up by exact
// e-mail or phone → confirm the name and masked contact → link), unlinks it, and chooses the Plan
// actions the body follows; the meeting's page is where it chooses the kind of an accepted proposal.
// Plain form posts: 302 on success, 4xx with what was typed kept, 403 for anyone else.

let db: DB
let c: Awaited<ReturnType<typeof councilBody>>
let staff: string

beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  c = await councilBody(db)
  staff = c.secretariat.id
})

const bodyUrl = () => `/council/bodies/${c.bodyId}`
const postBody = async (userId: string, body: Record<string, string>) =>
  settle(
    bodyAction(
      args(await requestAs(db, userId, bodyUrl(), { method: 'POST', body: form(body) }), { id: c.bodyId }),
    ),
  )
const page = async (userId: string, query = '') => {
  const res = await settle(
    bodyLoader(args(await requestAs(db, userId, `${bodyUrl()}${query}`), { id: c.bodyId })),
  )
  return (await res.json()) as {
    accounts: {
      linked: Record<string, { displayName: string; contact: string }>
      candidate: { memberId: string; userId: string; displayName: string; contact: string } | null
    } | null
    planActions: { followed: { id: string }[]; available: { id: string }[] } | null
  }
}

/** The secretariat's look-up of an account for a seat; the signature its redirect carries. */
const lookUp = async (memberId: string, identifier: string, userId = staff) => {
  const res = await postBody(userId, { intent: 'findAccount', memberId, identifier })
  expect(res.status).toBe(302)
  return new URL(res.headers.get('Location')!, 'http://x').searchParams.get('sig')!
}

describe("the body page's seat accounts", () => {
  it('look up, confirm and link without JavaScript; the account then opens "Meu conselho"', async () => {
    const person = await createUser(db, { email: 'li.wei@example.org' })
    expect((await settle(myLoader(args(await requestAs(db, person.id, '/council/my'))))).status).toBe(403)
    const lookup = await postBody(staff, {
      intent: 'findAccount',
      memberId: c.full[2],
      identifier: 'LI.WEI@example.org',
    })
    expect(lookup.status).toBe(302)
    const location = lookup.headers.get('Location')!
    expect(location).toMatch(
      new RegExp(
        `^${bodyUrl()}\\?seat=${c.full[2]}&account=${person.id}&sig=\\d+\\.[\\w-]{32}#seat-${c.full[2]}$`,
      ),
    )
    const sig = new URL(location, 'http://x').searchParams.get('sig')!
    // The identifier never travels in the address.
    expect(location).not.toContain('li.wei')
    const confirm = await page(staff, location.replace(bodyUrl(), '').replace(/#.*/, ''))
    expect(confirm.accounts!.candidate).toMatchObject({
      memberId: c.full[2],
      contact: 'l•••@example.org',
      sig,
    })
    const linked = await postBody(staff, { intent: 'link', memberId: c.full[2], userId: person.id, sig })
    expect(linked.status).toBe(302)
    expect(linked.headers.get('Location')).toBe(`${bodyUrl()}?done=linked#seat-${c.full[2]}`)
    expect((await page(staff)).accounts!.linked[c.full[2]].contact).toBe('l•••@example.org')
    expect((await settle(myLoader(args(await requestAs(db, person.id, '/council/my'))))).status).toBe(200)

    const unlinked = await postBody(staff, { intent: 'unlink', memberId: c.full[2] })
    expect(unlinked.headers.get('Location')).toBe(`${bodyUrl()}?done=unlinked#seat-${c.full[2]}`)
    expect((await settle(myLoader(args(await requestAs(db, person.id, '/council/my'))))).status).toBe(403)
  })

  it('an unknown or malformed identifier is refused beside the field, with what was typed kept', async () => {
    for (const identifier of ['ninguem@example.org', 'not an address']) {
      const res = await postBody(staff, { intent: 'findAccount', memberId: c.full[0], identifier })
      expect(res.status).toBe(400)
      const body = (await res.json()) as {
        fieldErrors: Record<string, string>
        values: Record<string, string>
        target: string
      }
      expect(body.fieldErrors.identifier).toMatch(/^(no_such_account|identifier_invalid)$/)
      expect(body.values.identifier).toBe(identifier)
      expect(body.target).toBe(c.full[0])
    }
    const empty = await postBody(staff, { intent: 'findAccount', memberId: c.full[0], identifier: '' })
    expect(empty.status).toBe(400)
  })

  it('an account already on another seat of the body is 409; linking a made-up account is refused', async () => {
    const person = await createUser(db, { email: 'ana@example.org' })
    const sig = await lookUp(c.full[0], 'ana@example.org')
    expect(
      (await postBody(staff, { intent: 'link', memberId: c.full[0], userId: person.id, sig })).status,
    ).toBe(302)
    const taken = await postBody(staff, {
      intent: 'findAccount',
      memberId: c.full[1],
      identifier: 'ana@example.org',
    })
    expect(taken.status).toBe(409)
    expect(((await taken.json()) as { fieldErrors: Record<string, string> }).fieldErrors.identifier).toBe(
      'account_taken',
    )
    const sign = (memberId: string, userId: string) => signSeatLink({ actorUserId: staff, memberId, userId })
    expect(
      (
        await postBody(staff, {
          intent: 'link',
          memberId: c.full[1],
          userId: person.id,
          sig: sign(c.full[1], person.id),
        })
      ).status,
    ).toBe(409)
    expect(
      (
        await postBody(staff, {
          intent: 'link',
          memberId: c.full[1],
          userId: 'made-up',
          sig: sign(c.full[1], 'made-up'),
        })
      ).status,
    ).toBe(409)
    expect((await postBody(staff, { intent: 'unlink', memberId: c.full[1] })).status).toBe(409)
  })

  it('nobody but the secretariat looks up, links or sees accounts', async () => {
    const person = await createUser(db, { email: 'ana@example.org' })
    for (const roles of [['resident'], ['counsellor'], ['admin'], ['electoral_commission']] as const) {
      const someone = await createUser(db, { roles: [...roles] })
      for (const body of <Record<string, string>[]>[
        { intent: 'findAccount', memberId: c.full[0], identifier: 'ana@example.org' },
        { intent: 'link', memberId: c.full[0], userId: person.id },
        { intent: 'unlink', memberId: c.full[0] },
        { intent: 'follow', actionId: 'x' },
      ])
        expect((await postBody(someone.id, body)).status, `${roles[0]} ${body.intent}`).toBe(403)
      const seen = await page(someone.id, `?seat=${c.full[0]}&account=${person.id}`)
      expect(seen.accounts).toBeNull()
      expect(seen.planActions).toBeNull()
    }
    const row = await db
      .selectFrom('body_members')
      .select('user_id')
      .where('id', '=', c.full[0])
      .executeTakeFirst()
    expect(row!.user_id).toBeNull()
  })
})

describe('a crafted confirmation link (review finding 4)', () => {
  it("shows nothing found, and a link without the look-up's signature is refused: nothing linked, nothing audited", async () => {
    const attacker = await createUser(db, { email: 'mallory@example.org' })
    const crafted = await page(staff, `?seat=${c.full[0]}&account=${attacker.id}`)
    expect(crafted.accounts!.candidate).toBeNull()
    const forged = await page(
      staff,
      `?seat=${c.full[0]}&account=${attacker.id}&sig=${Date.now() + 60_000}.${'A'.repeat(32)}`,
    )
    expect(forged.accounts!.candidate).toBeNull()
    for (const sig of [undefined, '', 'x', `${Date.now() + 60_000}.${'A'.repeat(32)}`]) {
      const res = await postBody(staff, {
        intent: 'link',
        memberId: c.full[0],
        userId: attacker.id,
        ...(sig === undefined ? {} : { sig }),
      })
      expect(res.status, String(sig)).toBe(400)
      const body = (await res.json()) as { fieldErrors: Record<string, string>; target: string }
      expect(body.fieldErrors.form).toBe('invalid_confirmation')
      expect(body.target).toBe(c.full[0])
    }
    const row = await db
      .selectFrom('body_members')
      .select('user_id')
      .where('id', '=', c.full[0])
      .executeTakeFirst()
    expect(row!.user_id).toBeNull()
    const roles = await db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', attacker.id)
      .execute()
    expect(roles.map((r) => r.role)).not.toContain('counsellor')
    const links = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'council.seat_account_link')
      .execute()
    expect(links).toHaveLength(0)
  })

  it("another staff member's look-up, or one for another account, does not confirm this one", async () => {
    const person = await createUser(db, { email: 'ana@example.org' })
    const attacker = await createUser(db, { email: 'mallory@example.org', roles: ['secretariat'] })
    // The attacker (staff too) looks the account up and sends the address to a colleague.
    const theirs = await lookUp(c.full[0], 'mallory@example.org', attacker.id)
    const seen = await page(staff, `?seat=${c.full[0]}&account=${attacker.id}&sig=${theirs}`)
    expect(seen.accounts!.candidate).toBeNull()
    const sent = await postBody(staff, {
      intent: 'link',
      memberId: c.full[0],
      userId: attacker.id,
      sig: theirs,
    })
    expect(sent.status).toBe(400)
    // A real look-up of Ana does not confirm another account, nor another seat.
    const sig = await lookUp(c.full[0], 'ana@example.org')
    for (const body of [
      { memberId: c.full[0], userId: attacker.id, sig },
      { memberId: c.full[1], userId: person.id, sig },
    ])
      expect((await postBody(staff, { intent: 'link', ...body })).status).toBe(400)
    expect(
      (await postBody(staff, { intent: 'link', memberId: c.full[0], userId: person.id, sig })).status,
    ).toBe(302)
  })
})

describe('look-ups are bounded (review finding 6)', () => {
  it('the 31st look-up in an hour is 429 beside the field, with what was typed kept', async () => {
    for (let i = 0; i < 30; i += 1) {
      const res = await postBody(staff, {
        intent: 'findAccount',
        memberId: c.full[0],
        identifier: `n${i}@example.org`,
      })
      expect(res.status).toBe(400)
    }
    const res = await postBody(staff, {
      intent: 'findAccount',
      memberId: c.full[0],
      identifier: 'ana@example.org',
    })
    expect(res.status).toBe(429)
    const body = (await res.json()) as { fieldErrors: Record<string, string>; values: Record<string, string> }
    expect(body.fieldErrors.identifier).toBe('rate_limited')
    expect(body.values.identifier).toBe('ana@example.org')
    const misses = await db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'council.seat_account_lookup')
      .execute()
    expect(misses).toHaveLength(30)
    expect(misses.every((m) => JSON.parse(m.after_json!).found === false)).toBe(true)
  })
})

describe("the body page's followed Plan actions", () => {
  it('the secretariat adds and removes an action; a repeat or an unknown action is refused beside the field', async () => {
    const plan = await planInForce(db)
    const actionId = plan.byCode('4.1.1.1').action_id
    const added = await postBody(staff, { intent: 'follow', actionId })
    expect(added.headers.get('Location')).toBe(`${bodyUrl()}?done=followed#followed-actions`)
    expect((await page(staff)).planActions!.followed.map((a) => a.id)).toEqual([actionId])
    const again = await postBody(staff, { intent: 'follow', actionId })
    expect(again.status).toBe(400)
    expect(((await again.json()) as { fieldErrors: Record<string, string> }).fieldErrors.actionId).toBe(
      'already_followed',
    )
    expect((await postBody(staff, { intent: 'follow', actionId: 'nope' })).status).toBe(400)
    const removed = await postBody(staff, { intent: 'unfollow', actionId })
    expect(removed.headers.get('Location')).toBe(`${bodyUrl()}?done=unfollowed#followed-actions`)
    expect((await postBody(staff, { intent: 'unfollow', actionId })).status).toBe(409)
  })
})

describe('accepting a proposal as a kind of item', () => {
  it('deliberation without a motion is 400 beside the field with the choice kept; with one, it is on the agenda', async () => {
    const counsellor = await createUser(db, { roles: ['counsellor'] })
    await db.updateTable('body_members').set({ user_id: counsellor.id }).where('id', '=', c.full[0]).execute()
    const meetingId = await upcomingMeeting(db, c)
    const p = await proposeAgendaItem(db, {
      actor: { id: counsellor.id, roles: ['counsellor'] },
      meetingId,
      title: 'Intérpretes nas UBS',
    })
    if (!p.ok) throw new Error(p.error)
    const url = `/council/meetings/${meetingId}`
    const accept = async (body: Record<string, string>) =>
      settle(
        meetingAction(
          args(
            await requestAs(db, staff, url, {
              method: 'POST',
              body: form({ intent: 'accept', proposalId: p.value.id, ...body }),
            }),
            { id: meetingId },
          ),
        ),
      )
    const refused = await accept({ kind: 'deliberation', motion: '' })
    expect(refused.status).toBe(400)
    const failed = (await refused.json()) as {
      fieldErrors: Record<string, string>
      values: Record<string, string>
    }
    expect(failed.fieldErrors.motion).toBe('motion_required')
    expect(failed.values.kind).toBe('deliberation')
    expect((await accept({ kind: 'bogus' })).status).toBe(400)
    const ok = await accept({ kind: 'deliberation', motion: 'Recomendar intérpretes.' })
    expect(ok.status).toBe(302)
    const item = await db
      .selectFrom('agenda_items')
      .select(['kind', 'motion'])
      .where('meeting_id', '=', meetingId)
      .where('title', '=', 'Intérpretes nas UBS')
      .executeTakeFirstOrThrow()
    expect(item).toEqual({ kind: 'deliberation', motion: 'Recomendar intérpretes.' })
  })
})
