import {
  expect,
  expectNoSeriousAxeViolations,
  localDateTimeInput,
  logInAs,
  signUpFresh,
  test,
  tr,
} from './fixtures'
import { isolate } from '../../app/ui/bidi'

// The consultation story on a consultation the secretariat creates for it (so demo content stays
// as seeded for other tests): a resident comments on a paragraph in Haitian Creole without
// JavaScript and reports an offensive comment, a moderator hides it, the secretariat answers the
// resident's contribution linking it to the plan action it changed, closes the consultation, and
// the report shows that link.
test.describe.configure({ mode: 'serial' })

const k = (lng: string, key: string, vars: Record<string, string | number> = {}) =>
  tr(lng, 'consultations', key, vars)
const TITLE = `Consulta de teste ${Date.now()}`
const KREYOL = 'Fòk gen afich nan lang kreyòl nan tout estasyon metwo yo.'
const OFFENSIVE = 'Texto ofensivo para o teste de moderação.'
let consultationUrl = ''

test('the secretariat drafts a consultation linked to a plan action and publishes it', async ({ page }) => {
  await logInAs(page, 'secretariat')
  await page.goto('/staff/consultations')
  await page.getByLabel(k('pt-BR', 'staff.fields.title')).fill(TITLE)
  await page.getByLabel(k('pt-BR', 'staff.fields.summary')).fill('Resumo da consulta de teste.')
  await page
    .getByLabel(k('pt-BR', 'staff.fields.draft'))
    .fill('## Mensagem\n\nA campanha usará cartazes no metrô.\n\nE rádios comunitárias.')
  await page.getByLabel(k('pt-BR', 'staff.fields.opensAt')).fill(localDateTimeInput(Date.now() - 86_400_000))
  await page
    .getByLabel(k('pt-BR', 'staff.fields.closesAt'))
    .fill(localDateTimeInput(Date.now() + 30 * 86_400_000))
  await page.getByLabel(/^4\.1\.1 — Realizar duas campanhas/).check()
  await page.getByRole('button', { name: k('pt-BR', 'staff.create') }).click()
  await expect(page.getByText(k('pt-BR', 'staff.done.created'))).toBeVisible()
  await page.getByRole('button', { name: k('pt-BR', 'staff.moveTo.open') }).click()
  await expect(page.getByText(k('pt-BR', 'staff.done.status_open'))).toBeVisible()
  await page.getByRole('link', { name: k('pt-BR', 'staff.publicPage') }).click()
  // The staff page has the same heading: wait for the public page's address.
  await page.waitForURL(/\/consultations\/[a-z2-7]+$/)
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible()
  consultationUrl = new URL(page.url()).pathname
  expect(consultationUrl).toMatch(/^\/consultations\/[a-z2-7]+$/)
})

test('another person posts an offensive comment', async ({ page }) => {
  await signUpFresh(page, 'pt-BR', 'Pessoa Agressiva')
  await page.goto(consultationUrl)
  await page
    .getByRole('link', { name: k('pt-BR', 'page.commentParagraph', { count: 0, ref: '1.1' }) })
    .click()
  await page.getByLabel(k('pt-BR', 'thread.yourComment'), { exact: true }).fill(OFFENSIVE)
  await page.getByRole('button', { name: k('pt-BR', 'thread.send') }).click()
  await expect(page.getByText(k('pt-BR', 'thread.done.commented'))).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a resident comments on a paragraph in Haitian Creole and reports the offensive comment', async ({
    page,
  }) => {
    await signUpFresh(page, 'ht', 'Wislande Joseph')
    await page.goto(`${consultationUrl}?lng=ht`)
    await expect(page.locator('html')).toHaveAttribute('lang', 'ht')
    await page.getByRole('link', { name: k('ht', 'page.commentParagraph', { count: 1, ref: '1.1' }) }).click()
    await expect(
      page.getByRole('heading', { level: 1, name: k('ht', 'thread.headingParagraph', { ref: '1.1' }) }),
    ).toBeVisible()
    // Empty comment: the message sits next to the field; nothing is posted.
    await page.getByRole('button', { name: k('ht', 'thread.send') }).click()
    await expect(page.getByText(tr('ht', 'validation', 'required'))).toBeVisible()
    const newComment = page.locator('section[aria-labelledby="new-comment"]')
    await newComment.getByLabel(k('ht', 'thread.yourComment'), { exact: true }).fill(KREYOL)
    await expect(newComment.getByLabel(k('ht', 'thread.language'))).toHaveValue('ht')
    await page.getByRole('button', { name: k('ht', 'thread.send') }).click()
    await expect(page.getByText(k('ht', 'thread.done.commented'))).toBeVisible()
    await expect(page.locator('p[lang="ht"]', { hasText: KREYOL })).toBeVisible()

    const offensive = page.locator('article.contribution', { hasText: OFFENSIVE })
    await offensive.getByText(k('ht', 'thread.report')).click()
    await offensive.getByLabel(k('ht', 'thread.reportReason')).fill('Li ofanse moun.')
    await offensive.getByRole('button', { name: k('ht', 'thread.sendReport') }).click()
    await expect(page.getByText(k('ht', 'thread.done.reported'))).toBeVisible()
  })
})

test('a moderator hides the reported comment; a placeholder stays in the thread', async ({ page }) => {
  await logInAs(page, 'moderator')
  await page.goto(`/staff${consultationUrl}`)
  const reported = page.locator('li.card', { hasText: OFFENSIVE })
  await reported.getByLabel(k('pt-BR', 'thread.hideReason')).fill('Ofensa a outras pessoas.')
  await reported.getByRole('button', { name: k('pt-BR', 'thread.hideSubmit') }).click()
  await expect(page.getByText(k('pt-BR', 'staff.done.hidden'))).toBeVisible()
  // Moderators do not answer or move the status.
  await expect(page.getByRole('button', { name: k('pt-BR', 'staff.moveTo.closed') })).toHaveCount(0)
  await page.goto(`${consultationUrl}/p/${await firstParagraphId(page)}`)
  await expect(
    page.getByText(k('pt-BR', 'thread.hiddenPlaceholder', { reason: isolate('Ofensa a outras pessoas.') })),
  ).toBeVisible()
  await expect(page.getByText(OFFENSIVE)).toHaveCount(0)
})

test('the secretariat answers, closes the consultation and the report links the contribution to the goal it changed', async ({
  page,
}) => {
  await logInAs(page, 'secretariat')
  await page.goto(`/staff${consultationUrl}`)
  const item = page.locator('li.card', { hasText: KREYOL })
  await item.getByLabel(k('pt-BR', 'staff.answer.decision')).selectOption('accepted')
  await item
    .getByLabel(k('pt-BR', 'staff.answer.justification'))
    .fill('Acolhida: os cartazes terão versão em crioulo haitiano.')
  await item
    .getByLabel(k('pt-BR', 'staff.answer.target'))
    .selectOption({ label: '4.1.1 — Realizar duas campanhas por ano contra a xenofobia e a discriminação' })
  await item.getByRole('button', { name: k('pt-BR', 'staff.answer.submit') }).click()
  await expect(page.getByText(k('pt-BR', 'staff.done.answered'))).toBeVisible()
  await page.getByRole('button', { name: k('pt-BR', 'staff.moveTo.closed') }).click()
  await expect(page.getByText(k('pt-BR', 'staff.done.status_closed'))).toBeVisible()
  await page.getByRole('button', { name: k('pt-BR', 'staff.moveTo.answered') }).click()
  await expect(page.getByText(k('pt-BR', 'staff.done.status_answered'))).toBeVisible()

  await page.goto(`${consultationUrl}/report`)
  const changes = page.locator('section[aria-labelledby="changes"]')
  await expect(changes.getByRole('link', { name: /4\.1\.1/ })).toBeVisible()
  await expect(changes.locator('blockquote[lang="ht"]')).toHaveText(KREYOL)
  await expect(page.locator('section[aria-labelledby="languages"]')).toContainText('Kreyòl')
  await expectNoSeriousAxeViolations(page)
  const csv = await page.request.get(`/open-data${consultationUrl}/contributions.csv`)
  const text = await csv.text()
  expect(text).toContain(KREYOL)
  expect(text).toContain('4.1.1')
  expect(text).not.toContain('Wislande')
})

async function firstParagraphId(page: import('@playwright/test').Page): Promise<string> {
  await page.goto(consultationUrl)
  const href = await page.locator('.paragraph a').first().getAttribute('href')
  return href!.split('/p/')[1]!
}
