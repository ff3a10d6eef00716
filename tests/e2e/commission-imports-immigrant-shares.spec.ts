import { formatNumber } from '../../app/ui/format'
import { demoSharesCsv } from '../../db/seed/immigrant-shares'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr } from './fixtures'

// Issue #17: the electoral commission imports the immigrant share per subprefecture and sees the
// Participatory Council seats it gives; the public CPM election page shows them in every language.

const el = (key: string, vars: Record<string, string | number> = {}) => tr('pt-BR', 'elections', key, vars)
const csvFile = (text: string) => ({
  name: 'subprefeituras.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(text),
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the commission imports the shares, previews the seats under other thresholds, and a bad file is refused with its lines', async ({
    page,
  }) => {
    await logInAs(page, 'electoral_commission')
    await page.goto('/staff/elections?lng=pt-BR')
    await page.getByRole('link', { name: el('shares.previewLink') }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(el('shares.title'))

    // The demo's own figures again: the state other tests see stays the same.
    await page.getByLabel(el('shares.file')).setInputFiles(csvFile(demoSharesCsv()))
    await page.getByRole('button', { name: el('shares.importSubmit') }).click()
    await expect(page.getByRole('status')).toHaveText(el('shares.imported', { count: 32 }))
    await expect(page.getByText(el('shares.totalSeats', { count: 38 }))).toBeVisible()
    const table = page.getByRole('table', { name: el('shares.previewTitle') })
    const se = table.getByRole('row', { name: /^Sé / })
    await expect(se.getByRole('cell').last()).toHaveText('3')
    await expect(se).toContainText('6,10 %')
    await expect(se).toContainText('Ilustrativo — não oficial (demo)')

    // Thresholds edited on the preview (a GET form): at least 2 seats everywhere.
    await page.getByLabel(el('staff.minSeats')).fill('2')
    await page.getByRole('button', { name: el('shares.previewSubmit') }).click()
    await expect(page.getByText(el('shares.totalSeats', { count: 66 }))).toBeVisible()
    await page.getByLabel(el('staff.shareSteps')).fill('três por cento')
    await page.getByRole('button', { name: el('shares.previewSubmit') }).click()
    await expect(page.getByText(tr('pt-BR', 'validation', 'share_steps_invalid'))).toBeVisible()
    await expect(page.getByLabel(el('staff.shareSteps'))).toHaveValue('três por cento')
    await page.getByLabel(el('staff.shareSteps')).fill('>3:2; 4:3')
    await page.getByRole('button', { name: el('shares.previewSubmit') }).click()

    // The creation form opens with the same thresholds.
    await page.getByRole('link', { name: el('shares.createWith') }).click()
    await expect(page.locator('input[name="minSeats"]')).toHaveValue('2')
    await expect(page.locator('input[name="shareSteps"]')).toHaveValue('>3:2; 4:3')
    await expect(page.getByLabel(tr('pt-BR', 'elections', 'bodies.cpm'))).toBeChecked()

    // A file with wrong lines: nothing imported, each line said.
    await page.goto('/staff/elections/shares?lng=pt-BR')
    const bad = demoSharesCsv()
      .replace('Butantã,5995', 'Atlantis,5995')
      .replace('Lapa,6722,305526', 'Lapa,306000,305526')
    await page.getByLabel(el('shares.file')).setInputFiles(csvFile(bad))
    await page.getByRole('button', { name: el('shares.importSubmit') }).click()
    const alert = page.getByRole('alert')
    await expect(alert).toContainText(el('shares.errors.rows_invalid'))
    await expect(alert).toContainText(
      el('shares.problemLine', {
        line: '3',
        column: el('shares.columns.subprefecture'),
        problem: el('shares.problems.unknown_subprefecture', { value: 'Atlantis' }),
      }),
    )
    await expect(alert).toContainText(
      el('shares.problemLine', {
        line: '17',
        column: el('shares.columns.immigrant_population'),
        problem: el('shares.problems.immigrant_over_total'),
      }),
    )
    await expect(page.getByText(el('shares.totalSeats', { count: 38 }))).toBeVisible()
  })
})

test('a visitor reads the CPM seats per subprefecture, with the share, its source and date, in Arabic', async ({
  page,
}) => {
  await page.goto('/elections/demo-election-cpm-2026?lng=ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  const ar = (key: string, vars: Record<string, string | number> = {}) => tr('ar', 'elections', key, vars)
  await expect(page.getByText(ar('shares.publicIntro', { count: 38 }))).toBeVisible()
  const table = page.getByRole('table', { name: ar('shares.publicCaption') })
  await expect(table.getByRole('columnheader', { name: ar('shares.columns.source') })).toBeVisible()
  const mooca = table.getByRole('row', { name: /Mooca/ })
  await expect(mooca.getByRole('cell').last()).toHaveText(formatNumber(3, 'ar'))
  await expect(mooca).toContainText('Ilustrativo — não oficial (demo)')
  await expect(table.getByRole('row').last()).toContainText(formatNumber(38, 'ar'))
  await expect(page.getByRole('link', { name: ar('shares.openData') })).toHaveAttribute(
    'href',
    '/open-data/subprefectures.json',
  )
  await expectNoSeriousAxeViolations(page)
})
