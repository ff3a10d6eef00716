import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { commissionThresholdParameters, startCeremony } from '../../app/elections/trustees.server'
import { castVerifiable, encryptForVoter, prepareArchives } from '../../app/elections/verifiable.server'
import { beleniosToolOk } from '../helpers/belenios-tool'
import { createUser } from '../helpers/factories'
import { DEMO_KEY, addToRoll, insertOneContestElection, withDatabase } from './verifiable-election'
import { DEMO_PASSWORD, demoEmail, expect, expectNoSeriousAxeViolations, test, tr, unique } from './fixtures'

// Issue #20 "Done when: the trustee flow works with JavaScript and with the CLI" (ADR 035). Three
// commission members hold a 2-of-3 key. Two run the ceremony in Chromium: the page makes their key
// and saves it as a file (a real download), later steps read it back from a file input, and only
// the public result is sent. The third runs belenios-tool with JavaScript off and pastes its
// output. The ceremony completes, voting opens, one vote is cast, the commission closes voting in
// the staff UI; one member decrypts in the browser (the page downloads the archive, recomputes the
// tally and decrypts with the key file), one with belenios-tool; the commission counts.

const pt = (key: string, vars: Record<string, string | number> = {}) => tr('pt-BR', 'trustees', key, vars)
const ptE = (key: string, vars: Record<string, string | number> = {}) => tr('pt-BR', 'elections', key, vars)

/** A verifiable CMI election in its campaign, one contest, three commission members as trustees. */
async function electionWithCeremony() {
  return withDatabase(async (db) => {
    const id = `e2e-ceremony-${unique()}`
    const { contestId } = await insertOneContestElection(db, {
      id,
      phase: 'campaign',
      title: `Eleição da cerimônia ${id}`,
    })
    const members = []
    for (let i = 0; i < 3; i++)
      members.push(
        await createUser(db, { roles: ['electoral_commission'], email: `trustee-${unique()}@example.org` }),
      )
    const started = await startCeremony(db, {
      actorUserId: 'demo-electoral-commission',
      electionId: id,
      memberUserIds: members.map((m) => m.id),
      threshold: 2,
    })
    if (!started.ok) throw new Error(started.error)
    return { id, contestId, members }
  })
}

/** Voting opens (the roll: the demo voter; the archives with the commission's key) and one vote. */
async function openAndVote(id: string, contestId: string) {
  await withDatabase(async (db) => {
    const commission = await commissionThresholdParameters(db, id)
    if (!commission) throw new Error('ceremony not complete')
    await addToRoll(db, id, 'demo-reg-voter')
    await db.updateTable('elections').set({ phase: 'voting_open' }).where('id', '=', id).execute()
    const prepared = await db
      .transaction()
      .execute((trx) => prepareArchives(trx, { electionId: id, key: DEMO_KEY, commission, now: new Date() }))
    if (!prepared.ok) throw new Error(prepared.error)
    const encrypted = await encryptForVoter(db, {
      electionId: id,
      registrationId: 'demo-reg-voter',
      key: DEMO_KEY,
      choices: { [contestId]: `${id}-c2` },
    })
    if (!encrypted.ok) throw new Error(encrypted.error)
    const cast = await db.transaction().execute((trx) =>
      castVerifiable(trx, {
        electionId: id,
        registrationId: 'demo-reg-voter',
        key: DEMO_KEY,
        ballots: encrypted.value,
      }),
    )
    if (!cast.ok) throw new Error(cast.error)
  })
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login?lng=pt-BR')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('button', { name: 'Sair' })).toBeVisible()
}

type Member = { context: BrowserContext; page: Page; dir: string; keyPath: string; fingerprint?: string }

async function member(browser: Browser, user: { email: string; password: string }, javaScript: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, acceptDownloads: true })
  const page = await context.newPage()
  await logIn(page, user.email, user.password)
  const dir = mkdtempSync(join(tmpdir(), 'mutirao-e2e-trustee-'))
  return { context, page, dir, keyPath: '' } as Member
}

const tool = (m: Member, args: string[], input?: string) =>
  beleniosToolOk(['setup', 'generate-trustee-key-threshold', '--group', 'BELENIOS-2048', ...args], {
    cwd: m.dir,
    input,
  })

/** The member page's form: the text in the field, then the step's Send button. */
async function send(page: Page, text: string | null) {
  const field = page.locator('#message')
  if (text !== null) await field.fill(text)
  else await expect(field).not.toHaveValue('', { timeout: 60_000 })
  await page.getByRole('button', { name: pt('member.send') }).click()
}

test('three members run the key ceremony (two in the browser, one with belenios-tool) and decrypt the count', async ({
  browser,
}) => {
  test.setTimeout(600_000)
  const { id, contestId, members: users } = await electionWithCeremony()
  const path = `/elections/${id}/trustees/me`
  const m1 = await member(browser, users[0]!, true)
  const m2 = await member(browser, users[1]!, true)
  const m3 = await member(browser, users[2]!, false)
  try {
    // Step 1 — in the browser: the key is made here and saved as a file (a real download).
    for (const [i, m] of [m1, m2].entries()) {
      await m.page.goto(path)
      await expect(m.page.getByRole('heading', { name: pt('step.certificate') })).toBeVisible()
      await expect(m.page.getByText(pt('member.intro', { index: i + 1, n: 3, k: 2 }))).toBeVisible()
      if (i === 0) await expectNoSeriousAxeViolations(m.page)
      const [download] = await Promise.all([
        m.page.waitForEvent('download'),
        m.page.getByRole('button', { name: pt('device.makeKey') }).click(),
      ])
      expect(download.suggestedFilename()).toBe(`mutirao-${id.slice(0, 8)}-member${i + 1}.key`)
      m.keyPath = join(m.dir, download.suggestedFilename())
      await download.saveAs(m.keyPath)
      expect(readFileSync(m.keyPath, 'utf8')).toMatch(/^\S+\n$/)
      await expect(m.page.getByText(pt('device.certificateReady'))).toBeVisible()
      m.fingerprint = (await m.page.locator('.trustee-device code').innerText()).trim()
      expect(m.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/)
      await send(m.page, null)
      await expect(m.page.getByText(pt('member.done.certificate'))).toBeVisible()
      await expect(m.page.getByText(pt('member.waiting'))).toBeVisible()
      // Sent: the panel and the field start afresh; the page says what happens next.
      await expect(m.page.locator('#message')).toHaveValue('')
      await expect(m.page.locator('[data-next]')).toContainText(pt('next.certificate', { n: 3 }))
    }
    // Step 1 — with belenios-tool, JavaScript off: no device panel, the command and a paste form.
    await m3.page.goto(path)
    await expect(m3.page.getByRole('button', { name: pt('device.makeKey') })).toHaveCount(0)
    await tool(m3, ['--step', '1'])
    const certName = readdirSync(m3.dir).find((f) => f.endsWith('.cert'))!
    m3.keyPath = join(m3.dir, certName.replace(/\.cert$/, '.key'))
    const cert3 = readFileSync(join(m3.dir, certName), 'utf8')
    m3.fingerprint = createHash('sha256')
      .update(cert3.replace(/\n/g, ''))
      .digest('hex')
      .slice(0, 32)
      .match(/.{4}/g)!
      .join(' ')
    await send(m3.page, cert3)
    await expect(m3.page.getByText(pt('member.done.certificate'))).toBeVisible()

    // Everyone sees every fingerprint; each is the one their own device or tool computed.
    for (const [i, m] of [m1, m2, m3].entries()) {
      await m.page.goto(path)
      const list = m.page.getByRole('region', { name: pt('fingerprints.title') })
      await expect(list.getByRole('listitem').nth(i)).toContainText(m.fingerprint!)
    }

    // Step 3 — the browser reads the key file back from the file input; the tool from its folder.
    const stepWithKeyFile = async (m: Member, done: string) => {
      await m.page.goto(path)
      await m.page.getByLabel(pt('device.keyFileLabel')).setInputFiles(m.keyPath)
      await expect(m.page.getByText(pt('device.stepReady'))).toBeVisible({ timeout: 120_000 })
      await send(m.page, null)
      await expect(m.page.getByText(pt(`member.done.${done}`))).toBeVisible()
    }
    await m1.page.goto(path)
    await expect(m1.page.getByRole('heading', { name: pt('step.polynomial') })).toBeVisible()
    await expectNoSeriousAxeViolations(m1.page)
    // Another member's key file: the device computes that member's polynomial (it does not yet
    // check whose key it is), and the server refuses it beside the field: not this member's.
    await m1.page.getByLabel(pt('device.keyFileLabel')).setInputFiles(m2.keyPath)
    await send(m1.page, null)
    await expect(m1.page.getByText(pt('errors.bad_polynomial'))).toBeVisible()
    await stepWithKeyFile(m1, 'polynomial')
    await stepWithKeyFile(m2, 'polynomial')
    const certs = await m3.page.request.get(`${path}/certs.jsons`)
    expect(certs.status()).toBe(200)
    writeFileSync(join(m3.dir, 'certs.jsons'), await certs.body())
    const keyName3 = m3.keyPath.slice(m3.dir.length + 1)
    await m3.page.goto(path)
    await send(
      m3.page,
      await tool(m3, ['--certs', 'certs.jsons', '--key', keyName3, '--step', '3', '--threshold', '2']),
    )
    await expect(m3.page.getByText(pt('member.done.polynomial'))).toBeVisible()

    // Step 5.
    await m1.page.goto(path)
    await expect(m1.page.getByRole('heading', { name: pt('step.voutput') })).toBeVisible()
    await stepWithKeyFile(m1, 'voutput')
    await stepWithKeyFile(m2, 'voutput')
    const vinput = await m3.page.request.get(`${path}/mine.vinput`)
    expect(vinput.status()).toBe(200)
    await m3.page.goto(path)
    await send(
      m3.page,
      await tool(m3, ['--certs', 'certs.jsons', '--key', keyName3, '--step', '5'], await vinput.text()),
    )
    await expect(m3.page.getByText(pt('member.done.voutput'))).toBeVisible()
    await expect(m3.page.getByText(pt('state.done'))).toBeVisible()
    await m1.page.goto(path)
    await expect(m1.page.getByText(pt('state.done'))).toBeVisible()
    await expect(m1.page.locator('[data-next]')).toContainText(pt('next.done', { k: 2 }))
    await expectNoSeriousAxeViolations(m1.page)

    // Voting opens with the commission's key; one vote; the commission closes voting in its UI.
    await openAndVote(id, contestId)
    const staff = await browser.newPage()
    try {
      await logIn(staff, demoEmail('electoral_commission'), DEMO_PASSWORD)
      const advance = async (phase: string) => {
        await staff.goto(`/staff/elections/${id}`)
        const name = ptE('manage.advance', { phase: ptE(`phases.${phase}`) })
        await staff.getByRole('button', { name }).click()
        await expect(staff.getByText(ptE('manage.moved', { phase: ptE(`phases.${phase}`) }))).toBeVisible({
          timeout: 60_000,
        })
      }
      await advance('voting_closed')

      // The count, member 1 in the browser: the page downloads the archive, recomputes the tally
      // from its ballots and decrypts with the key file; the member sends the result.
      await m1.page.goto(path)
      await expect(m1.page.getByRole('heading', { name: pt('count.title') })).toBeVisible()
      await expectNoSeriousAxeViolations(m1.page)
      const uuids = await m1.page
        .locator('input[type="hidden"][name="uuid"]')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
      expect(uuids.length).toBeGreaterThan(0)
      for (const uuid of uuids) {
        await m1.page.goto(path)
        await m1.page.locator(`#pd-${uuid}-keyfile`).setInputFiles(m1.keyPath)
        const article = m1.page.getByRole('article', { name: new RegExp(uuid) })
        await expect(article.getByRole('status')).toContainText(
          pt('device.decryptionReady', { hash: '' }).split('(')[0]!,
          {
            timeout: 180_000,
          },
        )
        await expect(m1.page.locator(`#pd-${uuid}`)).not.toHaveValue('')
        await article.getByRole('button', { name: pt('count.send') }).click()
        await expect(m1.page.getByText(pt('member.done.decryption'))).toBeVisible()
        await expect(m1.page.getByRole('article', { name: new RegExp(uuid) })).toContainText(pt('count.mine'))
      }
      await expect(m1.page.locator('[data-next]')).toContainText(pt('next.countSent', { k: 2 }))
      await expectNoSeriousAxeViolations(m1.page)

      // Member 3 with belenios-tool on the published archive and their own encrypted share.
      const dkey = await m3.page.request.get(`${path}/mine.dkey`)
      expect(dkey.status()).toBe(200)
      writeFileSync(join(m3.dir, 'mine.dkey'), await dkey.body())
      for (const uuid of uuids) {
        const bel = await m3.page.request.get(`/open-data/elections/${id}/belenios/${uuid}.bel`)
        expect(bel.status()).toBe(200)
        for (const f of readdirSync(m3.dir)) if (f.endsWith('.bel')) rmSync(join(m3.dir, f))
        writeFileSync(join(m3.dir, `${uuid}.bel`), await bel.body())
        const out = await beleniosToolOk(
          [
            'election',
            'decrypt-threshold',
            '--key',
            keyName3,
            '--decryption-key',
            'mine.dkey',
            '--trustee-id',
            '4',
          ],
          { cwd: m3.dir },
        )
        await m3.page.goto(path)
        await m3.page.locator(`#pd-${uuid}`).fill(out.split('\n')[0]!)
        await m3.page
          .getByRole('article', { name: new RegExp(uuid) })
          .getByRole('button', { name: pt('count.send') })
          .click()
        await expect(m3.page.getByText(pt('member.done.decryption'))).toBeVisible()
      }
      await expect(m3.page.locator('[data-next]')).toContainText(pt('next.countSent', { k: 2 }))

      // The commission counts: every archive combines; the vote is there.
      await advance('counted')
      const counted = await withDatabase((db) =>
        db.selectFrom('elections').select('phase').where('id', '=', id).executeTakeFirstOrThrow(),
      )
      expect(counted.phase).toBe('counted')
      await m1.page.goto(path)
      await expect(m1.page.locator('[data-next]')).toContainText(pt('next.counted'))
      await expectNoSeriousAxeViolations(m1.page)
    } finally {
      await staff.close()
    }
  } finally {
    for (const m of [m1, m2, m3]) {
      await m.context.close()
      rmSync(m.dir, { recursive: true, force: true })
    }
  }
})
