import type { Browser, Page } from '@playwright/test'
import { MAX_TRANSLATION_LENGTH } from '../../app/translations/fields'
import { DEMO_PASSWORD, expect, expectNoSeriousAxeViolations, test, tr } from './fixtures'

// Issue #19, done when: "a translator translates a plan action in Haitian Creole without
// JavaScript and a second translator publishes it". Translator A finds the action in the Creole
// queue, types the translation beside the original and sends it; translator B publishes it; the
// public action page read in Creole shows it, tagged as Creole.
test.describe.configure({ mode: 'serial' })
// Axe runs in a page with JavaScript (it injects its script); the story runs without.
test.describe.configure({ timeout: 180_000 })

const t = (key: string, vars: Record<string, string> = {}) => tr('pt-BR', 'translations', key, vars)
const CREOLE = `Fè de kanpay kont ksenofobi chak ane ${Date.now()}`
let editor = ''

async function withoutJs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await logIn(page, email)
  return page
}

async function logIn(page: Page, email: string) {
  await page.goto('/login?lng=pt-BR')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('button', { name: 'Sair' })).toBeVisible()
}

test('translator A translates a plan action into Creole and sends it for review', async ({ browser }) => {
  const page = await withoutJs(browser, 'tradutora@demo.mutirao.local')
  await page.getByRole('link', { name: tr('pt-BR', 'common', 'nav.translate') }).click()
  await expect(page.getByRole('heading', { level: 1, name: t('queue.title') })).toBeVisible()
  await page.goto('/translate?into=ht&kind=plan_action.title')
  const first = page.locator('.translate-queue a').first()
  await expect(first).toContainText(t('kinds.plan_action.title'))
  editor = (await first.getAttribute('href'))!
  expect(editor).toMatch(/^\/translate\/ht\/plan_action\.title\//)
  await first.click()
  // The original in Portuguese, left to right; the textarea in Creole.
  const original = page.locator('section[aria-labelledby="original-heading"] .translate-text').first()
  await expect(original).toHaveAttribute('lang', 'pt-BR')
  const box = page.getByLabel(t('editor.textLabel', { language: 'Kreyòl ayisyen' }))
  await expect(box).toHaveAttribute('lang', 'ht')
  await expect(box).toHaveAttribute('dir', 'ltr')
  // The server's limit for the field, so the browser stops where the server would refuse (a plan
  // action's title is a long text: the longest translation of any text).
  await expect(box).toHaveAttribute('maxlength', String(MAX_TRANSLATION_LENGTH))
  // Nothing typed: the error is beside the field.
  await page.getByRole('button', { name: t('editor.submit') }).click()
  await expect(page.getByText(tr('pt-BR', 'validation', 'required'))).toBeVisible()
  await box.fill(CREOLE)
  await page.getByRole('button', { name: t('editor.submit') }).click()
  await expect(page.getByText(t('editor.done.submitted'))).toBeVisible()
  await expect(page.getByText(t('editor.pendingMine'))).toBeVisible()
  // Nobody reviews their own translation: no Publish button for A.
  await expect(page.getByRole('button', { name: t('editor.publish') })).toHaveCount(0)
})

test('the queue and the editor with a pending translation pass axe', async ({ page }) => {
  await logIn(page, 'tradutor@demo.mutirao.local')
  await page.goto('/translate?into=ht')
  await expectNoSeriousAxeViolations(page)
  await page.goto(editor)
  await expect(page.getByText(CREOLE)).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})

test('translator B publishes it, and readers in Creole see it', async ({ browser, page: reader }) => {
  const page = await withoutJs(browser, 'tradutor@demo.mutirao.local')
  await page.goto('/translate/review')
  await page.locator(`a[href="${editor}"]`).click()
  await expect(page.getByText(CREOLE)).toBeVisible()
  await page.getByRole('button', { name: t('editor.publish') }).click()
  await expect(page.getByText(t('editor.done.published'))).toBeVisible()

  const actionId = decodeURIComponent(editor.split('/').pop()!)
  await page.goto(`/plan/actions/${encodeURIComponent(actionId)}?lng=ht`)
  await expect(page.locator('h1 [lang="ht"]', { hasText: CREOLE })).toBeVisible()
  // An anonymous reader, with JavaScript, sees the same; the page passes axe.
  await reader.goto(`/plan/actions/${encodeURIComponent(actionId)}?lng=ht`)
  await expect(reader.locator('h1 [lang="ht"]', { hasText: CREOLE })).toBeVisible()
  await expectNoSeriousAxeViolations(reader)
})
