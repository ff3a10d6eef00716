import type { Browser } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, logInAs, signUpFresh, test, tr, unique } from './fixtures'
import { isolate } from '../../app/ui/bidi'

// Issue #18: the secretariat links a serving seat of the CMI plenary to a person's account — found
// by its exact e-mail, confirmed by name and masked contact — and that person then sees "Meu
// conselho"; unlinking closes it again. Every step a plain form post with JavaScript off. The seat
// is a government alternate's (SMADS) that no other spec touches, so the demo counsellor's own seat,
// used by counsellor-proposes-agenda-item, stays as seeded; its linked account is shown masked.
test.describe.configure({ mode: 'serial' })

const BODY = 'demo-body-cmi'
const SEAT = 'demo-member-gov-2-alt'
const COUNSELLOR_SEAT = 'demo-member-civil-3'
const c = (key: string, vars: Record<string, string> = {}) => tr('pt-BR', 'council', key, vars)
const v = (key: string) => tr('pt-BR', 'validation', key)

async function pageWithoutJs(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false })
  return context.newPage()
}

test('without JavaScript: the secretariat links a seat to an account, which then opens "Meu conselho"', async ({
  browser,
}) => {
  const name = `Conselheira ${unique()}`
  const person = await pageWithoutJs(browser)
  const email = await signUpFresh(person, 'pt-BR', name)
  const refused = await person.goto('/council/my?lng=pt-BR')
  expect(refused?.status()).toBe(403)

  const secretariat = await pageWithoutJs(browser)
  await logInAs(secretariat, 'secretariat')
  await secretariat.goto(`/council/bodies/${BODY}?lng=pt-BR`)
  // The demo counsellor's seat shows its account by name and masked contact only.
  const counsellorSeat = secretariat.locator(`#seat-${COUNSELLOR_SEAT}`)
  await expect(counsellorSeat).toContainText(
    c('seats.account', { name: isolate('Li Wei'), contact: isolate('c•••@demo.mutirao.local') }),
  )
  await expect(secretariat.locator('section[aria-labelledby="seat-accounts"]')).not.toContainText(
    'counsellor@demo.mutirao.local',
  )

  const seat = () => secretariat.locator(`#seat-${SEAT}`)
  await expect(seat()).toContainText(c('seats.noAccount'))
  // An address nobody has: refused beside the field, what was typed kept.
  await seat().getByText(c('seats.link')).click()
  await seat().getByLabel(c('seats.identifier')).fill(`ninguem-${unique()}@example.org`)
  await seat()
    .getByRole('button', { name: c('seats.find') })
    .click()
  await expect(seat().locator('.field-error')).toHaveText(v('no_such_account'))
  await expect(seat().getByLabel(c('seats.identifier'))).toHaveValue(/^ninguem-/)

  await seat().getByLabel(c('seats.identifier')).fill(email.toUpperCase())
  await seat()
    .getByRole('button', { name: c('seats.find') })
    .click()
  const masked = `${email[0]}•••@example.org`
  await expect(seat()).toContainText(c('seats.found', { name: isolate(name), contact: isolate(masked) }))
  await seat()
    .getByRole('button', { name: c('seats.confirm') })
    .click()
  await expect(secretariat.getByText(c('body.done.linked'))).toBeVisible()
  await expect(seat()).toContainText(c('seats.account', { name: isolate(name), contact: isolate(masked) }))

  await person.goto('/council/my?lng=pt-BR')
  await expect(person.getByRole('heading', { level: 1, name: c('workspace.title') })).toBeVisible()
  await expect(person.getByRole('heading', { level: 2 }).first()).toBeVisible()
  await expect(person.getByText(c('workspace.notServing'))).toHaveCount(0)

  // Unlinked again: the workspace closes (and the demo is left as seeded).
  await secretariat.goto(`/council/bodies/${BODY}?lng=pt-BR`)
  await seat()
    .getByRole('button', { name: c('seats.unlink') })
    .click()
  await expect(secretariat.getByText(c('body.done.unlinked'))).toBeVisible()
  await expect(seat()).toContainText(c('seats.noAccount'))
  const closed = await person.goto('/council/my?lng=pt-BR')
  expect(closed?.status()).toBe(403)
})

test("the body page with the secretariat's forms passes axe", async ({ page }) => {
  await logInAs(page, 'secretariat')
  await page.goto(`/council/bodies/${BODY}?lng=pt-BR`)
  await expect(page.getByRole('heading', { level: 2, name: c('seats.title') })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: c('followed.title') })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})
