import { isolate } from '../../app/ui/bidi'
import { enrolThisBrowser, expect, expectNoSeriousAxeViolations, logInAs, test, tr } from './fixtures'

// One story, in order, on the demo Participatory Council election (open for voting in the seed):
// the demo voter votes online without JavaScript, a poll worker opens an in-person ballot, the
// commission closes, counts and publishes the results, and the voter finds their tracking code.
test.describe.configure({ mode: 'serial' })

const ELECTION = '/elections/demo-election-cpm-2026'
const el = (key: string, vars: Record<string, string> = {}) => tr('pt-BR', 'elections', key, vars)
let trackingCode = ''

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the ballot page has no serious axe violations (checked with JavaScript, before voting)', async ({
    browser,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: true }) // axe runs in the page
    const page = await context.newPage()
    await logInAs(page, 'voter')
    await page.goto(`${ELECTION}/vote?lng=ar`)
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
    await expectNoSeriousAxeViolations(page)
    await page.goto(`${ELECTION}/vote?lng=pt-BR`)
    await context.close()
  })

  test('the demo voter votes online, reviews the ballot and gets a tracking code', async ({ page }) => {
    await logInAs(page, 'voter')
    await page.goto(ELECTION)
    await page.getByRole('link', { name: el('overview.vote') }).click()
    await expect(page.getByRole('heading', { level: 1, name: el('vote.title') })).toBeVisible()
    // Reviewing with nothing chosen: the server answers with a message next to the contest.
    await page.getByRole('button', { name: el('vote.review') }).click()
    await expect(page.getByText(el('vote.missing'))).toBeVisible()
    await page.getByLabel('Marie Pierre').check()
    await page.getByRole('button', { name: el('vote.review') }).click()
    await expect(page.getByText(el('vote.reviewIntro'))).toBeVisible()
    await expect(page.locator('dd', { hasText: 'Marie Pierre' })).toBeVisible()
    await page.getByRole('button', { name: el('vote.confirm') }).click()
    await expect(page.getByText(el('vote.done'))).toBeVisible()
    trackingCode = (await page.locator('.receipt').innerText()).trim()
    expect(trackingCode).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)
    // Back on the ballot page: it says they already voted, and offers no second ballot.
    await page.goto(`${ELECTION}/vote`)
    await expect(page.getByText(el('vote.state.already_voted'))).toBeVisible()
    await expect(page.getByRole('button', { name: el('vote.review') })).toHaveCount(0)
  })

  test('a poll worker checks the document, marks the voter and opens a one-time ballot on the device', async ({
    page,
  }) => {
    // The commission enrols this browser; the named poll worker (the secretariat) signs in on it.
    await enrolThisBrowser(page, 'Mesa 1')
    await logInAs(page, 'secretariat')
    await page.goto(`/staff${ELECTION}/polling-station`)
    await page.getByLabel(el('poll.search')).fill('cmi-2026-demo-zzz2')
    await page.getByRole('button', { name: el('poll.find') }).click()
    await expect(page.getByText('CMI-2026-DEMO-ZZZ2')).toBeVisible()
    await page.getByRole('button', { name: el('poll.open') }).click()
    await expect(page.getByText(tr('pt-BR', 'validation', 'confirm_required'))).toBeVisible()
    await page.getByLabel(el('poll.documentChecked')).check()
    await page.getByRole('button', { name: el('poll.open') }).click()
    // The device is now a booth (poll-worker-opens-booth-for-voter.spec.ts tells that story whole).
    await expect(page.getByRole('heading', { level: 1, name: el('booth.title') })).toBeVisible()
    await page.getByLabel(el('vote.blank')).check()
    await page.getByRole('button', { name: el('vote.review') }).click()
    await page.getByRole('button', { name: el('vote.confirm') }).click()
    await expect(page.getByText(el('vote.done'))).toBeVisible()
    await page.getByLabel(el('booth.password')).fill('mutirao-demo')
    await page.getByRole('button', { name: el('booth.unlock') }).click()
    await page.getByLabel(el('poll.search')).fill('CMI-2026-DEMO-ZZZ2')
    await page.getByRole('button', { name: el('poll.find') }).click()
    await expect(page.getByText(el('poll.alreadyVoted.in_person'))).toBeVisible()
    await expect(page.getByRole('button', { name: el('poll.open') })).toHaveCount(0)
  })
})

test.describe('with JavaScript', () => {
  test('the commission closes the vote, counts, and publishes preliminary then official results', async ({
    page,
  }) => {
    await logInAs(page, 'electoral_commission')
    await page.goto(`/staff${ELECTION}`)
    for (const phase of ['voting_closed', 'counted', 'preliminary_result']) {
      await page.getByRole('button', { name: el('manage.advance', { phase: el(`phases.${phase}`) }) }).click()
      await expect(page.getByText(el('manage.moved', { phase: el(`phases.${phase}`) }))).toBeVisible()
    }
    // The official result needs the gazette reference: refused without it, kept on screen.
    await page
      .getByRole('button', { name: el('manage.advance', { phase: el('phases.official_result') }) })
      .click()
    await expect(
      page
        .getByText(el('errors.gazette_reference_required'))
        .or(page.getByText(tr('pt-BR', 'validation', 'gazette_reference_required'))),
    ).toBeVisible()
    await page.getByLabel(el('manage.gazette')).fill('DOC 15/12/2026, p. 40')
    await page
      .getByRole('button', { name: el('manage.advance', { phase: el('phases.official_result') }) })
      .click()
    await expect(page.getByText(el('manage.moved', { phase: el('phases.official_result') }))).toBeVisible()

    await page.goto(`${ELECTION}/results`)
    await expect(
      page.getByText(el('results.official', { ref: isolate('DOC 15/12/2026, p. 40') })),
    ).toBeVisible()
    const se = page.getByRole('region', { name: el('contest.subprefecture', { name: 'Sé' }) })
    const marie = se.getByRole('row', { name: /Marie Pierre/ })
    await expect(marie.getByRole('cell').nth(1)).toHaveText('1')
    await expect(marie).toContainText(el('outcomes.elected'))
    await expect(page.locator('dd.mono').first()).toHaveText(/^[0-9a-f]{64}$/)
    await expectNoSeriousAxeViolations(page)
  })
})

test.describe('without JavaScript, signed out', () => {
  test.use({ javaScriptEnabled: false })

  test('anyone checks the voter’s tracking code on the published bulletin board', async ({ page }) => {
    expect(trackingCode).not.toBe('')
    await page.goto(`${ELECTION}/verify?lng=pt-BR`)
    await page.getByLabel(el('verify.code')).fill(trackingCode.toLowerCase())
    await page.getByRole('button', { name: el('verify.check') }).click()
    await expect(page.getByText(el('verify.found'))).toBeVisible()
    await page.getByLabel(el('verify.code')).fill('AAAA-BBBB-CCCC-DDDD')
    await page.getByRole('button', { name: el('verify.check') }).click()
    await expect(page.getByText(el('verify.notFound'))).toBeVisible()
    const board = await page.request.get('/open-data/elections/demo-election-cpm-2026/ballots.json')
    expect((await board.json()).tracking_codes).toContain(trackingCode)
  })
})
