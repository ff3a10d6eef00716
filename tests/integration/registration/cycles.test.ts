import { isDeepStrictEqual } from 'node:util'
import { beforeEach, describe, expect, it } from 'vitest'
import { publicResults } from '../../../app/elections/counting.server'
import { createElection } from '../../../app/elections/lifecycle.server'
import { bulletinBoard } from '../../../app/elections/open-data.server'
import { outcomeSummary, recount } from '../../../app/elections/recount'
import { castOnlineBallot } from '../../../app/elections/voting.server'
import { DEFAULT_RULES } from '../../../app/elections/tally'
import type { DB } from '../../../app/lib/db.server'
import { newId, nowIso } from '../../../app/lib/ids.server'
import {
  closeCycleAndOpenNext,
  getCurrentCycle,
  listCycles,
  purgeCycleIdentity,
} from '../../../app/registration/cycles.server'
import { runRetention } from '../../../app/registration/retention.server'
import { decideRegistration } from '../../../app/registration/review.server'
import { action as cyclesAction, loader as cyclesLoader } from '../../../app/routes/staff.census.cycles'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { approvedVoter, cpmElection, moveTo } from '../../helpers/elections'
import { createUser, form, requestAs } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'

// Issue #17: the census cycle is per election. The secretariat closes a cycle and opens the next;
// the closed cycle's registrations are read-only; after the cycle's retention its identity data is
// purged — never while one of its elections is still before the official result — and the
// published result and its recount still stand.

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})

const DAY = 86_400_000
const next = (overrides: Record<string, unknown> = {}) => ({
  name: 'Ciclo 2028',
  electionDay: '2028-12-10',
  minVoterAge: 16,
  minCandidateAge: 18,
  proofOfResidenceRequired: false,
  documentRetentionDays: 30,
  identityRetentionDays: 90,
  closingCycleId: 'cycle-test',
  ...overrides,
})
const nextForm = (overrides: Record<string, string> = {}) =>
  form({
    name: 'Ciclo 2028',
    electionDay: '2028-12-10',
    minVoterAge: '16',
    minCandidateAge: '18',
    documentRetentionDays: '30',
    identityRetentionDays: '90',
    closingCycleId: 'cycle-test',
    ...overrides,
  })

async function pendingRegistration() {
  const voter = await approvedVoter(db)
  await db
    .updateTable('voter_registrations')
    .set({ status: 'pending', decided_at: null })
    .where('id', '=', voter.registrationId)
    .execute()
  return voter
}

describe('closing a cycle and opening the next', () => {
  it('the secretariat closes the current cycle and opens the next; new elections belong to it', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const opened = await closeCycleAndOpenNext(db, { actorUserId: secretariat.id, ...next() })
    expect(opened.ok).toBe(true)
    const current = await getCurrentCycle(db)
    expect(current).toMatchObject({
      name: 'Ciclo 2028',
      election_day: '2028-12-10',
      identity_retention_days: 90,
    })
    const old = await db
      .selectFrom('census_cycles')
      .selectAll()
      .where('id', '=', 'cycle-test')
      .executeTakeFirstOrThrow()
    expect(old.is_current).toBe(0)
    expect(old.closed_at).not.toBeNull()
    const commission = await createUser(db, { roles: ['electoral_commission'] })
    const election = await createElection(db, {
      actorUserId: commission.id,
      body: 'cmi',
      title: { 'pt-BR': 'CMI 2028' },
      description: {},
      alternates: 1,
      rules: DEFAULT_RULES,
    })
    if (!election.ok) throw new Error(election.error)
    const row = await db
      .selectFrom('elections')
      .select('cycle_id')
      .where('id', '=', election.value.id)
      .executeTakeFirstOrThrow()
    expect(row.cycle_id).toBe(current!.id)
    const actions = await db.selectFrom('audit_log').select(['action', 'actor_user_id']).execute()
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'census.cycle.close', actor_user_id: secretariat.id },
        { action: 'census.cycle.open', actor_user_id: secretariat.id },
      ]),
    )
  })

  it('two clicks at once open one cycle; the second is told the cycle changed', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const results = await Promise.all([
      closeCycleAndOpenNext(db, { actorUserId: secretariat.id, ...next() }),
      closeCycleAndOpenNext(db, { actorUserId: secretariat.id, ...next() }),
    ])
    expect(results.map((r) => r.ok).sort()).toEqual([false, true])
    expect(results.find((r) => !r.ok)).toMatchObject({ error: 'cycle_changed' })
    expect(await db.selectFrom('census_cycles').select('id').execute()).toHaveLength(2)
  })

  it('only the secretariat: other roles get 403, anonymous visitors are sent to log in', async () => {
    for (const roles of [['electoral_commission'], ['voter'], []] as const) {
      const user = await createUser(db, { roles: [...roles] })
      const page = await settle(cyclesLoader(args(await requestAs(db, user.id, '/staff/census/cycles'))))
      expect(page.status).toBe(403)
      const post = await settle(
        cyclesAction(
          args(await requestAs(db, user.id, '/staff/census/cycles', { method: 'POST', body: nextForm() })),
        ),
      )
      expect(post.status).toBe(403)
    }
    const anonymous = await settle(cyclesLoader(args(await requestAs(db, null, '/staff/census/cycles'))))
    expect(anonymous.status).toBe(302)
    expect((await getCurrentCycle(db))?.id).toBe('cycle-test')
  })

  it('bad input keeps the values and names the field; the right form closes and redirects', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const bad = await settle(
      cyclesAction(
        args(
          await requestAs(db, secretariat.id, '/staff/census/cycles', {
            method: 'POST',
            body: nextForm({ identityRetentionDays: '-3', electionDay: 'soon' }),
          }),
        ),
      ),
    )
    expect(bad.status).toBe(400)
    const body = JSON.stringify(await bad.json())
    expect(body).toContain('identityRetentionDays')
    expect(body).toContain('electionDay')
    expect(body).toContain('Ciclo 2028')
    const good = await settle(
      cyclesAction(
        args(
          await requestAs(db, secretariat.id, '/staff/census/cycles', { method: 'POST', body: nextForm() }),
        ),
      ),
    )
    expect(good.status).toBe(302)
    expect((await getCurrentCycle(db))?.name).toBe('Ciclo 2028')
    const page = await settle(cyclesLoader(args(await requestAs(db, secretariat.id, '/staff/census/cycles'))))
    const { cycles } = await page.json()
    const closed = cycles.find((c: { id: string }) => c.id === 'cycle-test')
    // The page says when the purge will happen: closing + the cycle's retention.
    expect(Date.parse(closed.purgeDueAt) - Date.parse(closed.closed_at)).toBe(365 * DAY)
  })

  it("a closed cycle's registrations are read-only", async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const voter = await pendingRegistration()
    await closeCycleAndOpenNext(db, { actorUserId: secretariat.id, ...next() })
    expect(
      await decideRegistration(db, {
        actorUserId: secretariat.id,
        registrationId: voter.registrationId,
        decision: { intent: 'approve' },
      }),
    ).toMatchObject({ ok: false, error: 'cycle_closed' })
    const row = await db
      .selectFrom('voter_registrations')
      .select('status')
      .where('id', '=', voter.registrationId)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('pending')
  })
})

describe('purging the identity data of a closed cycle', () => {
  async function heldElection() {
    const setup = await cpmElection(db, 'voting_open', { voters: 3 })
    const { commission, electionId, contestId, candidates, voters } = setup
    for (const [i, v] of voters.entries())
      await castOnlineBallot(db, {
        electionId,
        userId: v.id,
        choices: { [contestId]: i === 2 ? 'blank' : candidates[i].candidacyId },
      })
    await moveTo(db, commission.id, electionId, 'preliminary_result')
    return setup
  }

  it('waits for the retention, refuses while an election is pending, then erases identity only', async () => {
    const secretariat = await createUser(db, { roles: ['secretariat'] })
    const { commission, electionId, voters } = await heldElection()
    const docId = newId()
    await db
      .insertInto('registration_documents')
      .values({
        id: docId,
        registration_id: voters[0].registrationId,
        kind: 'identity',
        storage_key: `registrations/${docId}.jpg`,
        mime_type: 'image/jpeg',
        size_bytes: 10,
        uploaded_at: nowIso(),
        delete_after: null,
        deleted_at: null,
      })
      .execute()
    expect(await purgeCycleIdentity(db, { cycleId: 'cycle-test', actorUserId: null })).toMatchObject({
      ok: false,
      error: 'not_closed',
    })
    const closedAt = new Date()
    await closeCycleAndOpenNext(db, { actorUserId: secretariat.id, ...next(), now: closedAt })
    const due = new Date(closedAt.getTime() + 365 * DAY)
    expect(
      await purgeCycleIdentity(db, {
        cycleId: 'cycle-test',
        actorUserId: null,
        now: new Date(due.getTime() - 1),
      }),
    ).toMatchObject({ ok: false, error: 'retention_not_over' })
    // The election of that cycle is not official yet: the purge waits for it.
    expect(
      await purgeCycleIdentity(db, { cycleId: 'cycle-test', actorUserId: null, now: due }),
    ).toMatchObject({
      ok: false,
      error: 'elections_pending',
    })
    expect((await runRetention(db, due)).cycles).toBe(0)
    expect((await listCycles(db)).find((c) => c.id === 'cycle-test')?.pendingElections).toBe(1)
    await moveTo(db, commission.id, electionId, 'official_result')
    const results = await publicResults(db, electionId)
    const board = JSON.parse(JSON.stringify(await bulletinBoard(db, electionId)))
    const run = await runRetention(db, due)
    expect(run.cycles).toBe(1)
    // Identity gone…
    const rows = await db
      .selectFrom('voter_registrations')
      .selectAll()
      .where('cycle_id', '=', 'cycle-test')
      .execute()
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) {
      expect(r).toMatchObject({
        full_name: '—',
        social_name: null,
        birth_date: null,
        phone: null,
        email: null,
        user_id: null,
      })
      expect(r.document_number).toBe(`PURGED${r.id}`)
    }
    expect(JSON.stringify(rows)).not.toMatch(/Voter \d|T1\d{5}/)
    expect(await db.selectFrom('registration_documents').selectAll().execute()).toEqual([])
    // …what the statistics need stays.
    expect(rows.every((r) => r.status === 'approved' && r.subprefecture_id > 0 && r.nationalities)).toBe(true)
    // The published result and its recount still stand.
    expect(isDeepStrictEqual(await publicResults(db, electionId), results)).toBe(true)
    const after = JSON.parse(JSON.stringify(await bulletinBoard(db, electionId)))
    expect(after).toEqual(board)
    const recounted = recount(after)
    expect(recounted.headsMatch).toEqual({ ballots: true, trackingCodes: true })
    expect(
      isDeepStrictEqual(outcomeSummary(recounted.result.contests), outcomeSummary(results!.contests)),
    ).toBe(true)
    // Once, as the system; the staff page says when it happened.
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_user_id'])
      .where('action', '=', 'census.cycle.purge')
      .execute()
    expect(audit).toEqual([{ actor_user_id: null }])
    expect((await listCycles(db)).find((c) => c.id === 'cycle-test')?.identity_purged_at).not.toBeNull()
    expect(
      await purgeCycleIdentity(db, { cycleId: 'cycle-test', actorUserId: null, now: due }),
    ).toMatchObject({
      ok: false,
      error: 'already_purged',
    })
  })
})
