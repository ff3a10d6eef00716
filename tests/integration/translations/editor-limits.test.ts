import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { fingerprint, pickText } from '../../../app/i18n/content'
import { createI18nInstance } from '../../../app/i18n/i18n.server'
import type { DB } from '../../../app/lib/db.server'
import { action, loader } from '../../../app/routes/translate.$lng.$kind.$id'
import { MAX_NOTE_LENGTH, MAX_TRANSLATION_LENGTH } from '../../../app/translations/fields'
import { setTranslatorLanguages } from '../../../app/translations/translators.server'
import { TextAreaField } from '../../../app/ui/form'
import { createTestDb, dropDatabasesOfThisFile, useAsAppDb } from '../../helpers/db'
import { createUser, form, requestAs } from '../../helpers/factories'
import { planInForce } from '../../helpers/plan'
import { args, settle } from '../../helpers/routes'

// The editor's textareas carry the server's own limits as `maxlength` (one constant, in a module
// the browser bundle can import), and the server counts what the browser counted: a line break is
// one character for `maxlength` but is sent as CR LF.

afterAll(dropDatabasesOfThisFile)

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
})

async function setup() {
  const plan = await planInForce(db)
  const admin = await createUser(db, { roles: ['admin'] })
  const translators = []
  for (const languages of [['ht'], ['ht', 'fr']] as const) {
    const user = await createUser(db, { roles: ['translator'] })
    await setTranslatorLanguages(db, { actorUserId: admin.id, userId: user.id, languages: [...languages] })
    translators.push(user)
  }
  const edition = await db
    .selectFrom('plan_editions')
    .select('title_i18n')
    .where('id', '=', plan.editionId)
    .executeTakeFirstOrThrow()
  const basis = fingerprint(pickText(edition.title_i18n, 'pt-BR').text)
  const url = `/translate/ht/plan_edition.title/${plan.editionId}`
  const params = { lng: 'ht', kind: 'plan_edition.title', id: plan.editionId }
  return { plan, a: translators[0], b: translators[1], basis, url, params }
}

describe('the translation editor’s limits', () => {
  it('the textarea renders the limit it is given as maxlength', async () => {
    const i18n = await createI18nInstance('pt-BR')
    const render = (props: Parameters<typeof TextAreaField>[0]) =>
      renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(TextAreaField, props)))
    expect(render({ name: 'text', label: 'Tradução', maxLength: 300 })).toMatch(
      /<textarea[^>]* maxLength="300"/i,
    )
    expect(render({ name: 'note', label: 'Nota' })).not.toMatch(/maxlength/i)
  })

  it('limits shared with the browser are the ones the server enforces', () => {
    expect(MAX_TRANSLATION_LENGTH).toBe(20_000)
    expect(MAX_NOTE_LENGTH).toBe(2_000)
  })

  it('the loader gives the field’s limit; a text at that limit with CR LF line breaks is accepted, one more is not', async () => {
    const { a, basis, url, params } = await setup()
    const view = await (await settle(loader(args(await requestAs(db, a.id, url), params)))).json()
    expect(view.maxLength).toBe(300) // a one-line title, its original far shorter than 150
    const post = async (text: string) =>
      settle(
        action(
          args(
            await requestAs(db, a.id, url, {
              method: 'POST',
              body: form({ intent: 'submit', basis, text }),
            }),
            params,
          ),
        ),
      )
    // 300 characters as the textarea counts them (two line breaks), 302 as sent.
    const atLimit = `${'k'.repeat(99)}\r\n${'k'.repeat(99)}\r\n${'k'.repeat(100)}`
    expect(atLimit.replace(/\r\n/g, '\n')).toHaveLength(300)
    const tooLong = await post(`${atLimit}k`)
    expect(tooLong.status).toBe(400)
    expect((await tooLong.json()).fieldErrors.text).toBe('too_long')
    const accepted = await post(atLimit)
    expect(accepted.status).toBe(302)
    const stored = await db
      .selectFrom('translation_submissions')
      .select('text')
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow()
    expect(stored.text).toBe(atLimit.replace(/\r\n/g, '\n'))
  })

  it('a reviewer’s note at MAX_NOTE_LENGTH with line breaks is accepted', async () => {
    const { a, b, basis, url, params } = await setup()
    const send = async (userId: string, body: Record<string, string>) =>
      settle(action(args(await requestAs(db, userId, url, { method: 'POST', body: form(body) }), params)))
    expect((await send(a.id, { intent: 'submit', basis, text: 'Plan minisipal' })).status).toBe(302)
    const { id } = await db
      .selectFrom('translation_submissions')
      .select('id')
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow()
    const note = `${'n'.repeat(999)}\r\n${'n'.repeat(1000)}`
    expect((await send(b.id, { intent: 'return', submission: id, note: `${note}n` })).status).toBe(400)
    expect((await send(b.id, { intent: 'return', submission: id, note })).status).toBe(302)
  })
})
