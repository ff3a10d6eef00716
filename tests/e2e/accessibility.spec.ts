import type { Page } from '@playwright/test'
import {
  enrolThisBrowser,
  expect,
  expectNoSeriousAxeViolations,
  linkFromOutbox,
  logInAs,
  openBoothFor,
  test,
  tr,
  unique,
} from './fixtures'

// WCAG 2.2 AA checks with axe-core, and reflow at 200 % on a 360 px phone. One page per test: a page
// through axe takes 2–10 s alone and several times that on a busy shared machine, so a test that
// walked through many pages ran into its timeout; one page per test keeps each well inside it and
// names the page that fails.

const ALL_LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const RTL_AND_CJK = ['pt-BR', 'ar', 'zh']

type Check = { path: string; languages: string[]; as?: string }

const AXE: Check[] = [
  ...['/', '/login', '/signup'].map((path) => ({ path, languages: ALL_LANGUAGES })),
  // After the sign-up form (#16.10): "check your messages", and a link that no longer works.
  ...['/signup?done=check', '/signup/confirm/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'].map((path) => ({
    path,
    languages: RTL_AND_CJK,
  })),
  ...['/registration', '/registration/status', '/census'].map((path) => ({ path, languages: RTL_AND_CJK })),
  ...['about', 'home', 'document', 'contact', 'review'].map((step) => ({
    path: `/registration/${step}`,
    languages: ['pt-BR'],
    as: 'resident',
  })),
  ...[
    '/staff/registrations',
    '/staff/registrations/new',
    '/staff/registrations/import',
    '/staff/registrations/demo-reg-044',
    '/staff/registrations/duplicates',
  ].map((path) => ({ path, languages: ['pt-BR'], as: 'secretariat' })),
  // Census cycles (issue #17): the page that says when a closed cycle's identity data goes.
  { path: '/staff/census/cycles', languages: ['ar', 'pt-BR'], as: 'secretariat' },
  ...[
    '/elections',
    '/elections/demo-election-cmi-2024',
    '/elections/demo-election-cmi-2024/results',
    '/elections/demo-election-cmi-2024/contests/demo-cmi-A',
    '/elections/demo-election-cmi-2024/verify',
  ].map((path) => ({ path, languages: RTL_AND_CJK })),
  ...[
    '/staff/elections',
    '/staff/elections/demo-election-cmi-2024',
    '/staff/elections/demo-election-cpm-2026/polling-staff',
    '/staff/elections/shares',
    '/staff/elections/demo-election-cpm-2026/polling-places',
  ].map((path) => ({
    path,
    languages: ['pt-BR'],
    as: 'electoral_commission',
  })),
  ...[
    '/conference',
    '/conference/demo-conference-2019',
    '/conference/demo-conference-2019/proposals',
    '/conference/demo-conference-2019/proposals/demo-prop-19-c1',
    '/conference/demo-conference-2019/report',
  ].map((path) => ({ path, languages: RTL_AND_CJK })),
  ...[
    '/consultations/demo-consultation-campaign-2027',
    '/consultations/demo-consultation-campaign-2027/p/demo-consultation-campaign-2027-p1-1',
    '/consultations/demo-consultation-plan-revision/report',
  ].map((path) => ({ path, languages: ['ar', 'ht'] })),
  ...[
    '/plan',
    '/plan/actions',
    '/plan/actions/demo-plan-2021-a4.1.1',
    '/plan/indicators/demo-plan-2021-a4.1.1-i1',
    '/plan/campaigns',
    '/plan/trace/human_rights',
    '/plan/report',
    '/plan/migracidades',
  ].map((path) => ({ path, languages: ['ar', 'zh'] })),
  ...[
    '/council',
    '/council/bodies/demo-body-cmi',
    '/council/meetings/demo-meeting-2025-03',
    '/council/meetings/demo-meeting-2025-03/minutes',
    '/council/resolutions/demo-resolution-2025-2',
    '/council/archive?q=xenofobia',
  ].map((path) => ({ path, languages: ['ar', 'ht'] })),
  // The secretariat's view: the gazette, swearing-in and departure forms (#17).
  { path: '/council/bodies/demo-body-cmi', languages: ['ar'], as: 'secretariat' },
]

const REFLOW: Check[] = [
  ...['/', '/login', '/signup', '/elections/demo-election-cmi-2024/results'].map((path) => ({
    path,
    languages: ['pt-BR'],
  })),
  ...[
    '/consultations/demo-consultation-campaign-2027',
    '/consultations/demo-consultation-campaign-2027/p/demo-consultation-campaign-2027-p1-1',
    '/consultations/demo-consultation-plan-revision/report',
    '/plan',
    '/plan/indicators/demo-plan-2021-a4.1.1-i1',
    '/plan/trace/human_rights',
    '/council/bodies/demo-body-cmi',
    '/council/meetings/demo-meeting-2025-03',
    '/council/archive',
    // The CPM seats per subprefecture: a seven-column table (issue #17).
    '/elections/demo-election-cpm-2026',
  ].map((path) => ({ path, languages: ['pt-BR', 'ar'] })),
]

const withLanguage = (path: string, lng: string) => `${path}${path.includes('?') ? '&' : '?'}lng=${lng}`

/** Opens a page and waits until it is the page it should be: its language and direction applied. */
async function open(page: Page, path: string, lng: string) {
  await page.goto(withLanguage(path, lng))
  await expect(page.locator('html')).toHaveAttribute('lang', lng)
  await expect(page.locator('html')).toHaveAttribute('dir', lng === 'ar' ? 'rtl' : 'ltr')
  await page.waitForLoadState('load')
}

for (const check of AXE) {
  for (const lng of check.languages) {
    test(`axe: ${check.path} (${lng}${check.as ? `, as ${check.as}` : ''}) has no serious violations`, async ({
      page,
    }) => {
      if (check.as) await logInAs(page, check.as)
      await open(page, check.path, lng)
      await expectNoSeriousAxeViolations(page)
    })
  }
}

// The page of a working sign-up link (#16.10): its one button, before the account exists.
for (const lng of RTL_AND_CJK) {
  test(`axe: /signup/confirm/<token> (${lng}) has no serious violations`, async ({ page }) => {
    const email = `axe-${unique()}@example.org`
    await page.goto(`/signup?lng=${lng}`)
    await page.locator('input[name="displayName"]').fill('Axe')
    await page.locator('input[name="email"]').fill(email)
    await page.locator('input[name="password"]').fill('a good long password')
    await page.locator('input[name="passwordConfirm"]').fill('a good long password')
    await page.locator('input[name="consent"]').check()
    await page.locator('form.stack button[type="submit"]').click()
    await expect(page.getByRole('status')).toHaveText(tr(lng, 'auth', 'signup.sent'))
    const path = await linkFromOutbox(page, email, /http:\/\/\S+\/signup\/confirm\/[a-z2-7]+/)
    await open(page, path, lng)
    await expect(page.getByRole('button', { name: tr(lng, 'auth', 'signup.confirmSubmit') })).toBeVisible()
    await expectNoSeriousAxeViolations(page)
  })
}

for (const check of REFLOW) {
  for (const lng of check.languages) {
    test(`reflow: ${check.path} (${lng}) stays usable at 200% zoom on a 360 px screen`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 })
      await open(page, check.path, lng)
      await page.evaluate(() => {
        document.documentElement.style.fontSize = '200%'
      })
      // Wide tables scroll inside their own region; nothing may push the page sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow, `${check.path} scrolls sideways at 200%`).toBeLessThanOrEqual(0)
    })
  }
}

// The booth (issue #16.12): the voter's ballot and the waiting screen, each in booth state.
test('axe: /booth, the voter’s ballot (ar) has no serious violations', async ({ page }) => {
  await enrolThisBrowser(page, 'Mesa axe 1')
  await openBoothFor(page, 'CMI-2026-DEMO-ZZZ6')
  await open(page, '/booth', 'ar')
  await expectNoSeriousAxeViolations(page)
})

test('axe: /booth, the waiting screen after the vote (pt-BR) has no serious violations', async ({ page }) => {
  await enrolThisBrowser(page, 'Mesa axe 2')
  await openBoothFor(page, 'CMI-2026-DEMO-ZZZ7')
  await page.getByLabel(tr('pt-BR', 'elections', 'vote.blank')).check()
  await page.getByRole('button', { name: tr('pt-BR', 'elections', 'vote.review') }).click()
  await page.getByRole('button', { name: tr('pt-BR', 'elections', 'vote.confirm') }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: tr('pt-BR', 'elections', 'booth.waitingTitle') }),
  ).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})
