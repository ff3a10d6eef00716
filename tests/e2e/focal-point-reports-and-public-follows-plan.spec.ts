import { expect, logInAs, test, tr } from './fixtures'

// The monitoring story on the demo plan: the SMDHC focal point posts an update for the
// "campaigns a year" indicator, the secretariat publishes it, and the public dashboard, the
// indicator page and the CSV show it — read without JavaScript. The traceability page links a
// consultation contribution to the goal it changed.
test.describe.configure({ mode: 'serial' })

const p = (lng: string, key: string, vars: Record<string, string> = {}) => tr(lng, 'plan', key, vars)
const INDICATOR = '/plan/indicators/demo-plan-2021-a4.1.1-i1'
const EVIDENCE = `Campanhas do 1º semestre de 2025 — relatório e2e ${Date.now()}`

test('the focal point posts an update; bad input is explained next to the field', async ({ page }) => {
  await logInAs(page, 'plan_reporter')
  await page.goto('/staff/plan')
  await page.getByRole('link', { name: /^4\.1\.1\.1 — / }).click()
  const form = page.locator('section[aria-labelledby="report-progress"]')
  await form.getByLabel(p('pt-BR', 'indicator.referenceDate')).fill('2025-06-30')
  await form.getByLabel(p('pt-BR', 'indicator.valueIn', { unit: 'campanhas' })).fill('dois')
  await form.getByLabel(p('pt-BR', 'actions.status')).selectOption('achieved')
  await form.getByLabel(p('pt-BR', 'indicator.evidence'), { exact: true }).fill(EVIDENCE)
  await form.getByRole('button', { name: p('pt-BR', 'indicator.submit') }).click()
  await expect(page.getByText(tr('pt-BR', 'validation', 'number_invalid'))).toBeVisible()
  await expect(form.getByLabel(p('pt-BR', 'indicator.evidence'), { exact: true })).toHaveValue(EVIDENCE)
  await form.getByLabel(p('pt-BR', 'indicator.valueIn', { unit: 'campanhas' })).fill('2')
  await form.getByRole('button', { name: p('pt-BR', 'indicator.submit') }).click()
  await expect(page.getByText(p('pt-BR', 'indicator.submitted'))).toBeVisible()
  await expect(page.locator('section[aria-labelledby="mine"]')).toContainText(p('pt-BR', 'reviews.pending'))
})

test('the secretariat publishes it', async ({ page }) => {
  await logInAs(page, 'secretariat')
  await page.goto('/staff/plan')
  const card = page.locator('li.card', { hasText: EVIDENCE })
  await card.getByRole('button', { name: p('pt-BR', 'staff.publish') }).click()
  await expect(page.getByText(p('pt-BR', 'staff.done.publish'))).toBeVisible()
  await expect(page.locator('li.card', { hasText: EVIDENCE })).toHaveCount(0)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the public indicator page, the dashboard and the CSV show the published value', async ({ page }) => {
    await page.goto(`${INDICATOR}?lng=es`)
    const history = page.locator('section[aria-labelledby="history"]')
    await expect(history.getByRole('row', { name: new RegExp(EVIDENCE.slice(0, 30)) })).toContainText(
      p('es', 'statuses.achieved'),
    )
    await expect(history.getByRole('img')).toBeVisible()
    await page.goto('/plan?lng=es')
    await expect(page.getByRole('heading', { level: 1, name: p('es', 'dashboard.title') })).toBeVisible()
    const axisRow = page
      .locator('#by-axis')
      .locator('..')
      .getByRole('row', { name: new RegExp(tr('es', 'reference', 'axes.human_rights')) })
    await expect(axisRow).toBeVisible()
    await expect(page.getByText(p('es', 'demoNotice'))).toBeVisible()
    // The dashboard's data now run to the published update's reference date.
    await page.goto('/plan?lng=pt-BR')
    await expect(page.locator('main')).toContainText(
      `${p('pt-BR', 'dashboard.lastUpdate')} 30 de junho de 2025`,
    )
    const csv = await page.request.get('/open-data/plan.csv')
    const line = (await csv.text()).split('\r\n').find((l) => l.includes(',4.1.1.1,'))!
    expect(line).toContain(',2,achieved,2025-06-30,1')
  })

  test('the traceability page links a consultation contribution to the goal it changed', async ({ page }) => {
    await page.goto('/plan/trace/human_rights?lng=pt-BR')
    const action = page.locator('li.card', { has: page.getByRole('link', { name: /^4\.1\.2 — / }) })
    const contribution = action.locator('.origin--contribution')
    await expect(contribution.first().locator('blockquote[lang="fr"]')).toContainText('formateurs')
    await contribution.first().getByRole('link').click()
    await expect(page).toHaveURL(
      /\/consultations\/demo-consultation-plan-revision\/p\/demo-consultation-plan-revision-p1-1/,
    )
    await expect(page.locator('p[lang="fr"]', { hasText: 'formateurs' })).toBeVisible()
    await expect(page.getByText(tr('pt-BR', 'consultations', 'thread.changed')).first()).toBeVisible()
  })
})
