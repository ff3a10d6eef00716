import { DEMO_TRANSLATIONS } from '../../db/seed/translations-data'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr } from './fixtures'

// Issue #19: a delegate reading in French sees each proposal in French. The demo's translations
// were written by one translator and published by another (db/seed/translations.ts); the one
// proposal deliberately left without Arabic shows the original with the note.
const EDITION = '/conference/demo-conference-2026'
const PROPOSAL = { id: 'demo-prop-26-03', original: 'Saúde mental para refugiados' }
const french = DEMO_TRANSLATIONS.find(
  (e) => e.kind === 'conference_proposal.title' && e.id === PROPOSAL.id && e.language === 'fr',
)!.text
const demoProposalIds = [
  ...new Set(DEMO_TRANSLATIONS.filter((e) => e.kind === 'conference_proposal.title').map((e) => e.id)),
].filter((id) => id.startsWith('demo-prop-26-'))

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a delegate reads every demo proposal of the edition in French', async ({ page }) => {
    await logInAs(page, 'delegate')
    await page.goto(`${EDITION}/proposals?lng=fr`)
    await expect(page.locator('span[lang="fr"]', { hasText: french })).toBeVisible()
    await expect(page.getByText(PROPOSAL.original)).toHaveCount(0)
    // Each demo proposal's title link is in French (other specs may add untranslated ones).
    let checked = 0
    for (const id of demoProposalIds) {
      const link = page.locator(`a[href$="/proposals/${id}"]`).first()
      if ((await link.count()) === 0) continue
      await expect(link.locator('[lang]').first()).toHaveAttribute('lang', 'fr')
      checked += 1
    }
    expect(checked).toBeGreaterThanOrEqual(3)
    await page.goto(`${EDITION}/proposals/${PROPOSAL.id}?lng=fr`)
    await expect(page.getByRole('heading', { level: 1, name: french })).toHaveAttribute('lang', 'fr')
  })

  test('in Arabic, the proposal not yet translated shows its original with the note', async ({ page }) => {
    await logInAs(page, 'delegate')
    await page.goto(`${EDITION}/proposals?lng=ar`)
    const original = page.locator('span[lang="pt-BR"]', { hasText: PROPOSAL.original })
    await expect(original).toBeVisible()
    await expect(original).toHaveAttribute('dir', 'ltr')
    const note = tr('ar', 'common', 'content.untranslated', { language: 'Português' })
    await expect(page.locator('li', { has: original }).getByText(note)).toBeVisible()
  })
})

test('the French proposal list passes the accessibility check', async ({ page }) => {
  await logInAs(page, 'delegate')
  await page.goto(`${EDITION}/proposals?lng=fr`)
  await expect(page.locator('span[lang="fr"]', { hasText: french })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})
