import { DEMO_ELECTION_CPM, enrolThisBrowser, expect, openBoothFor, test, tr } from './fixtures'

// Issue #16.12: the booth ballot does not run inside the poll worker's staff session. On a device
// the commission enrolled, the named poll worker opens a booth for one voter; the device becomes a
// locked booth (no session, no navigation); the voter votes without JavaScript; the booth waits
// for the worker, whose password alone brings back the polling station for the next voter.
test.use({ javaScriptEnabled: false })

const el = (key: string) => tr('pt-BR', 'elections', key)

test('a poll worker opens the booth for a voter, who votes alone; only the worker’s password leaves the booth', async ({
  page,
}) => {
  await enrolThisBrowser(page, 'Mesa E2E 1')
  await openBoothFor(page, 'CMI-2026-DEMO-ZZZ3')

  // The booth: one ballot, no navigation, no account menu, no link that leaves the page.
  await expect(page.getByRole('navigation')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Sair' })).toHaveCount(0)
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))
  for (const href of hrefs) expect(href, 'a link out of the booth').toMatch(/^(#|\/booth\?lng=)/)

  await page.getByRole('button', { name: el('vote.review') }).click()
  await expect(page.getByText(el('vote.missing'))).toBeVisible()
  await page.getByLabel(el('vote.blank')).check()
  await page.getByRole('button', { name: el('vote.review') }).click()
  await page.getByRole('button', { name: el('vote.confirm') }).click()
  await expect(page.getByRole('heading', { level: 1, name: el('booth.waitingTitle') })).toBeVisible()
  await expect(page.locator('.receipt')).toHaveText(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)

  // The voter tries to reach staff pages: every URL leads back to the locked booth.
  for (const path of [
    '/staff',
    `/staff/elections/${DEMO_ELECTION_CPM}/polling-station`,
    '/staff/registrations',
    '/login',
  ]) {
    await page.goto(path)
    await expect(page).toHaveURL(/\/booth$/)
    await expect(page.getByRole('heading', { level: 1, name: el('booth.waitingTitle') })).toBeVisible()
  }
  await page.goBack()
  await expect(page).toHaveURL(/\/booth$/)

  // A wrong password keeps the booth locked; the worker's password brings back the polling station.
  await page.getByLabel(el('booth.password')).fill('not the password')
  await page.getByRole('button', { name: el('booth.unlock') }).click()
  await expect(page.getByText(tr('pt-BR', 'validation', 'wrong_password'))).toBeVisible()
  await page.getByLabel(el('booth.password')).fill('mutirao-demo')
  await page.getByRole('button', { name: el('booth.unlock') }).click()
  await expect(page.getByRole('heading', { level: 1, name: el('poll.title') })).toBeVisible()

  // Next voter.
  await page.getByLabel(el('poll.search')).fill('CMI-2026-DEMO-ZZZ3')
  await page.getByRole('button', { name: el('poll.find') }).click()
  await expect(page.getByText(el('poll.alreadyVoted.in_person'))).toBeVisible()
  await page.getByLabel(el('poll.search')).fill('CMI-2026-DEMO-ZZZ4')
  await page.getByRole('button', { name: el('poll.find') }).click()
  await page.getByLabel(el('poll.documentChecked')).check()
  await page.getByRole('button', { name: el('poll.open') }).click()
  await expect(page.getByRole('heading', { level: 1, name: el('booth.title') })).toBeVisible()
})

test('a named poll worker on a browser the commission did not enrol sees no voter list and opens nothing', async ({
  page,
}) => {
  await page.goto('/login?lng=pt-BR')
  await page.locator('input[name="email"]').fill('secretariat@demo.mutirao.local')
  await page.locator('input[name="password"]').fill('mutirao-demo')
  await page.locator('form.stack button[type="submit"]').click()
  await page.goto(`/staff/elections/${DEMO_ELECTION_CPM}/polling-station`)
  await expect(page.getByRole('heading', { level: 2, name: el('poll.notEnrolled') })).toBeVisible()
  await expect(page.getByLabel(el('poll.search'))).toHaveCount(0)
})

test('the booth page fits a 360 px screen at 200% zoom', async ({ page }) => {
  await enrolThisBrowser(page, 'Mesa E2E 2')
  await openBoothFor(page, 'CMI-2026-DEMO-ZZZ5')
  await page.setViewportSize({ width: 360, height: 740 })
  await page.goto('/booth?lng=ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow, 'the booth scrolls sideways at 200%').toBeLessThanOrEqual(0)
})
