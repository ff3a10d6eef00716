import type { Page } from '@playwright/test'
import { expect, logInAs, randomDigits, registerAtDesk, signUpFresh, test, tr } from './fixtures'

const r = (key: string, lng = 'pt-BR') => tr(lng, 'registration', key)

test('the secretariat registers a person at a desk and prints a receipt in the person’s language', async ({
  page,
}) => {
  await logInAs(page, 'secretariat')
  const protocol = await registerAtDesk(page, {
    fullName: 'Marie Joseph',
    birthDate: '1979-11-02',
    gender: 'woman',
    documentType: 'crnm',
    documentNumber: `F${randomDigits(6)}-X`,
    language: 'ht',
  })
  const receipt = page.locator('.receipt')
  await expect(receipt).toHaveAttribute('lang', 'ht')
  await expect(receipt.getByRole('heading')).toHaveText(r('receipt.heading', 'ht'))
  expect(protocol).toMatch(/^CMI-\d{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)

  // The person checks the status with the receipt, without an account.
  await page.context().clearCookies()
  await page.goto('/registration/status?lng=ht')
  await page.getByLabel(r('check.protocol', 'ht')).fill(protocol.toLowerCase())
  await page.getByLabel(r('fields.birthDate', 'ht')).fill('1979-11-02')
  await page.getByRole('button', { name: r('check.submit', 'ht') }).click()
  await expect(page.locator('.status-badge')).toHaveText(r('status.pending', 'ht'))
})

test('a reviewer approves a registration and the person sees “approved”; the same document again goes to review, unflagged to the person', async ({
  page,
  browser,
}) => {
  const documentNumber = `P${randomDigits(8)}`
  await signUpFresh(page, 'fr', 'Amina Diallo')
  await page.goto('/registration/about')
  await page.getByLabel(r('fields.fullName', 'fr')).fill('Amina Diallo')
  await page.getByLabel(r('fields.birthDate', 'fr')).fill('1995-02-20')
  await page.getByLabel(r('fields.nationality', 'fr'), { exact: true }).selectOption('SN')
  await page.getByLabel(r('genders.woman', 'fr'), { exact: true }).check()
  await page.getByRole('button', { name: r('wizard.next', 'fr') }).click()
  await page.getByLabel(r('fields.subprefecture', 'fr')).selectOption({ label: 'Sé' })
  await page.getByRole('button', { name: r('wizard.next', 'fr') }).click()
  await page.getByLabel(r('fields.documentType', 'fr')).selectOption('passport')
  await page.getByLabel(r('fields.documentNumber', 'fr')).fill(documentNumber)
  await page.getByRole('button', { name: r('wizard.next', 'fr') }).click()
  await page.getByLabel(r('consent.agree', 'fr')).check()
  await page.getByRole('button', { name: r('wizard.next', 'fr') }).click()
  await page.getByRole('button', { name: r('wizard.submit', 'fr') }).click()
  await expect(page.locator('.status-badge')).toHaveText(r('status.pending', 'fr'))
  const protocol = (await page.locator('.card strong.mono').innerText()).trim()

  const staff = await browser.newPage()
  await logInAs(staff, 'secretariat')
  await staff.goto('/staff/registrations?sort=newest')
  await staff.getByRole('link', { name: protocol }).click()
  await expect(staff.getByRole('heading', { level: 1 })).toContainText(protocol)
  await staff.getByRole('button', { name: r('review.approve'), exact: true }).click()
  await expect(staff.locator('.status-badge').first()).toHaveText(r('status.approved'))
  await staff.close()

  await page.reload()
  await expect(page.locator('.status-badge')).toHaveText(r('status.approved', 'fr'))

  // Someone else trying the same passport number is stopped with a clear message.
  const other = await browser.newPage()
  await signUpFresh(other, 'pt-BR')
  await other.goto('/registration/about')
  await other.getByLabel(r('fields.fullName')).fill('Outra Pessoa')
  await other.getByLabel(r('fields.birthDate')).fill('1990-01-01')
  await other.getByLabel(r('fields.nationality'), { exact: true }).selectOption('SN')
  await other.getByLabel(r('genders.man'), { exact: true }).check()
  await other.getByRole('button', { name: r('wizard.next') }).click()
  await other.getByLabel(r('fields.subprefecture')).selectOption({ label: 'Sé' })
  await other.getByRole('button', { name: r('wizard.next') }).click()
  await other.getByLabel(r('fields.documentType')).selectOption('passport')
  await other.getByLabel(r('fields.documentNumber')).fill(documentNumber.toLowerCase())
  await other.getByRole('button', { name: r('wizard.next') }).click()
  await other.getByLabel(r('consent.agree')).check()
  await other.getByRole('button', { name: r('wizard.next') }).click()
  await other.getByRole('button', { name: r('wizard.submit') }).click()
  // Not told that the document is on the census (#16.10): the registration waits for review like
  // any other, and the secretariat sees it as a possible duplicate.
  await expect(other.locator('.status-badge')).toHaveText(r('status.pending'))
  await expect(other.getByText(tr('pt-BR', 'validation', 'document_taken'))).toHaveCount(0)
  await other.close()
})

/** A list as desks fill it in: two valid lines and one without consent. */
const importList = () =>
  [
    'full_name,birth_date,nationality,gender,subprefecture,document_type,document_number,consent',
    `Lucía Pérez,1988-07-14,PE,woman,Sé,passport,L${randomDigits(8)},sim`,
    `Jean Baptiste,1991-03-02,HT,man,Mooca,passport,J${randomDigits(8)},sim`,
    `Sem Consentimento,1990-01-01,SN,woman,Sé,passport,S${randomDigits(8)},`,
  ].join('\n')

async function importAList(page: Page) {
  await page.goto('/staff/registrations/import')
  await page.getByLabel(r('import.file')).setInputFiles({
    name: 'lista.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(importList()),
  })
  await page.getByRole('button', { name: r('import.check') }).click()
  await expect(page).toHaveURL(/\/staff\/registrations\/import\?job=/)
  // The check runs in the background; the page follows it until the report is there.
  const counts = tr('pt-BR', 'registration', 'import.counts', { total: '3', valid: '2', rejected: '1' })
  await expect(page.getByText(counts)).toBeVisible({ timeout: 30_000 })
  await page
    .getByRole('button', { name: tr('pt-BR', 'registration', 'import.confirm', { count: 2 }) })
    .click()
  await expect(page.getByRole('heading', { name: r('import.doneTitle') })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByText(tr('pt-BR', 'registration', 'import.imported', { count: 2 }))).toBeVisible()
}

test('the secretariat imports a list: the page follows the check and the import in the background', async ({
  page,
}) => {
  await logInAs(page, 'secretariat')
  await importAList(page)
})

test('the secretariat imports a list with JavaScript off: the page reloads itself until each job is done', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await logInAs(page, 'secretariat')
  await importAList(page)
  await context.close()
})
