import { describe, expect, it } from 'vitest'
import { verifyBallot } from '../../../app/belenios/ballot'
import { generateCredential, publicCredential } from '../../../app/belenios/credential'
import { parseElection, serializeElection } from '../../../app/belenios/election'
import { BELENIOS_2048 } from '../../../app/belenios/group'
import { generateTrusteeKey } from '../../../app/belenios/trustee-key'
import {
  auditOnDevice,
  encryptOnDevice,
  type EncryptionInput,
  plaintextOf,
} from '../../../app/elections/device-ballot'
import {
  castPayload,
  deviceReducer,
  type DeviceState,
  initialDeviceState,
} from '../../../app/elections/device-state'
import { groupTracker } from '../../../app/elections/trackers-view'

// What the ballot page's script runs, without a browser: two archives (the segments together, one
// subprefecture), the voter's credential in each; BELENIOS-2048, so ballots are few.

const G = BELENIOS_2048
const trustee = generateTrusteeKey(G)
function archive(uuid: string, groupKey: string, questions: { contestId: string; answers: string[] }[]) {
  const electionJson = serializeElection({
    version: 1,
    description: 'unit',
    name: 'unit',
    group: 'BELENIOS-2048',
    publicKey: trustee.publicKey.publicKey,
    questions: questions.map((q) => ({
      question: q.contestId,
      answers: q.answers,
      blank: true,
      min: 0,
      max: 1,
    })),
    uuid,
  })
  return { uuid, groupKey, electionJson, questionsMap: questions, credential: generateCredential() }
}
const input: EncryptionInput = {
  archives: [
    archive('DeviceSegments1234', 'segments', [
      { contestId: 'seg-a', answers: ['cand-1', 'cand-2'] },
      { contestId: 'seg-c', answers: ['cand-3'] },
    ]),
    archive('DeviceSubpref12345', 'subprefecture-sp1', [{ contestId: 'sp1', answers: ['cand-4', 'cand-5'] }]),
  ],
}
const choices = { 'seg-a': 'cand-2', 'seg-c': 'blank', sp1: 'cand-4' }
const election = (i: number) => {
  const e = parseElection(input.archives[i]!.electionJson)
  if (!e.ok) throw new Error(e.error)
  return e.value
}
const credentials = (i: number) =>
  new Set([publicCredential(G, input.archives[i]!.uuid, input.archives[i]!.credential)])

const encrypted = await encryptOnDevice(input, choices, { pause: async () => {} })
if (!encrypted.ok) throw new Error(encrypted.error)
const ballots = encrypted.value

describe('plaintextOf', () => {
  it('puts one 1 per question: blank first, then the answers in order', () => {
    expect(plaintextOf(input.archives[0]!.questionsMap, choices)).toEqual({
      ok: true,
      value: [
        [0, 0, 1],
        [1, 0],
      ],
    })
  })
  it('refuses a missing contest and a candidacy of another contest', () => {
    expect(plaintextOf(input.archives[0]!.questionsMap, { 'seg-a': 'cand-1' })).toEqual({
      ok: false,
      error: 'missing_choice',
    })
    expect(plaintextOf(input.archives[0]!.questionsMap, { ...choices, 'seg-a': 'cand-4' })).toEqual({
      ok: false,
      error: 'bad_choice',
    })
  })
})

describe('encryptOnDevice', () => {
  it('makes one ballot per archive that the server-side verification accepts', () => {
    expect(ballots.map((b) => b.uuid)).toEqual(['DeviceSegments1234', 'DeviceSubpref12345'])
    for (const [i, b] of ballots.entries()) {
      const verified = verifyBallot(election(i), credentials(i), b.json)
      expect(verified.ok).toBe(true)
      if (verified.ok) expect(verified.value.tracker).toBe(b.tracker)
    }
  })
  it('is refused with the credential of another voter', () => {
    const other = new Set([publicCredential(G, 'DeviceSegments1234', generateCredential())])
    expect(verifyBallot(election(0), other, ballots[0]!.json)).toMatchObject({
      ok: false,
      error: 'unknown_credential',
    })
  })
  it('reports progress and yields before each archive', async () => {
    const seen: string[] = []
    const again = await encryptOnDevice(input, choices, {
      onProgress: (d, t) => seen.push(`${d}/${t}`),
      pause: async () => {
        seen.push('pause')
      },
    })
    expect(again.ok).toBe(true)
    expect(seen).toEqual(['0/2', 'pause', '1/2', 'pause', '2/2'])
    // Fresh randomness: the same choices never give the same ballot twice.
    if (again.ok) expect(again.value[0]!.tracker).not.toBe(ballots[0]!.tracker)
  })
  it('refuses missing choices, no archives and an election that is not the archive', async () => {
    const pause = async () => {}
    expect(await encryptOnDevice(input, { 'seg-a': 'cand-1' }, { pause })).toEqual({
      ok: false,
      error: 'missing_choice',
    })
    expect(await encryptOnDevice({ archives: [] }, choices, { pause })).toEqual({
      ok: false,
      error: 'no_archives',
    })
    const swapped = { archives: [{ ...input.archives[0]!, uuid: 'DeviceSubpref12345' }] }
    expect(await encryptOnDevice(swapped, choices, { pause })).toEqual({ ok: false, error: 'bad_election' })
  })
})

describe('auditOnDevice', () => {
  it('re-encrypts with the revealed randomness and finds the same ciphertexts and choices', () => {
    const audit = auditOnDevice(input, ballots, choices)
    expect(audit.ok).toBe(true)
    expect(audit.record.ballots[0]!.choices).toEqual([
      { contest: 'seg-a', choice: 'cand-2' },
      { contest: 'seg-c', choice: 'blank' },
    ])
    expect(audit.record.ballots[0]!.plaintext).toEqual([
      [0, 0, 1],
      [1, 0],
    ])
    // The download never carries the private credential.
    const text = JSON.stringify(audit.record)
    for (const a of input.archives) expect(text).not.toContain(a.credential)
  })
  it('detects a device that encrypted something other than what it claims', () => {
    const lying = ballots.map((b, i) =>
      i === 0
        ? {
            ...b,
            plaintext: [
              [0, 1, 0],
              [1, 0],
            ],
          }
        : b,
    )
    expect(auditOnDevice(input, lying, choices).ok).toBe(false)
    const wrongRandomness = ballots.map((b) => ({
      ...b,
      randomness: b.randomness.map((r) => r.map((x) => x + 1n)),
    }))
    expect(auditOnDevice(input, wrongRandomness, choices).ok).toBe(false)
  })
})

describe('deviceReducer and castPayload', () => {
  const run = (events: Parameters<typeof deviceReducer>[1][], from: DeviceState = initialDeviceState) =>
    events.reduce(deviceReducer, from)
  const ready = run([
    { type: 'start', total: 2 },
    { type: 'encrypted', ballots },
  ])

  it('holds nothing to cast before encryption has finished', () => {
    expect(castPayload(initialDeviceState)).toBeNull()
    expect(castPayload(run([{ type: 'start', total: 2 }]))).toBeNull()
    expect(
      castPayload(
        run([
          { type: 'start', total: 2 },
          { type: 'progress', done: 1, total: 2 },
        ]),
      ),
    ).toBeNull()
  })

  it('casts the ballots only (no randomness, no plaintext)', () => {
    expect(ready.step).toBe('ready')
    const payload = castPayload(run([{ type: 'cast' }], ready))
    expect(JSON.parse(payload!)).toEqual(ballots.map((b) => ({ uuid: b.uuid, json: b.json })))
    expect(payload).not.toContain('randomness')
  })

  it('never casts an audited ballot, even when the page asks again', () => {
    const audited = run([{ type: 'audit', result: auditOnDevice(input, ballots, choices) }], ready)
    expect(audited.step).toBe('audited')
    expect(audited.spent).toEqual(ballots.map((b) => b.tracker))
    expect(castPayload(audited)).toBeNull()
    expect(castPayload(run([{ type: 'cast' }], audited))).toBeNull()
    // A stale event bringing the audited ballots back is refused.
    const replay = run(
      [
        { type: 'start', total: 2 },
        { type: 'encrypted', ballots },
      ],
      audited,
    )
    expect(replay.step).toBe('failed')
    expect(castPayload(replay)).toBeNull()
    // Even a state forged to hold them does not produce a body.
    expect(castPayload({ ...audited, step: 'ready', ballots })).toBeNull()
  })

  it('after an audit, a fresh encryption can be cast, and the spent list survives a reset', async () => {
    const audited = run([{ type: 'audit', result: auditOnDevice(input, ballots, choices) }], ready)
    const fresh = await encryptOnDevice(input, choices, { pause: async () => {} })
    if (!fresh.ok) throw new Error(fresh.error)
    const again = run(
      [{ type: 'reset' }, { type: 'start', total: 2 }, { type: 'encrypted', ballots: fresh.value }],
      audited,
    )
    expect(again.spent).toEqual(ballots.map((b) => b.tracker))
    expect(JSON.parse(castPayload(again)!)).toEqual(fresh.value.map((b) => ({ uuid: b.uuid, json: b.json })))
  })

  it('ignores a second start while encrypting or casting (double click)', () => {
    const encrypting = run([
      { type: 'start', total: 2 },
      { type: 'progress', done: 1, total: 2 },
    ])
    expect(run([{ type: 'start', total: 2 }], encrypting).progress.done).toBe(1)
    const casting = run([{ type: 'cast' }], ready)
    expect(run([{ type: 'start', total: 2 }], casting)).toBe(casting)
    expect(run([{ type: 'audit', result: { ok: true, record: { ballots: [] } } }], casting)).toBe(casting)
  })
})

describe('groupTracker', () => {
  it('groups by four without losing characters', () => {
    const t = 'abcdEFGH1234+/xy=' // base64 alphabet
    expect(groupTracker(t)).toEqual(['abcd', 'EFGH', '1234', '+/xy', '='])
    expect(groupTracker(t).join('')).toBe(t)
  })
})
