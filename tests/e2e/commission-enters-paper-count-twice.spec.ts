import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { createPollingPlace } from '../../app/elections/polling-places.server'
import { openSqlite, type DB } from '../../app/lib/db.server'
import { formatTimeOfDay } from '../../app/ui/format'
import { createUser } from '../helpers/factories'
import { DEMO_PASSWORD, demoEmail, expect, expectNoSeriousAxeViolations, test, tr, unique } from './fixtures'

// Issue #17, election day. A CMI election whose voting has closed has one paper polling place.
// Two members of the electoral commission type its tally sheet, without JavaScript: the second
// typing first differs (refused, with the differing line marked and nothing of the first typing
// shown), then matches; the commission counts and publishes, and the public results show the
// place's paper count beside the electronic one. Then the public election page lists the demo
// election's polling places in Arabic, through axe.

const pt = (ns: string, key: string, vars: Record<string, string | number> = {}) => tr('pt-BR', ns, key, vars)
const PLACE_NAME = 'EMEF Infante Dom Henrique'

/** An election of the demo's current cycle, set up in the server's database: closed, one paper place. */
async function closedElectionWithPaperPlace() {
  const db: DB = openSqlite(join(process.env.E2E_DATA_DIR!, 'mutirao.sqlite'))
  try {
    const id = `e2e-paper-${unique()}`
    const at = new Date().toISOString()
    await db
      .insertInto('elections')
      .values({
        id,
        body: 'cmi',
        cycle_id: 'demo-cycle-2026',
        title_i18n: JSON.stringify({ 'pt-BR': `Eleição em papel ${id}` }),
        description_i18n: '{}',
        phase: 'campaign',
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
    for (const [n, name] of [
      [1, 'Coletivo Sí, Yo Puedo'],
      [2, 'Associação Haitiana Lakay'],
    ] as const)
      await db
        .insertInto('candidacies')
        .values({
          id: `${id}-c${n}`,
          election_id: id,
          contest_id: contestId,
          user_id: null,
          kind: 'organisation',
          display_name: `Representante ${n}`,
          organisation_name: name,
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
    const sub = await db
      .selectFrom('subprefectures')
      .select('id')
      .where('name', '=', 'Mooca')
      .executeTakeFirstOrThrow()
    const place = await createPollingPlace(db, {
      actorUserId: 'demo-electoral-commission',
      electionId: id,
      name: PLACE_NAME,
      address: 'Rua Taquari, 549 — Mooca',
      textLanguage: 'pt-BR',
      opensAt: '08:00',
      closesAt: '17:00',
      method: 'paper',
      subprefectureIds: [sub.id],
    })
    if (!place.ok) throw new Error(place.error)
    // Voting happened elsewhere in time: the election is now closed, waiting for its count.
    await db.updateTable('elections').set({ phase: 'voting_closed' }).where('id', '=', id).execute()
    const second = await createUser(db, {
      roles: ['electoral_commission'],
      email: `comissao-${unique()}@example.org`,
    })
    return { id, placeId: place.value.id, second }
  } finally {
    await db.destroy()
  }
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login?lng=pt-BR')
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('form.stack button[type="submit"]').click()
  await expect(page.getByRole('button', { name: 'Sair' })).toBeVisible()
}

async function typeSheet(page: Page, values: [label: string, votes: string][]) {
  for (const [label, votes] of values) await page.getByLabel(label, { exact: true }).fill(votes)
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('two commission members type a paper count; a mismatch is refused, a match confirms it and the results show it', async ({
    page,
  }) => {
    const { id, placeId, second } = await closedElectionWithPaperPlace()
    const countPath = `/staff/elections/${id}/paper-count/${placeId}`
    const sheet: [string, string][] = [
      ['Coletivo Sí, Yo Puedo', '12'],
      ['Associação Haitiana Lakay', '7'],
      [pt('polling', 'count.blank'), '2'],
      [pt('polling', 'count.void'), '3'],
    ]

    // First typing: the demo commission member, from the polling places page.
    await logIn(page, demoEmail('electoral_commission'), DEMO_PASSWORD)
    await page.goto(`/staff/elections/${id}/polling-places`)
    await page.getByRole('link', { name: pt('polling', 'staff.enterCount') }).click()
    await expect(page).toHaveURL(new RegExp(`${countPath}$`))
    await typeSheet(page, sheet)
    await page.getByRole('button', { name: pt('polling', 'count.submitFirst') }).click()
    await expect(page.getByText(pt('polling', 'count.done.first'))).toBeVisible()
    // The one who typed first cannot type the second time: no form for them now.
    await expect(page.getByRole('button', { name: pt('polling', 'count.submitSecond') })).toHaveCount(0)
    await page.getByRole('button', { name: 'Sair' }).click()

    // Second typing by another member: one line differs → refused, the line is marked.
    await logIn(page, second.email, second.password)
    await page.goto(countPath)
    await expect(page.locator('input[name^="n_"]').first()).toHaveValue('') // nothing of the first typing
    await typeSheet(page, [...sheet.slice(0, 3), [pt('polling', 'count.void'), '4']])
    await page.getByRole('button', { name: pt('polling', 'count.submitSecond') }).click()
    await expect(page.getByRole('alert')).toContainText(pt('polling', 'errors.paper_count_mismatch'))
    await expect(page.getByText(pt('validation', 'paper_line_differs'))).toHaveCount(1)
    const voidField = page.getByLabel(pt('polling', 'count.void'), { exact: true })
    await expect(voidField).toHaveAttribute('aria-invalid', 'true')
    await expect(voidField).toHaveValue('4') // what they typed is kept
    await expect(page.getByLabel('Coletivo Sí, Yo Puedo', { exact: true })).toHaveValue('12')

    // Corrected: the count is confirmed.
    await voidField.fill('3')
    await page.getByRole('button', { name: pt('polling', 'count.submitSecond') }).click()
    await expect(page.getByText(pt('polling', 'count.done.confirmed'))).toBeVisible()

    // The commission counts and publishes the preliminary result.
    for (const phase of ['counted', 'preliminary_result']) {
      await page.goto(`/staff/elections/${id}`)
      await page
        .getByRole('button', {
          name: pt('elections', 'manage.advance', { phase: pt('elections', `phases.${phase}`) }),
        })
        .click()
      await expect(
        page.getByText(pt('elections', 'manage.moved', { phase: pt('elections', `phases.${phase}`) })),
      ).toBeVisible()
    }
    await page.getByRole('button', { name: 'Sair' }).click()

    // Anyone: the results add the paper votes, show void votes and the place's count marked as paper.
    await page.goto(`/elections/${id}/results?lng=pt-BR`)
    await expect(
      page.getByText(
        pt('elections', 'results.summary', {
          seats: pt('elections', 'counts.seats', { count: 1 }),
          alternates: pt('elections', 'counts.alternates', { count: 1 }),
          valid: '19',
          blank: '2',
          void: '3',
        }),
      ),
    ).toBeVisible()
    await expect(page.getByRole('heading', { level: 2, name: pt('polling', 'results.title') })).toBeVisible()
    await expect(page.getByRole('heading', { level: 3, name: new RegExp(PLACE_NAME) })).toBeVisible()
    const row = page.getByRole('row', { name: /Coletivo Sí, Yo Puedo/ }).last()
    await expect(row).toContainText('12')
    const json = await (await page.request.get(`/open-data/elections/${id}/results.json`)).json()
    expect(json.polling_places[0].paper_count.contests[0]).toMatchObject({ blank: 2, void: 3 })
  })
})

test('the public election page lists the polling places in Arabic: names translated, addresses as written (axe)', async ({
  page,
}) => {
  const ar = (key: string, vars: Record<string, string> = {}) => tr('ar', 'polling', key, vars)
  await page.goto('/elections/demo-election-cpm-2026?lng=ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  const section = page.locator('section[aria-labelledby="polling-places"]')
  await expect(section.getByRole('heading', { level: 2, name: ar('public.title') })).toBeVisible()
  // The name has a reviewed Arabic translation (#19 demo); the address stays as written, in Spanish.
  await expect(
    section.getByRole('heading', { level: 3, name: 'المركز المجتمعي في شارع كويمبرا' }),
  ).toHaveAttribute('lang', 'ar')
  await expect(section.locator('[lang="es"][dir="ltr"]').first()).toBeVisible()
  await expect(section).toContainText(ar('writtenIn', { language: 'Español' }))
  await expect(section).toContainText(ar('methods.booth'))
  await expect(section).toContainText(
    ar('hoursValue', { opens: formatTimeOfDay('08:00', 'ar'), closes: formatTimeOfDay('17:00', 'ar') }),
  )
  await expectNoSeriousAxeViolations(page)
})
