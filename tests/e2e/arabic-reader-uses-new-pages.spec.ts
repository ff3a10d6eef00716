import { expect, logInAs, test, tr } from './fixtures'
import { expectArabicPageFitsA360pxPhone } from './rtl-phone'

// Issue #18's new pages, read in Arabic on a 360 px phone: right-to-left, axe clean, no sideways
// scrolling, the heading and every form control visible, also at 200 % text. Each state of a page
// a visitor can reach without someone else's code or documents: the claim form (fresh, refused,
// unknown facts), its code step (signed out and signed in), the reset-by-code form (fresh and
// refused) and the counsellor's workspace.
const ar = (ns: string, key: string) => tr('ar', ns, key)

test('/registration/claim: the facts form, fresh and with its errors', async ({ page }) => {
  const title = ar('registration', 'claim.title')
  await expectArabicPageFitsA360pxPhone(page, '/registration/claim', title, { minControls: 4 })
  // Sent empty: each field says what is missing, in Arabic.
  await page.getByRole('button', { name: ar('registration', 'claim.send') }).click()
  await expect(page.locator('.field-error').first()).toBeVisible()
  await expectArabicPageFitsA360pxPhone(page, null, title, { minControls: 4 })
  // Facts that match no registration: the refusal above the form.
  await page.getByLabel(ar('registration', 'check.protocol')).fill('CMI-2026-NOPE-0000')
  await page.getByLabel(ar('registration', 'fields.documentNumber')).fill('X0000000')
  await page.getByLabel(ar('registration', 'fields.birthDate')).fill('1990-01-01')
  await page.getByRole('button', { name: ar('registration', 'claim.send') }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expectArabicPageFitsA360pxPhone(page, null, title, { minControls: 4 })
})

test('/registration/claim: the code step, signed out, fresh and with its errors', async ({ page }) => {
  const title = ar('registration', 'claim.title')
  await expectArabicPageFitsA360pxPhone(page, '/registration/claim?step=code', title, { minControls: 3 })
  await page.getByRole('button', { name: ar('registration', 'claim.create') }).click()
  await expect(page.locator('.field-error').first()).toBeVisible()
  await expectArabicPageFitsA360pxPhone(page, null, title, { minControls: 3 })
})

test('/registration/claim: the code step for a signed-in person', async ({ page }) => {
  await logInAs(page, 'resident')
  await expectArabicPageFitsA360pxPhone(
    page,
    '/registration/claim?step=code',
    ar('registration', 'claim.title'),
  )
})

test('/forgot-password/code: fresh and with its errors', async ({ page }) => {
  const title = ar('auth', 'reset.codeTitle')
  await expectArabicPageFitsA360pxPhone(page, '/forgot-password/code', title, { minControls: 4 })
  await page.locator('main form.stack button[type="submit"]').click()
  await expect(page.locator('.field-error').first()).toBeVisible()
  await expectArabicPageFitsA360pxPhone(page, null, title, { minControls: 4 })
})

// /account/notices in Arabic at 360 px: voter-chooses-notices.spec.ts.

test('/council/my, for the demo counsellor', async ({ page }) => {
  await logInAs(page, 'counsellor')
  await expectArabicPageFitsA360pxPhone(page, '/council/my', ar('council', 'workspace.title'))
})

// The commission's election page shows a campaign's honest progress (sent, not sent and why,
// remaining) once the server's phase clock has sent "voting is open" to the open demo election.
test('/staff/elections/<open election>: the notices to the roll, counted honestly, in Arabic', async ({
  page,
}) => {
  await logInAs(page, 'electoral_commission')
  // The Arabic line with the campaign's name and any number in each count.
  const COUNT = '\u0000'
  const progress = new RegExp(
    tr('ar', 'notices', 'staff.progress', {
      kind: ar('notices', 'campaigns.voting_opened'),
      sent: COUNT,
      notSent: COUNT,
      remaining: COUNT,
      total: COUNT,
    })
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replaceAll(COUNT, '\\d+'),
  )
  const section = page.getByRole('region', { name: ar('notices', 'staff.title') })
  await expect(async () => {
    await page.goto('/staff/elections/demo-election-cpm-2026?lng=ar')
    await expect(section.getByText(progress)).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(section).not.toContainText(/\{\{/)
})
