import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { notify } from '../../../app/notices/notify.server'
import { preferencesOf, savePreferences } from '../../../app/notices/preferences.server'
import { eraseAccount, exportMyData } from '../../../app/privacy/my-data.server'
import { createTestDb } from '../../helpers/db'
import { createUser } from '../../helpers/factories'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
})
afterEach(async () => {
  await db.destroy()
})

describe('notice preferences and the LGPD', () => {
  it('are saved per group, exported, deleted on erasure; nothing goes to the erased account', async () => {
    const user = await createUser(db)
    await savePreferences(db, {
      userId: user.id,
      choices: { voting: 'none', council: 'sms', registration: 'default' },
    })
    expect(await preferencesOf(db, user.id)).toMatchObject({
      voting: 'none',
      council: 'sms',
      registration: 'default',
    })
    const data = await exportMyData(db, user.id)
    expect(data.notice_preferences.map((p) => [p.kind, p.channel])).toEqual([
      ['meeting_convocation', 'sms'],
      ['minutes_circulated', 'sms'],
      ['results_published', 'none'],
      ['voting_last_hours', 'none'],
      ['voting_opened', 'none'],
      ['voting_opens_soon', 'none'],
    ])
    await eraseAccount(db, user.id)
    expect(await db.selectFrom('notice_preferences').selectAll().execute()).toEqual([])
    expect(
      await notify(db, { userId: user.id, template: 'registration_approved', params: { protocol: 'P' } }),
    ).toEqual({ sent: false, reason: 'erased' })
    expect(await db.selectFrom('outbox').selectAll().execute()).toEqual([])
  })
})
