import { expect, test, tr } from './fixtures'

test('Accept-Language chooses the first visit’s language; ?lng= overrides and is remembered', async ({
  browser,
}) => {
  const context = await browser.newContext({
    locale: 'fr-FR',
    extraHTTPHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9' },
  })
  const page = await context.newPage()
  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr('fr', 'common', 'home.title'))

  await page.goto('/?lng=zh')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh')
  await page.goto('/login')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh')
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr('zh', 'auth', 'login.title'))
  await context.close()
})

test('Arabic mirrors the layout: the brand sits on the right', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 })
  await page.goto('/?lng=ar')
  const brand = await page.locator('.brand').boundingBox()
  expect(brand).not.toBeNull()
  expect(brand!.x + brand!.width).toBeGreaterThan(360 - 40)
  // No horizontal scrolling on a 360 px screen.
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(scrollWidth).toBeLessThanOrEqual(360)
})

test('an unsupported ?lng= value is ignored; Portuguese is the fallback', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' })
  const page = await context.newPage()
  await page.goto('/?lng=xx')
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR')
  await context.close()
})
