import { createHmac, timingSafeEqual } from 'node:crypto'
import { getEnv } from './env.server'

// Keys for counters and pseudonyms: an HMAC under the server secret, so the database never holds
// raw IP addresses or login identifiers for these purposes.
export function keyedHash(purpose: string, value: string, secret = getEnv().SESSION_SECRET): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('base64url').slice(0, 32)
}

/** Two stored hashes (of codes, tokens) compared in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
