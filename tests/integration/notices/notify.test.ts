import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { nowIso } from '../../../app/lib/ids.server'
import { chooseChannel, notify, notifyContact, renderNotice } from '../../../app/notices/notify.server'
import { setPreference } from '../../../app/notices/preferences.server'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})
afterEach(async () => {
  await db.destroy()
})

const outbox = () =>
  db.selectFrom('outbox').select(['to_address', 'channel', 'language', 'subject', 'body']).execute()

async function phoneUser(language = 'ht') {
  const user = await createUser(db)
  await db
    .updateTable('users')
    .set({ email: null, phone: '+5511988887777', preferred_language: language })
    .where('id', '=', user.id)
    .execute()
  return user
}

describe('notify', () => {
  it('sends an e-mail in the person’s language, with how to stop', async () => {
    const user = await createUser(db)
    await db.updateTable('users').set({ preferred_language: 'fr' }).where('id', '=', user.id).execute()
    const outcome = await notify(db, {
      userId: user.id,
      template: 'candidacy_rejected',
      params: { election: 'CMI 2027', deadline: { date: '2027-03-10T20:59:00.000Z' } },
    })
    expect(outcome).toMatchObject({ sent: true, channel: 'email' })
    const [m] = await outbox()
    expect(m).toMatchObject({ to_address: user.email, channel: 'email', language: 'fr' })
    expect(m!.subject).toBe('Candidature refusée : CMI 2027')
    expect(m!.body).toContain('jusqu’au 10/03/2027'.replace('’', "'"))
    expect(m!.body).toContain('/account/notices')
  })

  it('sends an SMS to a phone-only person: short, in their language, with how to stop', async () => {
    const user = await phoneUser('ht')
    const outcome = await notify(db, {
      userId: user.id,
      template: 'voting_opened',
      params: { election: 'CMI 2027', ends: { date: '2027-03-14T20:00:00.000Z' } },
    })
    expect(outcome).toMatchObject({ sent: true, channel: 'sms' })
    const [m] = await outbox()
    expect(m).toMatchObject({ to_address: '+5511988887777', channel: 'sms', language: 'ht' })
    expect(m!.body).toMatch(/^Mutirao: vòt CMI 2027 ouvri jiska 14\/03\/2027 17:00/)
    expect(m!.body).toContain('Sispann: http')
    expect(m!.body.length).toBeLessThanOrEqual(160)
  })

  it('sends nothing to a person who opted out of this kind, and still sends the other kinds', async () => {
    const user = await createUser(db)
    await setPreference(db, { userId: user.id, group: 'voting', channel: 'none' })
    expect(
      await notify(db, { userId: user.id, template: 'results_published', params: { election: 'X' } }),
    ).toEqual({ sent: false, reason: 'opted_out' })
    expect(
      await notify(db, { userId: user.id, template: 'registration_approved', params: { protocol: 'P-1' } }),
    ).toMatchObject({ sent: true })
    expect(await outbox()).toHaveLength(1)
  })

  it('follows a chosen channel: SMS for a person with both contacts who chose it', async () => {
    const user = await createUser(db)
    await db.updateTable('users').set({ phone: '+5511977776666' }).where('id', '=', user.id).execute()
    await setPreference(db, { userId: user.id, group: 'registration', channel: 'sms' })
    await notify(db, { userId: user.id, template: 'registration_more_info', params: { protocol: 'P-2' } })
    expect((await outbox())[0]).toMatchObject({ to_address: '+5511977776666', channel: 'sms' })
  })

  it('never sends to an erased account', async () => {
    const user = await createUser(db)
    await db.updateTable('users').set({ erased_at: nowIso() }).where('id', '=', user.id).execute()
    expect(
      await notify(db, { userId: user.id, template: 'registration_approved', params: { protocol: 'P' } }),
    ).toEqual({ sent: false, reason: 'erased' })
    expect(await outbox()).toHaveLength(0)
  })

  it('writes in the caller’s transaction: a rolled-back decision sends nothing', async () => {
    const user = await createUser(db)
    await db
      .transaction()
      .execute(async (trx) => {
        await notify(trx, { userId: user.id, template: 'registration_approved', params: { protocol: 'P' } })
        throw new Error('rollback')
      })
      .catch(() => undefined)
    expect(await outbox()).toHaveLength(0)
  })

  it('reaches a bare contact in the given language; nothing without a contact', async () => {
    expect(
      await notifyContact(db, {
        contact: { email: null, phone: '+5511966665555' },
        language: 'ar',
        template: 'registration_approved',
        params: { protocol: 'CMI-9' },
      }),
    ).toMatchObject({ sent: true, channel: 'sms' })
    expect((await outbox())[0]!.body).toContain('موتيراو')
    expect(
      await notifyContact(db, {
        contact: { email: null, phone: null },
        language: 'ar',
        template: 'registration_approved',
        params: { protocol: 'CMI-9' },
      }),
    ).toEqual({ sent: false, reason: 'no_contact' })
  })

  it('carries an attachment by e-mail only', async () => {
    const user = await createUser(db)
    await notify(db, {
      userId: user.id,
      template: 'meeting_convocation',
      params: {
        meeting: 'Plenária',
        starts: { date: '2027-02-01T13:00:00.000Z' },
        place: 'Sala 1',
        agenda: '1. Abertura',
      },
      attachment: { name: 'reuniao.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
    })
    const row = await db.selectFrom('outbox').select(['attachment_name', 'body']).executeTakeFirstOrThrow()
    expect(row.attachment_name).toBe('reuniao.ics')
    expect(row.body).toContain('1. Abertura')
  })
})

describe('chooseChannel', () => {
  it('defaults to e-mail, else SMS; a chosen channel without its contact falls back', () => {
    expect(chooseChannel(null, { email: 'a@b.c', phone: '1' })).toEqual({ channel: 'email', to: 'a@b.c' })
    expect(chooseChannel(null, { email: null, phone: '1' })).toEqual({ channel: 'sms', to: '1' })
    expect(chooseChannel('sms', { email: 'a@b.c', phone: null })).toEqual({ channel: 'email', to: 'a@b.c' })
    expect(chooseChannel('none', { email: 'a@b.c', phone: '1' })).toEqual({ channel: 'none' })
    expect(chooseChannel(null, { email: null, phone: null })).toEqual({ channel: 'none' })
  })
})

/** GSM 03.38 basic set and its extension (counted twice). */
const GSM = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
)
const GSM_EXT = new Set('^{}\\[~]|€')
function smsUnits(text: string): { gsm: boolean; length: number } {
  const chars = [...text]
  if (chars.every((c) => GSM.has(c) || GSM_EXT.has(c)))
    return { gsm: true, length: chars.reduce((n, c) => n + (GSM_EXT.has(c) ? 2 : 1), 0) }
  return { gsm: false, length: text.length }
}

describe('SMS texts', () => {
  const sample = {
    protocol: 'CMI-2027-000123',
    election: 'CMI 2027',
    deadline: { date: '2027-03-10T20:59:00.000Z' },
    starts: { date: '2027-03-14T11:00:00.000Z' },
    ends: { date: '2027-03-14T20:00:00.000Z' },
    days: 90,
    meeting: 'Plenária de março',
    place: 'Sala 1',
    agenda: '1. Abertura',
    title: 'Plano municipal',
    answer: 'aceita',
    into: 'Saúde',
    outcome: 'aprovada',
    conference: '3ª Conferência',
  }
  it('fit one GSM message in a Latin-script language and two UCS-2 parts in Arabic and Chinese', async () => {
    const { NOTICE_TEMPLATES } = await import('../../../app/notices/kinds')
    for (const lng of ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh'])
      for (const template of Object.keys(NOTICE_TEMPLATES) as (keyof typeof NOTICE_TEMPLATES)[]) {
        const { body } = await renderNotice(
          lng,
          'sms',
          { template, params: sample },
          'https://mutirao.example.org',
        )
        const units = smsUnits(body)
        // Two segments at most: 306 GSM characters or 134 UCS-2 characters.
        expect(units.length, `${lng} ${template}: ${body}`).toBeLessThanOrEqual(units.gsm ? 306 : 134)
        if (!['ar', 'zh'].includes(lng)) {
          expect(units.gsm, `${lng} ${template}: ${body}`).toBe(true)
          expect(units.length, `${lng} ${template}: ${body}`).toBeLessThanOrEqual(160)
        }
      }
  })
})
