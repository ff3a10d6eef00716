import { beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../../app/lib/db.server'
import { preferencesOf } from '../../../app/notices/preferences.server'
import { action, loader } from '../../../app/routes/account_.notices'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { args, settle } from '../../helpers/routes'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

describe('/account/notices', () => {
  it('shows the default channel, saves a plain form post, and refuses a bad value with 400', async () => {
    const person = await createUser(db)
    const page = await settle(loader(args(await requestAs(db, person.id, '/account/notices'))))
    expect(page.status).toBe(200)
    expect(((await page.json()) as { choices: Record<string, string> }).choices.voting).toBe('email')

    const saved = await settle(
      action(
        args(
          await requestAs(db, person.id, '/account/notices', {
            method: 'POST',
            body: form({ voting: 'none', council: 'email' }),
          }),
        ),
      ),
    )
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe('/account/notices?done=saved')
    expect(await preferencesOf(db, person.id)).toMatchObject({
      voting: 'none',
      council: 'email',
      conference: 'default',
    })

    const bad = await settle(
      action(
        args(
          await requestAs(db, person.id, '/account/notices', {
            method: 'POST',
            body: form({ voting: 'pigeon', council: 'none' }),
          }),
        ),
      ),
    )
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ fieldErrors: { voting: 'invalid_channel' } })
    // Nothing of a refused post is saved.
    expect(await preferencesOf(db, person.id)).toMatchObject({ voting: 'none', council: 'email' })

    // SMS for a person without a phone (a tampered form: the page offers only e-mail): refused
    // beside the group, nothing saved.
    const noPhone = await settle(
      action(
        args(
          await requestAs(db, person.id, '/account/notices', {
            method: 'POST',
            body: form({ voting: 'email', council: 'sms' }),
          }),
        ),
      ),
    )
    expect(noPhone.status).toBe(400)
    expect(await noPhone.json()).toMatchObject({ fieldErrors: { council: 'channel_unavailable' } })
    expect(await preferencesOf(db, person.id)).toMatchObject({ voting: 'none', council: 'email' })
  })

  it('asks anonymous visitors to sign in', async () => {
    const page = await settle(loader(args(await requestAs(db, null, '/account/notices'))))
    expect([302, 303]).toContain(page.status)
  })
})
