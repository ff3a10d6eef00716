import { describe, expect, it } from 'vitest'
import {
  BASE58_DIGITS,
  generateCredential,
  isValidCredential,
  parsePublicCredentials,
  publicCredential,
} from '../../../app/belenios/credential'
import { buildMutiraoElection, parseElection, serializeElection } from '../../../app/belenios/election'
import { BELENIOS_2048, gPow } from '../../../app/belenios/group'
import { sha256B64, sha256Hex } from '../../../app/belenios/hash'

const G = BELENIOS_2048

describe('credentials', () => {
  it('derives the public credential belenios-tool published (recorded from `generate-credentials`)', () => {
    // uuid and private credentials from a tool run; the digests are of the published public ones
    expect(sha256Hex(publicCredential(G, 'aPyH5XkzyrhX93', '6vF-b2w-7r8-k3J-Yyc').toString())).toBe(
      'a9199a8dfed10e67cab95570fe77f54fb8bbf3d46c81212e4743a891c6df2a54',
    )
    expect(sha256Hex(publicCredential(G, 'aPyH5XkzyrhX93', 'qhF-GHG-YkZ-puW-ShG').toString())).toBe(
      '9e744d05f55ab5dd41fa9174c65bc7ba0ee8c76175f812d7693cea4112080f47',
    )
  })

  it('generates credentials in the tool format with a valid checksum', () => {
    for (let i = 0; i < 50; i++) {
      const c = generateCredential()
      expect(c).toMatch(/^[1-9A-HJ-NP-Za-km-z]{3}(?:-[1-9A-HJ-NP-Za-km-z]{3}){4}$/)
      expect(isValidCredential(c)).toBe(true)
      expect(isValidCredential(c.replace(/-/g, ''))).toBe(true)
    }
  })

  it('catches typing mistakes before anything is derived', () => {
    const c = '6vF-b2w-7r8-k3J-Yyc'
    expect(isValidCredential(c)).toBe(true)
    let caught = 0
    let tried = 0
    for (const i of [0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 16, 17, 18]) {
      for (const d of BASE58_DIGITS) {
        if (d === c[i]) continue
        tried++
        if (!isValidCredential(c.slice(0, i) + d + c.slice(i + 1))) caught++
      }
    }
    // a checksum modulo 53 misses a substitution only when the change is a multiple of 53
    expect(caught / tried).toBeGreaterThan(0.97)
    // swapped neighbours, missing characters, look-alikes outside the alphabet, wrong dashes
    expect(isValidCredential('v6F-b2w-7r8-k3J-Yyc')).toBe(false)
    expect(isValidCredential('6vF-b2w-7r8-k3J-Yy')).toBe(false)
    expect(isValidCredential('6vF-b2w-7r8-k3J-Y0c')).toBe(false)
    expect(isValidCredential('6vF-b2w-7r8-k3J-YIc')).toBe(false)
    expect(isValidCredential('6vF_b2w-7r8-k3J-Yyc')).toBe(false)
    expect(isValidCredential(' 6vF-b2w-7r8-k3J-Yyc')).toBe(false)
    expect(isValidCredential('')).toBe(false)
  })

  it('parses public credential lists strictly', () => {
    const a = gPow(G, 5n).toString()
    const b = gPow(G, 7n).toString()
    expect(parsePublicCredentials(G, [a, `${b},1`])).toEqual([
      { credential: BigInt(a), weight: 1n },
      { credential: BigInt(b), weight: 1n },
    ])
    expect(parsePublicCredentials(G, [a, a])).toBeNull() // duplicate
    expect(parsePublicCredentials(G, ['0' + a])).toBeNull() // non-canonical
    expect(parsePublicCredentials(G, [(G.p - 1n).toString()])).toBeNull() // outside the subgroup
    expect(parsePublicCredentials(G, [`${a},0`])).toBeNull()
    expect(parsePublicCredentials(G, ['1'])).toBeNull() // g^0: a secret everybody knows
    expect(parsePublicCredentials(G, [5])).toBeNull()
    expect(parsePublicCredentials(G, {})).toBeNull()
  })
})

describe('election parameters', () => {
  const y = gPow(G, 1234567n)
  const built = buildMutiraoElection({
    uuid: 'aPyH5XkzyrhX93',
    title: 'Eleição',
    description: 'Descrição "x"',
    publicKey: y,
    contests: [{ title: 'Região Norte', candidates: ['Ana', 'Bo'] }],
  })

  it('builds one question per contest (blank allowed, 0..1) and the fingerprint of its bytes', () => {
    expect(built.ok).toBe(true)
    if (!built.ok) return
    expect(built.value.raw).toBe(
      `{"version":1,"description":"Descrição \\"x\\"","name":"Eleição","group":"BELENIOS-2048","public_key":"${y}","questions":[{"answers":["Ana","Bo"],"blank":true,"min":0,"max":1,"question":"Região Norte"}],"uuid":"aPyH5XkzyrhX93"}`,
    )
    expect(built.value.fingerprint).toBe(sha256B64(built.value.raw))
    expect(serializeElection(built.value.params)).toBe(built.value.raw)
  })

  it('rejects what Belenios would not accept, and hostile input, without throwing', () => {
    if (!built.ok) return
    const base = JSON.parse(built.value.raw) as Record<string, unknown>
    const variant = (patch: Record<string, unknown>) => JSON.stringify({ ...base, ...patch })
    const question = (patch: Record<string, unknown>) =>
      variant({ questions: [{ answers: ['a', 'b'], min: 0, max: 1, question: 'q', ...patch }] })
    expect(parseElection(variant({ group: 'RFC-3526-2048' }))).toEqual({
      ok: false,
      error: 'unsupported_group',
    })
    expect(parseElection(variant({ version: 2 }))).toEqual({ ok: false, error: 'unsupported_version' })
    expect(parseElection(variant({ uuid: 'short' }))).toEqual({ ok: false, error: 'invalid_uuid' })
    expect(parseElection(variant({ uuid: 'aPyH5XkzyrhX0O' }))).toEqual({ ok: false, error: 'invalid_uuid' })
    expect(parseElection(variant({ public_key: '0' + y.toString() }))).toEqual({
      ok: false,
      error: 'invalid_public_key',
    })
    expect(parseElection(variant({ public_key: (G.p - 1n).toString() }))).toEqual({
      ok: false,
      error: 'invalid_public_key',
    })
    expect(parseElection(variant({ public_key: G.p.toString() }))).toEqual({
      ok: false,
      error: 'invalid_public_key',
    })
    expect(parseElection(variant({ public_key: Number(5) }))).toEqual({
      ok: false,
      error: 'invalid_public_key',
    })
    expect(parseElection(question({ min: 2, max: 1 }))).toEqual({ ok: false, error: 'invalid_question' })
    expect(parseElection(question({ max: 3 }))).toEqual({ ok: false, error: 'invalid_question' })
    expect(parseElection(question({ min: -1 }))).toEqual({ ok: false, error: 'invalid_question' })
    expect(parseElection(question({ blank: 'yes' }))).toEqual({ ok: false, error: 'invalid_question' })
    expect(parseElection(question({ extra: 1 }))).toEqual({ ok: false, error: 'invalid_question' })
    expect(parseElection(variant({ questions: [{ type: 'NonHomomorphic', value: {} }] }))).toEqual({
      ok: false,
      error: 'unsupported_question',
    })
    expect(parseElection(variant({ surprise: true }))).toEqual({ ok: false, error: 'malformed' })
    expect(parseElection('{"version":1')).toEqual({ ok: false, error: 'malformed' })
    expect(parseElection('[]')).toEqual({ ok: false, error: 'malformed' })
    expect(parseElection(42)).toEqual({ ok: false, error: 'malformed' })
    expect(parseElection(' '.repeat(1_000_001))).toEqual({ ok: false, error: 'too_large' })
  })
})
