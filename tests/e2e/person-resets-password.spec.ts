import { confirmSignUpFromOutbox, expect, test, tr, unique } from './fixtures'

test('a person who forgot their password resets it through the e-mailed link (outbox)', async ({ page }) => {
  const email = `jean-${unique()}@example.org`
  const ht = (key: string) => tr('ht', 'auth', key)
  await page.goto('/signup?lng=ht')
  await page.getByLabel(ht('fields.displayName')).fill('Jean')
  await page.getByLabel(ht('fields.identifier')).fill(email)
  await page.getByLabel(ht('fields.newPassword')).fill('old password here')
  await page.getByLabel(ht('fields.passwordConfirm')).fill('old password here')
  await page.getByRole('checkbox').check()
  await page.locator('form.stack button[type="submit"]').click()
  await confirmSignUpFromOutbox(page, 'ht', email)
  await page.getByRole('button', { name: tr('ht', 'common', 'nav.logout') }).click()

  await page.goto('/forgot-password')
  await page.getByLabel(ht('fields.identifier')).fill(email)
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('status')).toHaveText(ht('reset.requestSent'))

  await page.goto('/dev/outbox')
  const message = page.locator('article', { hasText: email }).filter({ hasText: '/reset-password/' }).first()
  await expect(message.getByRole('heading')).toHaveText(ht('reset.mailSubject'))
  const body = await message.locator('pre').innerText()
  const link = /(http:\/\/\S+\/reset-password\/[a-z2-7]+)/.exec(body)?.[1]
  expect(link).toBeTruthy()

  await page.goto(new URL(link!).pathname)
  await page.getByLabel(ht('fields.newPassword')).fill('new password here')
  await page.getByLabel(ht('fields.passwordConfirm')).fill('new password here')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('status')).toHaveText(ht('login.resetDone'))

  await page.getByLabel(ht('fields.identifier')).fill(email)
  await page.getByLabel(ht('fields.password'), { exact: true }).fill('new password here')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.locator('.user-menu__name')).toHaveText('Jean')

  // The link cannot be used twice.
  await page.goto(new URL(link!).pathname)
  await expect(page.getByRole('alert')).toHaveText(ht('reset.linkInvalid'))
})
