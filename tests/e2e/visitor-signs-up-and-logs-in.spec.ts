import { expect, test, tr, unique } from './fixtures'

const es = (key: string) => tr('es', 'auth', key)

test('a visitor signs up in Spanish, logs out, fails with a wrong password, then logs in', async ({
  page,
}) => {
  const email = `maria-${unique()}@example.org`
  await page.goto('/signup?lng=es')
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  await page.getByLabel(es('fields.displayName')).fill('María')
  await page.getByLabel(es('fields.identifier')).fill(email)
  await page.getByLabel(es('fields.newPassword')).fill('una contraseña larga')
  await page.getByLabel(es('fields.passwordConfirm')).fill('una contraseña larga')
  await page.getByRole('checkbox').check()
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('status')).toHaveText(tr('es', 'common', 'home.welcome'))
  await expect(page.locator('.user-menu__name')).toHaveText('María')

  await page.getByRole('button', { name: tr('es', 'common', 'nav.logout') }).click()
  await expect(page.getByRole('link', { name: tr('es', 'common', 'nav.login') })).toBeVisible()

  await page.goto('/login')
  await page.getByLabel(es('fields.identifier')).fill(email)
  await page.getByLabel(es('fields.password'), { exact: true }).fill('contraseña equivocada')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('alert')).toHaveText(es('login.invalidCredentials'))
  await expect(page.getByLabel(es('fields.identifier'))).toHaveValue(email)

  await page.getByLabel(es('fields.password'), { exact: true }).fill('una contraseña larga')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('button', { name: tr('es', 'common', 'nav.logout') })).toBeVisible()
})

test('sign-up with bad input shows a message beside each field and keeps the rest', async ({ page }) => {
  const pt = (key: string) => tr('pt-BR', 'auth', key)
  await page.goto('/signup?lng=pt-BR')
  await page.getByLabel(pt('fields.displayName')).fill('Rosa')
  await page.getByLabel(pt('fields.identifier')).fill('rosa@')
  await page.getByLabel(pt('fields.newPassword')).fill('short')
  await page.getByLabel(pt('fields.passwordConfirm')).fill('different')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByText(tr('pt-BR', 'validation', 'identifier_invalid'))).toBeVisible()
  await expect(page.getByText(tr('pt-BR', 'validation', 'password_too_short'))).toBeVisible()
  await expect(page.getByText(tr('pt-BR', 'validation', 'consent_required'))).toBeVisible()
  await expect(page.getByLabel(pt('fields.displayName'))).toHaveValue('Rosa')
  await expect(page.getByLabel(pt('fields.identifier'))).toHaveValue('rosa@')
  await expect(page.getByLabel(pt('fields.identifier'))).toHaveAttribute('aria-invalid', 'true')
})
