import type { Page } from '@playwright/test'
import { isolate } from '../../app/ui/bidi'
import { expect, expectNoSeriousAxeViolations, logInAs, test } from './fixtures'

// Issue #19: a name, an organisation, a protocol number — text whose language nobody told us —
// sits in a page of the other direction without taking the page's punctuation or numbers with it.
// In Arabic, on a 360 px phone, with JavaScript off: each one is its own bidi isolate (<bdi>, or an
// element with `dir`; inside a translated sentence, FSI…PDI), on a public candidate list and on the
// secretariat's registration queue and one registration; and axe (JavaScript on) finds nothing serious.

test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } })

const CONTEST = '/elections/demo-election-cmi-2024/contests/demo-cmi-A'

async function openInArabic(page: Page, path: string) {
  await page.goto(`${path}${path.includes('?') ? '&' : '?'}lng=ar`)
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await page.waitForLoadState('load')
}

test('candidates of a contest: every name and organisation is a bdi', async ({ page }) => {
  await openInArabic(page, CONTEST)
  const cards = page.locator('main .candidate-card')
  const count = await cards.count()
  expect(count).toBeGreaterThan(1)
  // Each card's heading (the organisation, or the person) is one <bdi>, and nothing else.
  await expect(page.locator('main .candidate-card h2 > bdi')).toHaveCount(count)
  const heading = page.locator('main .candidate-card h2 > bdi', {
    hasText: 'Associação de Costureiras Bolivianas',
  })
  await expect(heading).toHaveCount(1)
  expect(await heading.evaluate((el) => el.tagName)).toBe('BDI')
  // The representative's name inside the translated sentence is isolated in plain text.
  const card = cards.filter({
    has: page.locator('h2 > bdi', { hasText: 'Associação de Costureiras Bolivianas' }),
  })
  expect(await card.textContent()).toContain(isolate('Rosa Mamani'))
})

test('the secretariat’s queue: names are bdi, protocol numbers always left to right', async ({ page }) => {
  await logInAs(page, 'secretariat')
  await openInArabic(page, '/staff/registrations?nationality=HT')
  const rows = page.locator('main tbody tr')
  const count = await rows.count()
  expect(count).toBeGreaterThan(0)
  // One protocol link with dir="ltr" and one isolated name per row.
  await expect(page.locator('main tbody td a[dir="ltr"]')).toHaveCount(count)
  await expect(page.locator('main tbody td > bdi')).toHaveCount(count)
  const name = page.locator('main tbody td > bdi', { hasText: 'Jean-Baptiste Pierre' }).first()
  await expect(name).toBeVisible()
  expect(await name.evaluate((el) => el.tagName)).toBe('BDI')
  const protocol = page.getByRole('link', { name: 'CMI-2026-VOTE-R2D2' })
  await expect(protocol).toHaveAttribute('dir', 'ltr')

  // The registration itself: the name, the document number, the contact details.
  await protocol.click()
  await expect(page.locator('main h1 bdi[dir="ltr"]')).toHaveText('CMI-2026-VOTE-R2D2')
  await expect(page.locator('main dd > bdi', { hasText: 'Jean-Baptiste Pierre' })).toHaveCount(1)
  await expect(page.locator('main dd > bdi[dir="ltr"]', { hasText: 'V1234567' })).toHaveCount(1)
})

// Axe runs in the page's own JavaScript: this part runs with it on (the markup checked above is the
// server's, the same either way).
test.describe('axe', () => {
  test.use({ javaScriptEnabled: true })

  test('the candidate list and the secretariat’s pages in Arabic have no serious violation', async ({
    page,
  }) => {
    test.slow() // three pages through axe on a shared machine
    await openInArabic(page, CONTEST)
    await expectNoSeriousAxeViolations(page)
    await logInAs(page, 'secretariat')
    await openInArabic(page, '/staff/registrations?nationality=HT')
    await expectNoSeriousAxeViolations(page)
    await openInArabic(page, '/staff/registrations/demo-reg-voter')
    await expectNoSeriousAxeViolations(page)
  })
})
