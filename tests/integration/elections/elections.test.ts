import { sql } from 'kysely'
import { isDeepStrictEqual } from 'node:util'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  applyForCandidacy,
  applyWithFiles,
  appealCandidacy,
  decideCandidacy,
  nameRepresentative,
  withdrawCandidacy,
} from '../../../app/elections/candidacies.server'
import { isCodeOnBoard, publicResults } from '../../../app/elections/counting.server'
import { advancePhase, findOnRoll, setCalendar } from '../../../app/elections/lifecycle.server'
import { bulletinBoard } from '../../../app/elections/open-data.server'
import { castBoothBallot, castOnlineBallot } from '../../../app/elections/voting.server'
import { outcomeSummary, recount } from '../../../app/elections/recount'
import type { DB } from '../../../app/lib/db.server'
import { eraseAccount, exportMyData } from '../../../app/privacy/my-data.server'
import { createTestDb, onPostgres } from '../../helpers/db'
import { createUser } from '../../helpers/factories'
import {
  approvedVoter,
  cmiElection,
  cpmElection,
  moveTo,
  openAsPollWorker,
  trackingCodeOf,
} from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'

let db: DB
beforeEach(async () => {
  db = await createTestDb()
  await openCycle(db)
})

const choose = (contestId: string, choice: string) => ({ [contestId]: choice })

describe('phases', () => {
  it('moves one step at a time, only forward, and records each move in the audit log', async () => {
    const { commission, electionId } = await cpmElection(db, 'candidacy_open')
    expect(
      await advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_open' }),
    ).toMatchObject({ ok: false, error: 'not_next_phase' })
    expect(await advancePhase(db, { actorUserId: commission.id, electionId, to: 'draft' })).toMatchObject({
      ok: false,
      error: 'not_next_phase',
    })
    expect(await advancePhase(db, { actorUserId: commission.id, electionId, to: 'review' })).toMatchObject({
      ok: true,
    })
    const moves = await db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('entity_id', '=', electionId)
      .where('action', '=', 'election.phase')
      .execute()
    expect(moves.map((m) => JSON.parse(m.after_json!).phase)).toEqual(['candidacy_open', 'review'])
  })

  it('two commission members advancing at once move the election exactly one step', async () => {
    const { commission, electionId } = await cpmElection(db, 'candidacy_open')
    const [a, b] = await Promise.all([
      advancePhase(db, { actorUserId: commission.id, electionId, to: 'review' }),
      advancePhase(db, { actorUserId: commission.id, electionId, to: 'review' }),
    ])
    expect([a.ok, b.ok].sort()).toEqual([false, true])
    expect(
      (
        await db
          .selectFrom('elections')
          .select('phase')
          .where('id', '=', electionId)
          .executeTakeFirstOrThrow()
      ).phase,
    ).toBe('review')
  })

  it('refuses the official result without a gazette reference', async () => {
    const { commission, electionId } = await cpmElection(db, 'preliminary_result')
    expect(
      await advancePhase(db, {
        actorUserId: commission.id,
        electionId,
        to: 'official_result',
        gazetteReference: '  ',
      }),
    ).toMatchObject({ ok: false, error: 'gazette_reference_required' })
  })

  it('refuses candidacies outside the candidacy phase and after the deadline', async () => {
    const { commission, electionId, contestId } = await cpmElection(db, 'candidacy_open')
    const voter = await approvedVoter(db)
    await setCalendar(db, {
      actorUserId: commission.id,
      electionId,
      candidacyDeadline: '2026-01-01T00:00:00.000Z',
    })
    expect(
      await applyForCandidacy(db, {
        userId: voter.id,
        electionId,
        contestId,
        kind: 'person',
        statement: 'x',
        language: 'es',
        now: new Date('2026-02-01'),
      }),
    ).toMatchObject({ ok: false, error: 'deadline_passed' })
    await moveTo(db, commission.id, electionId, 'review')
    expect(
      await applyForCandidacy(db, {
        userId: voter.id,
        electionId,
        contestId,
        kind: 'person',
        statement: 'x',
        language: 'es',
      }),
    ).toMatchObject({ ok: false, error: 'wrong_phase' })
    expect(
      await setCalendar(db, {
        actorUserId: commission.id,
        electionId,
        candidacyDeadline: '2027-01-01T00:00:00.000Z',
      }),
    ).toMatchObject({ ok: false, error: 'wrong_phase' })
  })

  it('refuses votes before voting opens and after it closes', async () => {
    const { commission, electionId, contestId, voters } = await cpmElection(db, 'campaign', { voters: 1 })
    expect(
      await castOnlineBallot(db, { electionId, userId: voters[0].id, choices: choose(contestId, 'blank') }),
    ).toMatchObject({ ok: false, error: 'not_open' })
    await moveTo(db, commission.id, electionId, 'voting_closed')
    expect(
      await castOnlineBallot(db, { electionId, userId: voters[0].id, choices: choose(contestId, 'blank') }),
    ).toMatchObject({ ok: false, error: 'not_open' })
    expect(
      await openAsPollWorker(db, {
        commissionId: commission.id,
        electionId,
        registrationId: voters[0].registrationId,
      }),
    ).toMatchObject({ ok: false, error: 'not_open' })
    expect(await db.selectFrom('ballots').selectAll().execute()).toEqual([])
  })
})

describe('candidacies', () => {
  it('only in the candidate’s own subprefecture, once per election, and only for approved voters of age', async () => {
    const { electionId, contestId } = await cpmElection(db, 'candidacy_open')
    const elsewhere = await approvedVoter(db, { subprefectureId: 18 })
    expect(
      await applyForCandidacy(db, {
        userId: elsewhere.id,
        electionId,
        contestId,
        kind: 'person',
        statement: 'x',
        language: 'es',
      }),
    ).toMatchObject({ ok: false, error: 'wrong_subprefecture' })
    const young = await approvedVoter(db, { birthDate: '2009-06-01' })
    expect(
      await applyForCandidacy(db, {
        userId: young.id,
        electionId,
        contestId,
        kind: 'person',
        statement: 'x',
        language: 'es',
      }),
    ).toMatchObject({ ok: false, error: 'too_young' })
    const stranger = await createUser(db)
    expect(
      await applyForCandidacy(db, {
        userId: stranger.id,
        electionId,
        contestId,
        kind: 'person',
        statement: 'x',
        language: 'es',
      }),
    ).toMatchObject({ ok: false, error: 'not_a_voter' })
    const voter = await approvedVoter(db)
    const input = {
      userId: voter.id,
      electionId,
      contestId,
      kind: 'person' as const,
      statement: 'x',
      language: 'es',
    }
    const [a, b] = await Promise.all([applyForCandidacy(db, input), applyForCandidacy(db, input)])
    expect([a.ok, b.ok].sort()).toEqual([false, true])
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: 'already_candidate' })
  })

  it.skipIf(onPostgres)(
    'a candidacy decision that loses a race to another one is refused and not audited',
    async () => {
      const { commission, electionId, contestId } = await cpmElection(db, 'candidacy_open')
      const voter = await approvedVoter(db)
      const applied = await applyForCandidacy(db, {
        userId: voter.id,
        electionId,
        contestId,
        kind: 'person',
        statement: 'x',
        language: 'es',
      })
      if (!applied.ok) throw new Error()
      await moveTo(db, commission.id, electionId, 'review')
      // The other member's decision lands between this one's read and its write: the conditional
      // UPDATE changes no row (simulated by a trigger that skips it, as a changed status would).
      await sql`create temp trigger lose_race before update on candidacies begin select raise(ignore); end`.execute(
        db,
      )
      expect(
        await decideCandidacy(db, {
          actorUserId: commission.id,
          candidacyId: applied.value.id,
          accept: true,
        }),
      ).toEqual({ ok: false, error: 'already_decided' })
      await sql`drop trigger lose_race`.execute(db)
      const audit = await db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'candidacy.%')
        .execute()
      expect(audit).toEqual([])
    },
  )

  it('rejected in review, appealed in the appeals window, accepted on appeal; withdrawal closes with voting', async () => {
    const { commission, electionId, contestId } = await cpmElection(db, 'candidacy_open')
    const voter = await approvedVoter(db)
    const applied = await applyForCandidacy(db, {
      userId: voter.id,
      electionId,
      contestId,
      kind: 'person',
      statement: 'x',
      language: 'es',
    })
    if (!applied.ok) throw new Error()
    const candidacyId = applied.value.id
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId,
        accept: false,
        reason: 'Documento vencido',
      }),
    ).toMatchObject({ ok: false, error: 'wrong_phase' })
    await moveTo(db, commission.id, electionId, 'review')
    expect(
      await decideCandidacy(db, {
        actorUserId: commission.id,
        candidacyId,
        accept: false,
        reason: 'Documento vencido',
      }),
    ).toMatchObject({ ok: true })
    // Appeals may be filed from the rejection on (its window counts from the notice); they are
    // decided in the appeals phase (candidacy-notices.test.ts covers the window itself).
    await moveTo(db, commission.id, electionId, 'appeals')
    const other = await createUser(db)
    expect(await appealCandidacy(db, { userId: other.id, candidacyId, text: 'x' })).toMatchObject({
      ok: false,
      error: 'not_found',
    })
    expect(await appealCandidacy(db, { userId: voter.id, candidacyId, text: 'Renovei' })).toMatchObject({
      ok: true,
    })
    expect(
      await decideCandidacy(db, { actorUserId: commission.id, candidacyId, accept: true }),
    ).toMatchObject({ ok: true })
    await moveTo(db, commission.id, electionId, 'voting_open')
    expect(await withdrawCandidacy(db, { userId: voter.id, candidacyId })).toMatchObject({
      ok: false,
      error: 'wrong_phase',
    })
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', candidacyId)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['candidacy.rejected', 'candidacy.accepted'])
  })
})

describe('organisations', () => {
  it('an organisation names its representative later; a person’s candidacy cannot', async () => {
    const { electionId, contests } = await cmiElection(db)
    const org = await approvedVoter(db)
    const applied = await applyWithFiles(db, {
      userId: org.id,
      electionId,
      contestId: contests.A,
      kind: 'organisation',
      organisationName: 'Coletivo Sí, Yo Puedo',
      alternateRepresentative: 'Rosa',
      statement: 'x',
      language: 'es',
      photo: null,
      proofs: [new File(['%PDF-1.4\n'], 'd.pdf')],
    })
    if (!applied.ok) throw new Error(applied.error)
    const person = await approvedVoter(db)
    const personal = await applyForCandidacy(db, {
      userId: person.id,
      electionId,
      contestId: contests.C,
      kind: 'person',
      statement: 'x',
      language: 'es',
    })
    if (!personal.ok) throw new Error(personal.error)
    const candidates = [{ id: person.id, candidacyId: personal.value.id }]
    expect(
      await nameRepresentative(db, { userId: org.id, candidacyId: applied.value.id, name: 'Ana Flores' }),
    ).toEqual({ ok: true, value: null })
    expect(
      (
        await db
          .selectFrom('candidacies')
          .select('representative_name')
          .where('id', '=', applied.value.id)
          .executeTakeFirstOrThrow()
      ).representative_name,
    ).toBe('Ana Flores')
    expect(
      await nameRepresentative(db, {
        userId: candidates[0].id,
        candidacyId: candidates[0].candidacyId,
        name: 'X',
      }),
    ).toMatchObject({ ok: false, error: 'not_found' })
    expect(
      await nameRepresentative(db, { userId: candidates[0].id, candidacyId: applied.value.id, name: 'X' }),
    ).toMatchObject({ ok: false, error: 'not_found' })
  })
})

describe('voting', () => {
  it('freezes the roll when voting opens: a later approval cannot vote', async () => {
    const { electionId, contestId } = await cpmElection(db, 'voting_open')
    const late = await approvedVoter(db)
    expect(
      await castOnlineBallot(db, { electionId, userId: late.id, choices: choose(contestId, 'blank') }),
    ).toMatchObject({ ok: false, error: 'not_on_roll' })
  })

  it('a voter votes only in their own subprefecture; a choice from another contest is refused', async () => {
    const { electionId, contestId, elsewhere } = await cpmElection(db, 'voting_open', {
      otherSubprefectureVoters: 1,
    })
    expect(
      await castOnlineBallot(db, {
        electionId,
        userId: elsewhere[0].id,
        choices: choose(contestId, 'blank'),
      }),
    ).toMatchObject({ ok: false, error: 'invalid_choice' })
  })

  it('two concurrent submissions by one voter produce exactly one ballot', async () => {
    const { electionId, contestId, candidates, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const vote = () =>
      castOnlineBallot(db, {
        electionId,
        userId: voters[0].id,
        choices: choose(contestId, candidates[0].candidacyId),
      })
    const results = await Promise.all([vote(), vote(), vote()])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error))).toEqual([
      'already_voted',
      'already_voted',
    ])
    expect(await db.selectFrom('ballots').selectAll().execute()).toHaveLength(1)
    expect(await db.selectFrom('tracking_codes').selectAll().execute()).toHaveLength(1)
    expect(await db.selectFrom('voter_participation').selectAll().execute()).toHaveLength(1)
  })

  it('one ballot per voter across channels: online after in person, and in person after online, are refused', async () => {
    const { commission, electionId, contestId, voters } = await cpmElection(db, 'voting_open', { voters: 2 })
    const booth = await openAsPollWorker(db, {
      commissionId: commission.id,
      electionId,
      registrationId: voters[0].registrationId,
    })
    expect(booth.ok).toBe(true)
    expect(
      await castOnlineBallot(db, { electionId, userId: voters[0].id, choices: choose(contestId, 'blank') }),
    ).toMatchObject({ ok: false, error: 'already_voted' })
    expect(
      await castOnlineBallot(db, { electionId, userId: voters[1].id, choices: choose(contestId, 'blank') }),
    ).toMatchObject({ ok: true })
    expect(
      await openAsPollWorker(db, {
        commissionId: commission.id,
        electionId,
        registrationId: voters[1].registrationId,
      }),
    ).toMatchObject({ ok: false, error: 'already_voted' })
  })

  it('a booth ballot is one-time: the token is consumed by the first cast, concurrent or not', async () => {
    const { commission, electionId, contestId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const opened = await openAsPollWorker(db, {
      commissionId: commission.id,
      electionId,
      registrationId: voters[0].registrationId,
    })
    if (!opened.ok) throw new Error()
    const cast = () =>
      castBoothBallot(db, { electionId, token: opened.value.token, choices: choose(contestId, 'blank') })
    const results = await Promise.all([cast(), cast()])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(await db.selectFrom('ballots').selectAll().execute()).toHaveLength(1)
    expect(await cast()).toMatchObject({ ok: false })
  })

  it('a poll worker finds the voter on the roll by protocol or document number, and sees if they voted', async () => {
    const { electionId, voters } = await cpmElection(db, 'voting_open', { voters: 1 })
    const reg = await db
      .selectFrom('voter_registrations')
      .select(['protocol', 'document_number'])
      .where('id', '=', voters[0].registrationId)
      .executeTakeFirstOrThrow()
    expect(
      (await findOnRoll(db, { electionId, query: reg.protocol.toLowerCase() })).map((r) => r.id),
    ).toEqual([voters[0].registrationId])
    expect(
      (await findOnRoll(db, { electionId, query: reg.document_number.replace(/(.{3})/, '$1.') })).map(
        (r) => r.voted_channel,
      ),
    ).toEqual([null])
    expect(await findOnRoll(db, { electionId, query: 'nobody' })).toEqual([])
  })
})

describe('ballot secrecy (storage)', () => {
  const columnsOf = async (table: string) =>
    (onPostgres
      ? await sql<{
          name: string
        }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = ${table} AND table_schema = current_schema()`.execute(
          db,
        )
      : await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db)
    ).rows
      .map((c) => c.name)
      .sort()

  it('the ballot table has no voter reference and no timestamp (and, on SQLite, no rowid)', async () => {
    expect(await columnsOf('ballots')).toEqual(['candidacy_id', 'choice', 'contest_id', 'election_id', 'id'])
    expect(await columnsOf('tracking_codes')).toEqual(['code', 'election_id'])
    expect(await columnsOf('voter_participation')).toEqual(['channel', 'election_id', 'registration_id'])
    if (!onPostgres) {
      await expect(sql`SELECT rowid FROM ballots`.execute(db)).rejects.toThrow(/no such column: rowid/)
      await expect(sql`SELECT rowid FROM tracking_codes`.execute(db)).rejects.toThrow(/no such column: rowid/)
    }
  })

  it('once voting closes, ballots are stored in key order, which does not follow the order of voting', async () => {
    const { commission, electionId, contestId, candidates, voters } = await cpmElection(db, 'voting_open', {
      voters: 40,
    })
    // Voter i votes for candidate i % 4: the sequence of choices in casting order is known.
    for (const [i, v] of voters.entries())
      await castOnlineBallot(db, {
        electionId,
        userId: v.id,
        choices: choose(contestId, candidates[i % 4].candidacyId),
      })
    await moveTo(db, commission.id, electionId, 'voting_closed')
    // What a plain scan returns does not replay the order of voting.
    const scanned = await sql<{ candidacy_id: string }>`SELECT candidacy_id FROM ballots`.execute(db)
    const castOrder = voters.map((_, i) => candidates[i % 4].candidacyId)
    expect(scanned.rows).toHaveLength(40)
    expect(scanned.rows.map((r) => r.candidacy_id)).not.toEqual(castOrder)
    if (onPostgres) {
      // PostgreSQL's heap order (ctid) is the order of the random keys, not of insertion. (SQLite
      // stores a WITHOUT ROWID table in its primary-key b-tree by definition; see the test above.)
      const heap = await sql<{ id: string }>`SELECT id FROM ballots ORDER BY ctid`.execute(db)
      const byKey = await db.selectFrom('ballots').select('id').orderBy('id').execute()
      expect(heap.rows.map((r) => r.id)).toEqual(byKey.map((r) => r.id))
    }
  })

  it.runIf(onPostgres)(
    'PostgreSQL: after closing, ballots, tracking codes and participation rows all carry the closing transaction id, in key order',
    async () => {
      const { commission, electionId, contestId, candidates, voters } = await cpmElection(db, 'voting_open', {
        voters: 6,
      })
      for (const [i, v] of voters.entries())
        await castOnlineBallot(db, {
          electionId,
          userId: v.id,
          choices: choose(contestId, candidates[i % 4].candidacyId),
        })
      const linked = async () =>
        (
          await sql<{ n: number }>`SELECT
        (SELECT count(*) FROM ballots b JOIN voter_participation p ON b.xmin::text = p.xmin::text) +
        (SELECT count(*) FROM tracking_codes t JOIN voter_participation p ON t.xmin::text = p.xmin::text) AS n`.execute(
            db,
          )
        ).rows[0]!.n
      // While voting is open the rows of one vote share their transaction (the limit ADR 011 records)…
      expect(await linked()).toBe(6 * 2)
      await moveTo(db, commission.id, electionId, 'voting_closed')
      // …and closing the vote rewrites them, participation rows included (their heap order was the
      // order of voting): every row now carries the closing transaction's id, so a join by xmin
      // pairs everyone with everyone, and every row is still there.
      expect(await linked()).toBe(6 * 6 * 2)
      const ids = await sql<{ n: number }>`SELECT count(DISTINCT x) AS n FROM (
        SELECT xmin::text AS x FROM ballots UNION ALL SELECT xmin::text FROM tracking_codes
        UNION ALL SELECT xmin::text FROM voter_participation) AS rows`.execute(db)
      expect(ids.rows[0]!.n).toBe(1)
      const heap = await sql<{
        r: string
      }>`SELECT registration_id AS r FROM voter_participation ORDER BY ctid`.execute(db)
      expect(heap.rows.map((row) => row.r)).toEqual(heap.rows.map((row) => row.r).sort())
      expect(
        await db
          .selectFrom('voter_participation')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ).toEqual({ n: 6 })
      expect(
        await db
          .selectFrom('ballots')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ).toEqual({ n: 6 })
      expect(
        await db
          .selectFrom('tracking_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ).toEqual({ n: 6 })
    },
  )
})

describe('counting, bulletin board and recount', () => {
  async function votedElection() {
    const setup = await cpmElection(db, 'voting_open', { voters: 9 })
    const { commission, electionId, contestId, candidates, voters } = setup
    // Candidates 0 and 2 are women. Votes: c1 (man) 4, c3 (man) 2, c0 2, c2 0, blank 1.
    const plan = [1, 1, 1, 1, 3, 3, 0, 0, 'blank'] as const
    const codes: string[] = []
    for (const [i, v] of voters.entries()) {
      const choice = plan[i] === 'blank' ? 'blank' : candidates[plan[i] as number].candidacyId
      const r = await castOnlineBallot(db, { electionId, userId: v.id, choices: choose(contestId, choice) })
      if (r.ok) codes.push(trackingCodeOf(r.value))
    }
    await moveTo(db, commission.id, electionId, 'counted')
    return { ...setup, codes }
  }

  it('publishes nothing before the count; then every tracking code can be found on the board', async () => {
    const setup = await cpmElection(db, 'voting_open', { voters: 1 })
    const cast = await castOnlineBallot(db, {
      electionId: setup.electionId,
      userId: setup.voters[0].id,
      choices: choose(setup.contestId, 'blank'),
    })
    if (!cast.ok) throw new Error()
    expect(await bulletinBoard(db, setup.electionId)).toBeNull()
    await moveTo(db, setup.commission.id, setup.electionId, 'voting_closed')
    expect(await bulletinBoard(db, setup.electionId)).toBeNull()
    expect(await publicResults(db, setup.electionId)).toBeNull()
    await moveTo(db, setup.commission.id, setup.electionId, 'counted')
    expect(
      await isCodeOnBoard(db, {
        electionId: setup.electionId,
        code: trackingCodeOf(cast.value).toLowerCase().replace(/-/g, ' '),
      }),
    ).toBe(true)
    expect(await isCodeOnBoard(db, { electionId: setup.electionId, code: 'AAAA-AAAA-AAAA-AAAA' })).toBe(false)
    expect(await publicResults(db, setup.electionId)).toBeNull() // results wait for the preliminary result
  })

  it('counts with parity and blank votes, and a recount of the published board equals the published result', async () => {
    const { commission, electionId, contestId, candidates, codes } = await votedElection()
    const board = JSON.parse(JSON.stringify(await bulletinBoard(db, electionId)))
    expect(board.tracking_codes.sort()).toEqual([...codes].sort())
    expect(board.ballots).toHaveLength(9)
    const { published_at: _publishedAt, ...content } = board
    expect(JSON.stringify(content)).not.toMatch(/\d{4}-\d{2}-\d{2}/) // no birth dates and no times on the board
    await moveTo(db, commission.id, electionId, 'preliminary_result')
    const results = await publicResults(db, electionId)
    const contest = results!.contests.find((c) => c.id === contestId)!
    // One seat (share unknown → minimum); the most voted is a man, so parity seats the best-voted woman.
    expect(contest.seats).toBe(1)
    expect(contest.blank).toBe(1)
    expect(contest.turnout).toEqual({ roll: 9 + 4, voted: 9 })
    const outcome = Object.fromEntries(contest.candidates.map((c) => [c.id, c.outcome]))
    expect(outcome[candidates[0].candidacyId]).toBe('elected')
    expect(outcome[candidates[1].candidacyId]).toBe('alternate')
    const recounted = recount(board)
    expect(recounted.headsMatch).toEqual({ ballots: true, trackingCodes: true })
    expect(
      isDeepStrictEqual(outcomeSummary(recounted.result.contests), outcomeSummary(results!.contests)),
    ).toBe(true)
    // Tampering with one published ballot breaks the chain.
    board.ballots[0].choice = board.ballots[0].choice === 'blank' ? 'candidate' : 'blank'
    expect(recount(board).headsMatch.ballots).toBe(false)
  })

  it('counting is idempotent: the stored result does not change when computed again', async () => {
    const { electionId } = await votedElection()
    const first = (
      await db
        .selectFrom('elections')
        .select('results')
        .where('id', '=', electionId)
        .executeTakeFirstOrThrow()
    ).results
    const board = JSON.parse(JSON.stringify(await bulletinBoard(db, electionId)))
    expect(recount(board).result.contests.map((c) => c.candidates.map((x) => x.outcome))).toEqual(
      JSON.parse(first!).contests.map((c: { candidates: { outcome: string }[] }) =>
        c.candidates.map((x) => x.outcome),
      ),
    )
  })

  it('the official result seats the elected as council members and gives them the counsellor role', async () => {
    const { commission, electionId, candidates } = await votedElection()
    await moveTo(db, commission.id, electionId, 'official_result')
    const members = await db
      .selectFrom('council_members')
      .select(['candidacy_id', 'seat', 'user_id'])
      .where('election_id', '=', electionId)
      .orderBy('seat', 'desc')
      .execute()
    expect(members).toEqual([
      { candidacy_id: candidates[0].candidacyId, seat: 'titular', user_id: candidates[0].id },
      { candidacy_id: candidates[1].candidacyId, seat: 'alternate', user_id: candidates[1].id },
    ])
    const roles = await db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', candidates[0].id)
      .execute()
    expect(roles.map((r) => r.role)).toContain('counsellor')
    expect(
      (
        await db
          .selectFrom('elections')
          .select('gazette_reference')
          .where('id', '=', electionId)
          .executeTakeFirstOrThrow()
      ).gazette_reference,
    ).toBe('DOC 20/12/2026, p. 31')
  })
})

describe('personal data', () => {
  it('a candidacy is in the export; erasure keeps a published candidacy as a public record without the account link', async () => {
    const { candidates, electionId } = await cpmElection(db, 'campaign')
    const person = candidates[0]
    expect((await exportMyData(db, person.id)).candidacies).toMatchObject([
      { election_id: electionId, status: 'accepted' },
    ])
    const { kept } = await eraseAccount(db, person.id)
    expect(kept).toContain('public_candidacy')
    const row = await db
      .selectFrom('candidacies')
      .select(['user_id', 'display_name'])
      .where('id', '=', person.candidacyId)
      .executeTakeFirstOrThrow()
    expect(row.user_id).toBeNull()
  })

  it('an unpublished candidacy is deleted on erasure', async () => {
    const { candidates } = await cpmElection(db, 'candidacy_open')
    await eraseAccount(db, candidates[0].id)
    expect(
      await db
        .selectFrom('candidacies')
        .select('id')
        .where('id', '=', candidates[0].candidacyId)
        .executeTakeFirst(),
    ).toBeUndefined()
  })
})
