import { beforeEach, describe, expect, it } from 'vitest'
import {
  claimEnrolmentCode,
  createEnrolmentCode,
  enrolThisDevice,
  namePollWorker,
  pollingStaff,
  removePollWorker,
  revokeDevice,
} from '../../../app/elections/poll-workers.server'
import { openBoothBallot } from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import {
  loader as stationLoader,
  action as stationAction,
} from '../../../app/routes/staff.elections.$id.polling-station'
import {
  loader as staffLoader,
  action as staffAction,
} from '../../../app/routes/staff.elections.$id.polling-staff'
import { loader as manageLoader } from '../../../app/routes/staff.elections.$id._index'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, pollingPlace } from '../../helpers/elections'
import { createUser, form, requestAs, withCookie } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #16.13, insider stuffing: only poll workers the commission named for THIS election open
// booth ballots, only inside the voting window, only on devices the commission enrolled; each
// in-person mark keeps which worker made it, and the commission sees per-worker counts.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

const auditActions = async () =>
  (await db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action)

describe('who opens booth ballots, when and where (domain)', () => {
  it('a secretariat or commission member who is not a named worker cannot open a ballot', async () => {
    const { commission, electionId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const { deviceToken } = await pollingPlace(db, { electionId, commissionId: commission.id })
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    for (const workerId of [secretariat.id, commission.id]) {
      expect(
        await openBoothBallot(db, {
          workerId,
          electionId,
          registrationId: voters[0].registrationId,
          deviceToken,
        }),
      ).toMatchObject({ ok: false, error: 'not_a_poll_worker' })
    }
    expect(await db.selectFrom('voter_participation').selectAll().execute()).toEqual([])
  })

  it('a worker named for another election cannot open ballots of this one', async () => {
    const first = await cpmElection(db, 'voting_open', { voters: 1 })
    const second = await cpmElection(db, 'voting_open')
    const { worker } = await pollingPlace(db, {
      electionId: second.electionId,
      commissionId: second.commission.id,
    })
    const { deviceToken } = await pollingPlace(db, {
      electionId: first.electionId,
      commissionId: first.commission.id,
    })
    expect(
      await openBoothBallot(db, {
        workerId: worker.id,
        electionId: first.electionId,
        registrationId: first.voters[0].registrationId,
        deviceToken,
      }),
    ).toMatchObject({ ok: false, error: 'not_a_poll_worker' })
  })

  it('a named worker cannot open a ballot outside the voting hours, even while the phase is open', async () => {
    const { commission, electionId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const { worker, deviceToken } = await pollingPlace(db, { electionId, commissionId: commission.id })
    await db
      .updateTable('elections')
      .set({ voting_starts: '2026-12-08T11:00:00.000Z', voting_ends: '2026-12-08T20:00:00.000Z' })
      .where('id', '=', electionId)
      .execute()
    const open = (now: Date) =>
      openBoothBallot(db, {
        workerId: worker.id,
        electionId,
        registrationId: voters[0].registrationId,
        deviceToken,
        now,
      })
    expect(await open(new Date('2026-12-08T10:59:59.000Z'))).toMatchObject({ ok: false, error: 'not_open' })
    expect(await open(new Date('2026-12-08T20:00:00.000Z'))).toMatchObject({ ok: false, error: 'not_open' })
    expect(await db.selectFrom('voter_participation').selectAll().execute()).toEqual([])
    expect(await open(new Date('2026-12-08T12:00:00.000Z'))).toMatchObject({ ok: true })
  })

  it('a named worker cannot open a ballot from a device that is not enrolled, revoked, or enrolled for another election', async () => {
    const { commission, electionId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const other = await cpmElection(db, 'voting_open')
    const { worker, deviceToken } = await pollingPlace(db, { electionId, commissionId: commission.id })
    const elsewhere = await enrolThisDevice(db, {
      actorUserId: other.commission.id,
      electionId: other.electionId,
      label: 'x',
    })
    if (!elsewhere.ok) throw new Error()
    const pending = await createEnrolmentCode(db, {
      actorUserId: commission.id,
      electionId,
      label: 'pending',
    })
    if (!pending.ok) throw new Error()
    const open = (token: string | null) =>
      openBoothBallot(db, {
        workerId: worker.id,
        electionId,
        registrationId: voters[0].registrationId,
        deviceToken: token,
      })
    for (const token of [null, 'a'.repeat(32), elsewhere.value.token, pending.value.code])
      expect(await open(token)).toMatchObject({ ok: false, error: 'device_not_enrolled' })
    const device = await db
      .selectFrom('booth_devices')
      .select('id')
      .where('label', '=', 'Test tablet')
      .executeTakeFirstOrThrow()
    expect(
      await revokeDevice(db, { actorUserId: commission.id, electionId, deviceId: device.id }),
    ).toMatchObject({ ok: true })
    expect(await open(deviceToken)).toMatchObject({ ok: false, error: 'device_not_enrolled' })
    expect(await db.selectFrom('voter_participation').selectAll().execute()).toEqual([])
  })

  it('keeps which worker marked each voter (no time, no order) and counts per worker for the commission', async () => {
    const { commission, electionId, voters } = await cpmElection(db, 'voting_open', { voters: 3 })
    const a = await pollingPlace(db, { electionId, commissionId: commission.id })
    const b = await pollingPlace(db, { electionId, commissionId: commission.id })
    const open = (worker: { id: string }, deviceToken: string, i: number) =>
      openBoothBallot(db, {
        workerId: worker.id,
        electionId,
        registrationId: voters[i].registrationId,
        deviceToken,
      })
    expect(await open(a.worker, a.deviceToken, 0)).toMatchObject({ ok: true })
    expect(await open(b.worker, a.deviceToken, 1)).toMatchObject({ ok: true })
    expect(await open(a.worker, b.deviceToken, 2)).toMatchObject({ ok: true })
    // A second ballot for the same voter is refused and marks nothing more.
    expect(await open(b.worker, b.deviceToken, 0)).toMatchObject({ ok: false, error: 'already_voted' })
    const marks = await db.selectFrom('in_person_marks').selectAll().execute()
    expect(marks).toHaveLength(3)
    expect(Object.keys(marks[0]).sort()).toEqual(['election_id', 'registration_id', 'worker_id'])
    const counts = (s: Awaited<ReturnType<typeof pollingStaff>>) =>
      Object.fromEntries(s.workers.map((w) => [w.userId, [w.marked, w.named]]))
    expect(counts(await pollingStaff(db, electionId))).toEqual({
      [a.worker.id]: [2, true],
      [b.worker.id]: [1, true],
    })
    // A removed worker's marks still count, listed as a former worker.
    expect(
      await removePollWorker(db, { actorUserId: commission.id, electionId, userId: b.worker.id }),
    ).toMatchObject({ ok: true })
    expect(counts(await pollingStaff(db, electionId))).toEqual({
      [a.worker.id]: [2, true],
      [b.worker.id]: [1, false],
    })
    expect(await open(b.worker, b.deviceToken, 0)).toMatchObject({ ok: false, error: 'not_a_poll_worker' })
  })
})

describe('naming workers and enrolling devices (domain)', () => {
  it('names by account e-mail once, and audits naming, removing, enrolling and revoking', async () => {
    const { commission, electionId } = await cpmElection(db, 'voting_open')
    const person = await createUser(db)
    expect(
      await namePollWorker(db, { actorUserId: commission.id, electionId, identifier: 'nobody@example.org' }),
    ).toMatchObject({
      ok: false,
      error: 'no_such_account',
      field: 'identifier',
    })
    expect(
      await namePollWorker(db, { actorUserId: commission.id, electionId, identifier: person.email }),
    ).toMatchObject({ ok: true })
    const twice = await Promise.all([
      namePollWorker(db, { actorUserId: commission.id, electionId, identifier: person.email }),
      namePollWorker(db, { actorUserId: commission.id, electionId, identifier: person.email.toUpperCase() }),
    ])
    expect(twice.map((r) => (r.ok ? 'ok' : r.error))).toEqual(['already_named', 'already_named'])
    expect(
      await namePollWorker(db, { actorUserId: commission.id, electionId: 'nope', identifier: person.email }),
    ).toMatchObject({
      ok: false,
      error: 'not_found',
    })
    await removePollWorker(db, { actorUserId: commission.id, electionId, userId: person.id })
    expect(
      await removePollWorker(db, { actorUserId: commission.id, electionId, userId: person.id }),
    ).toMatchObject({
      ok: false,
      error: 'not_found',
    })
    const here = await enrolThisDevice(db, { actorUserId: commission.id, electionId, label: 'Tablet' })
    const device = await db.selectFrom('booth_devices').selectAll().executeTakeFirstOrThrow()
    expect(here.ok && device.token_hash).not.toBe(here.ok && here.value.token) // stored hashed
    await revokeDevice(db, { actorUserId: commission.id, electionId, deviceId: device.id })
    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        'election.pollWorker.name',
        'election.pollWorker.remove',
        'election.device.enrol',
        'election.device.revoke',
      ]),
    )
  })

  it('an enrolment code works once, for its election, before it expires; guessing is throttled', async () => {
    const { commission, electionId } = await cpmElection(db, 'voting_open')
    const other = await cpmElection(db, 'voting_open')
    const worker = await createUser(db)
    const created = await createEnrolmentCode(db, {
      actorUserId: commission.id,
      electionId,
      label: 'Tablet 2',
    })
    if (!created.ok) throw new Error()
    expect(created.value.code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/)
    expect(
      await claimEnrolmentCode(db, {
        actorUserId: worker.id,
        electionId: other.electionId,
        code: created.value.code,
      }),
    ).toMatchObject({ ok: false, error: 'invalid_enrolment_code' })
    const late = new Date(Date.now() + 2 * 60 * 60_000)
    expect(
      await claimEnrolmentCode(db, {
        actorUserId: worker.id,
        electionId,
        code: created.value.code,
        now: late,
      }),
    ).toMatchObject({ ok: false, error: 'invalid_enrolment_code' })
    const both = await Promise.all([
      claimEnrolmentCode(db, { actorUserId: worker.id, electionId, code: created.value.code.toLowerCase() }),
      claimEnrolmentCode(db, { actorUserId: worker.id, electionId, code: created.value.code }),
    ])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    const guesser = await createUser(db)
    for (let i = 0; i < 5; i++)
      await claimEnrolmentCode(db, { actorUserId: guesser.id, electionId, code: 'AAAA-BBBB-CCCC' })
    const fresh = await createEnrolmentCode(db, { actorUserId: commission.id, electionId, label: 'Tablet 3' })
    if (!fresh.ok) throw new Error()
    expect(
      await claimEnrolmentCode(db, { actorUserId: guesser.id, electionId, code: fresh.value.code }),
    ).toMatchObject({
      ok: false,
      error: 'too_many_attempts',
    })
  })
})

describe('polling-station and staffing routes', () => {
  const station = async (
    who: string | null,
    electionId: string,
    body?: Record<string, string>,
    cookie?: string,
  ) => {
    const init = body ? { method: 'POST', body: form(body) } : {}
    let request = await requestAs(db, who, `/staff/elections/${electionId}/polling-station?q=x`, init)
    if (cookie) request = withCookie(request, cookie)
    return settle((body ? stationAction : stationLoader)(args(request, { id: electionId })))
  }

  it('a secretariat member who is not a named worker gets 403 on the page and its forms', async () => {
    const { commission, electionId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const { deviceToken } = await pollingPlace(db, { electionId, commissionId: commission.id })
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    expect((await station(secretariat.id, electionId)).status).toBe(403)
    const open = { intent: 'open', registrationId: voters[0].registrationId, documentChecked: 'yes' }
    expect((await station(secretariat.id, electionId, open, `mutirao_device=${deviceToken}`)).status).toBe(
      403,
    )
    expect((await station(commission.id, electionId, open, `mutirao_device=${deviceToken}`)).status).toBe(403)
    expect(await db.selectFrom('voter_participation').selectAll().execute()).toEqual([])
  })

  it('a named worker on a device that is not enrolled sees no roll and cannot open; with a code the device enrols', async () => {
    const { commission, electionId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const { worker } = await pollingPlace(db, { electionId, commissionId: commission.id })
    const page = await station(worker.id, electionId)
    expect(page.status).toBe(200)
    expect(await page.json()).toMatchObject({ device: null, matches: [] })
    const open = { intent: 'open', registrationId: voters[0].registrationId, documentChecked: 'yes' }
    const refused = await station(worker.id, electionId, open)
    expect(refused.status).toBe(409)
    expect(await db.selectFrom('voter_participation').selectAll().execute()).toEqual([])
    const badCode = await station(worker.id, electionId, { intent: 'enrol', code: 'nope' })
    expect(badCode.status).toBe(400)
    expect((await badCode.json()).fieldErrors).toEqual({ code: 'invalid_enrolment_code' })
    const created = await createEnrolmentCode(db, { actorUserId: commission.id, electionId, label: 'Tablet' })
    if (!created.ok) throw new Error()
    const enrolled = await station(worker.id, electionId, { intent: 'enrol', code: created.value.code })
    expect(enrolled.headers.get('Location')).toBe(
      `/staff/elections/${electionId}/polling-station?done=enrolled`,
    )
    const cookie = enrolled.headers.get('Set-Cookie')!
    expect(cookie).toMatch(/^mutirao_device=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Strict/)
    const withDevice = await station(worker.id, electionId, undefined, cookie.split(';')[0])
    expect(await withDevice.json()).toMatchObject({ device: { label: 'Tablet' } })
  })

  it('the commission names workers, enrols devices and sees per-worker counts; others are refused', async () => {
    const { commission, electionId, voters } = await cpmElection(db, 'voting_open', { voters: 2 })
    const person = await createUser(db)
    const post = async (who: string, body: Record<string, string>) =>
      settle(
        staffAction(
          args(
            await requestAs(db, who, `/staff/elections/${electionId}/polling-staff`, {
              method: 'POST',
              body: form(body),
            }),
            { id: electionId },
          ),
        ),
      )
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    expect((await post(secretariat.id, { intent: 'name', identifier: person.email })).status).toBe(403)
    const named = await post(commission.id, { intent: 'name', identifier: person.email })
    expect(named.headers.get('Location')).toBe(`/staff/elections/${electionId}/polling-staff?done=named`)
    const unknown = await post(commission.id, { intent: 'name', identifier: 'nobody@example.org' })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).values.identifier).toBe('nobody@example.org')
    const here = await post(commission.id, { intent: 'enrolHere', label: 'Mesa 1' })
    const deviceToken = /mutirao_device=([a-z2-7]{32})/.exec(here.headers.get('Set-Cookie') ?? '')![1]
    const code = await (await post(commission.id, { intent: 'code', label: 'Mesa 2' })).json()
    expect(code.code).toMatch(/^[A-Z2-7]{4}-/)
    expect((await post(commission.id, { intent: 'code', label: '' })).status).toBe(400)
    for (const v of voters)
      expect(
        await openBoothBallot(db, {
          workerId: person.id,
          electionId,
          registrationId: v.registrationId,
          deviceToken,
        }),
      ).toMatchObject({ ok: true })
    const page = await (
      await settle(
        staffLoader(
          args(await requestAs(db, commission.id, `/staff/elections/${electionId}/polling-staff`), {
            id: electionId,
          }),
        ),
      )
    ).json()
    expect(page.workers).toEqual([expect.objectContaining({ userId: person.id, marked: 2, named: true })])
    expect(page.devices.map((d: { label: string }) => d.label)).toEqual(['Mesa 1', 'Mesa 2'])
  })
})

describe('the election management page', () => {
  it('links to the polling station only for a named poll worker, never to a page that answers 403', async () => {
    const { electionId, commission } = await cpmElection(db, 'voting_open', { voters: 1 })
    const manage = async () => {
      const request = await requestAs(db, commission.id, `/staff/elections/${electionId}`)
      return (await (await settle(manageLoader(args(request, { id: electionId })))).json()) as {
        canPollWork: boolean
      }
    }
    expect((await manage()).canPollWork).toBe(false)
    const named = await namePollWorker(db, {
      actorUserId: commission.id,
      electionId,
      identifier: commission.email,
    })
    expect(named.ok).toBe(true)
    expect((await manage()).canPollWork).toBe(true)
  })
})
