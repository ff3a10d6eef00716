import type { Page } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr } from './fixtures'

// Issue #19: on a 360 px phone, without JavaScript, every table of the demo is read whole — below
// 40rem a TableRegion is shown as cards (CSS only), so no table is wider than its box and no column
// (the decisive one: elected / alternate, a registration's status) is off-screen. The pages are
// listed one by one: a new table page belongs here. And the results page draws each contest as
// bars with their outcome in words, in Portuguese and in Arabic (bars from the right).

test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } })

const RESULTS = '/elections/demo-election-cmi-2024/results'

const PUBLIC = [
  RESULTS,
  '/elections/demo-election-cmi-2024',
  '/elections/demo-election-cpm-2026',
  '/census',
  '/conference/demo-conference-2019',
  '/conference/demo-conference-2019/report',
  '/consultations/demo-consultation-plan-revision/report',
  '/plan',
  '/plan/actions',
  '/plan/actions/demo-plan-2021-a4.1.1',
  '/plan/indicators/demo-plan-2021-a4.1.1-i1',
  '/plan/report',
  '/plan/migracidades',
  '/plan/campaigns',
  '/council/bodies/demo-body-cmi',
]

const STAFF: { path: string; as: string }[] = [
  { path: '/staff/registrations', as: 'secretariat' },
  { path: '/council/bodies/demo-body-cmi', as: 'secretariat' },
  { path: '/staff/elections', as: 'electoral_commission' },
  { path: '/staff/elections/shares', as: 'electoral_commission' },
  { path: '/staff/elections/demo-election-cpm-2026/polling-staff', as: 'electoral_commission' },
  { path: '/admin/users', as: 'admin' },
  { path: '/admin/audit', as: 'admin' },
]

async function open(page: Page, path: string, lng: string) {
  await page.goto(`${path}${path.includes('?') ? '&' : '?'}lng=${lng}`)
  await expect(page.locator('html')).toHaveAttribute('lang', lng)
  await page.waitForLoadState('load')
}

/** Every table: no wider than its box, inside the screen, each cell's right and left edges too. */
async function expectWholeTables(page: Page, what: string, { atLeast = 1 } = {}) {
  const tables = await page.evaluate(() => {
    const screen = document.documentElement.clientWidth
    return Array.from(document.querySelectorAll('main table')).map((table, i) => {
      const box = table.parentElement!
      const outside = Array.from(table.querySelectorAll('tbody td, tbody th, tfoot td, tfoot th'))
        .filter((cell) => (cell as HTMLElement).offsetParent !== null)
        .filter((cell) => {
          const r = cell.getBoundingClientRect()
          return r.left < -1 || r.right > screen + 1
        })
        .map((cell) => (cell.textContent ?? '').trim().slice(0, 30))
      return {
        name: `table ${i + 1} (${table.querySelector('th')?.textContent?.trim().slice(0, 30) ?? ''})`,
        overflow: Math.max(table.scrollWidth, box.scrollWidth) - box.clientWidth,
        outside: outside.slice(0, 3),
      }
    })
  })
  expect(tables.length, `${what}: tables`).toBeGreaterThanOrEqual(atLeast)
  for (const t of tables) {
    expect(t.overflow, `${what}: ${t.name} is wider than its box`).toBeLessThanOrEqual(1)
    expect(t.outside, `${what}: ${t.name} has cells off-screen`).toEqual([])
  }
}

for (const lng of ['pt-BR', 'ar']) {
  for (const path of PUBLIC) {
    test(`${path} (${lng}) at 360 px: every table fits`, async ({ page }) => {
      await open(page, path, lng)
      await expectWholeTables(page, `${path} ${lng}`)
      // Drawn on the server: the bars are there without JavaScript.
      if (path === RESULTS) expect(await page.locator('svg.result-bars').count()).toBeGreaterThanOrEqual(1)
    })
  }
  for (const { path, as } of STAFF) {
    test(`${path} (${lng}, as ${as}) at 360 px: every table fits`, async ({ page }) => {
      await logInAs(page, as)
      await open(page, path, lng)
      await expectWholeTables(page, `${path} ${lng}`)
    })
  }
}

test('a protocol number stays on one line in the registrations queue (pt-BR and ar)', async ({ page }) => {
  await logInAs(page, 'secretariat')
  for (const lng of ['pt-BR', 'ar']) {
    await open(page, '/staff/registrations', lng)
    const link = page.locator('td.protocol a').first()
    await expect(link).toHaveText(/^CMI-/)
    const lines = await link.evaluate((a) => a.getClientRects().length)
    expect(lines, `${lng}: the protocol number wraps`).toBe(1)
  }
})

test('at 200 % text the results page still shows whole tables and bars', async ({ page }) => {
  await open(page, RESULTS, 'pt-BR')
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  await expectWholeTables(page, `${RESULTS} at 200 %`)
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow, 'the page scrolls sideways at 200 %').toBeLessThanOrEqual(1)
})

// Axe runs in the page's own JavaScript: this part runs with it on (the bars themselves are drawn on
// the server; the walk above sees them with JavaScript off).
test.describe('results as bars', () => {
  test.use({ javaScriptEnabled: true })
  for (const lng of ['pt-BR', 'ar']) {
    test(`the results (${lng}) are bars with their outcome in words, from the inline start (axe)`, async ({
      page,
    }) => {
      await open(page, RESULTS, lng)
      const charts = page.locator('svg.result-bars[role="img"]')
      expect(await charts.count()).toBeGreaterThanOrEqual(1)
      const chart = charts.first()
      await expect(chart).toBeVisible()
      // Named by its title, described in words for screen readers.
      await expect(chart).toHaveAccessibleName(
        new RegExp(tr(lng, 'elections', 'resultBars.title').split('{{')[0].trim()),
      )
      const description = await chart.locator('desc').textContent()
      expect(description).toContain(tr(lng, 'elections', 'outcomes.elected'))
      // Outcomes in words beside their pattern: elected and alternate both appear.
      await expect(
        chart.locator('.result-bars__mark', { hasText: tr(lng, 'elections', 'outcomes.elected') }).first(),
      ).toBeVisible()
      await expect(
        chart.locator('.result-bars__mark', { hasText: tr(lng, 'elections', 'outcomes.alternate') }).first(),
      ).toBeVisible()
      await expect(chart.locator('.result-bars__row--blank')).toHaveCount(1)
      await expect(chart.locator('.result-bars__row--void')).toHaveCount(1)
      // Fits the phone; the bars start at the inline-start edge (the right in Arabic).
      const geometry = await chart.evaluate((svg) => {
        const box = svg.getBoundingClientRect()
        const bars = Array.from(svg.querySelectorAll('.result-bars__row--elected .result-bars__bar')).map(
          (b) => b.getBoundingClientRect(),
        )
        return {
          left: box.left,
          right: box.right,
          screen: document.documentElement.clientWidth,
          starts: bars.map((b) => ({ left: b.left - box.left, right: box.right - b.right })),
        }
      })
      expect(geometry.left).toBeGreaterThanOrEqual(0)
      expect(geometry.right).toBeLessThanOrEqual(geometry.screen)
      expect(geometry.starts.length).toBeGreaterThan(0)
      for (const s of geometry.starts) {
        if (lng === 'ar') expect(s.right).toBeLessThan(8)
        else expect(s.left).toBeLessThan(8)
      }
      await expectNoSeriousAxeViolations(page)
    })
  }
})
