import { expectNoSeriousAxeViolations, logInAs, test } from './fixtures'

const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const PAGES = ['/', '/login', '/signup']

for (const lng of LANGUAGES) {
  test(`home, login and sign-up have no serious axe violations in ${lng}`, async ({ page }) => {
    for (const path of PAGES) {
      await page.goto(`${path}?lng=${lng}`)
      await expectNoSeriousAxeViolations(page)
    }
  })
}

test('pages stay usable at 200% zoom on a 360 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 })
  for (const path of PAGES) {
    await page.goto(`${path}?lng=pt-BR`)
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%'
    })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    test.expect(overflow, `${path} scrolls sideways at 200%`).toBeLessThanOrEqual(0)
  }
})

// Consultations, plan and council pages (issue #6–#8) at 200 % on a small phone, in Arabic too:
// wide tables scroll inside their own region, nothing pushes the page sideways.
for (const lng of ['pt-BR', 'ar']) {
  test(`consultation, plan and council pages stay usable at 200% zoom on a 360 px screen (${lng})`, async ({
    page,
  }) => {
    test.slow()
    await page.setViewportSize({ width: 360, height: 740 })
    for (const path of [
      '/consultations/demo-consultation-campaign-2027',
      '/consultations/demo-consultation-campaign-2027/p/demo-consultation-campaign-2027-p1-1',
      '/consultations/demo-consultation-plan-revision/report',
      '/plan',
      '/plan/indicators/demo-plan-2021-a4.1.1-i1',
      '/plan/trace/human_rights',
      '/council/bodies/demo-body-cmi',
      '/council/meetings/demo-meeting-2025-03',
      '/council/archive',
    ]) {
      await page.goto(`${path}?lng=${lng}`)
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '200%'
      })
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      test.expect(overflow, `${path} scrolls sideways at 200%`).toBeLessThanOrEqual(0)
    }
  })
}

test('registration pages have no serious axe violations (pt-BR, ar, zh)', async ({ page }) => {
  for (const lng of ['pt-BR', 'ar', 'zh']) {
    for (const path of ['/registration', '/registration/status', '/census']) {
      await page.goto(`${path}?lng=${lng}`)
      await expectNoSeriousAxeViolations(page)
    }
  }
})

test('the registration steps and the staff queue have no serious axe violations', async ({ page }) => {
  await logInAs(page, 'resident')
  for (const step of ['about', 'home', 'document', 'contact', 'review']) {
    await page.goto(`/registration/${step}`)
    await expectNoSeriousAxeViolations(page)
  }
  await page.getByRole('button', { name: 'Sair' }).click()
  // Wait for the logout to finish: navigating to /login while it is in flight races the redirect.
  await test.expect(page.getByRole('link', { name: 'Entrar' })).toBeVisible()
  await logInAs(page, 'secretariat')
  for (const path of [
    '/staff/registrations',
    '/staff/registrations/new',
    '/staff/registrations/import',
    '/staff/registrations/demo-reg-044',
  ]) {
    await page.goto(path)
    await expectNoSeriousAxeViolations(page)
  }
})

test('election pages have no serious axe violations (pt-BR, ar, zh)', async ({ page }) => {
  for (const lng of ['pt-BR', 'ar', 'zh']) {
    for (const path of [
      '/elections',
      '/elections/demo-election-cmi-2024',
      '/elections/demo-election-cmi-2024/results',
      '/elections/demo-election-cmi-2024/contests/demo-cmi-A',
      '/elections/demo-election-cmi-2024/verify',
    ]) {
      await page.goto(`${path}?lng=${lng}`)
      await expectNoSeriousAxeViolations(page)
    }
  }
})

test('the commission’s election pages have no serious axe violations', async ({ page }) => {
  await logInAs(page, 'electoral_commission')
  for (const path of ['/staff/elections', '/staff/elections/demo-election-cmi-2024']) {
    await page.goto(path)
    await expectNoSeriousAxeViolations(page)
  }
})

test('results stay usable at 200% zoom on a 360 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 })
  await page.goto('/elections/demo-election-cmi-2024/results?lng=pt-BR')
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  test.expect(overflow).toBeLessThanOrEqual(0)
})

test('conference pages have no serious axe violations (pt-BR, ar, zh)', async ({ page }) => {
  for (const lng of ['pt-BR', 'ar', 'zh']) {
    for (const path of [
      '/conference',
      '/conference/demo-conference-2019',
      '/conference/demo-conference-2019/proposals',
      '/conference/demo-conference-2019/proposals/demo-prop-19-c1',
      '/conference/demo-conference-2019/report',
    ]) {
      await page.goto(`${path}?lng=${lng}`)
      await expectNoSeriousAxeViolations(page)
    }
  }
})
