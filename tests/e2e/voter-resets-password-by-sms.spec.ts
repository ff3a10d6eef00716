import { expect, expectNoSeriousAxeViolations, test, tr } from './fixtures'

// Issue #18: the phone-only demo voter (Arabic, no e-mail) forgets her password. The code goes by
// SMS; in demo mode SMS wait in the outbox (/dev/outbox), where this test reads it. JavaScript off:
// every step is a plain form.
test.use({ javaScriptEnabled: false })

const PHONE = '+5511900000018'
const ar = (key: string) => tr('ar', 'auth', key)

test('a phone-only voter resets her password with the code sent by SMS, without JavaScript', async ({
  page,
}) => {
  await page.goto('/forgot-password?lng=ar')
  await page.getByLabel(ar('fields.identifier')).fill('11 90000-0018')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('status')).toHaveText(ar('reset.requestSentCode'))

  // The SMS, in Arabic, in the demo outbox.
  let code: string | undefined
  await expect(async () => {
    await page.goto('/dev/outbox')
    const sms = page.locator('article', { hasText: PHONE }).first()
    await expect(sms.getByRole('heading')).toHaveText(ar('reset.smsSubject'), { timeout: 1000 })
    code = /\b(\d{6})\b/.exec(await sms.locator('pre').innerText({ timeout: 1000 }))?.[1]
    expect(code).toMatch(/^\d{6}$/)
  }).toPass({ timeout: 20_000 })
  await expect(page.locator('article', { hasText: PHONE }).first()).toContainText(
    tr('ar', 'admin', 'outbox.channel.sms'),
  )

  await page.goto('/forgot-password?lng=ar&done=sentCode')
  await page.getByRole('link', { name: ar('reset.enterCode') }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar('reset.codeTitle'))
  const fill = async (withCode: string) => {
    await page.getByLabel(ar('reset.phoneLabel')).fill(PHONE)
    await page.getByLabel(ar('reset.codeLabel')).fill(withCode)
    await page.getByLabel(ar('fields.newPassword')).fill('كلمة مرور جديدة')
    await page.getByLabel(ar('fields.passwordConfirm')).fill('كلمة مرور جديدة')
    await page.locator('form.stack button[type="submit"]').click()
  }
  // A wrong code: the message beside the code field, the phone kept.
  await fill(code === '000000' ? '111111' : '000000')
  await expect(page.getByText(tr('ar', 'validation', 'reset_code_invalid')).first()).toBeVisible()
  await expect(page.getByLabel(ar('reset.phoneLabel'))).toHaveValue(PHONE)

  await fill(code!)
  await expect(page.getByRole('status')).toHaveText(ar('login.resetDone'))
  await page.getByLabel(ar('fields.identifier')).fill(PHONE)
  await page.getByLabel(ar('fields.password'), { exact: true }).fill('كلمة مرور جديدة')
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.locator('.user-menu__name')).toHaveText('Nour Al-Khatib')

  // The code cannot be used twice.
  await page.getByRole('button', { name: tr('ar', 'common', 'nav.logout') }).click()
  await page.goto('/forgot-password/code')
  await fill(code!)
  await expect(page.getByText(tr('ar', 'validation', 'reset_code_invalid')).first()).toBeVisible()
})

// axe runs inside the page: this check needs JavaScript.
test.describe('with JavaScript', () => {
  test.use({ javaScriptEnabled: true })

  test('the code page, right to left in Arabic with its errors shown, passes axe', async ({ page }) => {
    await page.goto('/forgot-password/code?lng=ar')
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
    await page.getByLabel(ar('reset.phoneLabel')).fill('12')
    await page.getByLabel(ar('reset.codeLabel')).fill('12')
    await page.locator('form.stack button[type="submit"]').click()
    await expect(page.getByText(tr('ar', 'validation', 'reset_code_format')).first()).toBeVisible()
    await expectNoSeriousAxeViolations(page)
    await page.goto('/forgot-password?lng=ar')
    await expectNoSeriousAxeViolations(page)
  })
})
