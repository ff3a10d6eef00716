import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { AuditEntry, Database } from '../../db/schema'
import type { DB } from '../lib/db.server'

// Append-only audit log of staff actions. Each entry's hash covers its content and the previous
// entry's hash, so any later edit or deletion breaks the chain from that point on.
export const GENESIS_HASH = '0'.repeat(64)

export type AuditInput = {
  actorUserId: string | null
  action: string
  entityType: string
  entityId?: string | null
  before?: unknown
  after?: unknown
}

type Hashable = Omit<AuditEntry, 'hash'>

export function hashEntry(entry: Hashable): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.occurred_at,
    entry.actor_user_id,
    entry.action,
    entry.entity_type,
    entry.entity_id,
    entry.before_json,
    entry.after_json,
    entry.prev_hash,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

/** Call inside the same transaction as the change it records. */
export async function appendAudit(
  trx: Transaction<Database> | Kysely<Database>,
  input: AuditInput,
  now = new Date(),
): Promise<AuditEntry> {
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const entry: Hashable = {
    seq: (last?.seq ?? 0) + 1,
    occurred_at: now.toISOString(),
    actor_user_id: input.actorUserId,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId ?? null,
    before_json: input.before === undefined ? null : JSON.stringify(input.before),
    after_json: input.after === undefined ? null : JSON.stringify(input.after),
    prev_hash: last?.hash ?? GENESIS_HASH,
  }
  const full = { ...entry, hash: hashEntry(entry) }
  await trx.insertInto('audit_log').values(full).execute()
  return full
}

export type ChainVerification =
  { ok: true; entries: number; head: string } | { ok: false; brokenAtSeq: number; entries: number }

export async function verifyAuditChain(db: DB): Promise<ChainVerification> {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  let count = 0
  const batch = 1000
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute()
    for (const row of rows) {
      const { hash, ...rest } = row
      if (row.seq !== expectedSeq || row.prev_hash !== prev || hashEntry(rest) !== hash) {
        return { ok: false, brokenAtSeq: expectedSeq, entries: count }
      }
      prev = hash
      expectedSeq += 1
      count += 1
    }
    if (rows.length < batch) return { ok: true, entries: count, head: prev }
  }
}

export async function listAudit(db: DB, { page, pageSize = 50 }: { page: number; pageSize?: number }) {
  const total = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.seq',
      'audit_log.occurred_at',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.before_json',
      'audit_log.after_json',
      'audit_log.hash',
      'users.display_name as actor_name',
    ])
    .orderBy('audit_log.seq', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows, total: Number(total.n), pageSize }
}
