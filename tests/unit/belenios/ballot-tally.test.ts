import { beforeAll, describe, expect, it } from 'vitest'
import {
  type Ballot,
  auditBallot,
  checkPlaintext,
  createBallot,
  maxBallotLength,
  parseBallot,
  serializeBallot,
  verifyBallot,
} from '../../../app/belenios/ballot'
import { credentialSecret, generateCredential, publicCredential } from '../../../app/belenios/credential'
import { type Election, parseElection, serializeElection } from '../../../app/belenios/election'
import { BELENIOS_2048, mod } from '../../../app/belenios/group'
import { sha256B64 } from '../../../app/belenios/hash'
import {
  computePartialDecryption,
  parsePartialDecryption,
  serializePartialDecryption,
  verifyPartialDecryption,
} from '../../../app/belenios/partial-decryption'
import { proveDlog, proveInterval, verifyInterval } from '../../../app/belenios/proofs'
import { boundedDlogs, decryptTally } from '../../../app/belenios/result'
import { computeEncryptedTally, lastBallots } from '../../../app/belenios/tally'
import {
  generateTrusteeKey,
  parsePrivateKey,
  parseTrusteePublicKey,
  serializeSingleTrustees,
  verifyTrusteePublicKey,
} from '../../../app/belenios/trustee-key'
import { verifyElectionRecord } from '../../../app/belenios/verify'
import { encrypt } from '../../../app/belenios/elgamal'

// Pure maths, no tool: a small election (question 1: blank allowed, 2 answers, 0..1; question 2:
// no blank, 3 answers, 1..2), one trustee of ours, three voters. BELENIOS-2048 exponentiations cost
// a few ms each, so ballots are few.

const G = BELENIOS_2048
const uuid = 'UnitTestUuid123456'
const trustee = generateTrusteeKey(G)
const electionRaw = serializeElection({
  version: 1,
  description: 'unit',
  name: 'unit',
  group: 'BELENIOS-2048',
  publicKey: trustee.publicKey.publicKey,
  questions: [
    { question: 'Q1', answers: ['a', 'b'], blank: true, min: 0, max: 1 },
    { question: 'Q2', answers: ['x', 'y', 'z'], min: 1, max: 2 },
  ],
  uuid,
})
const parsed = parseElection(electionRaw)
if (!parsed.ok) throw new Error(parsed.error)
const election: Election = parsed.value
const voters = [generateCredential(), generateCredential(), generateCredential()]
const credentialSet = new Set(voters.map((c) => publicCredential(G, uuid, c)))

const make = (voter: number, plaintext: number[][]) => {
  const b = createBallot(election, voters[voter]!, plaintext)
  if (!b.ok) throw new Error(b.error)
  return b.value
}
const resign = (b: Ballot, voter: number) => {
  const hash = sha256B64(serializeBallot({ ...b, signature: undefined }))
  const secret = credentialSecret(G, uuid, voters[voter]!)
  return serializeBallot({ ...b, signature: { hash, proof: proveDlog(G, secret, `sig|${hash}|`) } })
}
const clone = (b: Ballot): Ballot =>
  parseBallot(election, serializeBallot(b)).ok
    ? (parseBallot(election, serializeBallot(b)) as { value: Ballot }).value
    : b

describe('plaintext rules', () => {
  it('accepts choices within bounds, blank, and no choice where min is 0', () => {
    expect(
      checkPlaintext(election, [
        [0, 1, 0],
        [1, 0, 0],
      ]),
    ).toEqual({ ok: true })
    expect(
      checkPlaintext(election, [
        [1, 0, 0],
        [0, 1, 1],
      ]),
    ).toEqual({ ok: true })
    expect(
      checkPlaintext(election, [
        [0, 0, 0],
        [0, 1, 1],
      ]),
    ).toEqual({ ok: true })
  })
  it('refuses the rest, following the spec', () => {
    expect(
      checkPlaintext(election, [
        [1, 1, 0],
        [1, 0, 0],
      ]),
    ).toEqual({ ok: false, error: 'blank_with_choices' })
    expect(
      checkPlaintext(election, [
        [0, 1, 1],
        [1, 0, 0],
      ]),
    ).toEqual({ ok: false, error: 'out_of_bounds' })
    // question 2 has no blank and min 1: the all-zero answer is refused
    expect(
      checkPlaintext(election, [
        [0, 1, 0],
        [0, 0, 0],
      ]),
    ).toEqual({ ok: false, error: 'out_of_bounds' })
    expect(
      checkPlaintext(election, [
        [0, 1, 0],
        [1, 1, 1],
      ]),
    ).toEqual({ ok: false, error: 'out_of_bounds' })
    expect(
      checkPlaintext(election, [
        [0, 2, 0],
        [1, 0, 0],
      ]),
    ).toEqual({ ok: false, error: 'not_zero_or_one' })
    expect(
      checkPlaintext(election, [
        [0, 1],
        [1, 0, 0],
      ]),
    ).toEqual({ ok: false, error: 'wrong_size' })
    expect(checkPlaintext(election, [[0, 1, 0]])).toEqual({ ok: false, error: 'wrong_size' })
    expect(
      createBallot(election, voters[0]!, [
        [0, 1, 1],
        [1, 0, 0],
      ]),
    ).toEqual({ ok: false, error: 'out_of_bounds' })
  })
})

describe('interval proofs', () => {
  it('cannot prove a value outside the interval (a cheating prover is caught)', () => {
    const y = election.params.publicKey
    const r = 12345n
    const two = encrypt(G, y, r, 2)
    // prove "0 or 1" while claiming index 1 (value 1): the hash will not balance
    const forged = proveInterval(G, y, 'S', two, r, 1, [0, 1])
    expect(verifyInterval(G, y, 'S', two, forged, [0, 1])).toBe(false)
    const one = encrypt(G, y, r, 1)
    expect(verifyInterval(G, y, 'S', one, proveInterval(G, y, 'S', one, r, 1, [0, 1]), [0, 1])).toBe(true)
    expect(verifyInterval(G, y, 'T', one, proveInterval(G, y, 'S', one, r, 1, [0, 1]), [0, 1])).toBe(false)
  })
})

describe('ballots, tally and decryption', () => {
  let ballots: ReturnType<typeof make>[]
  beforeAll(() => {
    ballots = [
      make(0, [
        [0, 1, 0],
        [1, 0, 0],
      ]),
      make(1, [
        [1, 0, 0],
        [0, 1, 1],
      ]),
      make(2, [
        [0, 0, 0],
        [0, 1, 0],
      ]),
      make(0, [
        [0, 0, 1],
        [1, 0, 1],
      ]), // revote of voter 0
    ]
  })

  it('creates ballots that verify, with their tracker', () => {
    for (const b of ballots) {
      const v = verifyBallot(election, credentialSet, b.json)
      expect(v.ok).toBe(true)
      if (v.ok) expect(v.value.tracker).toBe(sha256B64(b.json))
      expect(b.json.length).toBeLessThan(maxBallotLength(election))
    }
  })

  it('rejects hostile ballots with a precise code, never throwing', () => {
    const good = ballots[0]!
    const b = parseBallot(election, good.json)
    if (!b.ok) throw new Error(b.error)
    const v = (json: unknown) => verifyBallot(election, credentialSet, json)
    expect(v('x'.repeat(maxBallotLength(election) + 1))).toEqual({ ok: false, error: 'too_large' })
    expect(v('{')).toEqual({ ok: false, error: 'malformed' })
    expect(v(null)).toEqual({ ok: false, error: 'malformed' })
    expect(v(good.json.replace('"credential":"', '"credential":"0'))).toEqual({
      ok: false,
      error: 'malformed',
    })
    expect(v(good.json.replace('{"challenge":"', '{"challenge":"-'))).toEqual({
      ok: false,
      error: 'wrong_size',
    })
    expect(v(good.json.replace('"election_uuid"', ' "election_uuid"'))).toEqual({
      ok: false,
      error: 'non_canonical',
    })
    // a number ≥ q where a proof value belongs
    const bigResponse = clone(b.value)
    bigResponse.answers[0]!.individualProofs[0]![0]!.response = G.q
    expect(v(serializeBallot(bigResponse))).toEqual({ ok: false, error: 'wrong_size' })
    // an element outside the subgroup, signed again so that only the group check can catch it
    const outside = clone(b.value)
    outside.answers[1]!.choices[0]!.alpha = G.p - 1n
    expect(v(resign(outside, 0))).toEqual({ ok: false, error: 'invalid_group_element' })
    // a missing answer, an extra one
    const short = clone(b.value)
    short.answers.pop()
    expect(v(serializeBallot(short))).toEqual({ ok: false, error: 'wrong_size' })
    // blank proof missing where blank is allowed
    const noBlank = clone(b.value)
    delete noBlank.answers[0]!.blankProof
    expect(v(serializeBallot(noBlank))).toEqual({ ok: false, error: 'wrong_size' })
    // wrong election hash, signed again
    const wrongHash = clone(b.value)
    wrongHash.electionHash = sha256B64('another election')
    expect(v(resign(wrongHash, 0))).toEqual({ ok: false, error: 'wrong_election_hash' })
    // no signature
    expect(v(serializeBallot({ ...b.value, signature: undefined }))).toEqual({
      ok: false,
      error: 'missing_signature',
    })
    // a changed proof, signed again
    const proof = clone(b.value)
    const p = proof.answers[0]!.blankProof![1]!
    p.challenge = mod(p.challenge + 1n, G.q)
    expect(v(resign(proof, 0))).toEqual({ ok: false, error: 'invalid_proof' })
  })

  it('passes the Benaloh audit with the revealed randomness and fails it with other choices', () => {
    const b = ballots[1]!
    expect(
      auditBallot(election, b.json, b.randomness, [
        [1, 0, 0],
        [0, 1, 1],
      ]),
    ).toEqual({ ok: true })
    expect(
      auditBallot(election, b.json, b.randomness, [
        [0, 1, 0],
        [0, 1, 1],
      ]),
    ).toEqual({ ok: false, error: 'mismatch' })
    const other = b.randomness.map((row) => row.map((r) => mod(r + 1n, G.q)))
    expect(
      auditBallot(election, b.json, other, [
        [1, 0, 0],
        [0, 1, 1],
      ]),
    ).toEqual({ ok: false, error: 'mismatch' })
  })

  it('tallies the last ballot per credential, decrypts, and the whole record verifies', () => {
    const accepted = ballots.map((b) => b.ballot)
    expect(lastBallots(accepted)).toHaveLength(3)
    const t = computeEncryptedTally(election, accepted)
    expect(t.sized.numTallied).toBe(3)
    const pd = computePartialDecryption(election, t.tally, trustee.privateKey)
    const reparsed = parsePartialDecryption(election, t.tally, pd.json)
    expect(reparsed).not.toBeNull()
    expect(serializePartialDecryption(reparsed!)).toBe(pd.json)
    expect(verifyPartialDecryption(election, t.tally, trustee.publicKey.publicKey, reparsed!)).toBe(true)
    const wrongKey = generateTrusteeKey(G).publicKey.publicKey
    expect(verifyPartialDecryption(election, t.tally, wrongKey, reparsed!)).toBe(false)
    const result = decryptTally(election, t.tally, pd.value.factors, 3)
    // voter 0 (revote) b / x z; voter 1 blank / y z; voter 2 nothing / y
    expect(result).toMatchObject({
      ok: true,
      value: [
        [1, 0, 1],
        [1, 2, 2],
      ],
    })
    if (!result.ok) return

    const record = {
      election: electionRaw,
      trustees: serializeSingleTrustees([trustee.publicKey]),
      publicCredentials: JSON.stringify([...credentialSet].map(String).sort()),
      ballots: ballots.map((b) => b.json),
      encryptedTally: t.json,
      sizedEncryptedTally: t.sizedJson,
      partialDecryptions: [{ owner: 1, json: pd.json }],
      result: result.json,
    }
    // The record holds a revote: refused in Mutirão's archives (ADR 029), Belenios' way on request;
    // 4 ballots for 3 credentials are refused before any ballot is checked.
    expect(verifyElectionRecord(record)).toMatchObject({
      ok: false,
      error: 'too_many_ballots',
      step: 'ballot',
      index: 3,
    })
    expect(
      verifyElectionRecord({ ...record, ballots: record.ballots.filter((_, i) => i !== 1) }),
    ).toMatchObject({
      ok: false,
      error: 'duplicate_credential',
      step: 'ballot',
    })
    // In roll order the list would tie credentials to voters: neither by value nor by text, refused.
    const sorted = [...credentialSet].sort((a, b) => (a < b ? -1 : 1))
    const unsorted = [sorted[1]!, sorted[0]!, ...sorted.slice(2)].map(String)
    const byText = [...unsorted].sort()
    const byValue = [...sorted].map(String)
    if (
      JSON.stringify(unsorted) !== JSON.stringify(byText) &&
      JSON.stringify(unsorted) !== JSON.stringify(byValue)
    )
      expect(verifyElectionRecord({ ...record, publicCredentials: JSON.stringify(unsorted) })).toMatchObject({
        ok: false,
        error: 'unsorted_credentials',
        step: 'credentials',
      })
    expect(
      verifyElectionRecord({ ...record, publicCredentials: JSON.stringify(byValue) }, { allowRevote: true })
        .ok,
    ).toBe(true)
    const verifyWithRevote = (r: typeof record) => verifyElectionRecord(r, { allowRevote: true })
    expect(verifyWithRevote(record)).toMatchObject({
      ok: true,
      value: { result: result.value, numTallied: 3 },
    })
    // tampering, each reported at its step
    expect(
      verifyWithRevote({ ...record, ballots: record.ballots.slice(0, 3) }) /* drops the revote */,
    ).toMatchObject({
      ok: false,
      error: 'tally_mismatch',
      step: 'encrypted_tally',
    })
    expect(
      verifyWithRevote({
        ...record,
        ballots: [record.ballots[0]!, record.ballots[1]!.replace('"1', '"2')],
      }),
    ).toMatchObject({ ok: false, step: 'ballot', index: 1 })
    expect(verifyWithRevote({ ...record, result: '{"result":[[1,0,1],[1,2,3]]}' })).toMatchObject({
      ok: false,
      error: 'result_mismatch',
    })
    expect(verifyWithRevote({ ...record, partialDecryptions: [] })).toMatchObject({
      ok: false,
      error: 'missing_partial_decryption',
      step: 'partial_decryption',
      index: 1,
    })
    const otherTrustee = generateTrusteeKey(G)
    expect(
      verifyWithRevote({ ...record, trustees: serializeSingleTrustees([otherTrustee.publicKey]) }),
    ).toMatchObject({ ok: false, error: 'wrong_public_key', step: 'trustees' })
    const forgedPd = computePartialDecryption(election, t.tally, otherTrustee.privateKey)
    expect(
      verifyWithRevote({ ...record, partialDecryptions: [{ owner: 1, json: forgedPd.json }] }),
    ).toMatchObject({ ok: false, error: 'invalid_proof', step: 'partial_decryption', index: 1 })
  })
})

describe('trustee keys and discrete logarithms', () => {
  it('round-trips keys and checks the proof of knowledge', () => {
    const k = generateTrusteeKey(G)
    expect(parsePrivateKey(G, k.privateKeyJson + '\n')).toBe(k.privateKey)
    expect(parsePrivateKey(G, '"0123"')).toBeNull()
    expect(parsePrivateKey(G, `"${G.q}"`)).toBeNull()
    const pub = parseTrusteePublicKey(G, JSON.parse(k.publicKeyJson))
    expect(pub && verifyTrusteePublicKey(G, pub)).toBe(true)
    const bad = { ...pub!, pok: { ...pub!.pok, response: mod(pub!.pok.response + 1n, G.q) } }
    expect(verifyTrusteePublicKey(G, bad)).toBe(false)
  })

  it('finds bounded logarithms and reports those out of range', () => {
    const g = (k: bigint) => {
      let x = 1n
      for (let i = 0n; i < k; i++) x = (x * G.g) % G.p
      return x
    }
    expect(boundedDlogs(G, [g(0n), g(3n), g(3n), g(7n)], 5)).toEqual([0, 3, 3, null])
  })
})
