import type { Browser } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, test, tr } from './fixtures'
import { expectNoSidewaysScroll } from './rtl-phone'

// Issue #19 (easy read): a newcomer who reads little opens the registration page in Haitian Creole
// or Arabic on a 360 px phone, with JavaScript off, follows the "Easy read" link and finds the
// instructions as numbered steps, one idea per line, each with a pictogram (hidden from screen
// readers: the text carries the meaning); the page fits the screen, passes axe, and links back.
// Expected words are read from locales/, so the test follows the real copy.

const REGISTRATION_STEPS = 8
const ARABIC_DIGITS = new Intl.NumberFormat('ar')

/** Axe needs scripts in the page: it checks the same server-rendered guide in a context with them. */
async function expectAxeCleanWithScripts(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
  const page = await context.newPage()
  await page.goto(url)
  await expect(page.locator('ol.easy-read__steps > li').first()).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await context.close()
}

for (const lng of ['ht', 'ar'] as const) {
  test(`in ${lng} without JavaScript, from the registration page to its easy-read guide and back`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.setViewportSize({ width: 360, height: 740 })
    await page.goto(`/registration?lng=${lng}`)
    await expect(page.locator('html')).toHaveAttribute('lang', lng)

    const link = page.locator('main .easy-read-link a')
    await expect(link).toContainText(tr(lng, 'easyread', 'link'))
    await expect(link.locator('svg')).toHaveAttribute('aria-hidden', 'true')
    await link.click()
    await expect(page).toHaveURL(/\/easy-read\/registration$/)
    await expect(page.locator('html')).toHaveAttribute('dir', lng === 'ar' ? 'rtl' : 'ltr')
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      tr(lng, 'easyread', 'guides.registration.title'),
    )

    // Numbered steps, each with its pictogram and its own lines.
    const steps = page.locator('ol.easy-read__steps > li')
    await expect(steps).toHaveCount(REGISTRATION_STEPS)
    for (let i = 0; i < REGISTRATION_STEPS; i++) {
      const step = steps.nth(i)
      const n = lng === 'ar' ? ARABIC_DIGITS.format(i + 1) : String(i + 1)
      await expect(step.getByRole('heading', { level: 2 })).toContainText(
        tr(lng, 'easyread', 'stepLabel', { n }),
      )
      const pictogram = step.locator('svg.pictogram')
      await expect(pictogram).toBeVisible()
      await expect(pictogram).toHaveAttribute('aria-hidden', 'true')
      expect(await step.locator('p.easy-read__line').count()).toBeGreaterThanOrEqual(2)
    }
    await expect(steps.first()).toContainText(tr(lng, 'easyread', 'guides.registration.steps.account.title'))
    // The button the guide tells the reader to press is named as on the real page.
    await expect(steps.nth(5)).toContainText(tr(lng, 'registration', 'wizard.submit'))

    // "Send" points forward: to the left in Arabic.
    const send = page.locator('svg.pictogram[data-pictogram="send"]')
    const transform = await send.evaluate((el) => getComputedStyle(el).transform)
    expect(transform.startsWith('matrix(-1'), transform).toBe(lng === 'ar')

    // Who reviewed it (or that no one has yet), and the hard words explained.
    // The demo records no review (no second speaker checked it): it says so (ADR 026 "Review").
    await expect(page.locator('.easy-read__review')).toHaveText(tr(lng, 'easyread', 'meta.notReviewed'))
    await expect(page.locator('.easy-read__words dt')).toHaveCount(4)

    await expectNoSidewaysScroll(page, `/easy-read/registration in ${lng} at 360 px`)
    await expectAxeCleanWithScripts(browser, `/easy-read/registration?lng=${lng}`)

    await page.getByRole('link', { name: tr(lng, 'easyread', 'back.registration') }).click()
    await expect(page).toHaveURL(/\/registration$/)
    await context.close()
  })
}

test('the guides list, and a guide opened from an election goes back to that election', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 })
  await page.goto('/easy-read?lng=fr')
  const guides = page.locator('.easy-read__guides a')
  await expect(guides).toHaveCount(4)
  await expect(guides.nth(2)).toContainText(tr('fr', 'easyread', 'guides.results.title'))
  await expectNoSidewaysScroll(page, '/easy-read in fr at 360 px')
  await expectNoSeriousAxeViolations(page)

  // The results page links to its guide; the guide links back to that election's results.
  await page.goto('/elections/demo-election-cmi-2024/results?lng=zh')
  await page.locator('main .easy-read-link a').click()
  await expect(page).toHaveURL(/\/easy-read\/results\?election=demo-election-cmi-2024$/)
  await expect(page.locator('ol.easy-read__steps > li svg.pictogram')).toHaveCount(8)
  await expect(page.locator('main')).toContainText(tr('zh', 'elections', 'outcomes.alternate'))
  await expectNoSidewaysScroll(page, '/easy-read/results in zh at 360 px')
  // On paper: the steps and their pictograms, without the site's navigation or the links.
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.site-header')).toBeHidden()
  await expect(page.locator('main p.no-print').first()).toBeHidden()
  await expect(page.locator('ol.easy-read__steps svg.pictogram').last()).toBeVisible()
  await page.emulateMedia({ media: 'screen' })
  await page.getByRole('link', { name: tr('zh', 'easyread', 'back.election') }).click()
  await expect(page).toHaveURL(/\/elections\/demo-election-cmi-2024\/results$/)

  // The election page's polling places link to the polling-place guide.
  await page.goto('/elections/demo-election-cmi-2024?lng=es')
  await page.locator('#polling-places ~ .easy-read-link a').click()
  await expect(page).toHaveURL(/\/easy-read\/polling-place\?election=demo-election-cmi-2024$/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    tr('es', 'easyread', 'guides.pollingPlace.title'),
  )
  await expectNoSeriousAxeViolations(page)
})

test('an unknown guide is a 404, not an error', async ({ page }) => {
  const response = await page.goto('/easy-read/nothing-here')
  expect(response?.status()).toBe(404)
})
