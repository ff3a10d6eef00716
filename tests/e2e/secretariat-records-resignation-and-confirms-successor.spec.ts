import { expect, expectNoSeriousAxeViolations, logInAs, test, tr, unique } from './fixtures'
import { isolate } from '../../app/ui/bidi'

// The secretariat appoints a full member and an alternate to a working group, records the full
// member's resignation (date, act) and confirms the alternate as successor — with JavaScript off,
// every step a plain form post. The body page then tells the story in Arabic, and passes axe
// (axe runs in the page, so that second test has JavaScript on).
// A working group the other stories leave alone, so the meeting stories' seats do not move.
test.describe.configure({ mode: 'serial' })

const BODY = '/council/bodies/demo-body-cmi-wg-work'
const c = (lng: string, key: string, vars: Record<string, string> = {}) => tr(lng, 'council', key, vars)
const longDate = (iso: string, lng: string) =>
  new Intl.DateTimeFormat(lng, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso))

const id = unique()
const full = `Titular e2e ${id}`
const alternate = `Suplente e2e ${id}`

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('the secretariat records a resignation and confirms the first alternate as successor', async ({
    page,
  }) => {
    await logInAs(page, 'secretariat')
    await page.goto(`${BODY}?lng=pt-BR`)

    const add = page.locator('section[aria-labelledby="add-member"]')
    await add.getByLabel(c('pt-BR', 'body.name')).fill(full)
    await add.getByLabel(c('pt-BR', 'staff.termStarts')).fill('2025-03-01')
    await add.getByRole('button', { name: c('pt-BR', 'staff.addMemberSubmit') }).click()
    await expect(page.getByText(c('pt-BR', 'body.done.member'))).toBeVisible()
    // No end date given: the body's two-year term from the start.
    const row = page.locator('section[aria-labelledby="members"] tr', { hasText: full })
    await expect(row).toContainText(longDate('2027-03-01', 'pt-BR'))

    await add.getByLabel(c('pt-BR', 'body.name')).fill(alternate)
    await add.getByLabel(c('pt-BR', 'body.role')).selectOption('alternate')
    await add.getByLabel(c('pt-BR', 'staff.alternateFor')).selectOption({ label: full })
    await add.getByLabel(c('pt-BR', 'staff.termStarts')).fill('2025-03-01')
    await add.getByRole('button', { name: c('pt-BR', 'staff.addMemberSubmit') }).click()
    await expect(page.getByText(c('pt-BR', 'body.done.member'))).toBeVisible()

    // The resignation without its act: refused beside the field, the date kept.
    const leave = page.locator('section[aria-labelledby="end-member"]')
    await leave
      .getByLabel(c('pt-BR', 'body.name'))
      .selectOption({ label: `${full} (${c('pt-BR', 'roles.full')})` })
    await leave.getByLabel(c('pt-BR', 'terms.leftOn')).fill('2026-06-01')
    await leave.getByLabel(c('pt-BR', 'staff.reason')).selectOption('resignation')
    await leave.getByRole('button', { name: c('pt-BR', 'staff.endSubmit') }).click()
    await expect(leave.getByText(tr('pt-BR', 'validation', 'required'))).toBeVisible()
    await expect(leave.getByLabel(c('pt-BR', 'terms.leftOn'))).toHaveValue('2026-06-01')

    await leave
      .getByLabel(c('pt-BR', 'body.name'))
      .selectOption({ label: `${full} (${c('pt-BR', 'roles.full')})` })
    await leave.getByLabel(c('pt-BR', 'terms.act')).fill('Portaria 12/2025')
    await leave.getByRole('button', { name: c('pt-BR', 'staff.endSubmit') }).click()
    await expect(page.getByText(c('pt-BR', 'body.done.ended'))).toBeVisible()
    const successions = page.locator('section[aria-labelledby="successions"]')
    await expect(successions).toContainText(c('pt-BR', 'terms.proposed', { name: isolate(alternate) }))

    await successions
      .getByRole('button', { name: c('pt-BR', 'terms.confirm', { name: isolate(alternate) }) })
      .click()
    await expect(page.getByText(c('pt-BR', 'body.done.succeeded'))).toBeVisible()
    const why = c('pt-BR', 'terms.whyWithAct', {
      reason: c('pt-BR', 'leaveReasons.resignation'),
      act: isolate('Portaria 12/2025'),
    })
    await expect(successions).toContainText(
      c('pt-BR', 'terms.succeeded', {
        successor: isolate(alternate),
        name: isolate(full),
        date: longDate('2026-06-01', 'pt-BR'),
        why,
      }),
    )
    await expect(successions.getByRole('button')).toHaveCount(0)
  })
})

test('the body page tells the succession in Arabic, right to left, and passes axe', async ({ page }) => {
  await page.goto(`${BODY}?lng=ar`)
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.locator('section[aria-labelledby="successions"]')).toContainText(
    c('ar', 'terms.succeeded', {
      successor: isolate(alternate),
      name: isolate(full),
      date: longDate('2026-06-01', 'ar'),
      why: c('ar', 'terms.whyWithAct', {
        reason: c('ar', 'leaveReasons.resignation'),
        act: isolate('Portaria 12/2025'),
      }),
    }),
  )
  await expectNoSeriousAxeViolations(page)
})
