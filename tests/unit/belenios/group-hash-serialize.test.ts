import { describe, expect, it } from 'vitest'
import {
  BELENIOS_2048,
  gPow,
  invMod,
  isGroupElement,
  mod,
  powFixed,
  powMod,
  randomBelow,
} from '../../../app/belenios/group'
import { hashElements, hashToZq, sha256B64, sha256Hex } from '../../../app/belenios/hash'
import { bigIntToString, canonicalJson, parseBigIntStrict } from '../../../app/belenios/serialize'

const G = BELENIOS_2048

describe('BELENIOS-2048 group', () => {
  it('has the published sizes and g of order q', () => {
    expect(G.p.toString(2).length).toBe(2048)
    expect(G.q.toString(2).length).toBe(256)
    expect((G.p - 1n) % G.q).toBe(0n)
    expect(powMod(G.g, G.q, G.p)).toBe(1n)
    expect(G.g).not.toBe(1n)
    // Fermat sanity for p and q (not a proof of primality, a check the constants were copied right)
    expect(powMod(2n, G.p - 1n, G.p)).toBe(1n)
    expect(powMod(3n, G.q - 1n, G.q)).toBe(1n)
  })

  it('powMod agrees with naive exponentiation and handles edge exponents', () => {
    for (const [b, e, m] of [
      [2n, 10n, 1000n],
      [7n, 123456n, 1000003n],
      [123456789n, 65537n, 998244353n],
    ] as const) {
      let r = 1n
      for (let i = 0n; i < e; i++) r = (r * b) % m
      expect(powMod(b, e, m)).toBe(r)
    }
    expect(powMod(5n, 0n, 7n)).toBe(1n)
    expect(powMod(5n, 3n, 1n)).toBe(0n)
    expect(powMod(-2n, 3n, 7n)).toBe(mod(-8n, 7n))
    expect(powMod(3n, -1n, 7n)).toBe(5n)
  })

  it('powFixed (cached tables for g and election keys) agrees with powMod, cache eviction included', () => {
    const bases = [G.g, ...Array.from({ length: 8 }, (_, i) => gPow(G, BigInt(1000 + i)))]
    for (const base of bases) {
      for (const e of [0n, 1n, 63n, 64n, randomBelow(G.q), G.q - 1n, (1n << 300n) + 5n]) {
        expect(powFixed(G, base, e)).toBe(powMod(base, e, G.p))
      }
    }
  })

  it('invMod inverts and refuses non-invertible values', () => {
    const x = randomBelow(G.p - 2n) + 2n
    expect((x * invMod(x, G.p)) % G.p).toBe(1n)
    expect(() => invMod(6n, 9n)).toThrow()
  })

  it('randomBelow stays in range and covers small ranges', () => {
    const seen = new Set<bigint>()
    for (let i = 0; i < 200; i++) {
      const x = randomBelow(5n)
      expect(x >= 0n && x < 5n).toBe(true)
      seen.add(x)
    }
    expect(seen.size).toBe(5)
    expect(randomBelow(1n)).toBe(0n)
    expect(() => randomBelow(0n)).toThrow()
    const big = randomBelow(G.q)
    expect(big < G.q).toBe(true)
  })

  it('isGroupElement accepts subgroup elements and rejects the rest', () => {
    expect(isGroupElement(G, G.g)).toBe(true)
    expect(isGroupElement(G, gPow(G, 12345n))).toBe(true)
    expect(isGroupElement(G, 1n)).toBe(true) // the identity (an empty tally's ciphertext)
    expect(isGroupElement(G, 0n)).toBe(false)
    expect(isGroupElement(G, G.p)).toBe(false)
    expect(isGroupElement(G, G.p + G.g)).toBe(false)
    expect(isGroupElement(G, -G.g)).toBe(false)
    expect(isGroupElement(G, G.p - 1n)).toBe(false) // order 2, outside the subgroup
    expect(isGroupElement(G, 2n)).toBe(powMod(2n, G.q, G.p) === 1n)
  })
})

describe('hashes', () => {
  it('sha256B64 prints what `belenios-tool sha256-b64` prints (recorded outputs)', () => {
    expect(sha256B64('')).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU')
    expect(sha256B64('abc')).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0')
    expect(sha256B64('São Paulo — 移民')).toBe('/sed5bOJmps86UmTZuAuBtzIqAYpAlRMvhYt+ADw7Lo')
  })

  it('sha256Hex is the usual hex digest', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('hashToZq reads the digest big-endian and reduces modulo q', () => {
    const h = BigInt('0x' + sha256Hex('abc'))
    expect(hashToZq(G, 'abc')).toBe(h % G.q)
    expect(hashElements(G, 'pok|x|', [1n, 22n])).toBe(BigInt('0x' + sha256Hex('pok|x|1,22')) % G.q)
    expect(hashElements(G, 'sig|h|', [])).toBe(BigInt('0x' + sha256Hex('sig|h|')) % G.q)
  })
})

describe('serialisation', () => {
  it('parses only canonical base-10 numbers', () => {
    expect(parseBigIntStrict('0')).toBe(0n)
    expect(parseBigIntStrict('12345678901234567890')).toBe(12345678901234567890n)
    for (const bad of ['', '01', '00', '-1', '+1', ' 1', '1 ', '1e3', '0x10', '1.0', '١٢']) {
      expect(parseBigIntStrict(bad)).toBeNull()
    }
    expect(parseBigIntStrict(12 as unknown)).toBeNull()
    expect(parseBigIntStrict(null)).toBeNull()
    expect(parseBigIntStrict('9'.repeat(10_000))).toBeNull()
    expect(parseBigIntStrict('10', 10n)).toBeNull()
    expect(parseBigIntStrict('9', 10n)).toBe(9n)
  })

  it('escapes strings exactly as belenios-tool (Yojson) does (recorded from `setup make-election`)', () => {
    expect(canonicalJson({ d: 'ctl\u0001tab\there\u007fdel \u2028 sep / slash \\ back "q" é 😀' })).toBe(
      '{"d":"ctl\\u0001tab\\there\\u007fdel \u2028 sep / slash \\\\ back \\"q\\" é 😀"}',
    )
    expect(canonicalJson({ d: 'a\bb\fc\rd\u001fe' })).toBe('{"d":"a\\bb\\fc\\rd\\u001fe"}')
  })

  it('writes numbers and compact JSON as Belenios does', () => {
    expect(bigIntToString(0n)).toBe('0')
    expect(() => bigIntToString(-1n)).toThrow()
    expect(canonicalJson({ a: 1n, b: 'x/é"\n\u007f', c: undefined, d: [true] })).toBe(
      '{"a":"1","b":"x/é\\"\\n\\u007f","d":[true]}',
    )
  })
})
