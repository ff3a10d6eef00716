import { confirmSignUpFromOutbox, expect, test, tr, unique } from './fixtures'

const es = (key: string) => tr('es', 'auth', key)

// Without JavaScript: the form, the mailed link's page and its button are plain HTML (#16.10).
test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a visitor signs up in Spanish, confirms through the mailed link, logs out, fails with a wrong password, then logs in', async ({
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
    // The answer says only that a message was sent; the account exists once the link is used.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(es('signup.sentTitle'))
    const link = await confirmSignUpFromOutbox(page, 'es', email)
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
    await page.getByRole('button', { name: tr('es', 'common', 'nav.logout') }).click()

    // The link worked once.
    await page.goto(link)
    await expect(page.getByRole('alert')).toHaveText(es('signup.linkInvalid'))
  })

  test('signing up again with an address that has an account gives the same answer; the owner is told', async ({
    page,
  }) => {
    const email = `twice-${unique()}@example.org`
    const fill = async () => {
      await page.goto('/signup?lng=es')
      await page.getByLabel(es('fields.displayName')).fill('Otra')
      await page.getByLabel(es('fields.identifier')).fill(email)
      await page.getByLabel(es('fields.newPassword')).fill('una contraseña larga')
      await page.getByLabel(es('fields.passwordConfirm')).fill('una contraseña larga')
      await page.getByRole('checkbox').check()
      await page.locator('form.stack button[type="submit"]').click()
    }
    await fill()
    await confirmSignUpFromOutbox(page, 'es', email)
    await page.getByRole('button', { name: tr('es', 'common', 'nav.logout') }).click()
    await fill()
    await expect(page.getByRole('status')).toHaveText(es('signup.sent'))
    await expect(async () => {
      await page.goto('/dev/outbox')
      await expect(page.locator('article', { hasText: email }).first().getByRole('heading')).toHaveText(
        es('signup.takenMailSubject'),
        { timeout: 1000 },
      )
    }).toPass({ timeout: 15_000 })
  })
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
