import { formatDate } from '../../app/ui/format'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr } from './fixtures'

// Issue #19 (plurals, numbers and dates): a count picks the reader's plural form (Arabic has six,
// Chinese one) and is written by Intl in the reader's language, and a birth date is a date in that
// language, never "1990-05-17". Read from the server's HTML (JavaScript off); one page again with
// JavaScript on, where the browser's i18next and Intl must say the same after hydrating.

// The count a page reports, read from its Portuguese text ("1.234 propostas encontradas.").
async function countIn(page: import('@playwright/test').Page, path: string): Promise<number> {
  await page.goto(`${path}?lng=pt-BR`)
  const text = await page.getByRole('status').first().innerText()
  const digits = /(\d[\d.]*)/.exec(text)?.[1]
  expect(digits, text).toBeDefined()
  return Number(digits!.replace(/\./g, ''))
}

test.describe('JavaScript off', () => {
  test.use({ javaScriptEnabled: false })

  for (const [path, ns, key] of [
    ['/conference/demo-conference-2019/proposals', 'conference', 'proposals.found'],
    ['/plan/actions', 'plan', 'actions.count'],
  ] as const) {
    test(`${path}: the count reads in Arabic and Chinese plural forms`, async ({ page }) => {
      const count = await countIn(page, path)
      expect(count).toBeGreaterThan(0)
      for (const lng of ['ar', 'zh'] as const) {
        await page.goto(`${path}?lng=${lng}`)
        await expect(page.getByRole('status').first()).toHaveText(tr(lng, ns, key, { count }))
      }
      // The Arabic form is the one Intl.PluralRules picks: for 3–10 not the form for 11–99.
      const category = new Intl.PluralRules('ar').select(count)
      await page.goto(`${path}?lng=ar`)
      await expect(page.getByRole('status').first()).toHaveText(tr('ar', ns, `${key}_${category}`, { count }))
    })
  }

  test('a registration shows the birth date in Arabic, not as an ISO date', async ({ page }) => {
    await logInAs(page, 'secretariat')
    await page.goto('/staff/registrations/demo-reg-044?lng=ar')
    const r = (key: string) => tr('ar', 'registration', key)
    const born = page
      .locator('dt', { hasText: r('fields.birthDate') })
      .locator('xpath=following-sibling::dd[1]')
    const time = born.locator('time')
    const iso = await time.getAttribute('datetime')
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await expect(time).toHaveText(formatDate(iso!, 'ar'))
    await expect(born).not.toContainText(iso!)
    await page.goto('/?lng=pt-BR') // the demo secretariat's language back to Portuguese for other tests
  })
})

test('with JavaScript, a hydrated page keeps the Arabic count and passes axe', async ({ page }) => {
  // Public pages are sent without scripts (ADR 038); the census cycles page is a staff page, which
  // hydrates, and the closed 2024 cycle's count of registrations does not move while specs run.
  await logInAs(page, 'secretariat')
  const closedCycle = page
    .locator('li.card')
    .filter({ has: page.getByRole('heading', { name: 'Eleição CMI 2024', exact: true }) })
    .locator('p')
    .first()
  await page.goto('/staff/census/cycles?lng=pt-BR')
  // The last number of the line ("… · Dia da eleição: 13/12/2024 · 1.234 inscrições").
  const digits = ((await closedCycle.innerText()).match(/\d[\d.]*/g) ?? []).at(-1) ?? ''
  const count = Number(digits.replace(/\./g, ''))
  expect(count).toBeGreaterThan(0)
  await page.goto('/staff/census/cycles?lng=ar')
  await page.waitForLoadState('networkidle')
  await expect(closedCycle).toContainText(tr('ar', 'registration', 'cycles.registrations', { count }))
  await expectNoSeriousAxeViolations(page)
  await page.goto('/?lng=pt-BR') // the demo secretariat's language back to Portuguese for other tests
})
