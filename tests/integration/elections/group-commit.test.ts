import { beforeEach, describe, expect, it, vi } from 'vitest'
import { castOnlineBallot } from '../../../app/elections/voting.server'
import { EventEmitter } from 'node:events'
import SQLite from 'better-sqlite3'
import {
  batchesWritten,
  CHECKPOINT_DELAY_MS,
  MIN_VOTES_TO_DEFER_CHECKPOINT,
  remoteWriterOver,
  serveVoteWriter,
  submitPlainVote,
  type PlainVote,
  type VoteChannel,
  writerIdle,
} from '../../../app/elections/vote-writer.server'
import { truncateWal, type DB } from '../../../app/lib/db.server'
import { yieldToEventLoop } from '../../../app/lib/event-loop.server'
import { sql } from 'kysely'
import { createTestDb, onPostgres, openAnotherConnection } from '../../helpers/db'
import { approvedVoter, cpmElection, setVotingWindow, trackingCodeOf } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'
import { walBytes } from '../../helpers/sqlite-files'

// Group commit of plain online votes (issue #22, ADR 039): many votes queued at once are written in
// one transaction (participation rows by an insert that skips keys already there), and each voter is answered after the commit. On
// SQLite castOnlineBallot goes through the writer; the writer itself runs on both databases (its
// savepoints are portable), so its refusals are proved on PostgreSQL too.

let db: DB & { path: string }

beforeEach(async () => {
  db = await createTestDb({ file: true })
  await openCycle(db)
})

const counts = async (electionId: string) => {
  const n = async (table: 'ballots' | 'tracking_codes' | 'voter_participation') =>
    (await db.selectFrom(table).select('election_id').where('election_id', '=', electionId).execute()).length
  return {
    ballots: await n('ballots'),
    codes: await n('tracking_codes'),
    participation: await n('voter_participation'),
  }
}

const outcome = (r: { ok: boolean; error?: string }) => (r.ok ? 'ok' : r.error!)
const storedCodes = async (electionId: string) =>
  (await db.selectFrom('tracking_codes').select('code').where('election_id', '=', electionId).execute())
    .map((r) => r.code)
    .sort()

describe('group commit of plain votes', () => {
  it('stores each of 60 simultaneous votes exactly once, in fewer transactions than votes (SQLite)', async () => {
    const { electionId, contestId, candidates, voters } = await cpmElection(db, 'voting_open', { voters: 60 })
    const before = batchesWritten(db)
    const results = await Promise.all(
      voters.map((v, i) =>
        castOnlineBallot(db, {
          electionId,
          userId: v.id,
          choices: { [contestId]: i % 5 === 0 ? 'blank' : candidates[i % 4]!.candidacyId },
        }),
      ),
    )
    expect(results.map(outcome)).toEqual(voters.map(() => 'ok'))
    const codes = results.map((r) => (r.ok ? trackingCodeOf(r.value) : ''))
    expect(new Set(codes).size).toBe(60)
    expect(await storedCodes(electionId)).toEqual([...codes].sort())
    expect(await counts(electionId)).toEqual({ ballots: 60, codes: 60, participation: 60 })
    // Each choice counted as cast: 12 blank, the rest spread over the four candidates.
    const blank = await db
      .selectFrom('ballots')
      .select('id')
      .where('election_id', '=', electionId)
      .where('choice', '=', 'blank')
      .execute()
    expect(blank).toHaveLength(12)
    if (!onPostgres) expect(batchesWritten(db) - before).toBeLessThan(60)
  })

  it('answers already_voted to a voter who votes twice at once, and to one who voted before; the batch commits', async () => {
    const { electionId, contestId, candidates, voters } = await cpmElection(db, 'voting_open', { voters: 6 })
    const choices = { [contestId]: candidates[0]!.candidacyId }
    const first = await castOnlineBallot(db, { electionId, userId: voters[5]!.id, choices })
    expect(first.ok).toBe(true)
    const results = await Promise.all([
      ...voters.slice(0, 5).map((v) => castOnlineBallot(db, { electionId, userId: v.id, choices })),
      castOnlineBallot(db, { electionId, userId: voters[0]!.id, choices }),
      castOnlineBallot(db, { electionId, userId: voters[0]!.id, choices }),
      castOnlineBallot(db, { electionId, userId: voters[5]!.id, choices }),
    ])
    const byOutcome = results.map(outcome)
    expect(byOutcome.slice(1, 5)).toEqual(['ok', 'ok', 'ok', 'ok'])
    // Voter 0 three times in the batch: one ballot; voter 5 had voted already.
    expect([byOutcome[0], byOutcome[5], byOutcome[6]].sort()).toEqual([
      'already_voted',
      'already_voted',
      'ok',
    ])
    expect(byOutcome[7]).toBe('already_voted')
    expect(await counts(electionId)).toEqual({ ballots: 6, codes: 6, participation: 6 })
  })
})

/** An open election of `n` voters and a checked vote for one of them (a candidate of its contest). */
const setup = async (n: number) => {
  const election = await cpmElection(db, 'voting_open', { voters: n })
  const vote = (registrationId: string, extra: Partial<PlainVote> = {}): PlainVote => ({
    electionId: election.electionId,
    registrationId,
    ballots: [
      { contest: election.contestId, choice: 'candidate', candidacy: election.candidates[1]!.candidacyId },
    ],
    ...extra,
  })
  return { ...election, registrations: election.voters.map((v) => v.registrationId), vote }
}

// The writer directly, on both databases: what a batch does with votes that cannot all commit.
describe('the group writer', () => {
  it('a duplicate voter in the same batch gets already_voted and the others commit', async () => {
    const { electionId, registrations, vote } = await setup(4)
    const [a, b, c, d] = registrations
    const results = await Promise.all([a, b, a, c, d, a].map((r) => submitPlainVote(db, vote(r!))))
    expect([1, 3, 4].map((i) => outcome(results[i]!))).toEqual(['ok', 'ok', 'ok'])
    // Voter a three times in the batch: exactly one ballot, the other two already_voted.
    expect([0, 2, 5].map((i) => outcome(results[i]!)).sort()).toEqual([
      'already_voted',
      'already_voted',
      'ok',
    ])
    expect([0, 2, 5].filter((i) => results[i]!.ok)).toHaveLength(1)
    expect(await counts(electionId)).toEqual({ ballots: 4, codes: 4, participation: 4 })
  })

  it('a vote whose transaction fails does not take the batch’s other votes with it', async () => {
    const { electionId, registrations, vote } = await setup(5)
    const broken = vote(registrations[2]!, {
      // A contest that does not exist (foreign key): the batch fails, each vote is tried alone.
      ballots: [{ contest: 'no-such-contest', choice: 'candidate', candidacy: null }],
    })
    const settled = await Promise.allSettled(
      registrations.map((r, i) => submitPlainVote(db, i === 2 ? broken : vote(r))),
    )
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ])
    for (const s of settled) if (s.status === 'fulfilled') expect(s.value.ok).toBe(true)
    // Nothing of the broken vote: no participation without its ballot.
    expect(await counts(electionId)).toEqual({ ballots: 4, codes: 4, participation: 4 })
    const voted = await db
      .selectFrom('voter_participation')
      .select('registration_id')
      .where('election_id', '=', electionId)
      .execute()
    expect(voted.map((r) => r.registration_id)).not.toContain(registrations[2])
  })

  it('voting closed mid-batch: a vote after the end is refused, the votes before it commit', async () => {
    const { electionId, registrations, vote } = await setup(4)
    const ends = new Date(Date.now() + 60_000)
    await setVotingWindow(db, electionId, {
      starts: new Date(Date.now() - 60_000).toISOString(),
      ends: ends.toISOString(),
    })
    const before = new Date(ends.getTime() - 1)
    const after = new Date(ends.getTime())
    const results = await Promise.all(
      registrations.map((r, i) => submitPlainVote(db, vote(r, { now: i === 1 ? after : before }))),
    )
    expect(results.map(outcome)).toEqual(['ok', 'not_open', 'ok', 'ok'])
    expect(await counts(electionId)).toEqual({ ballots: 3, codes: 3, participation: 3 })
  })

  it('the vote closed by the commission before the batch is written: every vote of it is refused, nothing stored', async () => {
    const { electionId, registrations, vote } = await setup(3)
    const pending = registrations.map((r) => submitPlainVote(db, vote(r)))
    // Queued, not yet written: the close (its own transaction) runs first.
    await db.updateTable('elections').set({ phase: 'voting_closed' }).where('id', '=', electionId).execute()
    expect((await Promise.all(pending)).map(outcome)).toEqual(['not_open', 'not_open', 'not_open'])
    expect(await counts(electionId)).toEqual({ ballots: 0, codes: 0, participation: 0 })
  })

  it('votes of two elections in one batch each go to their own election', async () => {
    const one = await setup(2)
    const other = await cpmElection(db, 'voting_open', { voters: 0 })
    const extra = await approvedVoter(db)
    await db
      .insertInto('voter_rolls')
      .values({ election_id: other.electionId, registration_id: extra.registrationId, subprefecture_id: 29 })
      .execute()
    const results = await Promise.all([
      submitPlainVote(db, one.vote(one.registrations[0]!)),
      submitPlainVote(db, {
        electionId: other.electionId,
        registrationId: extra.registrationId,
        ballots: [{ contest: other.contestId, choice: 'blank', candidacy: null }],
      }),
      submitPlainVote(db, one.vote(one.registrations[1]!)),
    ])
    expect(results.map(outcome)).toEqual(['ok', 'ok', 'ok'])
    expect(await counts(one.electionId)).toEqual({ ballots: 2, codes: 2, participation: 2 })
    expect(await counts(other.electionId)).toEqual({ ballots: 1, codes: 1, participation: 1 })
  })

  it.skipIf(onPostgres)(
    'waits for another process’s write lock without blocking this process, then commits (SQLite)',
    async () => {
      const { electionId, registrations, vote } = await setup(3)
      const other = openAnotherConnection(db)
      // Another process (a second worker) holds the write lock.
      await sql`BEGIN IMMEDIATE`.execute(other)
      const pending = Promise.all(registrations.map((r) => submitPlainVote(db, vote(r))))
      // This process goes on: timers fire and reads answer while the batch waits for the lock.
      let ticks = 0
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5))
        ticks += 1
        expect(
          await db.selectFrom('elections').select('id').where('id', '=', electionId).execute(),
        ).toHaveLength(1)
      }
      expect(ticks).toBe(5)
      expect(await counts(electionId)).toEqual({ ballots: 0, codes: 0, participation: 0 })
      await sql`COMMIT`.execute(other)
      expect((await pending).map(outcome)).toEqual(['ok', 'ok', 'ok'])
      expect(await counts(electionId)).toEqual({ ballots: 3, codes: 3, participation: 3 })
      await other.destroy()
    },
  )
})

describe.skipIf(onPostgres)('the checkpoint after the acknowledgement (ADR 041, SQLite)', () => {
  const walSize = () => walBytes(db.path)
  /** Turns of the event loop (real ones: only setTimeout is under the test's clock). */
  const turns = async (n: number) => {
    for (let i = 0; i < n; i++) await yieldToEventLoop()
  }
  /** Runs `steps` with setTimeout on the test's clock (the writer's drain keeps real setImmediate). */
  const onTestClock = async (steps: () => Promise<void>) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      await steps()
    } finally {
      vi.useRealTimers()
    }
  }
  const walEmptied = async () => {
    for (let i = 0; i < 1000 && walSize() > 0; i++) await turns(1)
    return walSize() === 0
  }
  const B = MIN_VOTES_TO_DEFER_CHECKPOINT
  /** An open election with `voters` voters and an empty WAL; `cast(from, n)` is one batch of n votes. */
  const setUp = async (voters = 3 * B) => {
    const election = await cpmElection(db, 'voting_open', { voters })
    expect(await truncateWal(db)).toEqual({ ok: true })
    expect(walSize()).toBe(0)
    const cast = async (from: number, n: number) => {
      const before = batchesWritten(db)
      const results = await Promise.all(
        election.voters.slice(from, from + n).map((v) =>
          castOnlineBallot(db, {
            electionId: election.electionId,
            userId: v.id,
            choices: { [election.contestId]: election.candidates[0]!.candidacyId },
          }),
        ),
      )
      expect(results.map(outcome)).toEqual(results.map(() => 'ok'))
      expect(batchesWritten(db) - before).toBe(1) // queued in one turn: one batch
    }
    return cast
  }

  it('answers after the commit; the WAL empties CHECKPOINT_DELAY_MS after the first commit it holds, a later batch does not postpone it', async () => {
    const cast = await setUp()
    await onTestClock(async () => {
      await cast(0, B)
      // Acknowledged: committed (durable); its frames wait in the WAL for the checkpoint.
      expect(walSize()).toBeGreaterThan(0)
      vi.advanceTimersByTime(CHECKPOINT_DELAY_MS - 5)
      // A second batch just before the checkpoint is due joins it and does not push it back.
      await cast(B, B)
      await turns(20)
      expect(walSize()).toBeGreaterThan(0)
      vi.advanceTimersByTime(5)
      expect(await walEmptied()).toBe(true)
    })
  })

  it(`a batch of fewer than ${B} votes is checkpointed at once, with what was waiting`, async () => {
    const cast = await setUp()
    await onTestClock(async () => {
      await cast(0, B)
      expect(walSize()).toBeGreaterThan(0)
      await cast(B, 1)
      // No time passes: the one-vote batch's commit does not wait in the WAL.
      expect(await walEmptied()).toBe(true)
    })
  })

  it('writerIdle checkpoints what is waiting at once (a server stopping)', async () => {
    const cast = await setUp()
    await onTestClock(async () => {
      await cast(0, B)
      expect(walSize()).toBeGreaterThan(0)
      await writerIdle(db) // no time passes
      expect(walSize()).toBe(0)
    })
  })

  it('a checkpoint that failed (another process reading) is tried again on its own, with no new vote', async () => {
    const cast = await setUp()
    const reader = new SQLite(db.path, { readonly: true })
    try {
      await onTestClock(async () => {
        reader.prepare('BEGIN').run()
        await cast(0, B)
        reader.prepare('SELECT count(*) FROM ballots').get() // a read snapshot that includes the WAL
        vi.advanceTimersByTime(CHECKPOINT_DELAY_MS)
        await turns(50) // the checkpoint ran and gave up (the reader needs the WAL)
        expect(walSize()).toBeGreaterThan(0)
        reader.prepare('COMMIT').run()
        vi.advanceTimersByTime(2 * CHECKPOINT_DELAY_MS) // the retry, backed off once
        expect(await walEmptied()).toBe(true)
      })
    } finally {
      reader.close()
    }
  })

  it('a checkpoint due when the handle is destroyed is dropped: no error, the votes stay stored', async () => {
    const cast = await setUp()
    await onTestClock(async () => {
      await cast(0, B)
      await db.destroy()
      vi.advanceTimersByTime(CHECKPOINT_DELAY_MS)
      await turns(20)
    })
    // setup.ts fails the test on any console.error (a checkpoint tried on the closed handle).
    const again = openAnotherConnection(db)
    try {
      expect(await again.selectFrom('voter_participation').select('registration_id').execute()).toHaveLength(
        B,
      )
    } finally {
      await again.destroy()
    }
  })
})

// One writer for all the workers of a server (ADR 040): workers send their checked votes to the
// primary's writer over the cluster's IPC channel. Here two "workers" and the "primary" are linked by
// in-process channels that copy each message as IPC does (JSON) and deliver it on a later turn.
describe('one writer for all workers', () => {
  type End = {
    send: VoteChannel['send']
    onMessage: VoteChannel['onMessage']
    onClose: VoteChannel['onClose']
  }
  const pair = (): { worker: End; primary: End; close: () => void; seen: unknown[] } => {
    const toWorker = new EventEmitter()
    const toPrimary = new EventEmitter()
    const seen: unknown[] = []
    const end = (inbox: EventEmitter, outbox: EventEmitter): End => ({
      send: (message, done) =>
        setImmediate(() => {
          const copy: unknown = JSON.parse(JSON.stringify(message))
          seen.push(copy)
          outbox.emit('message', copy)
          done(null)
        }),
      onMessage: (listener) => inbox.on('message', listener),
      onClose: (listener) => inbox.on('close', listener),
    })
    return {
      worker: end(toWorker, toPrimary),
      primary: end(toPrimary, toWorker),
      close: () => toWorker.emit('close'),
      seen,
    }
  }
  it('writes two workers’ votes in shared batches and answers each worker its own votes', async () => {
    const { electionId, registrations, vote } = await setup(40)
    const [one, two] = [pair(), pair()]
    serveVoteWriter(db, one.primary)
    serveVoteWriter(db, two.primary)
    const [first, second] = [remoteWriterOver(one.worker), remoteWriterOver(two.worker)]
    const before = batchesWritten(db)
    const results = await Promise.all(registrations.map((r, i) => (i % 2 === 0 ? first : second)(vote(r))))
    expect(results.map(outcome)).toEqual(registrations.map(() => 'ok'))
    const codes = results.map((r) => (r.ok ? r.value.trackingCode : ''))
    expect(new Set(codes).size).toBe(40)
    expect(await storedCodes(electionId)).toEqual([...codes].sort())
    expect(await counts(electionId)).toEqual({ ballots: 40, codes: 40, participation: 40 })
    if (!onPostgres) expect(batchesWritten(db) - before).toBeLessThan(40)
    // Each answer went back over the channel its vote came on: worker one saw only its own ids.
    const answers = one.seen.filter((m) => (m as { type: string }).type === 'mutirao:vote-answer')
    expect(answers).toHaveLength(20)
  })

  it('the same voter through two workers at once: one ballot, the other already_voted', async () => {
    const { electionId, registrations, vote } = await setup(1)
    const [one, two] = [pair(), pair()]
    serveVoteWriter(db, one.primary)
    serveVoteWriter(db, two.primary)
    const results = await Promise.all([
      remoteWriterOver(one.worker)(vote(registrations[0]!)),
      remoteWriterOver(two.worker)(vote(registrations[0]!)),
    ])
    expect(results.map(outcome).sort()).toEqual(['already_voted', 'ok'])
    expect(await counts(electionId)).toEqual({ ballots: 1, codes: 1, participation: 1 })
  })

  it('a vote the primary cannot write fails on its worker (its request errors); the voter’s clock travels', async () => {
    const { electionId, registrations, vote } = await setup(3)
    const link = pair()
    serveVoteWriter(db, link.primary)
    const remote = remoteWriterOver(link.worker)
    const broken = vote(registrations[0]!, {
      ballots: [{ contest: 'no-such-contest', choice: 'candidate', candidacy: null }],
    })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    await expect(remote(broken)).rejects.toThrow(/could not write/)
    // The primary logs the failure by its code only: nothing of the vote.
    expect(logged.mock.calls).toEqual([
      ['vote writer: a vote failed', onPostgres ? '23503' : 'SQLITE_CONSTRAINT_FOREIGNKEY'],
    ])
    logged.mockRestore()
    // A vote at an instant after the window: refused by the writer with that clock.
    const late = await remote(vote(registrations[1]!, { now: new Date(Date.now() + 400 * 86_400_000) }))
    expect(outcome(late)).toBe('not_open')
    expect(outcome(await remote(vote(registrations[2]!)))).toBe('ok')
    expect(await counts(electionId)).toEqual({ ballots: 1, codes: 1, participation: 1 })
  })

  it('fails the waiting votes when the primary is gone or does not answer in time', async () => {
    const { registrations, vote } = await setup(2)
    const silent = pair() // nobody serves the primary's end
    const gone = remoteWriterOver(silent.worker)
    const waiting = gone(vote(registrations[0]!))
    silent.close()
    await expect(waiting).rejects.toThrow(/is gone/)
    const slow = remoteWriterOver(pair().worker, { answerMs: 20, giveUpMs: 30 })
    await expect(slow(vote(registrations[1]!))).rejects.toThrow(/did not answer/)
  })

  it('a worker that waited too long takes its vote back: dropped if no batch took it, else the batch answers', async () => {
    if (onPostgres) return // the other connection's write lock is SQLite's
    const { electionId, registrations, vote } = await setup(3)
    const [patient, hasty] = [pair(), pair()]
    serveVoteWriter(db, patient.primary)
    serveVoteWriter(db, hasty.primary)
    const other = openAnotherConnection(db)
    await sql`BEGIN IMMEDIATE`.execute(other) // the writer's batch waits for this lock
    const first = remoteWriterOver(patient.worker, { answerMs: 20 })(vote(registrations[0]!))
    await new Promise((resolve) => setTimeout(resolve, 10)) // a batch has taken the first vote
    const queued = remoteWriterOver(hasty.worker, { answerMs: 20 })(vote(registrations[1]!))
    await expect(queued).rejects.toThrow(/not written/)
    await new Promise((resolve) => setTimeout(resolve, 50)) // the first one's worker asked too: in a batch, kept
    await sql`COMMIT`.execute(other)
    await other.destroy()
    expect(outcome(await first)).toBe('ok')
    expect(await counts(electionId)).toEqual({ ballots: 1, codes: 1, participation: 1 })
    // The voter whose vote was taken back can vote: nothing of it was written.
    expect(outcome(await remoteWriterOver(hasty.worker)(vote(registrations[1]!)))).toBe('ok')
  })

  it('the primary ignores messages that are not a well-formed vote (no write, no answer)', async () => {
    const { electionId, registrations } = await setup(1)
    const link = pair()
    serveVoteWriter(db, link.primary)
    const answers: unknown[] = []
    link.worker.onMessage((m) => answers.push(m))
    const malformed = [
      null,
      'vote',
      { type: 'mutirao:vote', id: 1 },
      { type: 'mutirao:vote', id: 'x', vote: {} },
      {
        type: 'mutirao:vote',
        id: 2,
        vote: {
          electionId,
          registrationId: registrations[0],
          ballots: [{ contest: 'c', choice: 'drop table', candidacy: null }],
        },
      },
      {
        type: 'mutirao:vote',
        id: 3,
        vote: { electionId, registrationId: registrations[0], ballots: [], now: 'not a date' },
      },
    ]
    for (const message of malformed) link.worker.send(message as never, () => {})
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(answers).toEqual([])
    expect(await counts(electionId)).toEqual({ ballots: 0, codes: 0, participation: 0 })
  })
})
