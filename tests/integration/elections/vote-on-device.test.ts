import { beforeEach, describe, expect, it } from 'vitest'
import { encryptOnDevice, type EncryptionInput } from '../../../app/elections/device-ballot'
import type { DB } from '../../../app/lib/db.server'
import { action as voteAction } from '../../../app/routes/elections.$id.vote'
import { action as encryptionAction } from '../../../app/routes/elections.$id.vote_.encryption'
import { loader as verifyLoader } from '../../../app/routes/elections.$id.verify'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { completeCeremony, cpmElection, moveTo } from '../../helpers/elections'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #20 (ADR 036): the ballot page's routes for a verifiable election — the encryption input
// (POST, no-store, the voter's own credential), ballots encrypted on the device (`cast_encrypted`)
// and the page without JavaScript (the server encrypts), with their unhappy paths.

let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

async function openElection(voters = 2) {
  const setup = await cpmElection(db, 'final_list', { voters, ballotFormat: 'belenios' })
  await completeCeremony(db, setup.electionId)
  await moveTo(db, setup.commission.id, setup.electionId, 'voting_open')
  return setup
}

const encryptionInput = async (electionId: string, userId: string | null) =>
  settle(
    encryptionAction(
      args(await requestAs(db, userId, `/elections/${electionId}/vote/encryption`, { method: 'POST' }), {
        id: electionId,
      }),
    ),
  )

const post = async (electionId: string, userId: string, body: Record<string, string>) =>
  settle(
    voteAction(
      args(
        await requestAs(db, userId, `/elections/${electionId}/vote`, { method: 'POST', body: form(body) }),
        {
          id: electionId,
        },
      ),
    ),
  )

const participations = async (electionId: string) =>
  (
    await db
      .selectFrom('voter_participation')
      .select('registration_id')
      .where('election_id', '=', electionId)
      .execute()
  ).length

async function deviceBallots(electionId: string, userId: string, choices: Record<string, string>) {
  const response = await encryptionInput(electionId, userId)
  const input = (await response.json()) as EncryptionInput
  const made = await encryptOnDevice(input, choices, { pause: async () => {} })
  if (!made.ok) throw new Error(made.error)
  return { input, ballots: made.value }
}

const payload = (ballots: { uuid: string; json: string }[]) =>
  JSON.stringify(ballots.map(({ uuid, json }) => ({ uuid, json })))

describe('the encryption input', () => {
  it('gives the signed-in voter their archives and credential, never stored by a cache', async () => {
    const { electionId, voters } = await openElection()
    const response = await encryptionInput(electionId, voters[0]!.id)
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    const body = (await response.json()) as EncryptionInput
    expect(body.archives).toHaveLength(1)
    expect(body.archives[0]).toMatchObject({ groupKey: expect.stringMatching(/^subprefecture-/) })
    expect(body.archives[0]!.credential).toMatch(/^[1-9A-HJ-NP-Za-km-z-]+$/)
    // Another voter gets another credential.
    const other = (await (await encryptionInput(electionId, voters[1]!.id)).json()) as EncryptionInput
    expect(other.archives[0]!.credential).not.toBe(body.archives[0]!.credential)
  })

  it('refuses anonymous visitors, people not on the roll, and a voter who has voted', async () => {
    const { electionId, voters, contestId } = await openElection(1)
    const anonymous = await encryptionInput(electionId, null)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toMatch(/^\/login/)
    const stranger = await createUser(db)
    const refused = await encryptionInput(electionId, stranger.id)
    expect(refused.status).toBe(409)
    expect(refused.headers.get('Cache-Control')).toBe('no-store')
    expect(await refused.json()).toEqual({ error: 'not_on_roll' })
    const { ballots } = await deviceBallots(electionId, voters[0]!.id, { [contestId]: 'blank' })
    await post(electionId, voters[0]!.id, { intent: 'cast_encrypted', ballots: payload(ballots) })
    const voted = await encryptionInput(electionId, voters[0]!.id)
    expect(voted.status).toBe(409)
    expect(await voted.json()).toEqual({ error: 'already_voted' })
  })
})

describe('casting a ballot encrypted on the device', () => {
  it('casts it, answers with the trackers ("encrypted on your device"), and a second post is refused', async () => {
    const { electionId, voters, contestId, candidates } = await openElection()
    const { ballots } = await deviceBallots(electionId, voters[0]!.id, {
      [contestId]: candidates[2]!.candidacyId,
    })
    const cast = await post(electionId, voters[0]!.id, {
      intent: 'cast_encrypted',
      ballots: payload(ballots),
    })
    expect(cast.status).toBe(200)
    expect(await cast.json()).toMatchObject({
      step: 'done',
      receipt: {
        format: 'belenios',
        encryptedBy: 'device',
        trackers: [{ uuid: ballots[0]!.uuid, tracker: ballots[0]!.tracker }],
      },
    })
    // Double submit (the same body again): refused, nothing more written.
    const again = await post(electionId, voters[0]!.id, {
      intent: 'cast_encrypted',
      ballots: payload(ballots),
    })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ step: 'error', error: 'already_voted' })
    expect(await participations(electionId)).toBe(1)
    // "Which ballot is mine?": the voter finds the tracker; anyone finds it by typing it.
    const verify = await settle(
      verifyLoader(
        args(
          await requestAs(
            db,
            voters[0]!.id,
            `/elections/${electionId}/verify?code=${encodeURIComponent(ballots[0]!.tracker)}`,
          ),
          { id: electionId },
        ),
      ),
    )
    expect(await verify.json()).toMatchObject({
      belenios: true,
      mine: [{ tracker: ballots[0]!.tracker }],
      outcome: 'found',
    })
  })

  it('two posts at once from the same voter: exactly one ballot is recorded', async () => {
    const { electionId, voters, contestId } = await openElection(1)
    const first = await deviceBallots(electionId, voters[0]!.id, { [contestId]: 'blank' })
    const second = await deviceBallots(electionId, voters[0]!.id, { [contestId]: 'blank' })
    const responses = await Promise.all(
      [first, second].map((b) =>
        post(electionId, voters[0]!.id, { intent: 'cast_encrypted', ballots: payload(b.ballots) }),
      ),
    )
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409])
    expect(await participations(electionId)).toBe(1)
  })

  it('refuses bad JSON, an empty list, an oversize body and unknown fields, writing nothing', async () => {
    const { electionId, voters } = await openElection(1)
    const voter = voters[0]!.id
    for (const ballots of ['{not json', '[]', '{}', JSON.stringify([{ uuid: 'x' }]), 'x'.repeat(450_000)]) {
      const response = await post(electionId, voter, { intent: 'cast_encrypted', ballots })
      expect(response.status, ballots.slice(0, 20)).toBeGreaterThanOrEqual(400)
      expect(response.status, ballots.slice(0, 20)).toBeLessThan(500)
    }
    const missing = await post(electionId, voter, { intent: 'cast_encrypted' })
    expect(missing.status).toBe(400)
    expect(await participations(electionId)).toBe(0)
  })

  it("refuses another voter's ballot, a ballot for another election's archive, and a tampered one", async () => {
    const { electionId, voters, contestId } = await openElection()
    const choices = { [contestId]: 'blank' }
    const theirs = await deviceBallots(electionId, voters[1]!.id, choices)
    const stolen = await post(electionId, voters[0]!.id, {
      intent: 'cast_encrypted',
      ballots: payload(theirs.ballots),
    })
    expect(stolen.status).toBe(409)
    expect(await stolen.json()).toMatchObject({ step: 'error', error: 'wrong_credential' })

    const mine = await deviceBallots(electionId, voters[0]!.id, choices)
    const elsewhere = [{ uuid: 'AnotherArchiveUuid1234', json: mine.ballots[0]!.json }]
    const wrongArchive = await post(electionId, voters[0]!.id, {
      intent: 'cast_encrypted',
      ballots: payload(elsewhere),
    })
    expect(wrongArchive.status).toBe(409)
    const tampered = [
      // Always a different character (replacing it with 'A' left one ballot in 64 unchanged).
      {
        uuid: mine.ballots[0]!.uuid,
        json: mine.ballots[0]!.json.replace(
          /"hash":"(.)/,
          (_m, c: string) => `"hash":"${c === 'A' ? 'B' : 'A'}`,
        ),
      },
    ]
    const bad = await post(electionId, voters[0]!.id, {
      intent: 'cast_encrypted',
      ballots: payload(tampered),
    })
    expect(bad.status).toBe(409)
    expect(await bad.json()).toMatchObject({ step: 'error', error: 'invalid_ballot' })
    expect(await participations(electionId)).toBe(0)
    // The voter's own ballot still goes through afterwards.
    const ok = await post(electionId, voters[0]!.id, {
      intent: 'cast_encrypted',
      ballots: payload(mine.ballots),
    })
    expect(ok.status).toBe(200)
  })

  it('refuses a ballot once voting has closed (wrong phase)', async () => {
    const { electionId, voters, contestId, commission } = await openElection(1)
    const { ballots } = await deviceBallots(electionId, voters[0]!.id, { [contestId]: 'blank' })
    await moveTo(db, commission.id, electionId, 'voting_closed')
    const late = await post(electionId, voters[0]!.id, {
      intent: 'cast_encrypted',
      ballots: payload(ballots),
    })
    expect(late.status).toBe(409)
    expect(await late.json()).toMatchObject({ step: 'error', error: 'not_open' })
    const input = await encryptionInput(electionId, voters[0]!.id)
    expect(input.status).toBe(409)
  })

  it('a plain election takes no encrypted ballots', async () => {
    const plain = await cpmElection(db, 'voting_open', { voters: 1 })
    const response = await post(plain.electionId, plain.voters[0]!.id, {
      intent: 'cast_encrypted',
      ballots: JSON.stringify([{ uuid: 'SomeArchiveUuid123456', json: '{}' }]),
    })
    expect(response.status).toBe(409)
    expect(await response.json()).toMatchObject({ step: 'error', error: 'wrong_format' })
    expect(await (await encryptionInput(plain.electionId, plain.voters[0]!.id)).json()).toEqual({
      error: 'wrong_format',
    })
  })
})

describe('the ballot without JavaScript', () => {
  it('posts the choices; the server encrypts and says so', async () => {
    const { electionId, voters, contestId, candidates } = await openElection(1)
    const response = await post(electionId, voters[0]!.id, {
      intent: 'cast',
      [`contest_${contestId}`]: candidates[0]!.candidacyId,
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as {
      receipt: { encryptedBy: string; trackers: { tracker: string }[] }
    }
    expect(body.receipt).toMatchObject({ format: 'belenios', encryptedBy: 'server' })
    expect(body.receipt.trackers[0]!.tracker).toMatch(/^[A-Za-z0-9+/]{43}$/)
  })
})
