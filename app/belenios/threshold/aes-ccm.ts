// The symmetric layer of Belenios's PKI (spec §"Encrypting"): AES-256 in CCM mode exactly as
// Belenios 2.0 uses SJCL's `sjcl.mode.ccm` (src/platform/js/platform.ml; the native tool carries a
// line-by-line translation in src/platform/native/platform.ml):
//   - key: the 32 bytes of SHA256("key|" + g^s) (hex-decoded);
//   - iv: the 32 bytes of SHA256("iv|" + alpha); SJCL keeps only its first 15 − L bytes as the
//     CCM nonce, where L (the length-field size) is 2 for messages under 64 KiB, 3 under 16 MiB,
//     else 4 — so a 13-byte nonce for every message we exchange;
//   - tag: 64 bits, appended to the ciphertext; no associated data;
//   - plaintext: the UTF-8 bytes of the message; `data` is the lowercase hex of ciphertext‖tag.
// This module is isomorphic (types and the nonce rule); the primitive itself is injected:
// aes-ccm.server.ts implements it with node:crypto, the browser one comes next session (see ADR
// 032: WebCrypto has no CCM, so it will be built from AES-CTR + a CBC-MAC over AES-CBC, or a
// vetted pure implementation).

export type AesCcm = {
  /** Encrypts `plaintext` (UTF-8) and returns hex(ciphertext ‖ 8-byte tag). */
  encrypt(keyHex: string, ivHex: string, plaintext: string): Promise<string>
  /** Returns the UTF-8 plaintext, or null when the tag does not match or the input is malformed. */
  decrypt(keyHex: string, ivHex: string, dataHex: string): Promise<string | null>
}

export const CCM_TAG_BYTES = 8

/** SJCL's nonce: the first 15 − L bytes of the IV, L from the message length (in bytes). */
export function ccmNonceLength(messageBytes: number): number {
  let l = 2
  while (l < 4 && Math.floor(messageBytes / 2 ** (8 * l)) !== 0) l++
  return 15 - l
}

export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[\da-f]*$/i.test(hex)) return null
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}
