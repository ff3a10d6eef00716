import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { namePollWorker } from '../../app/elections/poll-workers.server'
import { beleniosTool } from '../helpers/belenios-tool'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr } from './fixtures'
import {
  removeElection,
  verifiableElection,
  withDatabase,
  type VerifiableElection,
} from './verifiable-election'

// Issue #20, "Done when": a verifiable election run through Mutirão's pages produces archives that
// `belenios-tool election verify` accepts and whose result equals the published counts. In order:
// a poll worker opens the booth for a voter, and the booth encrypts the ballot in its browser; the
// demo voter votes online without JavaScript (the server encrypts); the commission closes the vote
// on its election page; two of the three commission members each decrypt their part with
// belenios-tool on the archive they download and paste it in their page (without JavaScript); the
// commission counts and publishes the preliminary result; anyone downloads the final archives,
// verifies them and computes the result with belenios-tool, and finds the same counts on the
// results page and in results.json. The election is made for this run and removed afterwards.
test.describe.configure({ mode: 'serial' })

const el = (key: string, vars: Record<string, string> = {}) => tr('pt-BR', 'elections', key, vars)
const tru = (key: string, vars: Record<string, string> = {}) => tr('pt-BR', 'trustees', key, vars)
const BOOTH_VOTER = { registrationId: 'demo-reg-009', protocol: 'CMI-2026-DEMO-ZZZ9' }
// Members 1 and 2 decrypt (2 of 3 needed); member 3 never has to.
const MEMBERS = ['electoral_commission', 'admin', 'observer'] as const
const CRYPTO = { timeout: 120_000 }

let election: VerifiableElection

test.beforeAll(async () => {
  election = await verifiableElection({
    prefix: 'e2e-count',
    registrationIds: ['demo-reg-voter', BOOTH_VOTER.registrationId],
    trusteeUserIds: MEMBERS.map((role) => `demo-${role.replace(/_/g, '-')}`),
  })
  // The demo poll worker (the secretariat account) is named for this election, as the commission's
  // staffing page does (polling-staff spec and integration tests cover that page).
  const named = await withDatabase((db) =>
    namePollWorker(db, {
      actorUserId: 'demo-electoral-commission',
      electionId: election.id,
      identifier: 'secretariat@demo.mutirao.local',
    }),
  )
  if (!named.ok) throw new Error(named.error)
})

test.afterAll(() => {
  if (election) removeElection(election.id)
})

async function withContext<T>(
  browser: Browser,
  javaScriptEnabled: boolean,
  run: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ javaScriptEnabled })
  try {
    return await run(await context.newPage())
  } finally {
    await context.close()
  }
}

async function inTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'mutirao-e2e-count-'))
  try {
    return await run(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('at the polling station, the booth encrypts the voter’s ballot in its browser', async ({ browser }) => {
  test.setTimeout(240_000)
  await withContext(browser, true, async (page) => {
    // The commission enrols this browser as a booth device of the election, then signs out.
    await logInAs(page, 'electoral_commission')
    await page.goto(`/staff/elections/${election.id}/polling-staff?lng=pt-BR`)
    await page.getByLabel(el('staffing.label')).fill('Mesa verificável')
    await page.getByRole('button', { name: el('staffing.enrolHere') }).click()
    await expect(page.getByText(el('staffing.done.enrolled_here'))).toBeVisible()
    await page.getByRole('button', { name: 'Sair' }).click()
    await expect(page.getByRole('link', { name: 'Entrar' }).first()).toBeVisible()

    // The named poll worker checks the voter's document and opens the booth.
    await logInAs(page, 'secretariat')
    await page.goto(`/staff/elections/${election.id}/polling-station?lng=pt-BR`)
    await page.getByLabel(el('poll.search')).fill(BOOTH_VOTER.protocol)
    await page.getByRole('button', { name: el('poll.find') }).click()
    await expect(page.getByText(BOOTH_VOTER.protocol)).toBeVisible()
    await page.getByLabel(el('poll.documentChecked')).check()
    await page.getByRole('button', { name: el('poll.open') }).click()
    await expect(page.getByRole('heading', { level: 1, name: el('booth.title') })).toBeVisible()

    // The voter chooses, reviews, and the booth encrypts here (ADR 036).
    await page.getByLabel(election.candidates[0]!.name).check()
    await page.getByRole('button', { name: el('vote.review') }).click()
    await page.getByRole('button', { name: el('vote.confirm') }).click()
    const ready = page.getByRole('heading', { name: el('encrypt.readyTitle') })
    await expect(ready).toBeFocused(CRYPTO)
    // An audit at the booth is checked on screen, but no file of the choices is offered: it would
    // stay in the shared device's downloads for the next voter (review M1).
    await page.getByRole('button', { name: el('encrypt.audit') }).click()
    await expect(page.getByText(el('encrypt.auditOk'))).toBeVisible()
    await expect(page.getByRole('link', { name: el('encrypt.auditDownload') })).toHaveCount(0)
    await page.getByRole('button', { name: el('encrypt.again') }).click()
    await expect(ready).toBeFocused(CRYPTO)
    const tracker = (await page.locator('[data-tracker]').first().getAttribute('data-tracker'))!
    expect(tracker).toMatch(/^[A-Za-z0-9+/]{43}$/)
    await page.getByRole('button', { name: el('encrypt.cast') }).click()
    await expect(page.getByRole('heading', { level: 1, name: el('booth.waitingTitle') })).toBeVisible()
    await expect(page.getByText(el('encrypt.by.device'))).toBeVisible()
    await expect(page.locator(`[data-tracker="${tracker}"]`)).toBeVisible()
    await expectNoSeriousAxeViolations(page)

    // The worker's password brings back the polling station: the voter is marked as voted.
    await page.getByLabel(el('booth.password')).fill('mutirao-demo')
    await page.getByRole('button', { name: el('booth.unlock') }).click()
    await page.getByLabel(el('poll.search')).fill(BOOTH_VOTER.protocol)
    await page.getByRole('button', { name: el('poll.find') }).click()
    await expect(page.getByText(el('poll.alreadyVoted.in_person'))).toBeVisible()

    // The ballot is in the public archive: anyone finds its fingerprint.
    await page.goto(`/elections/${election.id}/verify?lng=pt-BR`)
    await page.getByRole('textbox', { name: el('verifiable.verifyTracker') }).fill(tracker)
    await page.getByRole('button', { name: el('verify.check') }).click()
    await expect(page.getByText(el('verifiable.trackerFound'))).toBeVisible()
  })
})

test('without JavaScript the demo voter votes online; the server encrypts and says so', async ({
  browser,
}) => {
  await withContext(browser, false, async (page) => {
    await logInAs(page, 'voter')
    await page.goto(`/elections/${election.id}/vote?lng=pt-BR`)
    await page.getByLabel(election.candidates[0]!.name).check()
    await page.getByRole('button', { name: el('vote.review') }).click()
    await expect(page.getByText(el('vote.reviewIntro'))).toBeVisible()
    await page.getByRole('button', { name: el('vote.confirm') }).click()
    await expect(page.getByText(el('encrypt.by.server'))).toBeVisible()
  })
})

test('the commission closes the vote, two members decrypt with belenios-tool, the commission counts and publishes', async ({
  browser,
}) => {
  test.setTimeout(480_000)
  const advance = async (page: Page, phase: string) => {
    await page.getByRole('button', { name: el('manage.advance', { phase: el(`phases.${phase}`) }) }).click()
    await expect(page.getByText(el('manage.moved', { phase: el(`phases.${phase}`) }))).toBeVisible(CRYPTO)
  }
  await withContext(browser, true, async (page) => {
    await logInAs(page, 'electoral_commission')
    await page.goto(`/staff/elections/${election.id}?lng=pt-BR`)
    await advance(page, 'voting_closed')
  })

  // Members 1 and 2, each on their own computer: the member page (without JavaScript) links the
  // closed archive and their encrypted decryption key; belenios-tool decrypts; the output is pasted.
  for (const member of election.ceremony.members.slice(0, 2)) {
    await withContext(browser, false, async (page) => {
      await logInAs(page, MEMBERS[member.index - 1]!)
      await page.goto(`/elections/${election.id}/trustees/me?lng=pt-BR`)
      await expect(page.getByRole('heading', { name: tru('count.title') })).toBeVisible()
      const dkey = page.getByRole('link', { name: 'mine.dkey' })
      const dkeyResponse = await page.request.get((await dkey.getAttribute('href'))!)
      expect(dkeyResponse.status()).toBe(200)
      const dkeyText = await dkeyResponse.text()
      for (const uuid of election.uuids) {
        const href = (await page.getByRole('link', { name: `${uuid}.bel` }).getAttribute('href'))!
        const bel = await page.request.get(href)
        expect(bel.status()).toBe(200)
        const body = await bel.body()
        const partial = await inTempDir(async (dir) => {
          writeFileSync(join(dir, `${uuid}.bel`), body)
          // The member's private key file, kept on their computer since the ceremony.
          writeFileSync(join(dir, 'mine.key'), `${member.seed}\n`)
          writeFileSync(join(dir, 'mine.dkey'), dkeyText)
          const run = await beleniosTool(
            [
              'election',
              'decrypt-threshold',
              '--key',
              'mine.key',
              '--decryption-key',
              'mine.dkey',
              '--trustee-id',
              String(member.owner),
            ],
            { cwd: dir },
          )
          expect(run.ok, run.stderr).toBe(true)
          return run.stdout.trim()
        })
        await page.locator(`#pd-${uuid}`).fill(partial)
        await page
          .locator('article', { has: page.locator(`#pd-${uuid}`) })
          .getByRole('button', { name: tru('count.send') })
          .click()
        await expect(page.getByText(tru('member.done.decryption'))).toBeVisible(CRYPTO)
        await expect(page.getByText(tru('count.mine'))).toBeVisible()
      }
    })
  }

  await withContext(browser, true, async (page) => {
    await logInAs(page, 'electoral_commission')
    await page.goto(`/staff/elections/${election.id}?lng=pt-BR`)
    await advance(page, 'counted')
    await advance(page, 'preliminary_result')
  })
})

test('anyone verifies the final archives with belenios-tool and finds the published counts', async ({
  browser,
}) => {
  test.setTimeout(240_000)
  await withContext(browser, false, async (page) => {
    const response = await page.request.get(`/open-data/elections/${election.id}/results.json`)
    expect(response.status()).toBe(200)
    const results = (await response.json()) as {
      contests: { id: string; blank: number; candidates: { id: string; votes: number }[] }[]
      belenios_archives: { uuid: string; questions_map: { contest: string; answers: string[] }[] }[]
    }
    expect(results.belenios_archives.map((a) => a.uuid).sort()).toEqual([...election.uuids].sort())
    const contest = results.contests.find((c) => c.id === election.contestId)!
    const published = Object.fromEntries(contest.candidates.map((c) => [c.id, c.votes]))
    // Two ballots, both for the first candidate: the booth's and the online one.
    expect(published).toEqual({ [election.candidates[0]!.id]: 2, [election.candidates[1]!.id]: 0 })

    const fromArchives: Record<string, number> = {}
    let blank = 0
    for (const archive of results.belenios_archives) {
      const bel = await page.request.get(`/open-data/elections/${election.id}/belenios/${archive.uuid}.bel`)
      expect(bel.status()).toBe(200)
      const body = await bel.body()
      const computed = await inTempDir(async (dir) => {
        writeFileSync(join(dir, `${archive.uuid}.bel`), body)
        const verify = await beleniosTool(['election', 'verify'], { cwd: dir })
        expect(verify.ok, verify.stderr).toBe(true)
        const result = await beleniosTool(['election', 'compute-result'], { cwd: dir })
        expect(result.ok, result.stderr).toBe(true)
        return JSON.parse(result.stdout) as { result: number[][] }
      })
      archive.questions_map.forEach((q, i) => {
        if (q.contest !== election.contestId) return
        const row = computed.result[i]!
        // Blank first (the question allows it), then one count per answer in the map's order.
        blank += row[0]!
        q.answers.forEach((id, j) => {
          fromArchives[id] = (fromArchives[id] ?? 0) + row[j + 1]!
        })
      })
    }
    expect(fromArchives).toEqual(published)
    expect(blank).toBe(contest.blank)

    // The public results page says the same.
    await page.goto(`/elections/${election.id}/results?lng=pt-BR`)
    for (const [i, candidate] of election.candidates.entries()) {
      const row = page.getByRole('row', { name: new RegExp(`Coletivo ${i + 1}`) })
      await expect(row.getByRole('cell').nth(1)).toHaveText(String(published[candidate.id]))
    }
  })
})
