import { beforeEach, describe, expect, it } from 'vitest'
import { appendAudit, GENESIS_HASH, verifyAuditChain } from '../../../app/audit/audit.server'
import type { DB } from '../../../app/lib/db.server'
import { createTestDb, dropAuditLogGuards, openAnotherConnection, onPostgres } from '../../helpers/db'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})

async function appendThree(target: DB) {
  for (const action of ['role.grant', 'registration.approve', 'election.phase']) {
    await appendAudit(target, {
      actorUserId: null,
      action,
      entityType: 'x',
      entityId: action,
      before: { a: 1 },
      after: { a: 2 },
    })
  }
}

describe('audit log', () => {
  it('chains each entry to the previous one and verifies', async () => {
    await appendThree(db)
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(rows[0].prev_hash).toBe(GENESIS_HASH)
    expect(rows[1].prev_hash).toBe(rows[0].hash)
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 3, head: rows[2].hash })
  })

  it('refuses updates and deletes at the database level', async () => {
    await appendThree(db)
    await expect(
      db.updateTable('audit_log').set({ action: 'forged' }).where('seq', '=', 2).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(db.deleteFrom('audit_log').where('seq', '=', 3).execute()).rejects.toThrow(/append-only/)
  })

  it('detects tampering by someone who bypasses the triggers', async () => {
    await appendThree(db)
    await dropAuditLogGuards(db)
    await db.updateTable('audit_log').set({ after_json: '{"a":999}' }).where('seq', '=', 2).execute()
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAtSeq: 2 })
  })

  it('detects a deleted entry in the middle', async () => {
    await appendThree(db)
    await dropAuditLogGuards(db)
    await db.deleteFrom('audit_log').where('seq', '=', 2).execute()
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAtSeq: 2 })
  })

  it('two writers on separate connections never fork the chain', async () => {
    const fileDb = await createTestDb({ file: true })
    // Two connections in ONE process stand in for two server processes. SQLite: better-sqlite3
    // waits for a lock synchronously, which in one process would also stop the holder; a short busy
    // timeout lets the loser fail fast instead (separate processes just wait — see the crash test).
    const one = openAnotherConnection(fileDb, { busyTimeoutMs: 20 })
    const other = openAnotherConnection(fileDb, { busyTimeoutMs: 20 })
    const writes = Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? other : one)
        .transaction()
        .execute((trx) => appendAudit(trx, { actorUserId: null, action: `a${i}`, entityType: 'x' })),
    )
    const results = await Promise.allSettled(writes)
    const written = results.filter((r) => r.status === 'fulfilled').length
    const verification = await verifyAuditChain(fileDb)
    expect(verification).toMatchObject({ ok: true, entries: written })
    expect(written).toBeGreaterThan(0)
    // PostgreSQL: the collisions are serialization failures, re-run by the pool; every write lands.
    if (onPostgres) expect(written).toBe(20)
    await other.destroy()
    await one.destroy()
    await fileDb.destroy()
  })
})
