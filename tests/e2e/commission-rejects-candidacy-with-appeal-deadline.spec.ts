import type { Browser, Page } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, logInAs, signUpFresh, test, tr, unique } from './fixtures'

// Issue #18, ADR 024: the appeal window is the election's data. With JavaScript off, the electoral
// commission sets the appeal days with the calendar, then rejects a candidacy; the candidate, who
// reads the site in Spanish, finds the rejection notice in their language in the outbox, and on
// their candidacy card the date until which they may appeal, with the appeal form. The public page
// states the days; the candidate's page passes axe.

test.use({ javaScriptEnabled: false })
test.describe.configure({ mode: 'serial' })

const el = (key: string, vars?: Record<string, string>) => tr('pt-BR', 'elections', key, vars)
const es = (key: string, vars?: Record<string, string | number>) => tr('es', 'elections', key, vars)
const PROOF = {
  name: 'declaracion.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n% Declaración de actuación en la ciudad.\n%%EOF\n'),
}
const ORGANISATION = `Red Migrante e2e ${unique()}`
let electionId = ''

async function advance(page: Page, phase: string) {
  await page.getByRole('button', { name: el('manage.advance', { phase: el(`phases.${phase}`) }) }).click()
  await expect(page.getByText(el('manage.moved', { phase: el(`phases.${phase}`) }))).toBeVisible()
}

/** The commission creates a CMI election and opens candidacies. */
async function openCmiElection(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await logInAs(page, 'electoral_commission')
  await page.goto('/staff/elections?lng=pt-BR')
  await page.locator('input[name="title_pt-BR"]').fill(`Eleição CMI recursos ${unique()}`)
  await page.locator('input[name="drawSeed"]').fill('DOC e2e')
  await page.getByRole('button', { name: el('staff.createSubmit') }).click()
  await expect(page).toHaveURL(/\/staff\/elections\/[^/?]+/)
  const id = new URL(page.url()).pathname.split('/')[3]!
  await advance(page, 'candidacy_open')
  await context.close()
  return id
}

test.beforeAll(async ({ browser }) => {
  electionId = await openCmiElection(browser)
})

test('the commission sets the appeal days and rejects; the candidate is told until when to appeal', async ({
  page,
  browser,
}) => {
  // A supporting organisation applies (its representative need not be on the census).
  const email = await signUpFresh(page, 'es', 'Marta Quispe')
  await page.goto(`/elections/${electionId}/apply?lng=es`)
  await page.getByLabel(es('apply.contest')).selectOption({ label: es('segments.B') })
  await page.getByLabel(es('apply.kinds.supporting_organisation')).check()
  await page.getByLabel(es('apply.organisationName'), { exact: true }).fill(ORGANISATION)
  await page.getByLabel(es('apply.alternateRepresentative')).fill('Rubén Mamani')
  await page.getByLabel(es('apply.proof')).setInputFiles(PROOF)
  await page.getByLabel(es('apply.representativeName'), { exact: true }).fill('Marta Quispe')
  await page.getByLabel(es('apply.representativeDocumentType')).selectOption('rg')
  await page.getByLabel(es('apply.representativeDocumentNumber')).fill('23.456.789-0')
  await page.getByLabel(es('apply.representativeBirthDate')).fill('04/05/1975')
  await page.getByLabel(es('apply.representativeGender')).selectOption('woman')
  await page.getByLabel(es('apply.statement'), { exact: true }).fill('Acogida y clases de portugués.')
  for (const check of ['checkEligible', 'checkRules', 'checkPublic'])
    await page.getByLabel(es(`apply.${check}`)).check()
  await page.getByRole('button', { name: es('apply.submit') }).click()
  await expect(page.getByText(es('overview.done.applied'))).toBeVisible()

  // The commission, without JavaScript: review, the appeal days, the rejection.
  const commission = await browser.newContext({ javaScriptEnabled: false })
  const staff = await commission.newPage()
  await logInAs(staff, 'electoral_commission')
  await staff.goto(`/staff/elections/${electionId}?lng=pt-BR`)
  await advance(staff, 'review')
  const days = staff.getByLabel(el('manage.appealDays'))
  await expect(days).toHaveValue('10')
  // The browser holds the bounds too (a post outside them is refused beside the field by the
  // server: tests/integration/elections/appeal-window-routes.test.ts).
  await expect(days).toHaveAttribute('min', '1')
  await expect(days).toHaveAttribute('max', '60')
  await days.fill('7')
  await staff.getByRole('button', { name: el('manage.saveCalendar') }).click()
  await expect(staff.getByText(el('manage.saved.calendar'))).toBeVisible()
  await expect(days).toHaveValue('7')
  const card = staff.locator('article', { hasText: ORGANISATION })
  await card.getByLabel(el('manage.reason')).fill('Falta a declaração assinada.')
  await card.getByRole('button', { name: el('manage.reject') }).click()
  await expect(staff.getByText(el('manage.saved.decision'))).toBeVisible()
  await expect(staff.locator('article', { hasText: ORGANISATION })).toContainText(el('manage.appealDeadline'))
  await commission.close()

  // The notice, in Spanish, with the deadline.
  const rejected = tr('es', 'notices', 'templates.candidacy_rejected.subject', { election: '' })
  await expect(async () => {
    await page.goto('/dev/outbox')
    await expect(
      page.locator('article', { hasText: email }).filter({ hasText: rejected }).first(),
    ).toBeVisible({
      timeout: 1000,
    })
  }).toPass({ timeout: 15_000 })

  // The candidate's card: the reason, the date, the form; the public calendar: the days.
  await page.goto(`/elections/${electionId}?lng=es`)
  await expect(page.getByText('Falta a declaração assinada.')).toBeVisible()
  await expect(page.getByText(es('overview.appealUntil'))).toBeVisible()
  await expect(page.getByLabel(es('overview.appealText'))).toBeVisible()
  await expect(page.getByText(es('overview.appealWindow', { count: 7 }))).toBeVisible()

  // The same page with JavaScript, through axe.
  const withJs = await browser.newContext({
    javaScriptEnabled: true,
    storageState: await page.context().storageState(),
  })
  const checked = await withJs.newPage()
  await checked.goto(`/elections/${electionId}?lng=es`)
  await expect(checked.getByText(es('overview.appealUntil'))).toBeVisible()
  await expectNoSeriousAxeViolations(checked)
  await withJs.close()
})
