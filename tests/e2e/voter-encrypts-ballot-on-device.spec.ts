import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Response as PwResponse } from '@playwright/test'
import { beleniosTool } from '../helpers/belenios-tool'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr, waitForHydration } from './fixtures'
import { removeElection, verifiableElection as makeElection } from './verifiable-election'

// Issue #20 (ADR 036): in a verifiable election, the demo voter's ballot is encrypted in the
// browser. They audit one encryption (Benaloh: it is checked and thrown away), encrypt again, cast,
// see "Encrypted on your device" with the fingerprint, and find it on the verify page ("which
// ballot is mine?", and by typing it). The election is set up in the server's database through the
// domain (voting open, the demo voter on the roll, the commission's key ceremony done) and removed
// after each test, so that the shared e2e database stays as the other specs expect it.
// commission-counts-verifiable-election.spec.ts takes such an election on to the count.

const en = (key: string, vars: Record<string, string | number> = {}) => tr('en', 'elections', key, vars)
const made: string[] = []

async function verifiableElection() {
  const election = await makeElection({ prefix: 'e2e-device', registrationIds: ['demo-reg-voter'] })
  made.push(election.id)
  return { id: election.id, candidate: election.candidates[1]!.name, uuids: election.uuids }
}

/**
 * axe needs JavaScript in the page, so the markup a browser without JavaScript was served (the
 * ballot, the review, the receipt: each a server answer) is checked in a page that has it, at the
 * same origin so that the stylesheets apply, with the scripts left out (nothing hydrates).
 */
async function expectNoSeriousAxeViolationsWithoutJs(browser: Browser, served: PwResponse) {
  const html = (await served.text()).replace(/<script\b[\s\S]*?<\/script>/gi, '')
  const context = await browser.newContext({ javaScriptEnabled: true })
  try {
    const page = await context.newPage()
    await page.goto('/healthz')
    await page.setContent(html, { waitUntil: 'load' })
    await expectNoSeriousAxeViolations(page)
  } finally {
    await context.close()
  }
}

test.afterEach(() => {
  for (const id of made.splice(0)) removeElection(id)
})

test('a voter audits one encryption on their device, casts another, and finds its fingerprint', async ({
  page,
}) => {
  const { id, candidate } = await verifiableElection()
  await logInAs(page, 'voter')
  await page.goto(`/elections/${id}/vote?lng=en`)
  await waitForHydration(page) // the device encrypts only once the page's scripts run
  await page.getByLabel(candidate).check()
  await page.getByRole('button', { name: en('vote.review') }).click()
  await page.getByRole('button', { name: en('vote.confirm') }).click()

  // Encrypted here: the fingerprint, focused, and the two choices.
  const ready = page.getByRole('heading', { name: en('encrypt.readyTitle') })
  await expect(ready).toBeFocused({ timeout: 60_000 })
  const audited = (await page.locator('[data-tracker]').first().getAttribute('data-tracker'))!
  expect(audited).toMatch(/^[A-Za-z0-9+/]{43}$/)
  await expectNoSeriousAxeViolations(page)

  // Benaloh audit: checked on the device, thrown away, never castable; then a fresh encryption.
  await page.getByRole('button', { name: en('encrypt.audit') }).click()
  await expect(page.getByText(en('encrypt.auditOk'))).toBeVisible()
  await expect(page.getByRole('link', { name: en('encrypt.auditDownload') })).toBeVisible()
  await expect(page.getByRole('button', { name: en('encrypt.cast') })).toHaveCount(0)
  await page.getByRole('button', { name: en('encrypt.again') }).click()
  await expect(ready).toBeFocused({ timeout: 60_000 })
  const cast = (await page.locator('[data-tracker]').first().getAttribute('data-tracker'))!
  expect(cast).not.toBe(audited)

  await page.getByRole('button', { name: en('encrypt.cast') }).click()
  await expect(page.getByText(en('encrypt.by.device'))).toBeVisible()
  await expect(page.locator(`[data-tracker="${cast}"]`)).toBeVisible()
  await expectNoSeriousAxeViolations(page)

  // Which ballot is mine? Shown to the voter; anyone finds it by typing it; the audited one is not there.
  await page.goto(`/elections/${id}/verify?lng=en`)
  await expect(page.locator(`[data-tracker="${cast}"]`)).toBeVisible()
  await page.getByRole('textbox', { name: en('verifiable.verifyTracker') }).fill(audited)
  await page.getByRole('button', { name: en('verify.check') }).click()
  await expect(page.getByText(en('verifiable.trackerNotFound'))).toBeVisible()
  await page.getByRole('textbox', { name: en('verifiable.verifyTracker') }).fill(cast)
  await page.getByRole('button', { name: en('verify.check') }).click()
  await expect(page.getByText(en('verifiable.trackerFound'))).toBeVisible()
})

test('without JavaScript the server encrypts and says so; the archive served over HTTP passes belenios-tool', async ({
  browser,
}) => {
  const { id, candidate, uuids } = await verifiableElection()
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  try {
    await logInAs(page, 'voter')
    const documents: PwResponse[] = []
    page.on('response', (r) => {
      if (r.request().resourceType() === 'document') documents.push(r)
    })
    await page.goto(`/elections/${id}/vote?lng=en`)
    await expectNoSeriousAxeViolationsWithoutJs(browser, documents.at(-1)!)
    await page.getByLabel(candidate).check()
    await page.getByRole('button', { name: en('vote.review') }).click()
    await expect(page.getByText(en('vote.reviewIntro'))).toBeVisible()
    await expectNoSeriousAxeViolationsWithoutJs(browser, documents.at(-1)!)
    await page.getByRole('button', { name: en('vote.confirm') }).click()
    await expect(page.getByText(en('encrypt.by.server'))).toBeVisible()
    await expectNoSeriousAxeViolationsWithoutJs(browser, documents.at(-1)!)
    const tracker = (await page.locator('[data-tracker]').first().getAttribute('data-tracker'))!
    expect(tracker).toMatch(/^[A-Za-z0-9+/]{43}$/)

    // The public archive, downloaded as anyone would, verified by the reference tool.
    for (const uuid of uuids) {
      const response = await page.request.get(`/open-data/elections/${id}/belenios/${uuid}.bel`)
      expect(response.status()).toBe(200)
      const dir = mkdtempSync(join(tmpdir(), 'mutirao-e2e-bel-'))
      try {
        writeFileSync(join(dir, `${uuid}.bel`), await response.body())
        const run = await beleniosTool(['election', 'verify'], { cwd: dir })
        expect(run.ok, run.stderr).toBe(true)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  } finally {
    await context.close()
  }
})
