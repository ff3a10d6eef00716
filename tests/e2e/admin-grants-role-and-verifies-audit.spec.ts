import { expect, logInAs, test, tr } from './fixtures'

test('an admin grants a role; the audit log records it and its chain verifies', async ({ page }) => {
  await logInAs(page, 'admin')
  await page.getByRole('link', { name: tr('pt-BR', 'common', 'nav.users') }).click()
  await page.getByRole('searchbox').fill('observer@demo')
  await page.getByRole('button', { name: tr('pt-BR', 'admin', 'users.searchSubmit') }).click()
  const row = page.locator('tr', { hasText: 'observer@demo.mutirao.local' })
  await row.getByRole('combobox').selectOption('delegate')
  await row.getByRole('button', { name: tr('pt-BR', 'admin', 'users.grant') }).click()
  await expect(page.getByRole('status')).toHaveText(tr('pt-BR', 'admin', 'users.saved'))
  await expect(page.locator('tr', { hasText: 'observer@demo.mutirao.local' })).toContainText(
    tr('pt-BR', 'common', 'roles.delegate'),
  )

  await page.getByRole('link', { name: tr('pt-BR', 'common', 'nav.audit') }).click()
  await expect(page.getByRole('status')).toContainText(
    tr('pt-BR', 'admin', 'audit.chainOk', { count: 2 }).split(':')[0],
  )
  await expect(page.locator('tbody tr').first()).toContainText('role.grant')
})

test('the navigation shows each role only what it can do', async ({ page }) => {
  await logInAs(page, 'resident')
  const nav = page.getByRole('navigation', { name: tr('pt-BR', 'common', 'nav.label') })
  await expect(nav.getByRole('link', { name: tr('pt-BR', 'common', 'nav.myData') })).toBeVisible()
  await expect(nav.getByRole('link', { name: tr('pt-BR', 'common', 'nav.audit') })).toHaveCount(0)
})
