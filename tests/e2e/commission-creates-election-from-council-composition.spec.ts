import { expect, expectNoSeriousAxeViolations, logInAs, test, tr, unique } from './fixtures'

// Issue #17: the commission creates a CMI election from the council's composition (8 civil-society
// seats, 2018 split prefilled) without JavaScript, a split that does not add up being refused
// beside its fields first; the public reads the election's rules in Arabic on a phone.

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the commission creates a CMI election from the council composition, after a wrong split', async ({
    page,
  }) => {
    await logInAs(page, 'electoral_commission')
    await page.goto('/staff/elections?lng=pt-BR')
    const seatsA = page.locator('input[name="seatsA"]')
    // The 2018 split of the real council: 2 per segment + the 2 most voted overall; 3 + 3 + 2 alternates.
    await expect(seatsA).toHaveValue('2')
    await expect(page.locator('input[name="overallSeats"]')).toHaveValue('2')
    await expect(page.locator('input[name="alternatesC"]')).toHaveValue('2')
    const title = `CMI ${unique()}`
    await page.locator('input[name="title_pt-BR"]').fill(title)
    await page.locator('input[name="drawSeed"]').fill('DOC 01/11/2026, p. 12')
    await seatsA.fill('3') // 3 + 2 + 2 + 2 = 9, the council has 8
    await page.getByRole('button', { name: tr('pt-BR', 'elections', 'staff.createSubmit') }).click()
    await expect(page.getByText(tr('pt-BR', 'validation', 'seats_do_not_add_up'))).toBeVisible()
    await expect(page.locator('input[name="title_pt-BR"]')).toHaveValue(title)
    await expect(page.locator('input[name="drawSeed"]')).toHaveValue('DOC 01/11/2026, p. 12')
    await expect(seatsA).toHaveValue('3')
    // The 2025 way: 3 in A, 2 in B, 3 in C, nobody elected overall.
    await page.locator('input[name="seatsC"]').fill('3')
    await page.locator('input[name="overallSeats"]').fill('0')
    await page.getByRole('button', { name: tr('pt-BR', 'elections', 'staff.createSubmit') }).click()
    await expect(page).toHaveURL(/\/staff\/elections\/[^/?]+$/)
    await expect(
      page.getByText(
        tr('pt-BR', 'elections', 'manage.contestsSeats', {
          contests: tr('pt-BR', 'elections', 'counts.contests', { count: 3 }),
          seats: tr('pt-BR', 'elections', 'counts.seats', { count: 8 }),
        }),
      ),
    ).toBeVisible()
  })
})

test('the public reads the election rules in Arabic on a 360 px phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 })
  await page.goto('/elections/demo-election-cmi-2024?lng=ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  const rules = page.locator('section.election-rules')
  await expect(rules.getByRole('heading', { level: 2 })).toHaveText(tr('ar', 'elections', 'rules.title'))
  for (const key of [
    'seatsHeading',
    'parityHeading',
    'tieBreakHeading',
    'votersHeading',
    'candidatesHeading',
    'hoursHeading',
  ])
    await expect(
      rules.getByRole('heading', { level: 3, name: tr('ar', 'elections', `rules.${key}`) }),
    ).toBeVisible()
  await expect(rules.locator('table tbody tr')).toHaveCount(3)
  await expect(rules.getByText(tr('ar', 'elections', 'rules.anyStatus'))).toBeVisible()
  // Nothing wider than the phone: the page does not scroll sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await expectNoSeriousAxeViolations(page)
})
