import { join } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import SQLite from 'better-sqlite3'
import { DEMO_PASSWORD, expect, expectNoSeriousAxeViolations, test, tr } from './fixtures'

// Issue #19, gap 2 (ADR 026 "Review"): a translator who reads Haitian Creole checks the Creole
// easy-read guide to the online ballot through the product, without JavaScript: she reads it beside
// the Portuguese original, approves it, and the public guide in Creole now says it was checked by a
// second person — and still waits in French. When the text changes after the approval (simulated
// by changing the recorded fingerprint in the e2e database), the reviewers see "outdated" and the
// readers "waiting to be checked" again. The demo seeds no approval: no native speaker checked it.
test.describe.configure({ mode: 'serial', timeout: 180_000 })

const t = (key: string, vars: Record<string, string> = {}) => tr('pt-BR', 'translations', key, vars)
const REVIEW_PAGE = '/translate/easy-read/ht/ballot'
const before = (lng: string, ns: string, key: string) => tr(lng, ns, key, { date: '|' }).split('|')[0]!.trim()

async function logIn(page: Page, email: string) {
  await page.goto('/login?lng=pt-BR')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('button', { name: 'Sair' })).toBeVisible()
}

async function withoutJs(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false })
  return { context, page: await context.newPage() }
}

test('a translator approves the Creole ballot guide and readers in Creole see it was checked', async ({
  browser,
}) => {
  const reader = await withoutJs(browser)
  await reader.page.goto('/easy-read/ballot?lng=ht')
  await expect(reader.page.locator('.easy-read__review')).toHaveText(tr('ht', 'easyread', 'meta.notReviewed'))

  const { context, page } = await withoutJs(browser)
  await logIn(page, 'tradutora@demo.mutirao.local')
  await page.goto('/translate')
  await page.getByRole('link', { name: t('easyRead.link') }).click()
  await expect(page.getByRole('heading', { level: 1, name: t('easyRead.title') })).toBeVisible()
  const item = page.locator('section[aria-labelledby="easy-read-ht"] li[data-guide="ballot"]')
  await expect(item).toContainText(t('easyRead.state.never'))
  await item.getByRole('link').click()
  await expect(page).toHaveURL(new RegExp(`${REVIEW_PAGE}$`))

  // The Portuguese original beside the Creole text, each in its own language.
  await expect(page.locator('section[aria-labelledby="original-heading"] [lang="pt-BR"] h3')).toHaveText(
    tr('pt-BR', 'easyread', 'guides.ballot.title'),
  )
  await expect(page.locator('section[aria-labelledby="text-heading"] [lang="ht"] h3')).toHaveText(
    tr('ht', 'easyread', 'guides.ballot.title'),
  )
  await expect(page.locator('[lang="ht"] ol > li')).toHaveCount(8)

  // Asking for changes without saying which: the error sits beside the note.
  await page.getByRole('button', { name: t('easyRead.requestChanges') }).click()
  await expect(page.getByText(tr('pt-BR', 'validation', 'required'))).toBeVisible()
  await expect(page.getByLabel(t('easyRead.noteLabel'))).toHaveAttribute('aria-invalid', 'true')

  await page.getByRole('button', { name: t('easyRead.approve') }).click()
  await expect(page.getByText(t('easyRead.done.approved'))).toBeVisible()
  await expect(page.locator('.easy-read-review__state')).toContainText(
    before('pt-BR', 'translations', 'easyRead.state.approved'),
  )
  // Never the same person twice in a row: no buttons for her now.
  await expect(page.getByText(t('easyRead.reviewedLast'))).toBeVisible()
  await expect(page.getByRole('button', { name: t('easyRead.approve') })).toHaveCount(0)
  await context.close()

  // Readers in Creole see the date; readers in French still see that it waits.
  await reader.page.goto('/easy-read/ballot?lng=ht')
  const review = reader.page.locator('.easy-read__review')
  await expect(review).toContainText(before('ht', 'easyread', 'meta.reviewedOn'))
  await expect(review).not.toHaveText(tr('ht', 'easyread', 'meta.notReviewed'))
  await reader.page.goto('/easy-read/ballot?lng=fr')
  await expect(reader.page.locator('.easy-read__review')).toHaveText(tr('fr', 'easyread', 'meta.notReviewed'))
  await reader.context.close()
})

test('the review list and the review page pass axe', async ({ page }) => {
  await logIn(page, 'tradutor@demo.mutirao.local')
  await page.goto('/translate/easy-read')
  await expect(page.locator('li[data-guide="ballot"]').first()).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await page.goto(REVIEW_PAGE)
  await expect(page.getByRole('button', { name: t('easyRead.approve') })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await page.goto('/translate/easy-read/ar/registration')
  await expectNoSeriousAxeViolations(page)
})

test('a text changed after its approval reads "outdated" for reviewers and "waiting" for readers', async ({
  browser,
}) => {
  // The locale text changing is simulated by the approval's fingerprint no longer matching it.
  const db = new SQLite(join(process.env.E2E_DATA_DIR!, 'mutirao.sqlite'), { timeout: 10_000 })
  try {
    const changed = db
      .prepare(
        `UPDATE easy_read_reviews SET text_fingerprint = '0badf00d' WHERE guide = 'ballot' AND language = 'ht'`,
      )
      .run()
    expect(changed.changes).toBe(1)
  } finally {
    db.close()
  }
  const { context, page } = await withoutJs(browser)
  await page.goto('/easy-read/ballot?lng=ht')
  await expect(page.locator('.easy-read__review')).toHaveText(tr('ht', 'easyread', 'meta.notReviewed'))
  await logIn(page, 'tradutor@demo.mutirao.local')
  await page.goto('/translate/easy-read')
  const item = page.locator('section[aria-labelledby="easy-read-ht"] li[data-guide="ballot"]')
  await expect(item).toHaveAttribute('data-state', 'outdated')
  await expect(item).toContainText(before('pt-BR', 'translations', 'easyRead.state.outdated'))
  await context.close()
})
