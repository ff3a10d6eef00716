import { createHash } from 'node:crypto'

/**
 * SHA-256 of a secret token, as lowercase hex: what the database keeps instead of the token itself
 * (session ids, password-reset and booth tokens), so a copy of the database cannot be replayed.
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
