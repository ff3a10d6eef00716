import { expectNoSeriousAxeViolations, expect, logInAs, test, tr } from './fixtures'

// Issue #22 (ADR 037): the candidate list is kept rendered by the server for visitors without a
// session. A voter who signs in gets their own page with their name; the visitor's page, served
// from the cache, never carries it. JavaScript off: the page works, and is sent, without scripts.
test.use({ javaScriptEnabled: false })

const CONTEST = '/elections/demo-election-cmi-2024/contests/demo-cmi-A'

test('a visitor reads the cached candidate list, and a voter’s name never reaches it', async ({
  browser,
  page,
}) => {
  // Three browser contexts and a login: on a busy shared machine this takes longer than one page.
  test.slow()
  const first = await page.goto(`${CONTEST}`)
  expect(first?.status()).toBe(200)
  expect(['stored', 'hit']).toContain(first?.headers()['x-page-cache'])
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(page.getByRole('link', { name: tr('en', 'common', 'nav.login') })).toBeVisible()
  expect(await page.locator('script').count()).toBe(0)

  const voterContext = await browser.newContext({ javaScriptEnabled: false })
  const voter = await voterContext.newPage()
  await logInAs(voter, 'voter')
  const personal = await voter.goto(CONTEST)
  expect(personal?.headers()['x-page-cache']).toBe('bypass')
  expect(personal?.headers()['cache-control']).toBe('no-store')
  const name = (await voter.locator('.user-menu__name').textContent())?.trim() ?? ''
  expect(name.length).toBeGreaterThan(0)
  await voterContext.close()

  const again = await page.goto(CONTEST)
  // 'stored' when another test wrote to an election or candidacy in between (the versions moved).
  expect(['stored', 'hit']).toContain(again?.headers()['x-page-cache'])
  expect(again?.headers().etag).toBeTruthy()
  await expect(page.locator('.user-menu__name')).toHaveCount(0)
  expect(await page.content()).not.toContain(name)

  // Axe needs scripts in the browser (contexts inherit this file’s javaScriptEnabled: false): the
  // same page, from the cache, in a context with them.
  const axeContext = await browser.newContext({ javaScriptEnabled: true })
  const axePage = await axeContext.newPage()
  await axePage.goto(CONTEST)
  await expect(axePage.getByRole('heading', { level: 1 })).toBeVisible()
  await expectNoSeriousAxeViolations(axePage)
  await axeContext.close()
})
