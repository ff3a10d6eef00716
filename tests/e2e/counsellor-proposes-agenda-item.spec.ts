import type { Browser } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr, unique } from './fixtures'

// Issue #18: a counsellor proposes an agenda item from "Meu conselho", the secretariat puts it on
// the agenda (the public meeting page shows it), the counsellor comments on the minutes circulated
// for comment and the secretariat reads the comment — every step a plain form post with JavaScript
// off. The workspace then passes axe (axe runs in the page, so that test has JavaScript on).
test.describe.configure({ mode: 'serial' })

const NEXT = 'demo-meeting-next'
const CIRCULATED = 'demo-meeting-2025-12'
const c = (key: string, vars: Record<string, string> = {}) => tr('pt-BR', 'council', key, vars)
const id = unique()
const title = `Intérpretes nas UBS ${id}`
const comment = `Falta registrar a fala sobre moradia ${id}.`

async function pageAs(browser: Browser, role: string | null) {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  if (role) await logInAs(page, role)
  return page
}

test('without JavaScript: a proposal reaches the agenda and a comment on circulated minutes reaches the secretariat', async ({
  browser,
}) => {
  const counsellor = await pageAs(browser, 'counsellor')
  await counsellor.goto('/council/my?lng=pt-BR')
  await expect(counsellor.getByRole('heading', { level: 1, name: c('workspace.title') })).toBeVisible()
  const meeting = counsellor.locator(`#meeting-${NEXT}`)
  await meeting.getByRole('button', { name: c('workspace.proposeSubmit') }).click()
  // Without a title: refused beside the field.
  await expect(counsellor.locator(`#meeting-${NEXT} .field-error`)).toBeVisible()
  await counsellor.locator(`#meeting-${NEXT}`).getByLabel(c('meeting.itemTitle')).fill(title)
  await counsellor
    .locator(`#meeting-${NEXT}`)
    .getByRole('button', { name: c('workspace.proposeSubmit') })
    .click()
  await expect(counsellor.getByText(c('workspace.done.proposed'))).toBeVisible()
  await expect(counsellor.locator(`#meeting-${NEXT}`)).toContainText(
    `${title} — ${c('proposalStatuses.pending')}`,
  )

  const secretariat = await pageAs(browser, 'secretariat')
  await secretariat.goto(`/council/meetings/${NEXT}?lng=pt-BR`)
  const proposal = secretariat.locator('section[aria-labelledby="proposals"] li', { hasText: title })
  await proposal.getByRole('button', { name: c('workspace.accept') }).click()
  await expect(secretariat.getByText(c('meeting.done.accepted'))).toBeVisible()

  const visitor = await pageAs(browser, null)
  await visitor.goto(`/council/meetings/${NEXT}?lng=pt-BR`)
  await expect(visitor.locator('section[aria-labelledby="agenda"]')).toContainText(title)

  await counsellor.goto('/council/my?lng=pt-BR')
  await expect(counsellor.locator(`#meeting-${NEXT}`)).toContainText(
    `${title} — ${c('proposalStatuses.accepted')}`,
  )
  const minutes = counsellor.locator(`#minutes-${CIRCULATED}`)
  await minutes.getByLabel(c('workspace.yourComment')).fill(comment)
  await minutes.getByRole('button', { name: c('workspace.commentSubmit') }).click()
  await expect(counsellor.getByText(c('workspace.done.commented'))).toBeVisible()

  await secretariat.goto(`/council/meetings/${CIRCULATED}/minutes?lng=pt-BR`)
  await expect(secretariat.locator('section[aria-labelledby="member-comments"]')).toContainText(comment)
  // The public still sees no draft minutes.
  const response = await visitor.goto(`/council/meetings/${CIRCULATED}/minutes?lng=pt-BR`)
  expect(response?.status()).toBe(404)
})

test('the workspace passes axe', async ({ page }) => {
  await logInAs(page, 'counsellor')
  await page.goto('/council/my?lng=pt-BR')
  await expect(page.getByRole('heading', { level: 1, name: c('workspace.title') })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})
