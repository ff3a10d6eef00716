import { sql } from 'kysely'
import type { DB } from '../lib/db.server'

// Login slow-down, stored in the database so several app processes share it.
export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number }

export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }
export const IP_POLICY: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }

/** Seconds until `key` may try again, or 0 if it may try now. */
export async function lockedForSeconds(db: DB, keys: string[], now = new Date()): Promise<number> {
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
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<void> {
  const nowIso = now.toISOString()
  const windowStart = new Date(now.getTime() - policy.windowMs).toISOString()
  await db.transaction().execute(async (trx) => {
    // Atomic increment: concurrent failures cannot overwrite each other's count.
    await trx
      .insertInto('rate_limits')
      .values({ key, window_started_at: nowIso, failures: 1, locked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`case when rate_limits.window_started_at < ${windowStart} then 1 else rate_limits.failures + 1 end`,
          window_started_at: sql`case when rate_limits.window_started_at < ${windowStart} then ${nowIso} else rate_limits.window_started_at end`,
        }),
      )
      .execute()
    const row = await trx
      .selectFrom('rate_limits')
      .select('failures')
      .where('key', '=', key)
      .executeTakeFirstOrThrow()
    if (row.failures >= policy.maxFailures) {
      await trx
        .updateTable('rate_limits')
        .set({
          locked_until: new Date(now.getTime() + policy.lockMs).toISOString(),
          failures: 0,
          window_started_at: nowIso,
        })
        .where('key', '=', key)
        .execute()
    }
  })
}

export async function clearFailures(db: DB, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute()
}
