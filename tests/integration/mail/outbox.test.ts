import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { deliverPending, enqueueMessage } from '../../../app/mail/outbox.server'
import { createTestDb, openAnotherConnection } from '../../helpers/db'

let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb({ file: true })
})

const recorder = (fail = false) => {
  const sent: string[] = []
  return {
    sent,
    sendMail: async (m: { to: string; subject: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 2)) // a real SMTP round trip takes time
      if (fail) throw Object.assign(new Error('refused for someone@example.org'), { code: 'EENVELOPE' })
      sent.push(`${m.to}:${m.subject}`)
    },
  }
}

describe('outbox delivery', () => {
  it('two server processes delivering at once send every message exactly once', async () => {
    for (let i = 0; i < 12; i++)
      await enqueueMessage(db, { to: `p${i}@example.org`, language: 'pt-BR', subject: `s${i}`, body: 'b' })
    const other = openAnotherConnection(db)
    const one = recorder()
    const two = recorder()
    const [a, b] = await Promise.all([
      deliverPending(db, { transport: one }),
      deliverPending(other, { transport: two }),
    ])
    expect(a + b).toBe(12)
    expect([...one.sent, ...two.sent].sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `p${i}@example.org:s${i}`).sort(),
    )
    expect(await deliverPending(db, { transport: recorder() })).toBe(0) // nothing left
    await other.destroy()
  })

  it('a failed send records only the error class and is retried later; an expired claim is taken over', async () => {
    await enqueueMessage(db, { to: 'x@example.org', language: 'es', subject: 'hola', body: 'b' })
    expect(await deliverPending(db, { transport: recorder(true) })).toBe(0)
    const failed = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow()
    expect(failed).toMatchObject({ sent_at: null, last_error: 'EENVELOPE', claimed_until: null })
    // A process died holding the claim: nobody sends it until the claim expires.
    await db
      .updateTable('outbox')
      .set({ claimed_until: new Date(Date.now() + 60_000).toISOString() })
      .execute()
    expect(await deliverPending(db, { transport: recorder() })).toBe(0)
    await db
      .updateTable('outbox')
      .set({ claimed_until: new Date(Date.now() - 1).toISOString() })
      .execute()
    const later = recorder()
    expect(await deliverPending(db, { transport: later })).toBe(1)
    expect(later.sent).toEqual(['x@example.org:hola'])
  })
})
