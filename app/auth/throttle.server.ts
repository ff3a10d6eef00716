import { isIPv6 } from 'node:net'
import { sql } from 'kysely'
import type { DB } from '../lib/db.server'
import { getEnv } from '../lib/env.server'

// Slowing down guessing and abuse, stored in the database (`rate_limits`) so several app processes
// and machines share it. Keys are HMACs (see callers), never raw addresses or identifiers.
//
// Two shapes (issue #16.6, #16.9; ADR 001):
// - `recordFailure` / `waitSeconds`: a progressive delay after failed passwords. The first
//   `freeFailures` cost nothing; each further failure makes the key wait before the next try,
//   doubling from `baseDelayMs` up to `maxDelayMs`. There is no lock: however many failures an
//   attacker piles up, the right password gets in at most `maxDelayMs` after the last one, while
//   guessing stays bounded to about one try per `maxDelayMs`. The streak is forgotten after
//   `forgetAfterMs` without failures.
// - `consumeQuota`: a fixed window of `limit` uses per `windowMs` (sign-ups, reset requests,
//   proposals, comments).
//
// Columns: `failures` is the count, `window_started_at` when the current streak's last failure (or
// the quota's window) began, `locked_until` when the key may try again (null: now).
export type DelayPolicy = {
  freeFailures: number
  baseDelayMs: number
  maxDelayMs: number
  forgetAfterMs: number
}

export const ACCOUNT_POLICY: DelayPolicy = {
  freeFailures: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  forgetAfterMs: 60 * 60_000,
}
/** An address (or an IPv6 /64) is shared by a NAT, a service desk, a polling place: gentler. */
export const IP_POLICY: DelayPolicy = {
  freeFailures: 30,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  forgetAfterMs: 15 * 60_000,
}
/** The password asked again before an irreversible step, per signed-in person (a stolen session). */
export const RECHECK_POLICY: DelayPolicy = ACCOUNT_POLICY

export function delayAfter(failures: number, policy: DelayPolicy): number {
  if (failures < policy.freeFailures) return 0
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, failures - policy.freeFailures))
}

/**
 * The part of a client address that identifies a network: an IPv4 address whole, an IPv6 address
 * by its /64 (one household or phone gets a whole /64, so single addresses are free to rotate).
 */
export function addressGroup(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  const zone = address.indexOf('%') // a link-local zone (fe80::1%eth0) is no part of the address
  const bare = zone === -1 ? address : address.slice(0, zone)
  if (!isIPv6(bare)) return address
  const [head = '', tail = ''] = bare.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = bare.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/** Seconds until every one of `keys` may try again; 0 when all may try now. */
export async function waitSeconds(db: DB, keys: string[], now = new Date()): Promise<number> {
  if (keys.length === 0) return 0
  const rows = await db.selectFrom('rate_limits').select('locked_until').where('key', 'in', keys).execute()
  let wait = 0
  for (const row of rows) {
    if (row.locked_until) {
      const left = Math.ceil((new Date(row.locked_until).getTime() - now.getTime()) / 1000)
      wait = Math.max(wait, left)
    }
  }
  return wait
}

export async function recordFailure(
  db: DB,
  key: string,
  policy: DelayPolicy,
  now = new Date(),
): Promise<void> {
  const nowIso = now.toISOString()
  const forgotten = new Date(now.getTime() - policy.forgetAfterMs).toISOString()
  // One statement, no transaction: the upsert takes the row lock, so concurrent failures neither
  // lose counts nor fail to serialize on PostgreSQL (a hundred guesses at once on one account).
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_started_at: nowIso, failures: 1, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when rate_limits.window_started_at < ${forgotten} then 1 else rate_limits.failures + 1 end`,
        window_started_at: nowIso,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow()
  const delay = delayAfter(row.failures, policy)
  if (delay === 0) return
  const until = new Date(now.getTime() + delay).toISOString()
  // Only ever later: of two concurrent failures, the one that counted fewer must not shorten the wait.
  await db
    .updateTable('rate_limits')
    .set({ locked_until: until })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', until)]))
    .execute()
}

export async function clearFailures(db: DB, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute()
}

export type QuotaPolicy = { limit: number; windowMs: number }

/** Accounts made from one address (or IPv6 /64) per hour: a family at a service desk, not a bot. */
export const SIGNUP_PER_ADDRESS: QuotaPolicy = {
  limit: getEnv().SIGNUPS_PER_ADDRESS_PER_HOUR,
  windowMs: 60 * 60_000,
}
/** Reset requests from one address per hour. */
export const RESET_PER_ADDRESS: QuotaPolicy = { limit: 10, windowMs: 60 * 60_000 }
/** Reset codes (sent by SMS, #18) tried from one address per hour, whatever the number. */
export const RESET_CODE_TRIES_PER_ADDRESS: QuotaPolicy = { limit: 30, windowMs: 60 * 60_000 }
/**
 * Messages to one address per hour from the anonymous forms (reset links, "someone tried to sign up
 * with your address"): past it, nothing more is sent and the form answers as usual (mail bombing).
 */
export const MAILS_PER_TARGET: QuotaPolicy = { limit: 3, windowMs: 60 * 60_000 }

/** Look-ups of an account by e-mail or phone to link to a council seat, per staff account (#18). */
export const SEAT_LOOKUPS_PER_ACTOR: QuotaPolicy = { limit: 30, windowMs: 60 * 60_000 }

/**
 * Counts one use of `key`. Returns 0 when it is within the quota, or the seconds until the window
 * ends when it is not (the use is then refused, and not counted).
 */
export async function consumeQuota(
  db: DB,
  key: string,
  policy: QuotaPolicy,
  now = new Date(),
): Promise<number> {
  const nowIso = now.toISOString()
  const windowStart = new Date(now.getTime() - policy.windowMs).toISOString()
  // One upsert with RETURNING, no transaction: concurrent uses of one key (a hundred supports sent
  // at once) are counted one by one under the row lock, with nothing for PostgreSQL to retry.
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_started_at: nowIso, failures: 1, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when rate_limits.window_started_at < ${windowStart} then 1 else rate_limits.failures + 1 end`,
        window_started_at: sql`case when rate_limits.window_started_at < ${windowStart} then ${nowIso} else rate_limits.window_started_at end`,
      }),
    )
    .returning(['failures', 'window_started_at'])
    .executeTakeFirstOrThrow()
  if (row.failures <= policy.limit) return 0
  // A refused use is not counted: the count stays at the limit, so the window's end does not move.
  await db
    .updateTable('rate_limits')
    .set({ failures: policy.limit })
    .where('key', '=', key)
    .where('failures', '>', policy.limit)
    .execute()
  const ends = new Date(row.window_started_at).getTime() + policy.windowMs
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1000))
}
