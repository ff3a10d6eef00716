import { beforeEach, describe, expect, it } from 'vitest'
import { validateSessionToken } from '../../../app/auth/session.server'
import { boothRedirect } from '../../../app/elections/booth-lock'
import { leaveBooth } from '../../../app/elections/booth.server'
import { revokeDevice } from '../../../app/elections/poll-workers.server'
import type { DB } from '../../../app/lib/db.server'
import { action as boothAction, loader as boothLoader } from '../../../app/routes/booth'
import {
  action as stationAction,
  loader as stationLoader,
} from '../../../app/routes/staff.elections.$id.polling-station'
import { loader as queueLoader } from '../../../app/routes/staff.registrations._index'
import { createSession } from '../../../app/auth/session.server'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, pollingPlace } from '../../helpers/elections'
import { form } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #16.12, booth mode: the ballot never runs inside the poll worker's staff session. Opening
// the booth ends the session and gives the device a booth cookie bound to it and to one ballot;
// the booth shows that ballot only, then waits; the worker's password alone leaves booth state.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

const cookieValue = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`))

function request(path: string, cookies: (string | undefined)[], body?: Record<string, string>) {
  const headers = new Headers({ Cookie: cookies.filter(Boolean).join('; ') })
  return new Request(
    `http://localhost${path}`,
    body ? { method: 'POST', body: form(body), headers } : { headers },
  )
}

/** A named worker, signed in on an enrolled device, opens the booth for a voter. */
async function openedBooth(voters = 1) {
  const election = await cpmElection(db, 'voting_open', { voters })
  const { worker, deviceToken } = await pollingPlace(db, {
    electionId: election.electionId,
    commissionId: election.commission.id,
  })
  const session = await createSession(db, { userId: worker.id })
  const device = `mutirao_device=${deviceToken}`
  const staff = `mutirao_session=${session.token}`
  const open = await settle(
    stationAction(
      args(
        request(`/staff/elections/${election.electionId}/polling-station`, [staff, device], {
          intent: 'open',
          registrationId: election.voters[0]!.registrationId,
          documentChecked: 'yes',
        }),
        { id: election.electionId },
      ),
    ),
  )
  return { ...election, worker, device, staff, sessionToken: session.token, open }
}

const booth = (cookies: (string | undefined)[], body?: Record<string, string>) =>
  settle((body ? boothAction : boothLoader)(args(request('/booth', cookies, body))))

describe('entering booth state', () => {
  it('ends the staff session and gives the device a booth cookie; the booth shows only the one ballot', async () => {
    const { open, sessionToken, device, contestId, voters, worker } = await openedBooth()
    expect(open.status).toBe(302)
    expect(open.headers.get('Location')).toBe('/booth')
    expect(cookieValue(open, 'mutirao_session')).toBe('mutirao_session=')
    const boothCookie = cookieValue(open, 'mutirao_booth')
    expect(boothCookie).toMatch(/^mutirao_booth=[a-z2-7]{32}$/)
    expect(open.headers.getSetCookie().find((c) => c.startsWith('mutirao_booth='))).toMatch(
      /HttpOnly; SameSite=Strict/,
    )
    expect(await validateSessionToken(db, { token: sessionToken })).toBeNull()
    const page = await (await booth([boothCookie, device])).json()
    expect(page.state).toBe('ballot')
    expect(page.contests.map((c: { id: string }) => c.id)).toEqual([contestId])
    // Nothing on the booth page names the voter or the worker.
    const reg = await db
      .selectFrom('voter_registrations')
      .select(['protocol', 'document_number', 'full_name'])
      .where('id', '=', voters[0]!.registrationId)
      .executeTakeFirstOrThrow()
    const text = JSON.stringify(page)
    for (const secret of [
      reg.protocol,
      reg.document_number,
      voters[0]!.registrationId,
      worker.id,
      worker.email,
    ])
      expect(text).not.toContain(secret)
  })

  it('the booth cookie alone, or with another device’s cookie, opens nothing', async () => {
    const { open } = await openedBooth()
    const boothCookie = cookieValue(open, 'mutirao_booth')
    for (const cookies of [[boothCookie], [boothCookie, `mutirao_device=${'a'.repeat(32)}`]]) {
      const page = await booth(cookies)
      expect(await page.json()).toEqual({ state: 'ended' })
      expect(cookieValue(page, 'mutirao_booth')).toBe('mutirao_booth=')
    }
  })

  it('while in booth state no staff page is reachable, even with a valid session cookie', async () => {
    const { open, device, worker, electionId } = await openedBooth()
    const boothCookie = cookieValue(open, 'mutirao_booth')
    const other = await createSession(db, { userId: worker.id }) // e.g. a cookie set by hand
    const staff = `mutirao_session=${other.token}`
    const station = await settle(
      stationLoader(
        args(request(`/staff/elections/${electionId}/polling-station`, [staff, device, boothCookie]), {
          id: electionId,
        }),
      ),
    )
    expect(station.status).toBe(302)
    expect(station.headers.get('Location')).toMatch(/^\/login/)
    const queue = await settle(queueLoader(args(request('/staff/registrations', [staff, boothCookie]))))
    expect(queue.headers.get('Location')).toMatch(/^\/login/)
    // …and the server and the root loader send every such URL back to the booth.
    for (const path of [
      '/staff',
      `/staff/elections/${electionId}/polling-station`,
      '/login',
      '/',
      '/open-data/elections.json',
      '/dev/outbox',
      '/logout',
    ])
      expect(boothRedirect(path, `${staff}; ${boothCookie}`), path).toBe(true)
    for (const path of ['/booth', '/build/root-abc.js', '/locales/es/elections', '/favicon.svg'])
      expect(boothRedirect(path, `${boothCookie}`), path).toBe(false)
    expect(boothRedirect('/staff', staff)).toBe(false)
    expect(boothRedirect('/staff', `__Host-mutirao_booth=x`)).toBe(true)
  })
})

describe('voting in the booth', () => {
  it('review, then cast: the tracking code once, then a waiting screen; the ballot cannot be cast twice', async () => {
    const { open, device, contestId } = await openedBooth()
    const boothCookie = cookieValue(open, 'mutirao_booth')
    const missing = await booth([boothCookie, device], { intent: 'review' })
    expect(missing.status).toBe(400)
    expect((await missing.json()).missing).toEqual([contestId])
    const review = await (
      await booth([boothCookie, device], { intent: 'review', [`contest_${contestId}`]: 'blank' })
    ).json()
    expect(review.state).toBe('review')
    const cast = await (
      await booth([boothCookie, device], { intent: 'cast', [`contest_${contestId}`]: 'blank' })
    ).json()
    expect(cast.state).toBe('voted')
    expect(cast.receipt.trackingCode).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)
    expect(await (await booth([boothCookie, device])).json()).toEqual({ state: 'waiting' })
    const again = await booth([boothCookie, device], { intent: 'cast', [`contest_${contestId}`]: 'blank' })
    expect(again.status).toBe(409)
    expect(await again.json()).toEqual({ state: 'waiting', error: 'booth_closed' })
    expect(await db.selectFrom('ballots').selectAll().execute()).toHaveLength(1)
  })
})

describe('leaving booth state', () => {
  it('needs the worker’s password: a wrong one keeps the booth locked; the right one opens a new staff session', async () => {
    const { open, device, worker, electionId } = await openedBooth()
    const boothCookie = cookieValue(open, 'mutirao_booth')
    const wrong = await booth([boothCookie, device], { intent: 'unlock', password: 'not the password' })
    expect(wrong.status).toBe(400)
    expect((await wrong.json()).fieldErrors).toEqual({ password: 'wrong_password' })
    expect(await (await booth([boothCookie, device])).json()).toMatchObject({ state: 'ballot' })
    const right = await booth([boothCookie, device], { intent: 'unlock', password: worker.password })
    expect(right.status).toBe(302)
    expect(right.headers.get('Location')).toBe(`/staff/elections/${electionId}/polling-station`)
    expect(cookieValue(right, 'mutirao_booth')).toBe('mutirao_booth=')
    const session = cookieValue(right, 'mutirao_session')!.split('=')[1]!
    expect((await validateSessionToken(db, { token: session }))?.user.id).toBe(worker.id)
    // The ballot the voter never cast is cancelled with the booth; the old booth cookie opens nothing.
    expect(await db.selectFrom('booth_tokens').selectAll().execute()).toEqual([])
    expect(await db.selectFrom('booth_sessions').selectAll().execute()).toEqual([])
    expect(await (await booth([boothCookie, device])).json()).toEqual({ state: 'ended' })
  })

  it('password guessing on the waiting screen is slowed (five tries, then a growing wait), never locked', async () => {
    const { open, device, worker } = await openedBooth()
    const boothCookie = cookieValue(open, 'mutirao_booth')
    for (let i = 0; i < 5; i++)
      expect((await booth([boothCookie, device], { intent: 'unlock', password: `guess ${i}` })).status).toBe(
        400,
      )
    const locked = await booth([boothCookie, device], { intent: 'unlock', password: worker.password })
    expect(locked.status).toBe(429)
    expect((await locked.json()).retryAfterSeconds).toBeGreaterThan(0)
    expect(await db.selectFrom('booth_sessions').selectAll().execute()).toHaveLength(1)
    // A delay, never a lock (#16.6): once the wait has passed, the worker's right password gets in.
    const later = await leaveBooth(db, {
      boothToken: boothCookie!.split('=')[1]!,
      deviceToken: device.split('=')[1]!,
      password: worker.password,
      now: new Date(Date.now() + 61_000),
    })
    expect(later.ok).toBe(true)
    expect(await db.selectFrom('booth_sessions').selectAll().execute()).toHaveLength(0)
  })

  it('revoking the device ends its booth: the booth cookie opens nothing and no session comes back', async () => {
    const { open, device, commission, electionId } = await openedBooth()
    const boothCookie = cookieValue(open, 'mutirao_booth')
    const { id } = await db.selectFrom('booth_devices').select('id').executeTakeFirstOrThrow()
    await revokeDevice(db, { actorUserId: commission.id, electionId, deviceId: id })
    expect(await (await booth([boothCookie, device])).json()).toEqual({ state: 'ended' })
    const unlock = await booth([boothCookie, device], { intent: 'unlock', password: 'whatever' })
    expect(unlock.status).toBe(409)
    expect(unlock.headers.getSetCookie().some((c) => c.startsWith('mutirao_session=') && c.length > 20)).toBe(
      false,
    )
  })

  it('a visitor with no booth cookie is sent home', async () => {
    const page = await booth([])
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toBe('/')
  })
})
