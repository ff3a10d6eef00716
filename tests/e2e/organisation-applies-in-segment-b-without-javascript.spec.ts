import type { Browser } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, logInAs, signUpFresh, test, tr, unique } from './fixtures'
import { isolate } from '../../app/ui/bidi'

// Issue #17: a supporting organisation (segment B) applies for the CMI with JavaScript off. Its
// representative need not be on the census, so a fresh account with no voter registration applies;
// one invalid field first (message beside it, the rest kept), then the candidacy goes through with
// a proof of work in the city that only the electoral commission can open. The form is also read in
// Arabic: right to left, translated, and through axe.

test.use({ javaScriptEnabled: false })
test.describe.configure({ mode: 'serial' })

const el = (key: string, vars?: Record<string, string>) => tr('pt-BR', 'elections', key, vars)
const PROOF = {
  name: 'declaracao-de-atuacao.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n% Declaração: a missão atua no centro desde 2015.\n%%EOF\n'),
}
let electionId = ''

/** The commission creates a CMI election and opens candidacies (with JavaScript, like staff). */
async function openCmiElection(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: true })
  const page = await context.newPage()
  await logInAs(page, 'electoral_commission')
  await page.goto('/staff/elections?lng=pt-BR')
  await page.locator('input[name="title_pt-BR"]').fill(`Eleição CMI e2e ${unique()}`)
  await page.locator('input[name="drawSeed"]').fill('DOC e2e')
  await page.getByRole('button', { name: el('staff.createSubmit') }).click()
  await expect(page).toHaveURL(/\/staff\/elections\/[^/?]+/)
  const id = new URL(page.url()).pathname.split('/')[3]
  await page
    .getByRole('button', { name: el('manage.advance', { phase: el('phases.candidacy_open') }) })
    .click()
  await expect(page.getByText(el('manage.moved', { phase: el('phases.candidacy_open') }))).toBeVisible()
  await context.close()
  return id
}

test.beforeAll(async ({ browser }) => {
  electionId = await openCmiElection(browser)
})

test('a supporting organisation applies in segment B without JavaScript, with a proof only the commission opens', async ({
  page,
  browser,
}) => {
  const v = (key: string) => tr('pt-BR', 'validation', key)
  await signUpFresh(page, 'pt-BR', 'Padre Antônio')
  await page.goto(`/elections/${electionId}/apply?lng=pt-BR`)
  // Who stands in each segment is said where the contest is chosen.
  await expect(page.getByText(el('segmentHelp.B'))).toBeVisible()
  await page.getByLabel(el('apply.contest')).selectOption({ label: el('segments.B') })
  await page.getByLabel(el('apply.kinds.supporting_organisation')).check()
  await page.getByLabel(el('apply.organisationName'), { exact: true }).fill('Missão Acolhida e2e')
  await page.getByLabel(el('apply.alternateRepresentative')).fill('Padre Antônio Souza')
  await page.getByLabel(el('apply.proof')).setInputFiles(PROOF)
  await page.getByLabel(el('apply.representativeName'), { exact: true }).fill('Irmã Lúcia Ferreira')
  await page.getByLabel(el('apply.representativeDocumentType')).selectOption('rg')
  await page.getByLabel(el('apply.representativeDocumentNumber')).fill('12.345.678-9')
  await page.getByLabel(el('apply.representativeBirthDate')).fill('31/02/1968') // no such day
  await page.getByLabel(el('apply.representativeGender')).selectOption('woman')
  await page
    .getByLabel(el('apply.statement'), { exact: true })
    .fill('Casa de acolhida e aulas de português no centro.')
  for (const check of ['checkEligible', 'checkRules', 'checkPublic'])
    await page.getByLabel(el(`apply.${check}`)).check()
  await page.getByRole('button', { name: el('apply.submit') }).click()

  const birthDate = page.getByLabel(el('apply.representativeBirthDate'))
  await expect(birthDate).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText(v('birth_date_invalid'))).toBeVisible()
  await expect(birthDate).toHaveValue('31/02/1968')
  await expect(page.getByLabel(el('apply.organisationName'), { exact: true })).toHaveValue(
    'Missão Acolhida e2e',
  )
  await expect(page.getByLabel(el('apply.representativeName'), { exact: true })).toHaveValue(
    'Irmã Lúcia Ferreira',
  )
  await expect(page.getByLabel(el('apply.kinds.supporting_organisation'))).toBeChecked()

  await birthDate.fill('04/05/1968')
  await page.getByLabel(el('apply.proof')).setInputFiles(PROOF) // a file is never kept by the browser
  await page.getByRole('button', { name: el('apply.submit') }).click()
  await expect(page.getByText(el('overview.done.applied'))).toBeVisible()

  // The proof is not for the applicant's eyes (nor anyone's but the commission's) …
  const commission = await browser.newContext({ javaScriptEnabled: true })
  const staff = await commission.newPage()
  await logInAs(staff, 'electoral_commission')
  await staff.goto(`/staff/elections/${electionId}?lng=pt-BR`)
  const card = staff.locator('article', { hasText: 'Missão Acolhida e2e' })
  await expect(card).toContainText(el('manage.representative', { name: isolate('Irmã Lúcia Ferreira') }))
  await expect(card).toContainText(el('manage.alternate', { name: isolate('Padre Antônio Souza') }))
  const link = card.getByRole('link', { name: /PDF/ })
  const href = (await link.getAttribute('href'))!
  const opened = await staff.request.get(href)
  expect(opened.status()).toBe(200)
  expect(opened.headers()['content-type']).toBe('application/pdf')
  expect(await opened.body()).toEqual(PROOF.buffer)
  await commission.close()
  const refused = await page.request.get(href, { maxRedirects: 0 })
  expect(refused.status()).toBe(403)
})

// axe runs inside the page: this check needs JavaScript.
test.describe('with JavaScript', () => {
  test.use({ javaScriptEnabled: true })

  test('the candidacy form in Arabic reads right to left, fully translated, and passes axe', async ({
    page,
  }) => {
    const ar = (key: string) => tr('ar', 'elections', key)
    await signUpFresh(page, 'ar')
    await page.goto(`/elections/${electionId}/apply?lng=ar`)
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar('apply.title'))
    for (const key of [
      'segmentHelp.A',
      'segmentHelp.B',
      'apply.kinds.supporting_organisation',
      'apply.organisationIntro',
      'apply.representativeIntro',
      'apply.alternateRepresentative',
    ])
      await expect(page.getByText(ar(key), { exact: false }).first()).toBeVisible()
    // Nothing left in Portuguese or as a raw key.
    const text = await page.locator('main').innerText()
    for (const key of [
      'apply.kind',
      'apply.organisation',
      'apply.proof',
      'apply.representative',
      'segmentHelp.C',
    ])
      expect(text).not.toContain(el(key))
    expect(text).not.toMatch(/\b(apply|segmentHelp|segments|manage)\.[a-zA-Z]/)
    await expectNoSeriousAxeViolations(page)
  })
})
