import { join } from 'node:path'
import { fingerprint } from '../../app/i18n/content'
import { openSqlite } from '../../app/lib/db.server'
import { applyTranslation } from '../../app/translations/apply.server'
import { translatableField } from '../../app/translations/registry.server'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr } from './fixtures'

// Issue #19: a delegate reading in French sees each proposal in French where it is translated, and
// the original with a note where it is not. The French translation of one demo proposal is
// published through the same function the translators' editor uses (applyTranslation).
const EDITION = '/conference/demo-conference-2026'
const TRANSLATED = {
  id: 'demo-prop-26-03',
  original: 'Saúde mental para refugiados',
  fr: 'Santé mentale pour les réfugiés',
}
const UNTRANSLATED = 'Matrícula escolar sem exigir documento'

test.beforeAll(async () => {
  const db = openSqlite(join(process.env.E2E_DATA_DIR!, 'mutirao.sqlite'), { busyTimeoutMs: 10_000 })
  try {
    const field = translatableField('conference_proposal.title')!
    const result = await applyTranslation(
      db,
      field,
      TRANSLATED.id,
      'fr',
      TRANSLATED.fr,
      fingerprint(TRANSLATED.original),
    )
    // A re-run against the same data finds it already published: the text is what matters.
    if (!result.ok && result.error !== 'changed_meanwhile') throw new Error(result.error)
  } finally {
    await db.destroy()
  }
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a delegate reads the proposals in French, with a note on the one not yet translated', async ({
    page,
  }) => {
    await logInAs(page, 'delegate')
    await page.goto(`${EDITION}/proposals?lng=fr`)
    const translated = page.locator('span[lang="fr"]', { hasText: TRANSLATED.fr })
    await expect(translated).toBeVisible()
    await expect(page.getByText(TRANSLATED.original)).toHaveCount(0)
    const original = page.locator('span[lang="pt-BR"]', { hasText: UNTRANSLATED })
    await expect(original).toBeVisible()
    const note = tr('fr', 'common', 'content.untranslated', { language: 'Português' })
    await expect(page.locator('li', { has: original }).getByText(note)).toBeVisible()

    await expect(page.getByRole('link', { name: TRANSLATED.fr })).toBeVisible()
    await page.goto(`${EDITION}/proposals/${TRANSLATED.id}?lng=fr`)
    await expect(page.getByRole('heading', { level: 1, name: TRANSLATED.fr })).toHaveAttribute('lang', 'fr')
  })
})

test('the French proposal list passes the accessibility check', async ({ page }) => {
  await logInAs(page, 'delegate')
  await page.goto(`${EDITION}/proposals?lng=fr`)
  await expect(page.locator('span[lang="fr"]', { hasText: TRANSLATED.fr })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})
