import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestPasswordReset, resetPasswordWithCode } from '../../../app/auth/password-reset.server'
import { verifyPassword } from '../../../app/auth/password.server'
import type { DB } from '../../../app/lib/db.server'
import { deliverPending } from '../../../app/mail/outbox.server'
import { kannelTransport } from '../../../app/mail/sms.server'
import { scheduleCampaign, sendCampaignBatch } from '../../../app/notices/campaigns.server'
import { seedDemo } from '../../../db/seed'
import { DEMO_CPM_ELECTION } from '../../../db/seed/elections'
import { DEMO_PHONE_VOTER } from '../../../db/seed/users'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { skipWithoutKannel, startKannel, type Kannel } from '../../helpers/kannel'

// Issue #18, "done when": the phone-only demo person (Arabic, no e-mail) receives in the fake SMS
// centre, through a real Kannel, the code of a password reset and the notice that voting opened —
// both in Arabic — and the code resets the password.

let kannel: Kannel
let db: DB & { path: string }
const ARABIC = /[\u0600-\u06FF]/
const phone = DEMO_PHONE_VOTER.phone

beforeAll(async () => {
  kannel = await startKannel()
  db = await createTestDb({ file: true })
  // Without the 2024 election's Belenios archive (most of the seed's time; tests/integration/belenios/demo-archive.test.ts has it).
  expect(await seedDemo(db, { verifiableElection: false })).toBe(true)
  useAsAppDb(db)
}, 120_000)

afterAll(async () => {
  await kannel?.stop()
})

const deliverSms = () =>
  deliverPending(db, {
    transport: undefined,
    sms: kannelTransport({
      url: kannel.sendsmsUrl,
      user: kannel.user,
      password: kannel.password,
      from: 'Mutirao',
      publicOrigin: 'http://127.0.0.1:9',
    }),
  })

describe.skipIf(skipWithoutKannel)('the phone-only demo voter, by SMS (#18)', () => {
  it('gets a reset code in Arabic that resets the password', async () => {
    expect((await requestPasswordReset(db, { identifier: phone, origin: 'http://127.0.0.1:9' })).ok).toBe(
      true,
    )
    expect(await deliverSms()).toBe(1)
    const received = await kannel.waitFor((m) => m.to === phone && /\b\d{6}\b/.test(m.text))
    expect(received.text).toMatch(ARABIC)
    const code = /\b(\d{6})\b/.exec(received.text)![1]!
    expect(await resetPasswordWithCode(db, { phone, code, newPassword: 'a new long password' })).toEqual({
      ok: true,
      value: { userId: DEMO_PHONE_VOTER.id },
    })
    const user = await db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', DEMO_PHONE_VOTER.id)
      .executeTakeFirstOrThrow()
    expect(await verifyPassword(user.password_hash!, 'a new long password')).toBe(true)
  })

  it('gets the "voting is open" notice of the open election in Arabic, with how to stop', async () => {
    const { campaignId } = await scheduleCampaign(db, {
      electionId: DEMO_CPM_ELECTION,
      kind: 'voting_opened',
    })
    while ((await sendCampaignBatch(db, campaignId)) > 0) {
      /* every batch of the roll */
    }
    const queued = await db
      .selectFrom('outbox')
      .select(['channel', 'language'])
      .where('to_address', '=', phone)
      .where('status', '=', 'pending')
      .execute()
    expect(queued).toEqual([{ channel: 'sms', language: 'ar' }])
    await deliverSms()
    const notice = await kannel.waitFor((m) => m.to === phone && !/\b\d{6}\b/.test(m.text))
    expect(notice.text).toMatch(ARABIC)
    expect(notice.text).toContain('/account/notices')
  })
})
