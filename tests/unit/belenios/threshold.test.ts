import { describe, expect, it } from 'vitest'

import { BELENIOS_2048, mod, powMod } from '../../../app/belenios/group'
import { ccmNonceLength } from '../../../app/belenios/threshold/aes-ccm'
import { nodeAesCcm } from '../../../app/belenios/threshold/aes-ccm.server'
import { webCryptoAesCcm } from '../../../app/belenios/threshold/aes-ccm.webcrypto'
import {
  parseJsonBounded,
  readCertKeys,
  readEncryptedMsg,
  readNat,
  readProof,
  readThresholdParameters,
  readVoutput,
  writeEncryptedMsg,
} from '../../../app/belenios/threshold/codec'
import { lagrangeCoefficient } from '../../../app/belenios/threshold/decryption'
import {
  checkCertificate,
  checkKnowledge,
  decryptWith,
  deriveKeys,
  encryptFor,
  generateSeed,
  isSeed,
  makeCertificate,
  proveKnowledge,
  receive,
  send,
  sign,
  verifySignature,
} from '../../../app/belenios/threshold/pki'
import { evalPolynomial, step2, step3 } from '../../../app/belenios/threshold/steps'

const G = BELENIOS_2048
const q = G.q

describe('Lagrange coefficients', () => {
  it('are the spec formula for small index sets', () => {
    // I = {1, 2}: λ1 = 2/(2−1) = 2, λ2 = 1/(1−2) = −1.
    expect(lagrangeCoefficient(q, [1, 2], 1)).toBe(2n)
    expect(lagrangeCoefficient(q, [1, 2], 2)).toBe(q - 1n)
    // I = {2, 3}: λ2 = 3, λ3 = −2.
    expect(lagrangeCoefficient(q, [2, 3], 2)).toBe(3n)
    expect(lagrangeCoefficient(q, [2, 3], 3)).toBe(q - 2n)
    // A single index (threshold 1) has coefficient 1.
    expect(lagrangeCoefficient(q, [3], 3)).toBe(1n)
  })

  it('reconstruct f(0) from any threshold-sized set of shares', () => {
    const coefficients = [123456789n, 987654321n, 5555n] // degree 2: any 3 of 5
    const shares = [1, 2, 3, 4, 5].map((j) => evalPolynomial(coefficients, BigInt(j), q))
    for (const set of [
      [1, 2, 3],
      [1, 3, 5],
      [2, 4, 5],
      [3, 4, 5],
    ]) {
      const secret = set.reduce((acc, j) => mod(acc + lagrangeCoefficient(q, set, j) * shares[j - 1]!, q), 0n)
      expect(secret).toBe(coefficients[0])
    }
    // Two shares are not enough: the interpolation of a wrong degree misses f(0).
    const two = [1, 2].reduce(
      (acc, j) => mod(acc + lagrangeCoefficient(q, [1, 2], j) * shares[j - 1]!, q),
      0n,
    )
    expect(two).not.toBe(coefficients[0])
  })

  it('evaluates polynomials modulo q', () => {
    expect(evalPolynomial([1n, 2n, 3n], 2n, q)).toBe(17n)
    expect(evalPolynomial([q - 1n, 1n], 1n, q)).toBe(0n)
  })
})

describe('PKI', () => {
  const seed = generateSeed()
  const keys = deriveKeys(G, seed)

  it('generates base58 seeds of 22 characters', () => {
    expect(isSeed(seed)).toBe(true)
    expect(seed).toHaveLength(22)
    expect(isSeed('0' + seed.slice(1))).toBe(false) // '0' is not base58
    expect(isSeed(seed + 'a')).toBe(false)
    expect(generateSeed()).not.toBe(seed)
  })

  it('signs and verifies; any change to the message, key or proof fails', () => {
    const signed = sign(G, keys.sk, 'hello|world')
    expect(verifySignature(G, keys.vk, signed)).toBe(true)
    expect(verifySignature(G, keys.vk, { ...signed, message: 'hello|World' })).toBe(false)
    expect(verifySignature(G, keys.ek, signed)).toBe(false)
    const { challenge, response } = signed.signature
    expect(
      verifySignature(G, keys.vk, { ...signed, signature: { challenge, response: mod(response + 1n, q) } }),
    ).toBe(false)
    expect(
      verifySignature(G, keys.vk, { ...signed, signature: { challenge: challenge + q, response } }),
    ).toBe(false)
    // A verification key outside the subgroup is refused (p − 1 has order 2).
    expect(verifySignature(G, G.p - 1n, signed)).toBe(false)
  })

  it('proves knowledge of a key', () => {
    const k = proveKnowledge(G, 42n)
    expect(k.public_key).toBe(powMod(G.g, 42n, G.p))
    expect(checkKnowledge(G, k)).toBe(true)
    expect(checkKnowledge(G, { ...k, public_key: powMod(G.g, 43n, G.p) })).toBe(false)
  })

  it('encrypts and decrypts with AES-CCM; the wrong key or a flipped bit gives null', async () => {
    const message = '{"secret":"12345"} — ünïcödé 選舉'
    const m = await encryptFor(G, nodeAesCcm, keys.ek, message)
    expect(m.data).toMatch(/^[0-9a-f]+$/)
    expect(await decryptWith(G, nodeAesCcm, keys.dk, m)).toBe(message)
    expect(await decryptWith(G, nodeAesCcm, keys.sk, m)).toBeNull()
    const flipped = m.data.slice(0, -1) + (m.data.endsWith('0') ? '1' : '0')
    expect(await decryptWith(G, nodeAesCcm, keys.dk, { ...m, data: flipped })).toBeNull()
    expect(await decryptWith(G, nodeAesCcm, keys.dk, { ...m, alpha: G.p - 1n })).toBeNull()
    // Round trip through the exact JSON.
    const again = readEncryptedMsg(parseJsonBounded(writeEncryptedMsg(m)), G)!
    expect(await decryptWith(G, nodeAesCcm, keys.dk, again)).toBe(message)
  })

  it('uses SJCL nonce truncation (13 bytes below 64 KiB, 12 below 16 MiB)', async () => {
    expect(ccmNonceLength(0)).toBe(13)
    expect(ccmNonceLength(65535)).toBe(13)
    expect(ccmNonceLength(65536)).toBe(12)
    expect(ccmNonceLength(2 ** 24)).toBe(11)
    const big = 'x'.repeat(70_000)
    const m = await encryptFor(G, nodeAesCcm, keys.ek, big)
    expect(await decryptWith(G, nodeAesCcm, keys.dk, m)).toBe(big)
  })

  it('certificates are self-signed and checked', () => {
    const cert = makeCertificate(G, seed)
    expect(checkCertificate(G, cert)).toEqual({ verification: keys.vk, encryption: keys.ek })
    const other = deriveKeys(G, generateSeed())
    // Keys swapped in for someone else's, signature left: refused.
    const forged = {
      ...cert,
      message: JSON.stringify({ verification: keys.vk.toString(), encryption: other.ek.toString() }),
    }
    expect(checkCertificate(G, forged)).toBeNull()
    // Signed by the other key but claiming ours: refused.
    expect(checkCertificate(G, sign(G, other.sk, cert.message))).toBeNull()
    expect(checkCertificate(G, { ...cert, message: 'not json' })).toBeNull()
  })

  it('channels check the sender and the recipient', async () => {
    const bob = deriveKeys(G, generateSeed())
    const eve = deriveKeys(G, generateSeed())
    const text = await send(G, nodeAesCcm, keys.sk, bob.ek, 'for bob')
    expect(await receive(G, nodeAesCcm, bob.dk, keys.vk, text)).toEqual({ ok: true, message: 'for bob' })
    expect(await receive(G, nodeAesCcm, bob.dk, eve.vk, text)).toEqual({ ok: false, error: 'bad_signature' })
    expect(await receive(G, nodeAesCcm, eve.dk, keys.vk, text)).toEqual({ ok: false, error: 'undecryptable' })
    // Eve re-encrypts a message signed for Bob to herself: the recipient check catches it.
    const forBobPlain = await decryptWith(G, nodeAesCcm, bob.dk, readEncryptedMsg(JSON.parse(text), G)!)
    const readdressed = writeEncryptedMsg(await encryptFor(G, nodeAesCcm, eve.ek, forBobPlain!))
    expect(await receive(G, nodeAesCcm, eve.dk, keys.vk, readdressed)).toEqual({
      ok: false,
      error: 'wrong_recipient',
    })
    expect(await receive(G, nodeAesCcm, bob.dk, keys.vk, '{"alpha":"1"}')).toEqual({
      ok: false,
      error: 'malformed',
    })
    expect(await receive(G, nodeAesCcm, bob.dk, keys.vk, 'x'.repeat(10_000_000))).toEqual({
      ok: false,
      error: 'malformed',
    })
  })
})

describe('strict reading of hostile input', () => {
  it('refuses non-canonical and out-of-range numbers', () => {
    expect(readNat('12', q)).toBe(12n)
    expect(readNat('0', q)).toBe(0n)
    for (const bad of [
      '012',
      '-1',
      '+1',
      ' 1',
      '1e3',
      '0x10',
      '',
      '1.0',
      q.toString(),
      12 as unknown as string,
    ])
      expect(readNat(bad, q)).toBeNull()
    expect(readProof({ challenge: '1', response: '01' }, G)).toBeNull()
    expect(readProof({ challenge: '1', response: '1', extra: 1 }, G)).toBeNull()
    expect(readCertKeys({ verification: '1' }, G)).toBeNull()
    expect(readVoutput({ private_key: 1, public_key: {} }, G)).toBeNull()
    expect(
      readThresholdParameters({ threshold: 0, certs: [], coefexps: [], verification_keys: [] }, G),
    ).toBeNull()
    expect(
      readThresholdParameters({ threshold: 1.5, certs: [], coefexps: [], verification_keys: [] }, G),
    ).toBeNull()
    expect(parseJsonBounded('{')).toBeNull()
  })

  it('steps refuse bad seeds, thresholds and certificates', async () => {
    const a = generateSeed()
    const b = generateSeed()
    const certs = [makeCertificate(G, a), makeCertificate(G, b)]
    expect(step2(G, [])).toEqual({ ok: false, error: 'bad_trustee_count' })
    expect(await step3(G, nodeAesCcm, certs, 'short', 2)).toEqual({ ok: false, error: 'bad_seed' })
    expect(await step3(G, nodeAesCcm, certs, a, 3)).toEqual({ ok: false, error: 'bad_threshold' })
    expect(await step3(G, nodeAesCcm, certs, a, 0)).toEqual({ ok: false, error: 'bad_threshold' })
    expect(await step3(G, nodeAesCcm, certs, generateSeed(), 2)).toEqual({
      ok: false,
      error: 'not_my_certificate',
    })
    const forged = { ...certs[1]!, signature: certs[0]!.signature }
    expect(await step3(G, nodeAesCcm, [certs[0]!, forged], a, 2)).toEqual({
      ok: false,
      error: 'bad_certificate',
      trustee: 2,
    })
  })
})

describe('AES-CCM on WebCrypto (for the browser) matches node:crypto', () => {
  const hex = (n: number) => {
    const b = new Uint8Array(n)
    globalThis.crypto.getRandomValues(b)
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  }

  it('encrypts to the same bytes and decrypts each other', async () => {
    for (const length of [1, 15, 16, 17, 100, 1000, 65535, 65536, 70_000]) {
      const key = hex(32)
      const iv = hex(32)
      const text = 'é'.repeat(Math.floor(length / 2)) + 'x'.repeat(length % 2)
      const a = await nodeAesCcm.encrypt(key, iv, text)
      const b = await webCryptoAesCcm.encrypt(key, iv, text)
      expect(b).toBe(a)
      expect(await webCryptoAesCcm.decrypt(key, iv, a)).toBe(text)
      expect(await nodeAesCcm.decrypt(key, iv, b)).toBe(text)
    }
  })

  it('round-trips an empty message (which OpenSSL cannot tag)', async () => {
    const key = hex(32)
    const iv = hex(32)
    const data = await webCryptoAesCcm.encrypt(key, iv, '')
    expect(data).toHaveLength(16)
    expect(await webCryptoAesCcm.decrypt(key, iv, data)).toBe('')
  })

  it('refuses a wrong tag, a wrong key or malformed input', async () => {
    const key = hex(32)
    const iv = hex(32)
    const data = await webCryptoAesCcm.encrypt(key, iv, 'secret share')
    const flipped = data.slice(0, 2) + (data[2] === '0' ? '1' : '0') + data.slice(3)
    expect(await webCryptoAesCcm.decrypt(key, iv, flipped)).toBeNull()
    expect(await webCryptoAesCcm.decrypt(hex(32), iv, data)).toBeNull()
    expect(await webCryptoAesCcm.decrypt(key, iv, 'zz')).toBeNull()
    expect(await webCryptoAesCcm.decrypt(key, iv, '00')).toBeNull()
  })
})
