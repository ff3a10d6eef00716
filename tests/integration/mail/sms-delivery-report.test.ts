import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { enqueueMessage } from '../../../app/mail/outbox.server'
import {
  deliveryReportToken,
  deliveryReportUrl,
  isGsm7,
  recordDeliveryReport,
  sendsmsUrl,
} from '../../../app/mail/sms.server'
import { loader } from '../../../app/routes/sms.delivery-report'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { args } from '../../helpers/routes'

// Issue #18: the sendsms request Mutirão makes, and the delivery-report callback Kannel calls.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

const report = (query: string) =>
  loader(args(new Request(`http://localhost/sms/delivery-report?${query}`)) as Parameters<typeof loader>[0])

const config = {
  url: 'http://127.0.0.1:13013/cgi-bin/sendsms',
  user: 'u',
  password: 'p&w',
  from: 'Mutirao',
  publicOrigin: 'https://mutirao.example.org',
}

describe('the sendsms request', () => {
  it('carries credentials, number, UTF-8 text, and a delivery-report URL on PUBLIC_ORIGIN with a token', () => {
    const url = new URL(sendsmsUrl(config, { id: 'm1', to: '+5511987654321', body: 'Mutirao: ok & more' }))
    expect(url.origin + url.pathname).toBe(config.url)
    const q = url.searchParams
    expect(Object.fromEntries(q)).toMatchObject({
      username: 'u',
      password: 'p&w',
      from: 'Mutirao',
      to: '+5511987654321',
      text: 'Mutirao: ok & more',
      charset: 'UTF-8',
      'dlr-mask': '31',
    })
    expect(q.get('coding')).toBeNull() // GSM-7 text goes as it is
    const dlr = q.get('dlr-url')!
    expect(dlr.startsWith('https://mutirao.example.org/sms/delivery-report?')).toBe(true)
    expect(dlr).toContain(`token=${deliveryReportToken('m1')}`)
    expect(dlr.endsWith('&type=%d')).toBe(true) // Kannel's placeholder, left for Kannel to fill
  })

  it('text outside GSM-7 (Portuguese accents, Arabic, Chinese) goes as UCS-2 (coding=2)', () => {
    expect(isGsm7('Voting opens at 8h: €5 @home')).toBe(true)
    for (const body of ['votação', 'التصويت', '投票'])
      expect(new URL(sendsmsUrl(config, { id: 'm', to: '+1', body })).searchParams.get('coding'), body).toBe(
        '2',
      )
  })

  it('the delivery-report URL never comes from a request: only from the origin given', () => {
    expect(deliveryReportUrl('https://a.example', 'x')).toMatch(
      /^https:\/\/a\.example\/sms\/delivery-report\?id=x&token=/,
    )
  })
})

describe('delivery reports', () => {
  async function sms() {
    return enqueueMessage(db, { to: '+5511987654321', language: 'pt-BR', subject: 's', body: 'b' })
  }
  const row = (id: string) =>
    db
      .selectFrom('outbox')
      .select(['delivery_status', 'delivered_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  it('records delivered, with the time, for a valid token', async () => {
    const id = await sms()
    const response = await report(`id=${id}&token=${deliveryReportToken(id)}&type=1`)
    expect(response.status).toBe(200)
    expect(await row(id)).toEqual({ delivery_status: 'delivered', delivered_at: expect.any(String) })
  })

  it('maps every Kannel report type; a final state is not overwritten by a late intermediate one', async () => {
    const id = await sms()
    const token = deliveryReportToken(id)
    await report(`id=${id}&token=${token}&type=8`)
    expect((await row(id)).delivery_status).toBe('submitted')
    await report(`id=${id}&token=${token}&type=4`)
    expect((await row(id)).delivery_status).toBe('buffered')
    await report(`id=${id}&token=${token}&type=2`)
    expect((await row(id)).delivery_status).toBe('failed')
    await report(`id=${id}&token=${token}&type=8`) // arrives late
    await report(`id=${id}&token=${token}&type=1`)
    expect((await row(id)).delivery_status).toBe('failed')
    const rejected = await sms()
    await report(`id=${rejected}&token=${deliveryReportToken(rejected)}&type=16`)
    expect((await row(rejected)).delivery_status).toBe('failed')
  })

  it('a bad, missing or other message’s token is 403 and writes nothing', async () => {
    const id = await sms()
    const other = await sms()
    for (const query of [
      `id=${id}&token=${deliveryReportToken(other)}&type=1`,
      `id=${id}&token=${'x'.repeat(32)}&type=1`,
      `id=${id}&token=short&type=1`,
    ]) {
      expect((await report(query)).status, query).toBe(403)
    }
    expect((await report(`id=${id}&type=1`)).status).toBe(400)
    expect(await row(id)).toEqual({ delivery_status: null, delivered_at: null })
  })

  it('an unknown report type is 400; an unknown (erased) message is answered 200 with nothing written', async () => {
    const id = await sms()
    expect((await report(`id=${id}&token=${deliveryReportToken(id)}&type=3`)).status).toBe(400)
    expect((await report(`id=${id}&token=${deliveryReportToken(id)}&type=abc`)).status).toBe(400)
    expect((await report(`id=gone&token=${deliveryReportToken('gone')}&type=1`)).status).toBe(200)
    expect(await db.selectFrom('outbox').select('id').where('id', '=', 'gone').execute()).toEqual([])
  })

  it('reports only apply to SMS', async () => {
    const mail = await enqueueMessage(db, { to: 'a@example.org', language: 'en', subject: 's', body: 'b' })
    expect((await recordDeliveryReport(db, { id: mail, token: deliveryReportToken(mail), type: 1 })).ok).toBe(
      true,
    )
    expect(await row(mail)).toEqual({ delivery_status: null, delivered_at: null })
  })
})
