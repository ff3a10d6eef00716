import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { DEMO_CYCLE_ID } from '../../db/seed/registration'
import { expect, logInAs, test, tr, unique } from './fixtures'

// Issue #17: ballots are accepted only inside the election's voting hours. An election whose
// voting is open but whose hours have not started shows the voter when it opens, not a ballot —
// without JavaScript. The election is written straight into the e2e database (the demo has none
// in that state, and moving one there through the commission's pages would close the demo cycle's
// duplicates review that another story tests); it is removed afterwards.
test.use({ javaScriptEnabled: false })

const database = () => new SQLite(join(process.env.E2E_DATA_DIR!, 'mutirao.sqlite'), { timeout: 10_000 })

test('a voter sees when voting opens instead of a ballot, before the hours start', async ({ page }) => {
  const id = `e2e-hours-${unique()}`
  const starts = new Date(Date.now() + 3 * 86_400_000)
  starts.setUTCHours(11, 0, 0, 0) // 08:00 in São Paulo
  const ends = new Date(starts.getTime() + 9 * 3_600_000)
  const at = new Date().toISOString()
  const db = database()
  db.prepare(
    `INSERT INTO elections (id, body, cycle_id, title_i18n, description_i18n, phase, voting_starts, voting_ends, rules, created_at, updated_at)
     VALUES (?, 'cmi', ?, ?, '{}', 'voting_open', ?, ?, '{}', ?, ?)`,
  ).run(
    id,
    DEMO_CYCLE_ID,
    JSON.stringify({ 'pt-BR': 'Eleição de teste (horário)' }),
    starts.toISOString(),
    ends.toISOString(),
    at,
    at,
  )
  try {
    await logInAs(page, 'voter')
    await page.goto(`/elections/${id}/vote?lng=pt-BR`)
    const notice = page.locator('.notice')
    // The sentence up to the date, and the date itself, on the council's clock.
    const [before] = tr('pt-BR', 'elections', 'vote.state.not_yet_open', { date: '|' }).split('|')
    await expect(notice).toContainText(before!.trim())
    await expect(notice).toContainText('08:00')
    await expect(page.getByRole('button', { name: tr('pt-BR', 'elections', 'vote.review') })).toHaveCount(0)
    // In English too.
    await page.goto(`/elections/${id}/vote?lng=en`)
    await expect(page.locator('.notice')).toContainText('Voting has not opened yet')
  } finally {
    // The notices ticker may have started the "voting opened" campaign for this election meanwhile
    // (a busy machine gives it time to): its row refers to the election.
    db.prepare(
      'DELETE FROM notice_deliveries WHERE campaign_id IN (SELECT id FROM notice_campaigns WHERE election_id = ?)',
    ).run(id)
    db.prepare('DELETE FROM notice_campaigns WHERE election_id = ?').run(id)
    db.prepare('DELETE FROM elections WHERE id = ?').run(id)
    db.close()
  }
})
