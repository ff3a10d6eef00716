import type { Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  logInAs,
  randomDigits,
  registerAtDesk,
  signUpFresh,
  test,
  tr,
  unique,
} from './fixtures'
import { isolate } from '../../app/ui/bidi'

// Issue #18: a person registered at a service desk (the demo's Amélie Joseph: approved, on the roll
// of the open demo election, with an e-mail contact and no account) claims the registration with
// protocol, document number and birth date, reads the code in the dev outbox, creates an account
// and votes online. Forms without JavaScript; a wrong code is answered beside the field.
const DESK = {
  protocol: 'cmi-2026-desk-c4am', // typed as read from the receipt: normalised on look-up
  documentNumber: 'desk 2026',
  birthDate: '1992-03-08',
  email: 'amelie.desk@demo.mutirao.local',
}
const fr = (key: string, vars: Record<string, string> = {}) => tr('fr', 'registration', key, vars)
const el = (key: string) => tr('fr', 'elections', key)

/** The newest claim code mailed to `to`, read in the demo outbox in another tab. */
async function claimCodeFromOutbox(page: Page, to: string, subject: string): Promise<string> {
  const outbox = await page.context().newPage()
  let code = ''
  await expect(async () => {
    await outbox.goto('/dev/outbox')
    const body = await outbox
      .locator('article', { hasText: to })
      .filter({ hasText: subject })
      .first()
      .locator('pre')
      .innerText({ timeout: 1000 })
    code = /\b(\d{6})\b/.exec(body)?.[1] ?? ''
    expect(code).toMatch(/^\d{6}$/)
  }).toPass({ timeout: 15_000 })
  await outbox.close()
  return code
}

test('the claim pages have no serious axe violations', async ({ page }) => {
  await page.goto('/registration/claim?lng=ar')
  await expect(
    page.getByRole('heading', { level: 1, name: tr('ar', 'registration', 'claim.title') }),
  ).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await page.goto('/registration/claim?step=code&lng=fr')
  await expect(page.getByLabel(fr('claim.code'))).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a desk registrant claims the registration with a mailed code, creates an account and votes online', async ({
    page,
  }) => {
    await page.goto('/registration/claim?lng=fr')
    await page.getByLabel(fr('check.protocol')).fill(DESK.protocol)
    await page.getByLabel(fr('fields.documentNumber')).fill(DESK.documentNumber)
    await page.getByLabel(fr('fields.birthDate')).fill(DESK.birthDate)
    await page.getByRole('button', { name: fr('claim.send') }).click()
    await expect(page.getByRole('status')).toHaveText(fr('claim.sent', { to: 'a•••@demo.mutirao.local' }))

    // The code, in the registration's language, in the demo outbox (read in another tab).
    const code = await claimCodeFromOutbox(page, DESK.email, tr('fr', 'registration', 'claim.mail.subject'))

    const fillAccount = async () => {
      await page.getByLabel(tr('fr', 'auth', 'fields.newPassword')).fill('amelie password')
      await page.getByLabel(tr('fr', 'auth', 'fields.passwordConfirm')).fill('amelie password')
    }
    // A wrong code first: a translated error beside the code field, the rest kept.
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    await page.getByLabel(fr('claim.code')).fill(wrongCode)
    await page.getByLabel(tr('fr', 'auth', 'fields.displayName')).fill('Amélie')
    await page.getByLabel(tr('fr', 'auth', 'fields.identifier'), { exact: true }).fill(DESK.email)
    await fillAccount()
    await page.getByRole('checkbox').check()
    await page.getByRole('button', { name: fr('claim.create') }).click()
    await expect(
      page.locator('.field-error', { hasText: tr('fr', 'validation', 'claim_code_wrong') }),
    ).toBeVisible()
    await expect(page.getByLabel(tr('fr', 'auth', 'fields.displayName'))).toHaveValue('Amélie')

    await page.getByLabel(fr('claim.code')).fill(code)
    await fillAccount()
    await page.getByRole('button', { name: fr('claim.create') }).click()
    await expect(page.getByRole('status')).toHaveText(fr('claim.done.linked'))
    await expect(page.locator('.user-menu__name')).toHaveText('Amélie')

    // Claimed: the registration can no longer be claimed again.
    await page.goto('/registration/claim?lng=fr')
    await page.getByLabel(fr('check.protocol')).fill(DESK.protocol)
    await page.getByLabel(fr('fields.documentNumber')).fill(DESK.documentNumber)
    await page.getByLabel(fr('fields.birthDate')).fill(DESK.birthDate)
    await page.getByRole('button', { name: fr('claim.send') }).click()
    await expect(page.getByRole('alert')).toHaveText(fr('claim.errors.already_claimed'))

    // And she votes online in the open demo election.
    await page.goto('/elections/demo-election-cpm-2026/vote?lng=fr')
    await page.getByLabel(el('vote.blank')).first().check()
    await page.getByRole('button', { name: el('vote.review') }).click()
    await page.getByRole('button', { name: el('vote.confirm') }).click()
    await expect(page.getByText(el('vote.done'))).toBeVisible()
  })

  test('a person with an account verifies the code, logs in, and links the registration without typing it again', async ({
    page,
    browser,
  }) => {
    // A desk registration with an e-mail contact and no account (the clerk, in another browser).
    const contact = `desk.${unique()}@example.org`
    const facts = { documentNumber: `D${randomDigits(7)}`, birthDate: '1990-06-15' }
    const clerkContext = await browser.newContext({ javaScriptEnabled: false })
    const clerk = await clerkContext.newPage()
    await logInAs(clerk, 'secretariat')
    const protocol = await registerAtDesk(clerk, {
      fullName: 'Jean Louis',
      birthDate: facts.birthDate,
      gender: 'man',
      documentType: 'passport',
      documentNumber: facts.documentNumber,
      language: 'fr',
      email: contact,
    })
    await clerkContext.close()

    // The person already has an account (another address), signed out on this browser.
    const account = await signUpFresh(page, 'fr', 'Jean Louis')
    await page.locator('form[action="/logout"] button').click()

    await page.goto('/registration/claim?lng=fr')
    await page.getByLabel(fr('check.protocol')).fill(protocol)
    await page.getByLabel(fr('fields.documentNumber')).fill(facts.documentNumber)
    await page.getByLabel(fr('fields.birthDate')).fill(facts.birthDate)
    await page.getByRole('button', { name: fr('claim.send') }).click()
    await expect(page.getByRole('status')).toBeVisible()
    const code = await claimCodeFromOutbox(page, contact, tr('fr', 'registration', 'claim.mail.subject'))

    // The code once, then "sign in and link": the login page, and back to the claim.
    await page.getByLabel(fr('claim.code')).fill(code)
    // The e-mail the person will sign in with: only that account can finish the claim.
    await page.getByLabel(fr('claim.holdIdentifier')).fill(account)
    await page.getByRole('button', { name: fr('claim.hold') }).click()
    await expect(page).toHaveURL(/\/login\?redirectTo=/)
    await page.locator('input[name="email"]').fill(account)
    await page.locator('input[name="password"]').fill('a good long password')
    await page.locator('form.stack button[type="submit"]').click()
    await expect(page).toHaveURL(/\/registration\/claim$/)
    await expect(page.getByRole('status')).toHaveText(fr('claim.pending', { protocol: isolate(protocol) }))
    await page.getByRole('button', { name: fr('claim.link') }).click()
    await expect(page.getByRole('status')).toHaveText(fr('claim.done.linked'))

    await page.goto('/registration?lng=fr')
    await expect(page.getByText(protocol)).toBeVisible()
  })
})
