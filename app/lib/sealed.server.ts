import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { getEnv } from './env.server'

// Secrets the server must be able to read back later — a voter's Belenios credential, the server's
// own trustee key (issue #20, ADR 029) — are sealed with AES-256-GCM under a key that lives in the
// configuration, not in the database: a copy of the database alone opens none of them. The
// associated data binds each sealed value to where it is stored (e.g. the archive and the voter),
// so moving a sealed value to another row makes it unreadable instead of lending it to someone else.

const VERSION = 'v1'
const b64 = (bytes: Buffer) => bytes.toString('base64url')

export type SealingKey = { readonly bytes: Buffer }

/** The configured key; the fixed demo key in demo mode; null when voting must not open. */
export function sealingKey(env = getEnv()): SealingKey | null {
  if (env.CREDENTIALS_KEY) return { bytes: Buffer.from(env.CREDENTIALS_KEY, 'hex') }
  // Public on purpose: demo data is not secret, and a demo restarted must still open its ballots.
  if (env.DEMO_MODE) return { bytes: createHash('sha256').update('mutirao demo credentials key').digest() }
  return null
}

export function seal(key: SealingKey, boundTo: string, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv)
  cipher.setAAD(Buffer.from(`${VERSION}|${boundTo}`, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [VERSION, b64(iv), b64(body), b64(cipher.getAuthTag())].join('.')
}

/** The plaintext, or null when the value is malformed, another key sealed it or it was moved. */
export function unseal(key: SealingKey, boundTo: string, sealed: string): string | null {
  if (sealed.length > 64 * 1024) return null
  const parts = sealed.split('.')
  if (parts.length !== 4 || parts[0] !== VERSION) return null
  const [iv, body, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'))
  if (iv!.length !== 12 || tag!.length !== 16) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv!)
    decipher.setAAD(Buffer.from(`${VERSION}|${boundTo}`, 'utf8'))
    decipher.setAuthTag(tag!)
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
