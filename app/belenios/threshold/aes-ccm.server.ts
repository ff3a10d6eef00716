import { createCipheriv, createDecipheriv } from 'node:crypto'

import { CCM_TAG_BYTES, bytesToHex, ccmNonceLength, hexToBytes, type AesCcm } from './aes-ccm'

// AES-256-CCM with Belenios/SJCL parameters (see aes-ccm.ts) on node:crypto. Server-side only.

function keyAndIv(keyHex: string, ivHex: string): { key: Uint8Array; iv: Uint8Array } | null {
  const key = hexToBytes(keyHex)
  const iv = hexToBytes(ivHex)
  if (!key || key.length !== 32 || !iv || iv.length < 13) return null
  return { key, iv }
}

export const nodeAesCcm: AesCcm = {
  async encrypt(keyHex, ivHex, plaintext) {
    const ki = keyAndIv(keyHex, ivHex)
    if (!ki) throw new Error('aes-ccm: bad key or iv')
    const data = new TextEncoder().encode(plaintext)
    // OpenSSL's CCM cannot tag an empty message; Belenios never sends one (they are JSON).
    if (data.length === 0) throw new Error('aes-ccm: empty message')
    const nonce = ki.iv.subarray(0, ccmNonceLength(data.length))
    const cipher = createCipheriv('aes-256-ccm', ki.key, nonce, { authTagLength: CCM_TAG_BYTES })
    const body = Buffer.concat([cipher.update(data), cipher.final()])
    return bytesToHex(body) + bytesToHex(cipher.getAuthTag())
  },
  async decrypt(keyHex, ivHex, dataHex) {
    const ki = keyAndIv(keyHex, ivHex)
    const all = hexToBytes(dataHex)
    if (!ki || !all || all.length < CCM_TAG_BYTES) return null
    const body = all.subarray(0, all.length - CCM_TAG_BYTES)
    const tag = all.subarray(all.length - CCM_TAG_BYTES)
    const nonce = ki.iv.subarray(0, ccmNonceLength(body.length))
    try {
      const decipher = createDecipheriv('aes-256-ccm', ki.key, nonce, { authTagLength: CCM_TAG_BYTES })
      decipher.setAuthTag(tag)
      const plain = decipher.update(body)
      decipher.final()
      return new TextDecoder('utf-8', { fatal: true }).decode(plain)
    } catch {
      return null
    }
  },
}
