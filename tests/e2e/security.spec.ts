import { demoEmail, DEMO_PASSWORD, expect, expectNoSeriousAxeViolations, test, tr } from './fixtures'

test('a cross-site POST is refused with 403 and changes nothing', async ({ request }) => {
  const response = await request.post('/login', {
    headers: { Origin: 'https://evil.example' },
    form: { email: 'admin@demo.mutirao.local', password: 'mutirao-demo' },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(403)
  expect(response.headers()['set-cookie']).toBeUndefined()
})

test('a same-origin POST without Origin or Referer is refused too', async ({ playwright, baseURL }) => {
  const bare = await playwright.request.newContext({ baseURL, extraHTTPHeaders: {} })
  const response = await bare.fetch('/logout', { method: 'POST', maxRedirects: 0 })
  expect(response.status()).toBe(403)
  await bare.dispose()
})

test('pages carry security headers and the session cookie is locked down', async ({ page }) => {
  const response = await page.goto('/login')
  const headers = response!.headers()
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  expect(headers['x-powered-by']).toBeUndefined()

  await page.locator('input[name="email"]').fill('voter@demo.mutirao.local')
  await page.locator('input[name="password"]').fill('mutirao-demo')
  await page.locator('form.stack button[type="submit"]').click()
  await page.waitForURL('/')
  const cookie = (await page.context().cookies()).find((c) => c.name.includes('mutirao_session'))
  expect(cookie).toMatchObject({
    name: '__Host-mutirao_session',
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
  })
})

test('/healthz answers 200 JSON', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  expect(await response.json()).toEqual({ status: 'ok' })
})

test('an unknown page is a translated 404, not a crash', async ({ page }) => {
  const response = await page.goto('/no-such-page?lng=en')
  expect(response!.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    tr('en', 'common', 'errors.notFound.title'),
  )
})

test('staff pages refuse people without the role', async ({ page }) => {
  await page.goto('/login?lng=pt-BR')
  await page.locator('input[name="email"]').fill('resident@demo.mutirao.local')
  await page.locator('input[name="password"]').fill('mutirao-demo')
  await page.locator('form.stack button[type="submit"]').click()
  await page.waitForURL('/')
  const response = await page.goto('/admin/audit')
  expect(response!.status()).toBe(403)
})

test('a demo says so at the top of every page, in the page’s language (issue #16.11)', async ({ page }) => {
  for (const [lng, path] of [
    ['pt-BR', '/'],
    ['ar', '/login'],
    ['zh', '/elections'],
  ] as const) {
    await page.goto(`${path}?lng=${lng}`)
    await expect(page.locator('header').getByRole('note')).toHaveText(tr(lng, 'common', 'demo.banner'))
  }
  await expectNoSeriousAxeViolations(page)
})

test('after logging in, a redirectTo a browser reads as another site stays here (issue #16.7)', async ({
  page,
  baseURL,
}) => {
  for (const redirectTo of ['%2F%09%2Fevil.example', '%2F%5Cevil.example', '%2F%0A%2Fevil.example']) {
    await page.context().clearCookies()
    await page.goto(`/login?lng=pt-BR&redirectTo=${redirectTo}`)
    await page.getByLabel(tr('pt-BR', 'auth', 'fields.identifier')).fill(demoEmail('resident'))
    await page.getByLabel(tr('pt-BR', 'auth', 'fields.password'), { exact: true }).fill(DEMO_PASSWORD)
    await page.locator('form.stack button[type="submit"]').click()
    await expect(page.locator('.user-menu__name')).toBeVisible()
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin)
  }
})
