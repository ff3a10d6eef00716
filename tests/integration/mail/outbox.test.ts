import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../../app/i18n/config'
import type { DB } from '../../../app/lib/db.server'
import {
  deliverPending,
  deliverPendingWithReport,
  deliveryLogLines,
  deliveryRunErrorLine,
  enqueueMessage,
  MAX_ATTEMPTS,
} from '../../../app/mail/outbox.server'
import { DeliveryError } from '../../../app/mail/transport.server'
import { createTestDb, openAnotherConnection } from '../../helpers/db'

let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb({ file: true })
})

const recorder = (fail: boolean | ((to: string) => boolean) = false, responseCode = 451) => {
  const sent: string[] = []
  const tried: string[] = []
  return {
    sent,
    tried,
    sendMail: async (m: { to: string; subject: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 2)) // a real SMTP round trip takes time
      tried.push(m.to)
      if (typeof fail === 'function' ? fail(m.to) : fail)
        throw Object.assign(new Error('refused for someone@example.org'), { code: 'EENVELOPE', responseCode })
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
    expect(failed).toMatchObject({
      sent_at: null,
      last_error: 'EENVELOPE',
      claimed_until: null,
      status: 'pending',
      attempts: 1,
    })
    // Backed off: not tried again at once.
    expect(await deliverPending(db, { transport: recorder() })).toBe(0)
    await db
      .updateTable('outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1).toISOString() })
      .execute()
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

describe('outbox: channels, back-off and the failed state (#16.15)', () => {
  const bodyOf = async (id: string) =>
    db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  it('60 undeliverable messages (30 to phones, 30 refused addresses) do not hold back a reset mail: it goes out in the first run', async () => {
    for (let i = 0; i < 30; i++)
      await enqueueMessage(db, {
        to: `+5511999990${String(i).padStart(3, '0')}`,
        language: 'pt-BR',
        subject: 's',
        body: 'b',
      })
    for (let i = 0; i < 30; i++)
      await enqueueMessage(db, { to: `gone${i}@example.org`, language: 'pt-BR', subject: 's', body: 'b' })
    const reset = await enqueueMessage(db, {
      to: 'owner@example.org',
      language: 'es',
      subject: 'reset',
      body: 'https://x/reset-password/secret-token',
    })
    const transport = recorder((to) => to.startsWith('gone'))
    expect(await deliverPending(db, { transport })).toBe(1)
    expect(transport.sent).toEqual(['owner@example.org:reset'])
    // A phone number is never handed to SMTP; SMS messages wait, pending, on their own channel.
    expect(transport.tried.some((to) => to.startsWith('+'))).toBe(false)
    const sms = await db.selectFrom('outbox').selectAll().where('channel', '=', 'sms').execute()
    expect(sms).toHaveLength(30)
    expect(sms.every((m) => m.status === 'pending' && m.attempts === 0)).toBe(true)
    // The sent reset mail keeps no link.
    expect(await bodyOf(reset)).toMatchObject({ status: 'sent', body: '' })
    // A second run at once tries nothing: the refused ones are backed off.
    const again = recorder()
    expect(await deliverPending(db, { transport: again })).toBe(0)
    expect(again.tried).toEqual([])
  })

  it('a message that keeps failing is retried with growing delays and fails after the budget; a permanent refusal fails at once', async () => {
    const id = await enqueueMessage(db, {
      to: 'flaky@example.org',
      language: 'en',
      subject: 's',
      body: 'link',
    })
    let clock = Date.now()
    const now = () => new Date(clock)
    const gaps: number[] = []
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const before = await bodyOf(id)
      clock = Math.max(clock, new Date(before.next_attempt_at!).getTime())
      if (i > 0) gaps.push(new Date(before.next_attempt_at!).getTime())
      expect(await deliverPending(db, { transport: recorder(true), now })).toBe(0)
    }
    const delays = gaps.map((t, i) => (i === 0 ? 0 : t - gaps[i - 1]!)).slice(1)
    expect(delays.every((d, i) => i === 0 || d >= delays[i - 1]!)).toBe(true)
    expect(await bodyOf(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, body: '' })
    clock += 365 * 24 * 3600_000
    const later = recorder()
    expect(await deliverPending(db, { transport: later, now })).toBe(0)
    expect(later.tried).toEqual([])

    const bounced = await enqueueMessage(db, {
      to: 'nobody@example.org',
      language: 'en',
      subject: 's',
      body: 'b',
    })
    await deliverPending(db, { transport: recorder(true, 550) })
    expect(await bodyOf(bounced)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'EENVELOPE' })
  })

  it('messages that wait a week with no transport expire, their bodies emptied', async () => {
    const id = await enqueueMessage(db, { to: '+5511988887777', language: 'en', subject: 's', body: 'link' })
    await deliverPending(db, { transport: recorder(), now: () => new Date(Date.now() + 8 * 24 * 3600_000) })
    expect(await bodyOf(id)).toMatchObject({ status: 'failed', last_error: 'expired', body: '' })
  })
})

describe('outbox: the delivery log is per channel and names nobody (#18)', () => {
  it('reports e-mail and SMS failures per channel with their class, never a recipient, subject or body', async () => {
    await enqueueMessage(db, { to: 'ok@example.org', language: 'pt-BR', subject: 'fine', body: 'b' })
    await enqueueMessage(db, {
      to: 'gone@example.org',
      language: 'pt-BR',
      subject: 'Seu código',
      body: 'código 123456',
    })
    await enqueueMessage(db, { to: '+5511988887777', language: 'ar', subject: 's', body: 'رمز 654321' })
    await enqueueMessage(db, { to: '+5511988886666', language: 'ar', subject: 's', body: 'رمز 111222' })
    const sms = {
      async send(m: { to: string }) {
        if (m.to.endsWith('7777')) throw new DeliveryError('kannel_unreachable', false)
        throw new DeliveryError('rejected_number', true)
      },
    }
    const report = await deliverPendingWithReport(db, {
      transport: recorder((to) => to.startsWith('gone'), 550),
      sms,
    })
    expect(report).toEqual({
      email: { sent: 1, retrying: 0, failed: 1, errors: { EENVELOPE: 1 } },
      sms: { sent: 0, retrying: 1, failed: 1, errors: { kannel_unreachable: 1, rejected_number: 1 } },
    })
    const lines = deliveryLogLines(report)
    expect(lines).toEqual([
      'outbox email delivery: 1 sent, 0 to retry, 1 failed (EENVELOPE×1)',
      'outbox sms delivery: 0 sent, 1 to retry, 1 failed (kannel_unreachable×1, rejected_number×1)',
    ])
    for (const secret of ['gone@', '+5511', '123456', '654321', 'código', 'Seu'])
      expect(lines.join('\n')).not.toContain(secret)
    // A run where everything went out logs nothing.
    expect(deliveryLogLines({ email: { sent: 3, retrying: 0, failed: 0, errors: {} } })).toEqual([])
  })

  it('an error of the run itself is logged by class and code, not by its message', () => {
    const error = Object.assign(new Error('insert failed for +5511988887777 "código 123456"'), {
      code: 'SQLITE_BUSY',
    })
    expect(deliveryRunErrorLine(error)).toBe('outbox delivery run failed: Error SQLITE_BUSY')
    expect(deliveryRunErrorLine('boom')).toBe('outbox delivery run failed: string')
  })

  it('the outbox page says it holds e-mails and text messages, in every language', () => {
    for (const lng of LANGUAGES) {
      const admin = JSON.parse(readFileSync(`locales/${lng}/admin.json`, 'utf8')) as {
        outbox: { intro: string }
      }
      expect(admin.outbox.intro, lng).toContain('SMS')
    }
  })
})
