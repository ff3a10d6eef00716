import { expectNoSeriousAxeViolations, test } from './fixtures'

const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const PAGES = ['/', '/login', '/signup']

for (const lng of LANGUAGES) {
  test(`home, login and sign-up have no serious axe violations in ${lng}`, async ({ page }) => {
    for (const path of PAGES) {
      await page.goto(`${path}?lng=${lng}`)
      await expectNoSeriousAxeViolations(page)
    }
  })
}

test('pages stay usable at 200% zoom on a 360 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 })
  for (const path of PAGES) {
    await page.goto(`${path}?lng=pt-BR`)
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%'
    })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    test.expect(overflow, `${path} scrolls sideways at 200%`).toBeLessThanOrEqual(0)
  }
})
