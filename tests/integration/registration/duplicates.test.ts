import { beforeEach, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../../app/audit/audit.server'
import { advancePhase } from '../../../app/elections/lifecycle.server'
import type { DB } from '../../../app/lib/db.server'
import {
  dismissDuplicate,
  likelyDuplicates,
  mergeDuplicate,
  unresolvedDuplicateCount,
} from '../../../app/registration/duplicate-review.server'
import { createRegistration } from '../../../app/registration/registrations.server'
import { decideRegistration } from '../../../app/registration/review.server'
import { action, loader } from '../../../app/routes/staff.registrations.duplicates'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, setVotingWindow } from '../../helpers/elections'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle, registrationInput } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #16.17: one person approved twice (two documents) would be on the roll twice. Likely
// duplicates are listed for the secretariat and answered before the roll is frozen.

let db: DB
let staff: { id: string }
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
  staff = await createUser(db, { roles: ['secretariat'] })
})

async function approved(
  overrides: Parameters<typeof registrationInput>[0] = {},
  userId: string | null = null,
): Promise<string> {
  const r = await createRegistration(db, { input: registrationInput(overrides), channel: 'self', userId })
  if (!r.ok) throw new Error(r.error)
  const d = await decideRegistration(db, {
    actorUserId: staff.id,
    registrationId: r.value.id,
    decision: { intent: 'approve' },
  })
  if (!d.ok) throw new Error(d.error)
  return r.value.id
}

const person = { birthDate: '1985-03-04', nationality1: 'PE' }

async function twins() {
  const first = await approved({ ...person, fullName: 'José María Quispe Mamani' })
  // Same person typed differently at a desk: no accents, other case, extra spaces, words swapped.
  const second = await approved({ ...person, fullName: '  quispe mamani   JOSE maria ' })
  return [first, second].sort() as [string, string]
}

const statusOf = async (id: string) =>
  db
    .selectFrom('voter_registrations')
    .select(['status', 'decision_reason'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

describe('finding likely duplicates', () => {
  it('pairs approved registrations with the same normalised name, birth date and nationality — only those', async () => {
    const [a, b] = await twins()
    await approved({ ...person, fullName: 'José María Quispe Mamani', birthDate: '1985-03-05' }) // other birthday
    await approved({ ...person, fullName: 'José María Quispe Mamani', nationality1: 'BO' }) // other nationality
    const pending = await createRegistration(db, {
      input: registrationInput({ ...person, fullName: 'Jose Maria Quispe Mamani' }),
      channel: 'assisted',
    })
    expect(pending.ok).toBe(true) // pending: the queue flags it; not on the roll yet
    const found = await likelyDuplicates(db)
    expect(found.total).toBe(1)
    expect(found.pairs.map((p) => [p.a.id, p.b.id])).toEqual([[a, b]])
    expect(found.pairs[0]!.a.document_number).not.toBe(found.pairs[0]!.b.document_number)
  })
})

describe('answering a pair', () => {
  it('"not the same person" is remembered: the pair is not shown again and a second answer is refused', async () => {
    const [a, b] = await twins()
    expect(
      await dismissDuplicate(db, { actorUserId: staff.id, registrationId: b, otherRegistrationId: a }),
    ).toEqual({
      ok: true,
      value: null,
    })
    expect((await likelyDuplicates(db)).total).toBe(0)
    expect(
      await dismissDuplicate(db, { actorUserId: staff.id, registrationId: a, otherRegistrationId: b }),
    ).toMatchObject({ ok: false, error: 'already_resolved' })
    expect(await statusOf(a)).toMatchObject({ status: 'approved' })
    expect(await statusOf(b)).toMatchObject({ status: 'approved' })
    // A third registration of the same name is a new pair with each of the two.
    await approved({ ...person, fullName: 'Jose Maria Quispe Mamani' })
    expect((await likelyDuplicates(db)).total).toBe(2)
  })

  it('"the same person" keeps one, withdraws the other (audited), and takes the voter role from its account', async () => {
    const other = await createUser(db)
    const keep = await approved({ ...person, fullName: 'Ana Lima' })
    const withdraw = await approved({ ...person, fullName: 'ana  LIMA' }, other.id)
    const roles = () =>
      db
        .selectFrom('user_roles')
        .select('role')
        .where('user_id', '=', other.id)
        .where('role', '=', 'voter')
        .execute()
    expect(await roles()).toHaveLength(1)
    const merged = await mergeDuplicate(db, {
      actorUserId: staff.id,
      keepRegistrationId: keep,
      withdrawRegistrationId: withdraw,
    })
    expect(merged.ok).toBe(true)
    expect(await statusOf(keep)).toMatchObject({ status: 'approved' })
    expect(await statusOf(withdraw)).toEqual({ status: 'rejected', decision_reason: 'duplicate' })
    expect(await roles()).toEqual([])
    expect((await likelyDuplicates(db)).total).toBe(0)
    const audit = await db.selectFrom('audit_log').select(['action', 'entity_id', 'actor_user_id']).execute()
    expect(audit).toContainEqual({
      action: 'registration.duplicate.same',
      entity_id: withdraw,
      actor_user_id: staff.id,
    })
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  it('refuses pairs that are not duplicates, unknown ids, and two answers at once (one wins)', async () => {
    const [a, b] = await twins()
    const stranger = await approved({ fullName: 'Wei Chen', birthDate: '1990-01-01', nationality1: 'CN' })
    expect(
      await dismissDuplicate(db, { actorUserId: staff.id, registrationId: a, otherRegistrationId: stranger }),
    ).toMatchObject({ ok: false, error: 'not_a_duplicate' })
    expect(
      await dismissDuplicate(db, { actorUserId: staff.id, registrationId: a, otherRegistrationId: a }),
    ).toMatchObject({
      ok: false,
      error: 'not_a_duplicate',
    })
    expect(
      await mergeDuplicate(db, {
        actorUserId: staff.id,
        keepRegistrationId: a,
        withdrawRegistrationId: 'nope',
      }),
    ).toMatchObject({ ok: false, error: 'not_found' })
    const answers = await Promise.all([
      mergeDuplicate(db, { actorUserId: staff.id, keepRegistrationId: a, withdrawRegistrationId: b }),
      mergeDuplicate(db, { actorUserId: staff.id, keepRegistrationId: b, withdrawRegistrationId: a }),
      dismissDuplicate(db, { actorUserId: staff.id, registrationId: a, otherRegistrationId: b }),
    ])
    expect(answers.filter((r) => r.ok)).toHaveLength(1)
    expect(answers.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      'already_resolved',
      'already_resolved',
    ])
    const statuses = [(await statusOf(a)).status, (await statusOf(b)).status]
    expect(statuses.filter((s) => s === 'approved').length).toBeGreaterThanOrEqual(1)
    expect(await db.selectFrom('duplicate_reviews').selectAll().execute()).toHaveLength(1)
  })
})

describe('freezing the roll', () => {
  it('voting cannot open while a pair is unanswered; once answered, the person is on the roll once', async () => {
    const { commission, electionId } = await cpmElection(db, 'campaign')
    const [a, b] = await twins()
    const refused = await advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_open' })
    expect(refused).toMatchObject({ ok: false, error: 'unresolved_duplicates' })
    expect(
      await db.selectFrom('voter_rolls').selectAll().where('election_id', '=', electionId).execute(),
    ).toEqual([])
    await mergeDuplicate(db, { actorUserId: staff.id, keepRegistrationId: a, withdrawRegistrationId: b })
    expect(await unresolvedDuplicateCount(db, 'cycle-test')).toBe(0)
    await setVotingWindow(db, electionId)
    expect(
      await advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_open' }),
    ).toMatchObject({
      ok: true,
    })
    const roll = await db
      .selectFrom('voter_rolls')
      .select('registration_id')
      .where('election_id', '=', electionId)
      .where('registration_id', 'in', [a, b])
      .execute()
    expect(roll).toEqual([{ registration_id: a }])
    // After the freeze, the roll is not changed by an answer.
    const late = await approved({ ...person, fullName: 'Jose Maria Quispe Mamani' })
    expect(
      await mergeDuplicate(db, {
        actorUserId: staff.id,
        keepRegistrationId: late,
        withdrawRegistrationId: a,
      }),
    ).toMatchObject({ ok: false, error: 'on_roll' })
  })
})

describe('the review page', () => {
  it('the commission sees the list but cannot answer; the secretariat answers; bad input is a 400', async () => {
    const [a, b] = await twins()
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const page = await settle(
      loader(args(await requestAs(db, commission.id, '/staff/registrations/duplicates'))),
    )
    const data = (await page.json()) as { total: number; canResolve: boolean }
    expect(data).toMatchObject({ total: 1, canResolve: false })
    const post = async (userId: string, body: Record<string, string>) =>
      settle(
        action(
          args(
            await requestAs(db, userId, '/staff/registrations/duplicates', {
              method: 'POST',
              body: form(body),
            }),
          ),
        ),
      )
    expect(
      (await post(commission.id, { intent: 'distinct', registrationId: a, otherRegistrationId: b })).status,
    ).toBe(403)
    const bad = await post(staff.id, { intent: 'same', keepRegistrationId: a })
    expect(bad.status).toBe(400)
    expect((await bad.json()).fieldErrors).toMatchObject({ withdrawRegistrationId: 'required' })
    const done = await post(staff.id, {
      intent: 'distinct',
      registrationId: a,
      otherRegistrationId: b,
      pair: `${a}:${b}`,
    })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/staff/registrations/duplicates?done=distinct')
    const again = await post(staff.id, {
      intent: 'distinct',
      registrationId: a,
      otherRegistrationId: b,
      pair: `${a}:${b}`,
    })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({
      fieldErrors: { form: 'already_resolved' },
      target: `${a}:${b}`,
    })
  })
})
