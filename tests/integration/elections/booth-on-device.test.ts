import { beforeEach, describe, expect, it } from 'vitest'
import { createSession } from '../../../app/auth/session.server'
import { encryptOnDevice, type EncryptionInput } from '../../../app/elections/device-ballot'
import type { DB } from '../../../app/lib/db.server'
import { action as boothAction, loader as boothLoader } from '../../../app/routes/booth'
import { action as boothEncryptionAction } from '../../../app/routes/booth_.encryption'
import { action as onlineEncryptionAction } from '../../../app/routes/elections.$id.vote_.encryption'
import { action as stationAction } from '../../../app/routes/staff.elections.$id.polling-station'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { completeCeremony, cpmElection, moveTo, pollingPlace } from '../../helpers/elections'
import { form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #20 (ADR 036) at the polling station (issue #16.12): in a verifiable election the booth
// encrypts the voter's ballot in its own browser. The booth's encryption input (/booth/encryption,
// the booth and device cookies as credential), the ballots it posts (`cast_encrypted` on /booth),
// and the booth without JavaScript (the server encrypts), with their unhappy paths.

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
    body ? { method: 'POST', body: form(body), headers } : { method: 'POST', headers },
  )
}

/** A verifiable election open for voting; its named worker opens the booth for the first voter. */
async function openedBooth(voters = 2) {
  const election = await cpmElection(db, 'final_list', { voters, ballotFormat: 'belenios' })
  await completeCeremony(db, election.electionId)
  await moveTo(db, election.commission.id, election.electionId, 'voting_open')
  const { worker, deviceToken } = await pollingPlace(db, {
    electionId: election.electionId,
    commissionId: election.commission.id,
  })
  const session = await createSession(db, { userId: worker.id })
  const device = `mutirao_device=${deviceToken}`
  const open = await settle(
    stationAction(
      args(
        request(
          `/staff/elections/${election.electionId}/polling-station`,
          [`mutirao_session=${session.token}`, device],
          {
            intent: 'open',
            registrationId: election.voters[0]!.registrationId,
            documentChecked: 'yes',
          },
        ),
        { id: election.electionId },
      ),
    ),
  )
  expect(open.headers.get('Location')).toBe('/booth')
  const cookies = [cookieValue(open, 'mutirao_booth'), device]
  return { ...election, cookies }
}

const booth = (cookies: (string | undefined)[], body?: Record<string, string>) =>
  settle(
    body
      ? boothAction(args(request('/booth', cookies, body)))
      : boothLoader(args(new Request('http://localhost/booth', { headers: { Cookie: cookies.join('; ') } }))),
  )

const boothInput = (cookies: (string | undefined)[]) =>
  settle(boothEncryptionAction(args(request('/booth/encryption', cookies))))

async function encrypt(input: EncryptionInput, choices: Record<string, string>) {
  const made = await encryptOnDevice(input, choices, { pause: async () => {} })
  if (!made.ok) throw new Error(made.error)
  return made.value
}

const payload = (ballots: { uuid: string; json: string }[]) =>
  JSON.stringify(ballots.map(({ uuid, json }) => ({ uuid, json })))

// Ballots accepted into the archives (one per credential used); opening the booth already marks
// the voter as having come in person, so participation alone would not tell.
const ballotCount = async () =>
  (await db.selectFrom('belenios_cast_credentials').selectAll().execute()).length

describe('the booth’s encryption input', () => {
  it('gives the booth the one voter’s archives and credential, never stored by a cache', async () => {
    const { cookies } = await openedBooth()
    const response = await boothInput(cookies)
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    const input = (await response.json()) as EncryptionInput
    expect(input.archives).toHaveLength(1)
    expect(input.archives[0]!.credential).toMatch(/^[1-9A-HJ-NP-Za-km-z-]+$/)
  })

  it('gives nothing without the booth cookie, with the booth cookie alone, or once the voter has voted', async () => {
    const { cookies, contestId } = await openedBooth()
    for (const without of [[], [cookies[0]], [cookies[1]]]) {
      const refused = await boothInput(without)
      expect(refused.status).toBe(409)
      expect(refused.headers.get('Cache-Control')).toBe('no-store')
      expect(await refused.json()).toEqual({ error: 'booth_closed' })
    }
    const input = (await (await boothInput(cookies)).json()) as EncryptionInput
    const ballots = await encrypt(input, { [contestId]: 'blank' })
    await booth(cookies, { intent: 'cast_encrypted', ballots: payload(ballots) })
    const after = await boothInput(cookies)
    expect(after.status).toBe(409)
    expect(await after.json()).toEqual({ error: 'booth_closed' })
  })
})

describe('casting in the booth a ballot encrypted on the booth device', () => {
  it('casts it, says "encrypted on this device" with the trackers, then waits; a second post is refused', async () => {
    const { cookies, contestId, candidates } = await openedBooth()
    const input = (await (await boothInput(cookies)).json()) as EncryptionInput
    const ballots = await encrypt(input, { [contestId]: candidates[1]!.candidacyId })
    const cast = await booth(cookies, { intent: 'cast_encrypted', ballots: payload(ballots) })
    expect(cast.status).toBe(200)
    expect(await cast.json()).toMatchObject({
      state: 'voted',
      receipt: {
        format: 'belenios',
        encryptedBy: 'device',
        trackers: [{ uuid: ballots[0]!.uuid, tracker: ballots[0]!.tracker }],
      },
    })
    expect(await (await booth(cookies)).json()).toEqual({ state: 'waiting' })
    const again = await booth(cookies, { intent: 'cast_encrypted', ballots: payload(ballots) })
    expect(again.status).toBe(409)
    expect(await again.json()).toEqual({ state: 'waiting', error: 'booth_closed' })
    expect(await ballotCount()).toBe(1)
    // The ballot is in the archive, as any other.
    const stored = await db
      .selectFrom('belenios_blocks')
      .select('hash')
      .where('archive_uuid', '=', ballots[0]!.uuid)
      .where('hash', '=', Buffer.from(ballots[0]!.tracker, 'base64').toString('hex'))
      .execute()
    expect(stored).toHaveLength(1)
  })

  it('two posts at once from the booth: exactly one ballot is recorded', async () => {
    const { cookies, contestId } = await openedBooth()
    const input = (await (await boothInput(cookies)).json()) as EncryptionInput
    const first = await encrypt(input, { [contestId]: 'blank' })
    const second = await encrypt(input, { [contestId]: 'blank' })
    const answers = await Promise.all([
      booth(cookies, { intent: 'cast_encrypted', ballots: payload(first) }),
      booth(cookies, { intent: 'cast_encrypted', ballots: payload(second) }),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    expect(await ballotCount()).toBe(1)
  })

  it('refuses another voter’s ballot, a tampered one and malformed posts, writing nothing; the voter can still vote', async () => {
    const { cookies, contestId, voters, electionId } = await openedBooth()
    // Another voter on the roll, at home, encrypts with their own credential: the booth refuses it.
    const online = await settle(
      onlineEncryptionAction(
        args(
          await requestAs(db, voters[1]!.id, `/elections/${electionId}/vote/encryption`, { method: 'POST' }),
          {
            id: electionId,
          },
        ),
      ),
    )
    const theirs = await encrypt((await online.json()) as EncryptionInput, { [contestId]: 'blank' })
    const stolen = await booth(cookies, { intent: 'cast_encrypted', ballots: payload(theirs) })
    expect(stolen.status).toBe(409)
    expect(await stolen.json()).toEqual({ state: 'waiting', error: 'wrong_credential' })

    const input = (await (await boothInput(cookies)).json()) as EncryptionInput
    const mine = await encrypt(input, { [contestId]: 'blank' })
    const tampered = [
      {
        ...mine[0]!,
        json: mine[0]!.json.replace(/"signature":\{"hash":"[^"]*"/, '"signature":{"hash":"AAAA"'),
      },
    ]
    expect(tampered[0]!.json).not.toBe(mine[0]!.json)
    const bad = await booth(cookies, { intent: 'cast_encrypted', ballots: payload(tampered) })
    expect(bad.status).toBe(409)
    expect(await bad.json()).toMatchObject({ state: 'waiting', error: 'invalid_ballot' })

    for (const ballots of [
      'not json',
      '[]',
      JSON.stringify([{ uuid: mine[0]!.uuid }]),
      'x'.repeat(600_000),
    ]) {
      const malformed = await booth(cookies, { intent: 'cast_encrypted', ballots })
      expect([400, 413], ballots.slice(0, 20)).toContain(malformed.status)
    }
    expect(await ballotCount()).toBe(0)

    // Nothing was cast: the booth still shows the ballot, and the voter's own encryption counts.
    expect(await (await booth(cookies)).json()).toMatchObject({ state: 'ballot' })
    const cast = await booth(cookies, { intent: 'cast_encrypted', ballots: payload(mine) })
    expect(await cast.json()).toMatchObject({ state: 'voted', receipt: { encryptedBy: 'device' } })
    expect(await ballotCount()).toBe(1)
  })

  it('refuses a booth ballot once voting has closed', async () => {
    const { cookies, contestId, commission, electionId } = await openedBooth()
    const input = (await (await boothInput(cookies)).json()) as EncryptionInput
    const ballots = await encrypt(input, { [contestId]: 'blank' })
    await moveTo(db, commission.id, electionId, 'voting_closed')
    const late = await booth(cookies, { intent: 'cast_encrypted', ballots: payload(ballots) })
    expect(late.status).toBe(409)
    expect(await late.json()).toMatchObject({ state: 'waiting' })
    expect(await ballotCount()).toBe(0)
  })
})

describe('the booth without JavaScript', () => {
  it('review marks the election verifiable; the posted choices are encrypted by the server', async () => {
    const { cookies, contestId, candidates } = await openedBooth()
    const choice = { [`contest_${contestId}`]: candidates[0]!.candidacyId }
    const review = await booth(cookies, { intent: 'review', ...choice })
    expect(await review.json()).toMatchObject({ state: 'review', verifiable: true })
    const cast = await booth(cookies, { intent: 'cast', ...choice })
    expect(cast.status).toBe(200)
    const body = await cast.json()
    expect(body).toMatchObject({ state: 'voted', receipt: { format: 'belenios', encryptedBy: 'server' } })
    expect(body.receipt.trackers[0].tracker).toMatch(/^[A-Za-z0-9+/]{43}$/)
    expect(await ballotCount()).toBe(1)
  })
})
