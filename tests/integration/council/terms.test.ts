import { beforeEach, describe, expect, it } from 'vitest'
import { meetingQuorum, recordAttendance } from '../../../app/council/attendance.server'
import { addMember, membersOn, seatElectedOnBody } from '../../../app/council/bodies.server'
import {
  confirmSuccession,
  recordDeparture,
  recordOfficialPublication,
  recordSwearingIn,
  termSummaries,
  vacatedSeats,
} from '../../../app/council/terms.server'
import type { DB } from '../../../app/lib/db.server'
import { action as bodyAction } from '../../../app/routes/council.bodies.$id'
import { loader as electionLoader } from '../../../app/routes/elections.$id._index'
import { meetingInSession } from '../../helpers/council'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'
import { addMonths, day, electedCouncil, membershipsOf } from '../../helpers/terms'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

type Council = Awaited<ReturnType<typeof electedCouncil>>

/** Gazette on `gazette`, sworn in on `sworn`, then seated. */
async function seat(c: Council, { gazette = '2024-12-20', sworn = '2025-01-15' } = {}) {
  const actorUserId = c.secretariat.id
  const steps = [
    () =>
      recordOfficialPublication(db, {
        actorUserId,
        electionId: c.electionId,
        reference: 'DOC 20/12/2024, p. 31',
        publishedOn: gazette,
      }),
    () => recordSwearingIn(db, { actorUserId, bodyId: c.bodyId, electionId: c.electionId, on: sworn }),
    () => seatElectedOnBody(db, { actorUserId, bodyId: c.bodyId, electionId: c.electionId }),
  ]
  for (const step of steps) {
    const r = await step()
    if (!r.ok) throw new Error(r.error)
  }
}

const idOf = async (c: Council, name: string, role: 'full' | 'alternate') =>
  (await membershipsOf(db, c.bodyId, name)).find((m) => m.role === role)!.id

describe('terms', () => {
  it('the elected take their seats from the swearing-in, for the body’s term', async () => {
    const c = await electedCouncil(db, { termMonths: 36 })
    await seat(c)
    const members = await membersOn(db, { bodyId: c.bodyId, on: '2025-01-15' })
    expect(members).toHaveLength(6)
    expect(new Set(members.map((m) => `${m.term_starts}–${m.term_ends}`))).toEqual(
      new Set(['2025-01-15–2028-01-15']),
    )
    expect(await membersOn(db, { bodyId: c.bodyId, on: '2025-01-14' })).toEqual([])
    expect(await membersOn(db, { bodyId: c.bodyId, on: '2028-01-15' })).toEqual([])
    const record = await db.selectFrom('council_members').select(['term_starts', 'term_ends']).execute()
    expect(new Set(record.map((r) => `${r.term_starts}–${r.term_ends}`))).toEqual(
      new Set(['2025-01-15–2028-01-15']),
    )
    // An appointed member without an end date gets the body's term too.
    const gov = await addMember(db, {
      actorUserId: c.secretariat.id,
      bodyId: c.bodyId,
      displayName: 'Representante da SMDHC',
      sector: 'government',
      role: 'full',
      termStarts: '2025-02-01',
    })
    if (!gov.ok) throw new Error(gov.error)
    expect((await membershipsOf(db, c.bodyId, 'Representante da SMDHC'))[0]!.term_ends).toBe('2028-02-01')
    const actions = (await db.selectFrom('audit_log').select('action').execute()).map((a) => a.action)
    expect(actions).toEqual(
      expect.arrayContaining(['election.gazette', 'council.swearing_in', 'council.seat_elected']),
    )
  })

  it('refuses the swearing-in before the gazette, and seating before the swearing-in', async () => {
    const c = await electedCouncil(db)
    const s = { actorUserId: c.secretariat.id, bodyId: c.bodyId, electionId: c.electionId }
    expect(await seatElectedOnBody(db, s)).toEqual({ ok: false, error: 'not_sworn_in', field: 'electionId' })
    expect(await recordSwearingIn(db, { ...s, on: '2025-01-15' })).toEqual({
      ok: false,
      error: 'gazette_not_recorded',
      field: 'electionId',
    })
    await recordOfficialPublication(db, { ...s, reference: 'DOC 20/12/2024', publishedOn: '2024-12-20' })
    expect(await recordSwearingIn(db, { ...s, on: '2024-12-19' })).toEqual({
      ok: false,
      error: 'before_gazette',
      field: 'on',
    })
    expect(await membersOn(db, { bodyId: c.bodyId, on: '2025-06-01' })).toEqual([])
    expect(await recordSwearingIn(db, { ...s, on: '2024-12-20' })).toEqual({ ok: true, value: null })
    expect(await recordSwearingIn(db, { ...s, on: '2025-01-15' })).toEqual({
      ok: false,
      error: 'already_sworn_in',
      field: 'electionId',
    })
    // The publication cannot then move after the swearing-in.
    expect(
      await recordOfficialPublication(db, { ...s, reference: 'DOC', publishedOn: '2025-01-01' }),
    ).toEqual({
      ok: false,
      error: 'after_swearing_in',
      field: 'publishedOn',
    })
    await db.updateTable('elections').set({ phase: 'preliminary_result' }).execute()
    expect(
      await recordOfficialPublication(db, { ...s, reference: 'DOC', publishedOn: '2024-12-20' }),
    ).toEqual({
      ok: false,
      error: 'not_official',
      field: 'electionId',
    })
  })

  it('a member whose term has ended no longer counts for quorum nor can be marked present', async () => {
    const c = await electedCouncil(db)
    // Sworn in two years before a day 20 days from now: the term ends then.
    const sworn = addMonths(day(20), -24)
    await seat(c, { gazette: addMonths(day(10), -24), sworn })
    const ends = addMonths(sworn, 24)
    const gov = await addMember(db, {
      actorUserId: c.secretariat.id,
      bodyId: c.bodyId,
      displayName: 'Representante da SMS',
      sector: 'government',
      role: 'full',
      termStarts: day(-30),
    })
    if (!gov.ok) throw new Error(gov.error)
    const inDaysOf = (iso: string) => Math.round((Date.parse(iso) - Date.parse(day(0))) / 86_400_000)
    const full = [await idOf(c, 'Ana', 'full'), await idOf(c, 'Bia', 'full'), await idOf(c, 'Edu', 'full')]
    const council = { bodyId: c.bodyId, secretariat: c.secretariat }
    const before = await meetingInSession(db, council as never, [...full, gov.value.id], {
      startsInDays: inDaysOf(ends) - 3,
    })
    expect((await meetingQuorum(db, before.meetingId))!.filled).toBe(4)
    const after = await meetingInSession(db, council as never, [...full, gov.value.id], {
      startsInDays: inDaysOf(ends) + 3,
      title: 'Depois do mandato',
    })
    const q = (await meetingQuorum(db, after.meetingId))!
    expect(q.filled).toBe(1)
    expect(q.members.map((m) => m.display_name)).toEqual(['Representante da SMS'])
    expect(
      await recordAttendance(db, {
        actorUserId: c.secretariat.id,
        meetingId: after.meetingId,
        entries: [{ memberId: full[0]!, status: 'present' }],
      }),
    ).toEqual({ ok: false, error: 'not_a_member' })
  })
})

describe('succession', () => {
  it('the first alternate of the segment takes the seat; none left, the seat stays vacant', async () => {
    const c = await electedCouncil(db)
    await seat(c)
    const s = { actorUserId: c.secretariat.id, bodyId: c.bodyId }
    const bia = await idOf(c, 'Bia', 'full')
    // Bia (2nd in A) resigns: Caio, the first alternate of A, is proposed — not Dani, paired with her.
    expect(
      await recordDeparture(db, {
        ...s,
        memberId: bia,
        on: '2025-06-01',
        reason: 'resignation',
        act: 'Portaria 12/2025',
      }),
    ).toEqual({ ok: true, value: null })
    let seats = await vacatedSeats(db, c.bodyId)
    expect(seats.pending).toEqual([
      expect.objectContaining({
        display_name: 'Bia',
        on: '2025-06-01',
        reason: 'resignation',
        act: 'Portaria 12/2025',
        proposed: expect.objectContaining({ display_name: 'Caio' }),
      }),
    ])
    const confirmed = await confirmSuccession(db, { ...s, memberId: bia })
    expect(confirmed.ok).toBe(true)
    const caio = await membershipsOf(db, c.bodyId, 'Caio')
    expect(caio.map((m) => [m.role, m.term_starts, m.term_ends])).toEqual([
      ['alternate', '2025-01-15', '2025-06-01'],
      ['full', '2025-06-01', '2027-01-15'],
    ])
    const sitting = (await membersOn(db, { bodyId: c.bodyId, on: '2025-06-01' })).map((m) => m.display_name)
    expect(sitting).not.toContain('Bia')
    expect(sitting.filter((n) => n === 'Caio')).toHaveLength(1)
    seats = await vacatedSeats(db, c.bodyId)
    expect(seats.pending).toEqual([])
    expect(seats.successions).toEqual([
      expect.objectContaining({
        successor: 'Caio',
        display_name: 'Bia',
        on: '2025-06-01',
        act: 'Portaria 12/2025',
      }),
    ])
    expect(await confirmSuccession(db, { ...s, memberId: bia })).toEqual({
      ok: false,
      error: 'already_succeeded',
    })

    // Edu (B) dies; Fabi succeeds; then Fabi resigns and no alternate of B is left.
    await recordDeparture(db, {
      ...s,
      memberId: await idOf(c, 'Edu', 'full'),
      on: '2025-07-01',
      reason: 'death',
      act: 'Ofício 3/2025',
    })
    await confirmSuccession(db, { ...s, memberId: await idOf(c, 'Edu', 'full') })
    const fabi = await idOf(c, 'Fabi', 'full')
    await recordDeparture(db, {
      ...s,
      memberId: fabi,
      on: '2025-09-01',
      reason: 'resignation',
      act: 'Portaria 20/2025',
    })
    seats = await vacatedSeats(db, c.bodyId)
    expect(seats.pending).toEqual([expect.objectContaining({ display_name: 'Fabi', proposed: null })])
    expect(await confirmSuccession(db, { ...s, memberId: fabi })).toEqual({
      ok: false,
      error: 'no_alternate',
    })
    expect(await confirmSuccession(db, { ...s, memberId: await idOf(c, 'Ana', 'full') })).toEqual({
      ok: false,
      error: 'not_vacated',
    })
    expect((await termSummaries(db, '2025-10-01'))[c.bodyId]).toMatchObject({
      sitting: 3,
      nextTermEnd: '2027-01-15',
      lastSuccession: { successor: 'Fabi', vacated: 'Edu', on: '2025-07-01' },
    })
    const actions = (await db.selectFrom('audit_log').select('action').execute()).map((a) => a.action)
    expect(actions.filter((a) => a === 'council.member_leave')).toHaveLength(3)
    expect(actions.filter((a) => a === 'council.succession')).toHaveLength(2)
  })

  it('a departure needs a date within the term, once', async () => {
    const c = await electedCouncil(db)
    await seat(c)
    const s = { actorUserId: c.secretariat.id, bodyId: c.bodyId, reason: 'other' as const, act: 'Ato 1' }
    const ana = await idOf(c, 'Ana', 'full')
    expect(await recordDeparture(db, { ...s, memberId: ana, on: '2025-01-15' })).toEqual({
      ok: false,
      error: 'dates_order',
      field: 'on',
    })
    expect(await recordDeparture(db, { ...s, memberId: ana, on: '2027-02-01' })).toEqual({
      ok: false,
      error: 'already_ended',
      field: 'on',
    })
    expect(await recordDeparture(db, { ...s, memberId: ana, on: '2025-03-01' })).toEqual({
      ok: true,
      value: null,
    })
    expect(await recordDeparture(db, { ...s, memberId: ana, on: '2025-04-01' })).toEqual({
      ok: false,
      error: 'already_ended',
      field: 'memberId',
    })
    expect(
      await recordDeparture(db, { ...s, bodyId: 'other-body', memberId: ana, on: '2025-04-01' }),
    ).toEqual({
      ok: false,
      error: 'not_found',
      field: 'memberId',
    })
  })

  it('two confirmations at once seat one person', async () => {
    const c = await electedCouncil(db)
    await seat(c)
    const s = { actorUserId: c.secretariat.id, bodyId: c.bodyId }
    const ana = await idOf(c, 'Ana', 'full')
    await recordDeparture(db, {
      ...s,
      memberId: ana,
      on: '2025-06-01',
      reason: 'removal',
      act: 'Portaria 9/2025',
    })
    const results = await Promise.all([
      confirmSuccession(db, { ...s, memberId: ana }),
      confirmSuccession(db, { ...s, memberId: ana }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'already_succeeded' }])
    const newFull = await db
      .selectFrom('body_members')
      .select('display_name')
      .where('body_id', '=', c.bodyId)
      .where('role', '=', 'full')
      .where('term_starts', '=', '2025-06-01')
      .execute()
    expect(newFull).toEqual([{ display_name: 'Caio' }])
  })
})

describe('the election’s public page', () => {
  it('says when the official result was published and when the elected were sworn in', async () => {
    const c = await electedCouncil(db)
    await seat(c)
    const response = await settle(
      electionLoader(args(new Request(`http://localhost/elections/${c.electionId}`), { id: c.electionId })),
    )
    const data = await response.json()
    expect(data.election).toMatchObject({
      gazette_reference: 'DOC 20/12/2024, p. 31',
      gazette_published_on: '2024-12-20',
    })
    expect(data.swearings).toEqual([
      {
        id: c.bodyId,
        name_i18n: JSON.stringify({ 'pt-BR': 'Conselho com mandatos' }),
        sworn_in_on: '2025-01-15',
      },
    ])
  })
})

describe('terms and succession on the body page', () => {
  const post = async (userId: string, bodyId: string, body: Record<string, string>) =>
    settle(
      bodyAction(
        args(await requestAs(db, userId, `/council/bodies/${bodyId}`, { method: 'POST', body: form(body) }), {
          id: bodyId,
        }),
      ),
    )

  it('only the secretariat records the steps; a swearing-in before the gazette is refused beside its field', async () => {
    const c = await electedCouncil(db)
    const resident = await createUser(db)
    const counsellor = await createUser(db, { roles: ['counsellor'] })
    const posts: Record<string, string>[] = [
      { intent: 'gazette', electionId: c.electionId, reference: 'DOC 20/12/2024', publishedOn: '2024-12-20' },
      { intent: 'swear', electionId: c.electionId, on: '2025-01-15' },
      { intent: 'leave', memberId: 'x', on: '2025-06-01', reason: 'resignation', act: 'Portaria 1' },
      { intent: 'succeed', memberId: 'x' },
    ]
    for (const user of [resident, counsellor])
      for (const body of posts) expect((await post(user.id, c.bodyId, body)).status).toBe(403)
    expect(await db.selectFrom('body_swearings').selectAll().execute()).toEqual([])

    const published = await post(c.secretariat.id, c.bodyId, posts[0]!)
    expect(published.headers.get('Location')).toBe(`/council/bodies/${c.bodyId}?done=gazette`)
    const early = await post(c.secretariat.id, c.bodyId, { ...posts[1]!, on: '2024-12-01' })
    expect(early.status).toBe(400)
    const failed = await early.json()
    expect(failed.fieldErrors).toEqual({ on: 'before_gazette' })
    expect(failed.values.on).toBe('2024-12-01')
    const bad = await post(c.secretariat.id, c.bodyId, {
      intent: 'leave',
      memberId: 'x',
      on: '2025-13-01',
      reason: 'fired',
      act: '',
    })
    expect(bad.status).toBe(400)
    expect(Object.keys((await bad.json()).fieldErrors).sort()).toEqual(['act', 'on', 'reason'])
    expect((await post(c.secretariat.id, c.bodyId, posts[1]!)).headers.get('Location')).toBe(
      `/council/bodies/${c.bodyId}?done=sworn`,
    )
    expect(
      (await post(c.secretariat.id, c.bodyId, { intent: 'seat', electionId: c.electionId })).status,
    ).toBe(302)
    const ana = await idOf(c, 'Ana', 'full')
    expect(
      (await post(c.secretariat.id, c.bodyId, { ...posts[2]!, memberId: ana })).headers.get('Location'),
    ).toBe(`/council/bodies/${c.bodyId}?done=ended`)
    expect(
      (await post(c.secretariat.id, c.bodyId, { ...posts[3]!, memberId: ana })).headers.get('Location'),
    ).toBe(`/council/bodies/${c.bodyId}?done=succeeded`)
    expect((await post(c.secretariat.id, c.bodyId, { ...posts[3]!, memberId: ana })).status).toBe(409)
  })
})
