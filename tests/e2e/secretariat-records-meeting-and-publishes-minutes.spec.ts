import type { Page } from '@playwright/test'
import { expect, localDateTimeInput, logInAs, test, tr } from './fixtures'

// The secretariat runs two CMI meetings: the first records attendance (alternates sitting in) and a
// vote, its minutes are drafted and circulated, the second approves them by a vote, and the
// secretariat publishes them. A visitor finds the minutes by a word search with JavaScript off.
test.describe.configure({ mode: 'serial' })

const c = (lng: string, key: string, vars: Record<string, string> = {}) => tr(lng, 'council', key, vars)
const WORD = `mutirão${Date.now().toString(36)}`
const FIRST = `Extraordinária e2e ${WORD}`
let firstUrl = ''

async function schedule(page: Page, title: string, days: number, approves?: string) {
  await page.goto('/council/bodies/demo-body-cmi')
  const form = page.locator('section[aria-labelledby="schedule"]')
  await form.getByLabel(c('pt-BR', 'meeting.kind')).selectOption('extraordinary')
  await form.getByLabel(c('pt-BR', 'meeting.titleField')).fill(title)
  await form
    .getByLabel(c('pt-BR', 'meeting.startsAt'))
    .fill(localDateTimeInput(Date.now() + days * 86_400_000))
  await form.getByLabel(c('pt-BR', 'meeting.place')).fill('Sede da SMDHC')
  await form.getByRole('button', { name: c('pt-BR', 'staff.scheduleSubmit') }).click()
  await expect(page.getByText(c('pt-BR', 'meeting.done.scheduled'))).toBeVisible()
  const item = page.locator('form', {
    has: page.getByRole('heading', { name: c('pt-BR', 'meeting.addItem') }),
  })
  if (approves) {
    await item.getByLabel(c('pt-BR', 'meeting.itemTitle')).fill('Aprovação da ata')
    await item.getByLabel(c('pt-BR', 'meeting.approvesMinutesOf')).selectOption({ label: approves })
  } else {
    await item.getByLabel(c('pt-BR', 'meeting.itemTitle')).fill('Nota pública contra a xenofobia')
    await item
      .getByLabel(c('pt-BR', 'meeting.motion'))
      .fill('Aprovar nota pública de repúdio a ataques xenófobos.')
  }
  await item.getByRole('button', { name: c('pt-BR', 'meeting.addItemSubmit') }).click()
  await expect(page.getByText(c('pt-BR', 'meeting.done.item'))).toBeVisible()
  await page.getByRole('button', { name: c('pt-BR', 'meeting.steps.convene') }).click()
  await expect(page.getByText(c('pt-BR', 'meeting.done.convene'))).toBeVisible()
}

async function attendAllAndVote(page: Page) {
  const selects = page.locator('select[name^="att_"]')
  const n = await selects.count()
  for (let i = 0; i < n; i++) await selects.nth(i).selectOption(i % 9 === 0 ? 'excused' : 'present')
  await page.getByRole('button', { name: c('pt-BR', 'meeting.saveAttendance') }).click()
  await expect(page.getByText(c('pt-BR', 'meeting.done.attendance'))).toBeVisible()
  await expect(page.locator('.quorum')).toContainText(c('pt-BR', 'quorum.yes'))
  await page.getByRole('button', { name: c('pt-BR', 'meeting.steps.open') }).click()
  await expect(page.getByText(c('pt-BR', 'meeting.done.open'))).toBeVisible()
  // Too many votes for the seats filled: refused with a message, nothing recorded.
  await page.getByRole('textbox', { name: c('pt-BR', 'votes.yes') }).fill('40')
  await page.getByRole('textbox', { name: c('pt-BR', 'votes.no') }).fill('0')
  await page
    .getByRole('button', { name: c('pt-BR', 'meeting.recordVote') })
    .first()
    .click()
  await expect(page.getByText(c('pt-BR', 'errors.too_many_votes'))).toBeVisible()
  await page.getByRole('textbox', { name: c('pt-BR', 'votes.yes') }).fill('11')
  await page.getByRole('textbox', { name: c('pt-BR', 'votes.no') }).fill('2')
  await page.getByRole('textbox', { name: c('pt-BR', 'votes.abstain') }).fill('1')
  await page
    .getByRole('button', { name: c('pt-BR', 'meeting.recordVote') })
    .first()
    .click()
  await expect(page.getByText(c('pt-BR', 'meeting.done.voted'))).toBeVisible()
  await expect(page.locator('ol.agenda')).toContainText(c('pt-BR', 'outcomes.approved'))
  await page.getByRole('button', { name: c('pt-BR', 'meeting.steps.close') }).click()
  await expect(page.getByText(c('pt-BR', 'meeting.done.close'))).toBeVisible()
}

test('the secretariat records a meeting, attendance and a vote, and drafts and circulates the minutes', async ({
  page,
}) => {
  await logInAs(page, 'secretariat')
  await schedule(page, FIRST, 5)
  firstUrl = new URL(page.url()).pathname
  await attendAllAndVote(page)
  await page.getByRole('link', { name: c('pt-BR', 'meeting.draftMinutes') }).click()
  await page
    .getByLabel(c('pt-BR', 'minutes.text'))
    .fill(`Relato da reunião ${WORD}: o conselho aprovou a nota pública.`)
  await page.getByRole('button', { name: c('pt-BR', 'minutes.draftSubmit') }).click()
  await expect(page.getByText(c('pt-BR', 'minutes.done.drafted'))).toBeVisible()
  await page.getByRole('button', { name: c('pt-BR', 'minutes.circulate') }).click()
  await expect(page.getByText(c('pt-BR', 'minutes.awaitingApproval'))).toBeVisible()
})

test('a later meeting approves the minutes by a vote; the secretariat publishes them', async ({ page }) => {
  await logInAs(page, 'secretariat')
  await schedule(page, `Aprovação e2e ${WORD}`, 6, FIRST)
  await attendAllAndVote(page)
  await page.goto(`${firstUrl}/minutes`)
  await expect(page.locator('.status-badge--approved')).toHaveText(c('pt-BR', 'minutesStatuses.approved'))
  await page.getByRole('button', { name: c('pt-BR', 'minutes.publish') }).click()
  await expect(page.getByText(c('pt-BR', 'minutes.done.publish'))).toBeVisible()
  await expect(page.getByText(c('pt-BR', 'minutes.immutable'))).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a visitor finds the minutes by searching the archive', async ({ page }) => {
    await page.goto('/council/archive?lng=es')
    await page.getByLabel(c('es', 'archive.words')).fill(WORD.toUpperCase())
    await page.getByRole('button', { name: c('es', 'archive.submit') }).click()
    await page.getByRole('link', { name: c('es', 'minutes.heading', { title: FIRST }) }).click()
    await expect(
      page.locator('p[lang="pt-BR"], p.pre-wrap').filter({ hasText: `Relato da reunião ${WORD}` }),
    ).toBeVisible()
    await expect(page.getByText(c('es', 'minutes.approvedAt'))).toBeVisible()
  })
})
