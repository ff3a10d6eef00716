import {
  expect,
  expectNoSeriousAxeViolations,
  logInAs,
  randomDigits,
  registerAtDesk,
  test,
  tr,
  unique,
} from './fixtures'

// Issue #18 (ADR 021): the clerk registers a person at the desk and creates the account without a
// password, printing a code on the receipt; at home the person chooses the password with the code
// (nobody at the desk saw it), is signed in, signs in again later and sees the registration.
// Without JavaScript, in the person's language (Haitian Creole).
const r = (key: string, lng = 'pt-BR') => tr(lng, 'registration', key)
const ht = (key: string) => tr('ht', 'auth', key)

test('the set-up page has no serious axe violations', async ({ page }) => {
  await page.goto('/account/setup?lng=ar')
  await expect(page.getByRole('heading', { level: 1, name: tr('ar', 'auth', 'setup.title') })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the clerk creates an account with a setup code, and the person sets the password, signs in and sees the registration', async ({
    page,
  }) => {
    const email = `rose.${unique()}@example.org`
    await logInAs(page, 'secretariat')
    const protocol = await registerAtDesk(page, {
      fullName: 'Rose Pierre',
      birthDate: '1987-05-18',
      gender: 'woman',
      documentType: 'crnm',
      documentNumber: `R${randomDigits(6)}-X`,
      language: 'ht',
      email,
    })
    const receipt = page.locator('.receipt')
    // The account without a password; the code on the receipt, in the person's language.
    await page.getByRole('button', { name: r('setup.deskCreate') }).click()
    await expect(receipt.getByText(r('setup.receiptCode', 'ht'))).toBeVisible()
    await expect(receipt.getByText(email)).toBeVisible()
    const code = (await receipt.getByTestId('setup-code').innerText()).trim()
    expect(code).toMatch(/^\d{4} \d{4}$/)
    // Shown once: the button is gone; a new code would void this one.
    await expect(page.getByRole('button', { name: r('setup.deskCreate') })).toHaveCount(0)
    await page.getByRole('button', { name: 'Sair' }).click()

    // At home: the login page leads to the set-up page.
    await page.goto('/login?lng=ht')
    await page.getByRole('link', { name: ht('login.setupLink') }).click()
    await expect(page.getByRole('heading', { level: 1, name: ht('setup.title') })).toBeVisible()
    const fillPassword = async () => {
      await page.getByLabel(ht('fields.newPassword')).fill('rose password 2026')
      await page.getByLabel(ht('fields.passwordConfirm')).fill('rose password 2026')
    }
    // A wrong code: translated beside the field, the identifier kept.
    const wrong = code.replace(/^\d/, (d) => String((Number(d) + 1) % 10))
    await page.getByLabel(ht('fields.identifier')).fill(email)
    await page.getByLabel(ht('setup.code')).fill(wrong)
    await fillPassword()
    await page.getByRole('button', { name: ht('setup.submit') }).click()
    await expect(
      page.locator('.field-error', { hasText: tr('ht', 'validation', 'setup_code_invalid') }),
    ).toBeVisible()
    await expect(page.getByLabel(ht('fields.identifier'))).toHaveValue(email)

    await page.getByLabel(ht('setup.code')).fill(code)
    await fillPassword()
    await page.getByRole('button', { name: ht('setup.submit') }).click()
    await expect(page.getByRole('status')).toHaveText(ht('setup.done'))
    await expect(page.locator('.user-menu__name')).toHaveText('Rose Pierre')

    // Later: she signs in with the password she chose and sees her registration.
    await page.locator('form[action="/logout"] button').click()
    await page.goto('/login?lng=ht')
    await page.locator('input[name="email"]').fill(email)
    await page.locator('input[name="password"]').fill('rose password 2026')
    await page.locator('form.stack button[type="submit"]').click()
    await page.goto('/registration?lng=ht')
    await expect(page.getByText(protocol)).toBeVisible()
  })
})
