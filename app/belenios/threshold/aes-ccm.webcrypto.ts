import { CCM_TAG_BYTES, bytesToHex, ccmNonceLength, hexToBytes, type AesCcm } from './aes-ccm'

// AES-256-CCM with Belenios/SJCL parameters (see aes-ccm.ts) built from WebCrypto, which has no
// CCM mode but has the two halves (RFC 3610): AES-CBC with a zero IV gives the CBC-MAC, AES-CTR
// gives the keystream. Works wherever globalThis.crypto.subtle exists (browsers in a secure
// context, Node ≥ 19), so the browser trustee page can use it; tests check it against node:crypto.
//
//   B0   = flags ‖ nonce ‖ len(m) (L bytes), flags = 8·((tag−2)/2) + (L−1)  (no associated data)
//   T    = last block of AES-CBC_0(B0 ‖ m padded with zeros to 16 bytes)
//   Ai   = (L−1) ‖ nonce ‖ i (L bytes);  c = m ⊕ CTR(A1…);  tag = T[0..8) ⊕ AES(A0)[0..8)

const BLOCK = 16

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle
  if (!s) throw new Error('aes-ccm: WebCrypto is not available (needs a secure context)')
  return s
}

function counterBlock(nonce: Uint8Array, l: number, i: number): Uint8Array {
  const a = new Uint8Array(BLOCK)
  a[0] = l - 1
  a.set(nonce, 1)
  // i < 2^32 here (messages are bounded far below that); big-endian in the last L bytes.
  for (let k = 0, v = i; k < l && v > 0; k++, v = Math.floor(v / 256)) a[BLOCK - 1 - k] = v % 256
  return a
}

async function cbcMac(
  key: CryptoKey,
  nonce: Uint8Array,
  l: number,
  message: Uint8Array,
): Promise<Uint8Array> {
  const padded = Math.ceil(message.length / BLOCK) * BLOCK
  const input = new Uint8Array(BLOCK + padded)
  input[0] = ((CCM_TAG_BYTES - 2) / 2) * 8 + (l - 1)
  input.set(nonce, 1)
  for (let k = 0, v = message.length; k < l; k++, v = Math.floor(v / 256)) input[BLOCK - 1 - k] = v % 256
  input.set(message, BLOCK)
  // WebCrypto appends one PKCS#7 block; the MAC is the block before it.
  const out = new Uint8Array(
    await subtle().encrypt({ name: 'AES-CBC', iv: new Uint8Array(BLOCK) }, key, input),
  )
  return out.subarray(input.length - BLOCK, input.length)
}

async function ctr(key: CryptoKey, counter: Uint8Array, l: number, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await subtle().encrypt({ name: 'AES-CTR', counter: counter.slice(), length: 8 * l }, key, data.slice()),
  )
}

async function keys(keyBytes: Uint8Array): Promise<{ cbc: CryptoKey; ctr: CryptoKey }> {
  const s = subtle()
  const [cbc, c] = await Promise.all([
    s.importKey('raw', keyBytes.slice(), 'AES-CBC', false, ['encrypt']),
    s.importKey('raw', keyBytes.slice(), 'AES-CTR', false, ['encrypt']),
  ])
  return { cbc, ctr: c }
}

function parse(keyHex: string, ivHex: string): { key: Uint8Array; iv: Uint8Array } | null {
  const key = hexToBytes(keyHex)
  const iv = hexToBytes(ivHex)
  return key && key.length === 32 && iv && iv.length >= 13 ? { key, iv } : null
}

function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let d = 0
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!
  return d === 0
}

export const webCryptoAesCcm: AesCcm = {
  async encrypt(keyHex, ivHex, plaintext) {
    const ki = parse(keyHex, ivHex)
    if (!ki) throw new Error('aes-ccm: bad key or iv')
    const message = new TextEncoder().encode(plaintext)
    const nonceLength = ccmNonceLength(message.length)
    const l = 15 - nonceLength
    const nonce = ki.iv.subarray(0, nonceLength)
    const k = await keys(ki.key)
    const mac = await cbcMac(k.cbc, nonce, l, message)
    const body = await ctr(k.ctr, counterBlock(nonce, l, 1), l, message)
    const tag = await ctr(k.ctr, counterBlock(nonce, l, 0), l, mac.subarray(0, CCM_TAG_BYTES))
    return bytesToHex(body) + bytesToHex(tag)
  },
  async decrypt(keyHex, ivHex, dataHex) {
    const ki = parse(keyHex, ivHex)
    const all = hexToBytes(dataHex)
    if (!ki || !all || all.length < CCM_TAG_BYTES) return null
    const body = all.subarray(0, all.length - CCM_TAG_BYTES)
    const nonceLength = ccmNonceLength(body.length)
    const l = 15 - nonceLength
    const nonce = ki.iv.subarray(0, nonceLength)
    const k = await keys(ki.key)
    const message = await ctr(k.ctr, counterBlock(nonce, l, 1), l, body)
    const mac = await cbcMac(k.cbc, nonce, l, message)
    const tag = await ctr(k.ctr, counterBlock(nonce, l, 0), l, mac.subarray(0, CCM_TAG_BYTES))
    if (!equalConstantTime(tag, all.subarray(all.length - CCM_TAG_BYTES))) return null
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(message)
    } catch {
      return null
    }
  },
}
