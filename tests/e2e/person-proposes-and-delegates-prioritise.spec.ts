import { expect, logInAs, signUpFresh, test, tr } from './fixtures'

// The conference story on the demo 2026 edition (open for proposals in the seed): a person writes
// a proposal in French without JavaScript, the secretariat merges it with a similar one, the demo
// delegate approves the consolidated proposal, and the final report shows it approved.
test.describe.configure({ mode: 'serial' })

const EDITION = '/conference/demo-conference-2026'
const c = (lng: string, key: string, vars: Record<string, string | number> = {}) =>
  tr(lng, 'conference', key, vars)
const FRENCH_TITLE = 'Cours de portugais le soir'
const MERGED_TITLE = 'Português à noite e aos sábados'
const approveButton = () => new RegExp(`^${c('pt-BR', 'vote.approve')}\\s*: ${MERGED_TITLE}$`)

async function advance(page: import('@playwright/test').Page, phase: string) {
  await page.goto(`/staff${EDITION}`)
  await page
    .getByRole('button', { name: c('pt-BR', 'manage.advance', { phase: c('pt-BR', `phases.${phase}`) }) })
    .click()
  await expect(page.getByText(c('pt-BR', 'manage.done.phase'))).toBeVisible()
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a person submits a proposal in French', async ({ page }) => {
    await signUpFresh(page, 'fr', 'Marie Louis')
    await page.goto(`${EDITION}/proposals/new?lng=fr`)
    await page.getByRole('button', { name: c('fr', 'propose.submit') }).click()
    await expect(page.getByText(tr('fr', 'validation', 'choose_option'))).toBeVisible()
    await page
      .getByLabel(c('fr', 'propose.axis'))
      .selectOption({ label: tr('fr', 'reference', 'axes.education') })
    await page.getByLabel(c('fr', 'propose.titleField')).fill(FRENCH_TITLE)
    await page
      .getByLabel(c('fr', 'propose.body'), { exact: true })
      .fill('Ouvrir des cours de portugais le soir pour les personnes qui travaillent.')
    await page.getByRole('button', { name: c('fr', 'propose.submit') }).click()
    await expect(page.getByText(c('fr', 'proposal.done.submitted'))).toBeVisible()
    await expect(page.getByRole('heading', { level: 1, name: FRENCH_TITLE })).toHaveAttribute('lang', 'fr')
  })
})

test.describe('with JavaScript', () => {
  test('the secretariat merges it with a similar proposal, keeping both originals linked', async ({
    page,
  }) => {
    await logInAs(page, 'secretariat')
    await advance(page, 'systematisation')
    await page.getByLabel(new RegExp(FRENCH_TITLE)).check()
    await page.getByLabel(/Clases de portugués los sábados/).check()
    await page
      .getByLabel(c('pt-BR', 'propose.axis'))
      .selectOption({ label: tr('pt-BR', 'reference', 'axes.education') })
    await page.getByLabel(c('pt-BR', 'manage.mergedTitle')).fill(MERGED_TITLE)
    await page
      .getByLabel(c('pt-BR', 'manage.mergedBody'))
      .fill('Turmas de português à noite e aos sábados para quem trabalha.')
    await page.getByRole('button', { name: c('pt-BR', 'manage.mergeSubmit') }).click()
    await expect(page.getByText(c('pt-BR', 'proposal.done.merged'))).toBeVisible()
    const originals = page
      .getByRole('region', { name: c('pt-BR', 'proposal.originals', { n: 2 }) })
      .or(page.locator('section[aria-labelledby="originals"]'))
    await expect(originals.getByRole('link')).toHaveCount(2)
    await originals.getByRole('link', { name: FRENCH_TITLE }).click()
    await expect(page.getByRole('link', { name: MERGED_TITLE })).toBeVisible()
    await advance(page, 'delegates_vote')
  })

  test('the delegate approves the consolidated proposal', async ({ page }) => {
    await logInAs(page, 'delegate')
    await page.goto(`${EDITION}/vote`)
    await page.getByRole('button', { name: approveButton() }).click()
    await expect(page.getByText(c('pt-BR', 'vote.recorded'))).toBeVisible()
    await expect(page.getByRole('button', { name: approveButton() })).toHaveCount(0)
  })

  test('the final report shows the result', async ({ page }) => {
    await logInAs(page, 'secretariat')
    await advance(page, 'final_report')
    await page.goto(`${EDITION}/report`)
    const row = page.getByRole('row', { name: new RegExp(MERGED_TITLE) })
    await expect(row).toContainText(c('pt-BR', 'statuses.approved'))
    await expect(row.getByRole('cell').nth(1)).toHaveText('1')
    const csv = await page.request.get('/open-data/conferences/demo-conference-2026/proposals.csv')
    expect(await csv.text()).toContain(FRENCH_TITLE)
  })
})
