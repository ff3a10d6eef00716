import { expect, randomDigits, signUpFresh, test, tr } from './fixtures'

test.use({ javaScriptEnabled: false })

for (const lng of ['es', 'ar'] as const) {
  test(`an immigrant registers to vote in ${lng} with JavaScript off`, async ({ page }) => {
    const r = (key: string, vars?: Record<string, string>) => tr(lng, 'registration', key, vars)
    await signUpFresh(page, lng)
    await page.goto('/registration')
    if (lng === 'ar') await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
    await page.getByRole('link', { name: r('landing.start') }).click()

    // Step 1: about you
    await page.getByLabel(r('fields.fullName')).fill(lng === 'ar' ? 'عمر حداد' : 'Rosa Mamani')
    await page.getByLabel(r('fields.birthDate')).fill('1992-04-08')
    await page.getByLabel(r('fields.nationality'), { exact: true }).selectOption(lng === 'ar' ? 'SY' : 'BO')
    await page.getByLabel(r('genders.woman'), { exact: true }).check()
    await page.getByRole('button', { name: r('wizard.next') }).click()

    // Step 2: where you live
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(
      r('wizard.stepOf', { n: '2', total: '5', name: r('wizard.steps.home') }),
    )
    await page.getByLabel(r('fields.subprefecture')).selectOption({ label: 'Sé' })
    await page.getByRole('button', { name: r('wizard.next') }).click()

    // Step 3: document (with a real PNG upload)
    await page.getByLabel(r('fields.documentType')).selectOption('refugee_protocol')
    await page.getByLabel(r('fields.documentNumber')).fill(`08000.${randomDigits(9)}`)
    await page.getByLabel(r('fields.identityFile')).setInputFiles({
      name: 'documento.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
    })
    await page.getByRole('button', { name: r('wizard.next') }).click()

    // Step 4: contact and consent
    await page.getByLabel(r('consent.agree')).check()
    await page.getByRole('button', { name: r('wizard.next') }).click()

    // Step 5: review and send
    await expect(page.locator('.summary-list')).toContainText('Sé')
    await page.getByRole('button', { name: r('wizard.submit') }).click()
    await expect(page.getByText(r('landing.submitted'))).toBeVisible()
    await expect(page.locator('.status-badge')).toHaveText(r('status.pending'))
  })
}

test('bad input on every registration field gets a message beside it, and the rest is kept', async ({
  page,
}) => {
  const r = (key: string) => tr('pt-BR', 'registration', key)
  const v = (key: string) => tr('pt-BR', 'validation', key)
  await signUpFresh(page, 'pt-BR')
  await page.goto('/registration/about')
  await page.getByLabel(r('fields.socialName')).fill('Rô')
  await page.getByLabel(r('fields.birthDate')).fill('2030-01-01')
  await page.getByLabel(r('fields.nationality'), { exact: true }).selectOption('BR')
  await page.getByRole('button', { name: r('wizard.next') }).click()
  await expect(page.getByText(v('required')).first()).toBeVisible() // full name
  await expect(page.getByText(v('brazilian_needs_naturalised'))).toBeVisible()
  await expect(page.getByText(v('choose_option'))).toBeVisible() // gender
  await expect(page.getByLabel(r('fields.socialName'))).toHaveValue('Rô')
  await expect(page.getByLabel(r('fields.fullName'))).toHaveAttribute('aria-invalid', 'true')

  await page.getByLabel(r('fields.fullName')).fill('Rosa')
  await page.getByLabel(r('fields.nationality'), { exact: true }).selectOption('PE')
  await page.getByLabel(r('genders.prefer_not_to_say')).check()
  await page.getByLabel(r('fields.birthDate')).fill('1990-01-01')
  await page.getByRole('button', { name: r('wizard.next') }).click()

  await page.getByRole('button', { name: r('wizard.next') }).click() // no subprefecture chosen
  await expect(page.getByText(v('choose_option'))).toBeVisible()
  await page.getByLabel(r('fields.subprefecture')).selectOption({ label: 'Mooca' })
  await page.getByRole('button', { name: r('wizard.next') }).click()

  await page.getByLabel(r('fields.documentType')).selectOption('passport')
  await page.getByLabel(r('fields.documentNumber')).fill('--')
  await page
    .getByLabel(r('fields.identityFile'))
    .setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('<html>not an image</html>') })
  await page.getByRole('button', { name: r('wizard.next') }).click()
  await expect(page.getByText(v('document_number_invalid'))).toBeVisible()
  await expect(page.getByText(v('file_type'))).toBeVisible()
  await expect(page.getByLabel(r('fields.documentType'))).toHaveValue('passport')
  await page.getByLabel(r('fields.documentNumber')).fill('PE-123456')
  await page.getByRole('button', { name: r('wizard.next') }).click()

  await page.getByLabel(r('fields.phone')).fill('123')
  await page.getByLabel(r('fields.email')).fill('rosa@')
  await page.getByRole('button', { name: r('wizard.next') }).click()
  await expect(page.getByText(v('phone_invalid'))).toBeVisible()
  await expect(page.getByText(v('email_invalid'))).toBeVisible()
  await expect(page.getByText(v('consent_required'))).toBeVisible()
  await expect(page.getByLabel(r('fields.phone'))).toHaveValue('123')

  // Going back keeps what was saved in earlier steps.
  await page.goto('/registration/about')
  await expect(page.getByLabel(r('fields.fullName'))).toHaveValue('Rosa')
})
