import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { prepareArchives } from '../../app/elections/verifiable.server'
import { commissionThresholdParameters } from '../../app/elections/trustees.server'
import { openSqlite, type DB } from '../../app/lib/db.server'
import { beleniosTool } from '../helpers/belenios-tool'
import { completeCeremony } from '../helpers/elections'
import { expect, expectNoSeriousAxeViolations, logInAs, test, tr, unique } from './fixtures'

// Issue #20 (ADR 036): in a verifiable election, the demo voter's ballot is encrypted in the
// browser. They audit one encryption (Benaloh: it is checked and thrown away), encrypt again, cast,
// see "Encrypted on your device" with the fingerprint, and find it on the verify page ("which
// ballot is mine?", and by typing it). The election is set up in the server's database through the
// domain: voting open, the demo voter on the roll, the commission's key ceremony done.

const en = (key: string, vars: Record<string, string | number> = {}) => tr('en', 'elections', key, vars)
// The server runs in demo mode: its public, fixed credentials key (app/lib/sealed.server.ts).
const DEMO_KEY = { bytes: createHash('sha256').update('mutirao demo credentials key').digest() }

async function verifiableElection() {
  const db: DB = openSqlite(join(process.env.E2E_DATA_DIR!, 'mutirao.sqlite'))
  try {
    const id = `e2e-device-${unique()}`
    const at = new Date().toISOString()
    await db
      .insertInto('elections')
      .values({
        id,
        body: 'cmi',
        cycle_id: 'demo-cycle-2026',
        title_i18n: JSON.stringify({ 'pt-BR': `Eleição verificável ${id}` }),
        description_i18n: '{}',
        phase: 'voting_open',
        ballot_format: 'belenios',
        voting_starts: new Date(Date.now() - 3_600_000).toISOString(),
        voting_ends: new Date(Date.now() + 86_400_000).toISOString(),
        rules: JSON.stringify({
          parity: { enabled: false, minShare: 0.5, countsTowards: [] },
          overallSeats: 0,
          drawSeed: 'e2e',
        }),
        created_at: at,
        updated_at: at,
      })
      .execute()
    const contestId = `${id}-A`
    await db
      .insertInto('contests')
      .values({
        id: contestId,
        election_id: id,
        kind: 'segment',
        segment: 'A',
        subprefecture_id: null,
        seats: 1,
        alternates: 1,
        position: 1,
      })
      .execute()
    for (const n of [1, 2])
      await db
        .insertInto('candidacies')
        .values({
          id: `${id}-c${n}`,
          election_id: id,
          contest_id: contestId,
          user_id: null,
          kind: 'organisation',
          display_name: `Representante ${n}`,
          organisation_name: `Coletivo ${n}`,
          representative_name: null,
          gender: 'woman',
          birth_date: `198${n}-01-01`,
          statement_i18n: '{}',
          photo_key: null,
          status: 'accepted',
          decision_reason: null,
          appeal_text: null,
          created_at: at,
          updated_at: at,
        })
        .execute()
    const reg = await db
      .selectFrom('voter_registrations')
      .select(['id', 'subprefecture_id'])
      .where('id', '=', 'demo-reg-voter')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('voter_rolls')
      .values({ election_id: id, registration_id: reg.id, subprefecture_id: reg.subprefecture_id! })
      .execute()
    await completeCeremony(db, id)
    const commission = await commissionThresholdParameters(db, id)
    const prepared = await db
      .transaction()
      .execute((trx) => prepareArchives(trx, { electionId: id, key: DEMO_KEY, commission, now: new Date() }))
    if (!prepared.ok) throw new Error(prepared.error)
    const archives = await db
      .selectFrom('belenios_archives')
      .select('uuid')
      .where('election_id', '=', id)
      .execute()
    return { id, candidate: 'Representante 2', uuids: archives.map((a) => a.uuid) }
  } finally {
    await db.destroy()
  }
}

test('a voter audits one encryption on their device, casts another, and finds its fingerprint', async ({
  page,
}) => {
  const { id, candidate } = await verifiableElection()
  await logInAs(page, 'voter')
  await page.goto(`/elections/${id}/vote?lng=en`)
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
    await page.goto(`/elections/${id}/vote?lng=en`)
    await page.getByLabel(candidate).check()
    await page.getByRole('button', { name: en('vote.review') }).click()
    await page.getByRole('button', { name: en('vote.confirm') }).click()
    await expect(page.getByText(en('encrypt.by.server'))).toBeVisible()
    const tracker = (await page.locator('[data-tracker]').first().getAttribute('data-tracker'))!
    expect(tracker).toMatch(/^[A-Za-z0-9+/]{43}$/)

    // The public archive, downloaded as anyone would, verified by the reference tool.
    for (const uuid of uuids) {
      const response = await page.request.get(`/open-data/elections/${id}/belenios/${uuid}.bel`)
      expect(response.status()).toBe(200)
      const dir = mkdtempSync(join(tmpdir(), 'mutirao-e2e-bel-'))
      try {
        writeFileSync(join(dir, `${uuid}.bel`), await response.body())
        const run = beleniosTool(['election', 'verify'], { cwd: dir })
        expect(run.ok, run.stderr).toBe(true)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  } finally {
    await context.close()
  }
})
