import { expect, expectNoSeriousAxeViolations, logInAs, test, tr } from './fixtures'
import { expectArabicPageFitsA360pxPhone } from './rtl-phone'

// Issue #18: the demo voter (an e-mail, no phone) chooses which notices reach them and how, from
// their account page, without JavaScript. A tampered post (a channel that does not exist, SMS with
// no phone, a group that does not exist) gets a translated answer, never a 500, and changes nothing.
// The page passes axe, and in Arabic it is right-to-left and fits a 360 px phone at 200 % text.
const n = (key: string) => tr('pt-BR', 'notices', key)
const group = (name: string) => n(`groups.${name}.title`)

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a voter turns the election notices and the conference notices off, and the choice is kept', async ({
    page,
    baseURL,
  }) => {
    await logInAs(page, 'voter')
    await page.goto('/account?lng=pt-BR')
    await page.getByRole('link', { name: tr('pt-BR', 'auth', 'account.noticesLink') }).click()
    await expect(page.getByRole('heading', { level: 1, name: n('page.title') })).toBeVisible()
    // An e-mail only: the page offers e-mail or nothing, and says notices go by e-mail.
    await expect(page.getByText(n('page.noPhone'))).toBeVisible()
    const voting = page.getByRole('group', { name: group('voting') })
    await expect(voting.getByLabel(n('channels.email'))).toBeChecked()
    await expect(voting.getByLabel(n('channels.sms'))).toHaveCount(0)

    await voting.getByLabel(n('channels.none')).check()
    await page
      .getByRole('group', { name: group('conference') })
      .getByLabel(n('channels.none'))
      .check()
    await page.getByRole('button', { name: n('page.save') }).click()
    await expect(page.getByRole('status')).toHaveText(n('page.saved'))

    const expectKept = async () => {
      await page.goto('/account/notices?lng=pt-BR')
      await expect(
        page.getByRole('group', { name: group('voting') }).getByLabel(n('channels.none')),
      ).toBeChecked()
      await expect(
        page.getByRole('group', { name: group('conference') }).getByLabel(n('channels.none')),
      ).toBeChecked()
      await expect(
        page.getByRole('group', { name: group('council') }).getByLabel(n('channels.email')),
      ).toBeChecked()
    }
    await expectKept()

    // Tampered posts, as a script would send them (same origin, the voter's session).
    const post = (form: Record<string, string>) =>
      page.request.post('/account/notices?lng=pt-BR', {
        form,
        headers: { Origin: baseURL! },
        maxRedirects: 0,
      })
    const unknownChannel = await post({ voting: 'pigeon', council: 'none' })
    expect(unknownChannel.status()).toBe(400)
    expect(await unknownChannel.text()).toContain(tr('pt-BR', 'validation', 'invalid_channel'))
    const smsWithoutPhone = await post({ council: 'sms' })
    expect(smsWithoutPhone.status()).toBe(400)
    // Beside the group it concerns, on the page as it comes back.
    expect(await smsWithoutPhone.text()).toMatch(
      new RegExp(`class="field-error"[^>]*>${tr('pt-BR', 'validation', 'channel_unavailable')}<`),
    )
    // A group that does not exist is ignored: the post saves nothing else.
    const unknownGroup = await post({ parcels: 'email' })
    expect(unknownGroup.status()).toBe(302)
    await expectKept()

    // The demo voter is shared with other stories: back to the defaults.
    expect((await post({ voting: 'email', conference: 'email' })).status()).toBe(302)
  })
})

test('the notices page has no serious axe violations', async ({ page }) => {
  await logInAs(page, 'voter')
  await page.goto('/account/notices?lng=pt-BR')
  await expect(page.getByRole('heading', { level: 1, name: n('page.title') })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
})

test('in Arabic the notices page is right-to-left and fits a 360 px phone, also at 200 % text', async ({
  page,
}) => {
  await logInAs(page, 'voter')
  await expectArabicPageFitsA360pxPhone(page, '/account/notices', tr('ar', 'notices', 'page.title'))
})
