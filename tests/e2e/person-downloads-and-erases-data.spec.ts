import { readFileSync } from 'node:fs'
import { confirmSignUpFromOutbox, expect, test, tr, unique } from './fixtures'

test('a person downloads their data, then erases the account and can no longer log in', async ({ page }) => {
  const email = `erase-${unique()}@example.org`
  const en = (ns: string, key: string) => tr('en', ns, key)
  await page.goto('/signup?lng=en')
  await page.getByLabel(en('auth', 'fields.displayName')).fill('Sam')
  await page.getByLabel(en('auth', 'fields.identifier')).fill(email)
  await page.getByLabel(en('auth', 'fields.newPassword')).fill('sam password 1')
  await page.getByLabel(en('auth', 'fields.passwordConfirm')).fill('sam password 1')
  await page.getByRole('checkbox').check()
  await page.locator('form.stack button[type="submit"]').click()
  await confirmSignUpFromOutbox(page, 'en', email)

  await page.goto('/my-data')
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: en('privacy', 'myData.download') }).click()
  const file = await (await download).path()
  const data = JSON.parse(readFileSync(file, 'utf8'))
  expect(data.account.email).toBe(email)

  await page.getByRole('button', { name: en('privacy', 'myData.eraseSubmit') }).click()
  await expect(page.getByText(tr('en', 'validation', 'confirm_required'))).toBeVisible()
  await page.getByRole('checkbox').check()
  await page.getByLabel(en('auth', 'fields.currentPassword')).fill('sam password 1')
  await page.getByRole('button', { name: en('privacy', 'myData.eraseSubmit') }).click()
  await expect(page.getByRole('status')).toHaveText(en('privacy', 'notice.erased'))

  await page.goto('/login')
  await page.getByLabel(en('auth', 'fields.identifier')).fill(email)
  await page.getByLabel(en('auth', 'fields.password'), { exact: true }).fill('sam password 1')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('alert')).toHaveText(en('auth', 'login.invalidCredentials'))
})
