import type { Page } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, logInAs, randomDigits, test, tr } from './fixtures'
import { isolate } from '../../app/ui/bidi'

const r = (key: string, vars: Record<string, string> = {}) => tr('pt-BR', 'registration', key, vars)

/** A desk registration, approved at once; returns its protocol. */
async function registerAndApprove(
  page: Page,
  fullName: string,
  documentType: string,
  documentNumber: string,
) {
  await page.goto('/staff/registrations/new')
  await page.getByLabel(r('fields.fullName')).fill(fullName)
  await page.getByLabel(r('fields.birthDate')).fill('1983-06-21')
  await page.getByLabel(r('fields.nationality'), { exact: true }).selectOption('VE')
  await page.getByLabel(r('genders.woman'), { exact: true }).check()
  await page.getByLabel(r('fields.subprefecture')).selectOption({ label: 'Sé' })
  await page.getByLabel(r('fields.documentType')).selectOption(documentType)
  await page.getByLabel(r('fields.documentNumber')).fill(documentNumber)
  await page.getByLabel(r('fields.preferredLanguage')).selectOption('es')
  await page.getByLabel(r('consent.agree')).check()
  await page.getByRole('button', { name: r('assisted.submit') }).click()
  await expect(page.getByRole('status')).toHaveText(r('receipt.saved'))
  const protocol = (await page.locator('.receipt .protocol').innerText()).trim()
  await page.goto('/staff/registrations?sort=newest')
  await page.getByRole('link', { name: protocol }).click()
  await page.getByRole('button', { name: r('review.approve'), exact: true }).click()
  await expect(page.locator('.status-badge').first()).toHaveText(r('status.approved'))
  return protocol
}

test('the secretariat finds a person approved twice with two documents and keeps one registration', async ({
  page,
}) => {
  const tag = Array.from(
    { length: 8 },
    () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)],
  ).join('')
  await logInAs(page, 'secretariat')
  const first = await registerAndApprove(page, `María José Pérez ${tag}`, 'passport', `P${randomDigits(8)}`)
  // The same person at another desk: no accents, other case and spacing, another document.
  const second = await registerAndApprove(
    page,
    `  PEREZ maria jose ${tag.toUpperCase()} `,
    'crnm',
    `V${randomDigits(6)}-X`,
  )

  await page.goto('/staff/registrations')
  await page.locator('a[href="/staff/registrations/duplicates"]').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(r('duplicates.title'))
  const [a, b] = [first, second].sort() // the page does not order pairs by protocol; find ours by its heading
  const pair = page
    .getByRole('region')
    .filter({ has: page.getByRole('heading', { name: new RegExp(`${a}|${b}`) }) })
  await expect(pair).toHaveCount(1)
  await expect(pair.getByRole('link', { name: first })).toBeVisible()
  await expect(pair.getByRole('link', { name: second })).toBeVisible()
  await expectNoSeriousAxeViolations(page)

  await pair
    .getByRole('button', { name: r('duplicates.same', { keep: isolate(first), withdraw: isolate(second) }) })
    .click()
  await expect(page.getByRole('status').filter({ hasText: r('duplicates.done.same') })).toBeVisible()
  await expect(page.getByRole('link', { name: second })).toHaveCount(0)

  // The withdrawn registration says why, and names the one kept.
  await page.goto('/staff/registrations?sort=newest')
  await page.getByRole('link', { name: second }).click()
  await expect(page.locator('.status-badge').first()).toHaveText(r('status.rejected'))
  await expect(page.getByText(r('reasons.duplicate'))).toBeVisible()
})
