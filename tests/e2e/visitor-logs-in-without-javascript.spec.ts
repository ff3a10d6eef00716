import { demoEmail, DEMO_PASSWORD, expect, test, tr } from './fixtures'

test.use({ javaScriptEnabled: false })

test('the secretariat logs in and out with JavaScript disabled', async ({ page }) => {
  await page.goto('/login?lng=pt-BR')
  await page.getByLabel(tr('pt-BR', 'auth', 'fields.identifier')).fill(demoEmail('secretariat'))
  await page.getByLabel(tr('pt-BR', 'auth', 'fields.password'), { exact: true }).fill('wrong password')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('alert')).toHaveText(tr('pt-BR', 'auth', 'login.invalidCredentials'))

  await page.getByLabel(tr('pt-BR', 'auth', 'fields.password'), { exact: true }).fill(DEMO_PASSWORD)
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.locator('.user-menu__name')).toHaveText('Ana Souza (Secretaria)')
  await page.getByRole('button', { name: tr('pt-BR', 'common', 'nav.logout') }).click()
  await expect(page.getByRole('link', { name: tr('pt-BR', 'common', 'nav.login') })).toBeVisible()
})

test('the language picker works without JavaScript and Arabic turns the page right-to-left', async ({
  page,
}) => {
  await page.goto('/login')
  await page.locator('.language-picker summary').click()
  await page.getByRole('link', { name: 'العربية' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr('ar', 'auth', 'login.title'))
  // Remembered by cookie on the next page, without the query parameter.
  await page.goto('/signup')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr('ar', 'auth', 'signup.title'))
})
