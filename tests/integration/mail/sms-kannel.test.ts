import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { requestPasswordReset, resetPasswordWithCode } from '../../../app/auth/password-reset.server'
import { verifyPassword } from '../../../app/auth/password.server'
import type { DB } from '../../../app/lib/db.server'
import { deliverPending, enqueueMessage } from '../../../app/mail/outbox.server'
import { deliveryReportToken, kannelTransport } from '../../../app/mail/sms.server'
import { loader as deliveryReport } from '../../../app/routes/sms.delivery-report'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'
import { freePort, skipWithoutKannel, startKannel, type Kannel } from '../../helpers/kannel'
import { args } from '../../helpers/routes'

// Issue #18: SMS through a real Kannel (bearerbox + smsbox) and its fake SMS centre, started here on
// free loopback ports. The delivery reports Kannel sends back reach the real route module through a
// small HTTP server standing in for PUBLIC_ORIGIN. Without Kannel installed this file fails (CI
// installs it) unless TEST_WITHOUT_KANNEL=1 says to skip it.

let kannel: Kannel
let origin: Server
let publicOrigin: string
let db: DB & { path: string }
let number = 0
/** A phone number of this test alone: the fake SMSC is shared by the whole file. */
const nextPhone = () =>
  `+55119${String(Date.now() % 1_000_000).padStart(6, '0')}${String(++number).padStart(2, '0')}`

beforeAll(async () => {
  kannel = await startKannel()
  // PUBLIC_ORIGIN: Kannel fetches dlr-url here; the request goes to the real route's loader.
  origin = createServer((req, res) => {
    const request = new Request(`${publicOrigin}${req.url ?? '/'}`)
    deliveryReport(args(request) as Parameters<typeof deliveryReport>[0])
      .then(async (response) => {
        res.writeHead(response.status)
        res.end(await response.text())
      })
      .catch(() => {
        res.writeHead(500)
        res.end()
      })
  })
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
  publicOrigin = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`
}, 120_000)

afterAll(async () => {
  await kannel?.stop()
  await new Promise((resolve) => (origin ? origin.close(resolve) : resolve(null)))
})

beforeEach(async () => {
  db = await createTestDb({ file: true })
  useAsAppDb(db)
})

const sms = (overrides: { password?: string; url?: string } = {}) =>
  kannelTransport({
    url: overrides.url ?? kannel.sendsmsUrl,
    user: kannel.user,
    password: overrides.password ?? kannel.password,
    from: 'Mutirao',
    publicOrigin,
  })

/** Delivers SMS only (no SMTP), as a server with SMS_URL and without SMTP_URL would. */
const deliverSms = (transport = sms(), now?: () => Date) =>
  deliverPending(db, { transport: undefined, sms: transport, now })

async function waitForRow(id: string, done: (row: Record<string, unknown>) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  for (let delay = 50; ; delay = Math.min(500, delay * 2)) {
    const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    if (done(row)) return row
    if (Date.now() > deadline)
      throw new Error(`outbox ${id} never reached the expected state: ${JSON.stringify(row)}`)
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

describe.skipIf(skipWithoutKannel)('SMS through Kannel (#18)', () => {
  it('queued SMS reach the fake SMSC with the right number and UTF-8 text, in any script', async () => {
    const texts = {
      ascii: 'Mutirao: voting opens tomorrow at 8h',
      pt: 'Mutirão: a votação começa amanhã às 8h. Não responda.',
      ar: 'Mutirão: يبدأ التصويت غدًا الساعة 8 صباحًا',
      zh: 'Mutirão：明天 8 点开始投票',
      // Longer than one SMS: sent in parts, put together again by the phone (and the helper).
      long: 'Mutirão: رمزك لتغيير كلمة المرور هو 123456. تنتهي صلاحيته بعد 10 دقائق. لم تطلبه؟ تجاهل هذه الرسالة.',
    }
    const sent: Record<string, string> = {}
    for (const [name, body] of Object.entries(texts)) {
      sent[name] = nextPhone()
      await enqueueMessage(db, { to: sent[name]!, language: 'ar', subject: name, body })
    }
    expect(await deliverSms()).toBe(5)
    for (const [name, body] of Object.entries(texts)) {
      const got = await kannel.waitFor((m) => m.to === sent[name])
      expect(got, name).toEqual({ from: 'Mutirao', to: sent[name], text: body })
    }
    const rows = await db.selectFrom('outbox').select(['status', 'body', 'channel', 'attempts']).execute()
    expect(rows).toHaveLength(5)
    for (const row of rows) expect(row).toEqual({ status: 'sent', body: '', channel: 'sms', attempts: 1 })
  })

  it("records Kannel's delivery report on the message; a report with a bad token is refused and writes nothing", async () => {
    const to = nextPhone()
    const id = await enqueueMessage(db, { to, language: 'ht', subject: 's', body: 'Mutirao: bonjou' })
    expect(await deliverSms()).toBe(1)
    await kannel.waitFor((m) => m.to === to)
    // The fake SMSC acknowledges (type 8) and reports delivery (type 1); the final one stays.
    const row = await waitForRow(id, (r) => r.delivery_status === 'delivered')
    expect(row.delivered_at).toEqual(expect.any(String))

    const other = await enqueueMessage(db, { to: nextPhone(), language: 'ht', subject: 's', body: 'x' })
    const forged = await deliveryReport(
      args(
        new Request(
          `${publicOrigin}/sms/delivery-report?id=${other}&token=${deliveryReportToken(id)}&type=1`,
        ),
      ) as Parameters<typeof deliveryReport>[0],
    )
    expect(forged.status).toBe(403)
    const untouched = await db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', other)
      .executeTakeFirstOrThrow()
    expect(untouched).toMatchObject({ delivery_status: null, delivered_at: null })
  })

  it('Kannel down: the SMS stays pending, is tried again after the back-off and is not lost', async () => {
    const to = nextPhone()
    const id = await enqueueMessage(db, { to, language: 'fr', subject: 's', body: 'Mutirao: essai' })
    // A port nothing listens on any more: connection refused, as when Kannel is down.
    const down = `http://127.0.0.1:${await freePort()}/cgi-bin/sendsms`
    expect(await deliverSms(sms({ url: down }))).toBe(0)
    const waiting = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(waiting).toMatchObject({
      status: 'pending',
      attempts: 1,
      body: 'Mutirao: essai',
      claimed_until: null,
    })
    expect(waiting.last_error).toMatch(/^[A-Z_a-z]+$/) // an error class, never the number or the text
    // Backed off: not tried again at once, even with Kannel back.
    expect(await deliverSms()).toBe(0)
    const later = () => new Date(Date.now() + 2 * 60_000)
    expect(await deliverSms(sms(), later)).toBe(1)
    expect(await kannel.waitFor((m) => m.to === to)).toMatchObject({ text: 'Mutirao: essai' })
    expect(
      await db
        .selectFrom('outbox')
        .select(['status', 'attempts'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      status: 'sent',
      attempts: 2,
    })
  })

  it('a permanent refusal by Kannel (4xx: wrong credentials) fails the message at once, body emptied', async () => {
    const id = await enqueueMessage(db, { to: nextPhone(), language: 'es', subject: 's', body: 'secreto' })
    expect(await deliverSms(sms({ password: 'wrong' }))).toBe(0)
    const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'failed', attempts: 1, body: '', last_error: 'kannel_403' })
  })

  it('a phone-only person resets their password with the code that reached the fake SMSC, in their language', async () => {
    const phone = nextPhone()
    const person = await createUser(db, { email: phone })
    await db.updateTable('users').set({ preferred_language: 'ar' }).where('id', '=', person.id).execute()
    expect(await requestPasswordReset(db, { identifier: phone, origin: publicOrigin })).toEqual({
      ok: true,
      value: null,
    })
    await deliverSms()
    const received = await kannel.waitFor((m) => m.to === phone)
    expect(received.text).toContain('10') // says it expires in ten minutes
    expect(received.text).toMatch(/[\u0600-\u06FF]/) // in Arabic
    const code = /\b(\d{6})\b/.exec(received.text)?.[1]
    expect(code).toMatch(/^\d{6}$/)
    // Nothing of the code is left in the outbox once sent.
    const outbox = await db.selectFrom('outbox').select('body').where('to_address', '=', phone).execute()
    expect(outbox).toEqual([{ body: '' }])
    const reset = await resetPasswordWithCode(db, { phone, code: code!, newPassword: 'a new long password' })
    expect(reset).toEqual({ ok: true, value: { userId: person.id } })
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow()
    expect(await verifyPassword(user.password_hash!, 'a new long password')).toBe(true)
  })
})
