import cluster from 'node:cluster'
import { randomBytes } from 'node:crypto'
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { dialectOf, isClosed, type DB } from '../lib/db.server'
import { newId } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { afterVote } from './ballot-storage.server'
import type { BoardBallot } from './board'
import { inVotingWindow } from './polling-place'

// Group commit of plain online votes (issue #22, ADR 039). A vote's cost on SQLite is its commit
// (the WAL fsync with synchronous=FULL) and the WAL checkpoint after it (ADR 005), not its
// statements: one writer per process takes every vote queued while the previous batch was being
// written and commits them together in ONE `BEGIN IMMEDIATE` transaction, then answers each voter;
// the checkpoint follows within CHECKPOINT_DELAY_MS, once for the batches committed meanwhile (ADR
// 041). Acknowledged still means durable: no voter hears "done" before the commit that holds their
// vote has returned (synchronous unchanged).
//
// Each vote keeps its own outcome:
// - its participation row is written by an insert that skips a key already present (one statement
//   for up to 200 votes, RETURNING the rows written): a voter who already voted (earlier, or twice in
//   the same batch) gets `already_voted` from the primary key and the batch goes on;
// - voting is checked per vote inside the batch's transaction (phase and the window at the vote's
//   own clock): a vote after the end gets `not_open`, the others commit; closing the vote is a
//   transaction of its own, so it falls wholly before or wholly after a batch;
// - if the batch's transaction fails for any other reason (a constraint, a disk error) it rolls
//   back whole and every vote of it is tried again alone, in its own transaction: a vote whose
//   transaction fails does not take the others with it.
//
// Ballot secrecy (ADR 005): a batch writes all its participation rows first, in the order of their
// keys (election, registration), then all its ballot rows in the order of their random ids, then
// all its tracking codes in the order of the codes. Inside the batch nothing is written in the
// order of arrival, and the three orders are independent of each other, so the physical position of
// the cells in a page (what the storage rewriter erases every 10 s) cannot pair a participation row
// with a ballot of the same batch; the WAL holds the batch's transaction whole until the checkpoint
// truncates it, at most CHECKPOINT_DELAY_MS after its commit (ADR 041).

type Tx = Transaction<Database>
type VotingWindow = Parameters<typeof inVotingWindow>[0]

/** A checked plain vote, ready to write: the ballot rows were validated against the contests. */
export type PlainVote = {
  electionId: string
  registrationId: string
  ballots: BoardBallot[]
  /** The vote's clock: the window is checked at this instant (tests move it). */
  now?: Date
}

export type PlainVoteError = 'not_open' | 'already_voted'

/** The tracking code a voter gets: 80 random bits, base32 in groups of four. */
export function trackingCode(): string {
  const raw = encodeBase32UpperCaseNoPadding(randomBytes(10))
  return raw.match(/.{1,4}/g)!.join('-')
}

/** Votes per transaction at most: a batch holds the write lock for a few milliseconds, not seconds. */
export const MAX_BATCH = 256

/**
 * The WAL is checkpointed and truncated at most this long after a batch's commit (ADR 041), not
 * before the batch's voters are answered: under load the next batches' commits join the same
 * checkpoint, so the writer no longer stops for a checkpoint after every batch. The timer starts at
 * the first deferred commit and is not pushed back by later ones; it runs when the event loop and
 * the connection are free, and one refused by another process is tried again (checkpointNow).
 */
export const CHECKPOINT_DELAY_MS = 25
/**
 * A batch that wrote fewer votes than this is checkpointed right after its voters are answered (as
 * every batch was before ADR 041): a copy of the WAL taken in the window would show which cells its
 * commit added, tying each of its few voters to a few ballots. Only larger batches (the ones under
 * load, where the shared checkpoint saves time) wait in the WAL.
 */
export const MIN_VOTES_TO_DEFER_CHECKPOINT = 4

type Pending = {
  vote: PlainVote
  resolve: (result: Result<{ trackingCode: string }, PlainVoteError>) => void
  reject: (error: unknown) => void
}

type Writer = {
  queue: Pending[]
  scheduled: boolean
  running: boolean
  batches: number
  /** The checkpoint due after the WAL's first commit not yet checkpointed. */
  checkpointDue: NodeJS.Timeout | null
  /** A checkpoint being run. */
  checkpointing: Promise<void> | null
  /** The wait before trying a failed checkpoint again (doubles up to MAX_CHECKPOINT_RETRY_MS). */
  retryMs: number
}

/** One writer per database handle (one per process in production: getDb()). */
const writers = new WeakMap<DB, Writer>()

function writerOf(db: DB): Writer {
  let writer = writers.get(db)
  if (!writer) {
    writer = {
      queue: [],
      scheduled: false,
      running: false,
      batches: 0,
      checkpointDue: null,
      checkpointing: null,
      retryMs: CHECKPOINT_DELAY_MS,
    }
    writers.set(db, writer)
  }
  return writer
}

/**
 * Queues a checked vote for the next batch and resolves once the batch that holds it has committed
 * (the checkpoint follows within CHECKPOINT_DELAY_MS): the tracking code, or why it was refused.
 * Rejects only when the vote's own transaction failed (tried alone).
 */
export function submitPlainVote(
  db: DB,
  vote: PlainVote,
): Promise<Result<{ trackingCode: string }, PlainVoteError>> {
  // A cluster worker hands its votes to the primary's writer (below), which writes them with the
  // other workers' in the same batches. Elsewhere (one process, tests, scripts) this process writes.
  const remote = primaryWriter()
  if (remote) return remote(vote)
  return queueVote(db, vote).result
}

type Queued = {
  result: Promise<Result<{ trackingCode: string }, PlainVoteError>>
  /** Takes the vote out of the queue if no batch has taken it yet (true); its result then never settles. */
  cancel: () => boolean
}

function queueVote(db: DB, vote: PlainVote): Queued {
  const writer = writerOf(db)
  let entry: Pending | undefined
  const result = new Promise<Result<{ trackingCode: string }, PlainVoteError>>((resolve, reject) => {
    entry = { vote, resolve, reject }
    writer.queue.push(entry)
    if (writer.scheduled || writer.running) return
    writer.scheduled = true
    // The next turn of the event loop: the requests already read by then join this batch.
    setImmediate(() => void drain(db, writer))
  })
  return {
    result,
    cancel: () => {
      const at = writer.queue.indexOf(entry!)
      if (at < 0) return false
      writer.queue.splice(at, 1)
      return true
    },
  }
}

/**
 * Resolves once this handle's writer has nothing queued or being written and the WAL has been
 * checkpointed after its last batch (a server stopping checkpoints now rather than after the delay).
 */
export async function writerIdle(db: DB): Promise<void> {
  const writer = writers.get(db)
  if (!writer) return
  while (writer.running || writer.scheduled || writer.queue.length)
    await new Promise((resolve) => setTimeout(resolve, 5))
  if (writer.checkpointDue) checkpointNow(db, writer)
  await writer.checkpointing
}

/** After a batch that wrote votes: a checkpoint within `delayMs`, unless one is due already. */
function scheduleCheckpoint(db: DB, writer: Writer, delayMs = CHECKPOINT_DELAY_MS): void {
  if (writer.checkpointDue) return
  // Not unref'd: a process that ends on its own (a script) still checkpoints before it exits.
  writer.checkpointDue = setTimeout(() => checkpointNow(db, writer), delayMs)
}

function checkpointNow(db: DB, writer: Writer): void {
  clearTimeout(writer.checkpointDue ?? undefined)
  writer.checkpointDue = null
  // A handle destroyed meanwhile has nothing left to do (SQLite checkpoints when its last
  // connection closes). A truncation that failed (another process was writing, or reading the WAL)
  // is tried again on its own, backing off to once a second, so the frames of the last votes do
  // not wait for the next vote; a minute of failures is logged (afterVote).
  const run: Promise<void> = (writer.checkpointing ?? Promise.resolve())
    .then(async () => {
      if (isClosed(db)) return
      if (await afterVote(db)) {
        writer.retryMs = CHECKPOINT_DELAY_MS
        return
      }
      if (isClosed(db)) return
      writer.retryMs = Math.min(MAX_CHECKPOINT_RETRY_MS, writer.retryMs * 2)
      scheduleCheckpoint(db, writer, writer.retryMs)
    })
    .catch(() => undefined) // afterVote does not throw; nothing may become an unhandled rejection
    .finally(() => {
      if (writer.checkpointing === run) writer.checkpointing = null
    })
  writer.checkpointing = run
}

/** The longest wait between two tries of a checkpoint that keeps failing. */
const MAX_CHECKPOINT_RETRY_MS = 1000

/** How many batches this handle's writer has committed or tried (tests check that votes were grouped). */
export function batchesWritten(db: DB): number {
  return writers.get(db)?.batches ?? 0
}

async function drain(db: DB, writer: Writer): Promise<void> {
  writer.scheduled = false
  writer.running = true
  try {
    // Votes that arrive while a batch is written wait for the next one: the batch grows with the load.
    while (writer.queue.length) {
      const batch = writer.queue.splice(0, MAX_BATCH)
      writer.batches += 1
      // commitBatch answers every vote of the batch; should it throw anyway, nobody is left waiting.
      await commitBatch(db, batch).catch((error: unknown) => batch.forEach((p) => p.reject(error)))
    }
  } finally {
    writer.running = false
  }
}

async function commitBatch(db: DB, batch: Pending[]): Promise<void> {
  let results: Result<{ trackingCode: string }, PlainVoteError>[]
  try {
    results = await inWriteTransaction(db, (trx) =>
      writeBatch(
        trx,
        batch.map((p) => p.vote),
      ),
    )
  } catch (error) {
    if (batch.length === 1) {
      batch[0]!.reject(error)
      return
    }
    // Something other than a voter's own refusal failed the batch: each vote again, alone.
    for (const pending of batch) await commitBatch(db, [pending])
    return
  }
  // Acknowledged means durable: the commit (synchronous=FULL) has returned. The checkpoint follows:
  // at once after a small batch (in the WAL its commit would tie so few voters to their ballots),
  // else within CHECKPOINT_DELAY_MS, shared with the batches committed meanwhile.
  batch.forEach((pending, i) => pending.resolve(results[i]!))
  const written = results.filter((r) => r.ok).length
  if (written > 0 && dialectOf(db) === 'sqlite') {
    const writer = writerOf(db)
    if (written < MIN_VOTES_TO_DEFER_CHECKPOINT) checkpointNow(db, writer)
    else scheduleCheckpoint(db, writer)
  }
}

/** How long a batch waits for another process's write lock before failing (the busy timeout's 5 s). */
const LOCK_WAIT_MS = 5000
/**
 * Between two tries for the lock. The other worker's batch holds it a few ms (its commit, a checkpoint):
 * a try every millisecond takes it within a millisecond of its release, where doubling waits (1, 2,
 * 4, 8 ms) overshot it by up to 5 ms for all the votes of the batch (ADR 040: vote p99 −10 %).
 * A failed try costs a few microseconds.
 */
const LOCK_RETRY_MS = 1

/**
 * The batch's transaction. SQLite: `BEGIN IMMEDIATE` without the busy handler: when another process
 * holds the write lock, better-sqlite3's busy handler would sleep in 1, 2, 5, 10 … ms steps with
 * this process's event loop blocked (no request read, no answer sent); here the attempt gives up at
 * once and is tried again every LOCK_RETRY_MS on a timer, and the votes that arrive meanwhile join
 * the next batch. PostgreSQL: the handle's SERIALIZABLE transaction, re-run on conflict.
 */
async function inWriteTransaction<T>(db: DB, run: (trx: DB) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'sqlite') return db.transaction().execute(run)
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    const attempt = await db.connection().execute(async (conn) => {
      // The one connection is ours until this returns: nothing else runs with the timeout at zero.
      const [current] = (await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(conn)).rows
      await sql`PRAGMA busy_timeout = 0`.execute(conn)
      try {
        await sql`BEGIN IMMEDIATE`.execute(conn)
      } catch (error) {
        if (isBusy(error) && Date.now() < deadline) return { locked: true as const }
        throw error
      } finally {
        await sql.raw(`PRAGMA busy_timeout = ${Math.max(0, Number(current?.timeout) || 0)}`).execute(conn)
      }
      try {
        const value = await run(conn)
        await sql`COMMIT`.execute(conn)
        return { locked: false as const, value }
      } catch (error) {
        await sql`ROLLBACK`.execute(conn).catch(() => undefined)
        throw error
      }
    })
    if (!attempt.locked) return attempt.value
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS))
  }
}

const isBusy = (error: unknown) => /^SQLITE_BUSY/.test(String((error as { code?: unknown })?.code ?? ''))

/**
 * Writes the votes of one batch inside the caller's transaction and returns each one's outcome, in
 * the order given. Throws (so the whole transaction rolls back) on anything but a voter's refusal.
 */
export async function writeBatch(
  trx: DB | Tx,
  votes: PlainVote[],
): Promise<Result<{ trackingCode: string }, PlainVoteError>[]> {
  const results: Result<{ trackingCode: string }, PlainVoteError>[] = new Array(votes.length)
  // Read inside the write transaction: closing the vote and this batch cannot interleave.
  const elections = new Map<string, VotingWindow | null>()
  for (const electionId of new Set(votes.map((v) => v.electionId)))
    elections.set(
      electionId,
      (await trx
        .selectFrom('elections')
        .select(['phase', 'voting_starts', 'voting_ends'])
        .where('id', '=', electionId)
        .executeTakeFirst()) ?? null,
    )
  // 1. Participation rows, in key order, in multi-row inserts that skip a key already present: the
  //    rows returned are the ones written, so a voter who already voted (earlier, or twice in this
  //    batch: the first in key order wins) gets `already_voted` and the batch goes on.
  const byKey = votes
    .map((_, i) => i)
    .sort(
      (a, b) =>
        compare(votes[a]!.electionId, votes[b]!.electionId) ||
        compare(votes[a]!.registrationId, votes[b]!.registrationId),
    )
  const open = byKey.filter((i) => {
    const election = elections.get(votes[i]!.electionId)
    if (election && inVotingWindow(election, votes[i]!.now)) return true
    results[i] = err('not_open')
    return false
  })
  const written = new Set<string>()
  for (let start = 0; start < open.length; start += 200) {
    const rows = await trx
      .insertInto('voter_participation')
      .values(
        open.slice(start, start + 200).map((i) => ({
          election_id: votes[i]!.electionId,
          registration_id: votes[i]!.registrationId,
          channel: 'online' as const,
        })),
      )
      .onConflict((oc) => oc.columns(['election_id', 'registration_id']).doNothing())
      .returning(['election_id', 'registration_id'])
      .execute()
    for (const row of rows) written.add(participationKey(row.election_id, row.registration_id))
  }
  const accepted: number[] = []
  for (const i of open) {
    // The first vote of a key that was written is accepted; any later one of the same key is not.
    if (written.delete(participationKey(votes[i]!.electionId, votes[i]!.registrationId))) accepted.push(i)
    else results[i] = err('already_voted')
  }
  if (accepted.length === 0) return results
  // 2. Ballot rows, in the order of their random ids.
  const rows = accepted
    .flatMap((i) =>
      votes[i]!.ballots.map((b) => ({
        id: newId(16),
        election_id: votes[i]!.electionId,
        contest_id: b.contest,
        choice: b.choice,
        candidacy_id: b.candidacy,
      })),
    )
    .sort((a, b) => compare(a.id, b.id))
  for (let start = 0; start < rows.length; start += 200)
    await trx
      .insertInto('ballots')
      .values(rows.slice(start, start + 200))
      .execute()
  // 3. Tracking codes, in the order of the codes.
  const codes = accepted.map((i) => ({ code: trackingCode(), election_id: votes[i]!.electionId }))
  accepted.forEach((i, k) => (results[i] = ok({ trackingCode: codes[k]!.code })))
  const sorted = [...codes].sort((a, b) => compare(a.code, b.code))
  for (let start = 0; start < sorted.length; start += 200)
    await trx
      .insertInto('tracking_codes')
      .values(sorted.slice(start, start + 200))
      .execute()
  return results
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const participationKey = (electionId: string, registrationId: string) =>
  `${electionId}\u0000${registrationId}`

// One writer for all the workers of a server (ADR 040, opt-in: VOTE_WRITER=primary). With
// WEB_CONCURRENCY workers each has its own writer: each batch holds only that worker's votes, its
// commit (fsync-bound, synchronous in better-sqlite3) stops that worker's event loop, and the
// writers take turns at the file's write lock. Now a worker sends each checked vote to the primary process over the
// cluster's IPC channel and answers its voter when the primary says the batch that holds it has
// committed: acknowledged still means durable. The primary serves no requests, so its fsyncs stop
// no one, and its batches hold every worker's votes. Nothing is written to disk on the way: the
// messages carry the registration id and the ballot rows (what the worker's writer had in memory).

/** Set by scripts/server.ts in the workers it forks when the database is SQLite. */
export const PRIMARY_WRITER_ENV = 'MUTIRAO_VOTE_WRITER'
/**
 * A vote the primary has not answered in this long is taken back: the primary drops it if no batch
 * has taken it yet and says so (the request fails, nothing was written); if a batch holds it, the
 * batch's answer settles it. A primary that answers nothing at all is given up after
 * PRIMARY_GIVE_UP_MS more (the vote may then be stored or not: the voter who tries again is told).
 */
export const PRIMARY_ANSWER_MS = 30_000
export const PRIMARY_GIVE_UP_MS = 60_000

type WireVote = Omit<PlainVote, 'now'> & { now?: string }
type VoteRequest = { type: 'mutirao:vote'; id: number; vote: WireVote }
type VoteCancel = { type: 'mutirao:vote-cancel'; id: number }
type VoteAnswer =
  | { type: 'mutirao:vote-answer'; id: number; result: Result<{ trackingCode: string }, PlainVoteError> }
  | { type: 'mutirao:vote-answer'; id: number; failed: true }
  | { type: 'mutirao:vote-answer'; id: number; cancelled: true }

/** Both ends of an IPC channel: `process` in a worker, a `cluster.Worker` in the primary. */
export type VoteChannel = {
  send: (message: VoteRequest | VoteCancel | VoteAnswer, done: (error: Error | null) => void) => void
  onMessage: (listener: (message: unknown) => void) => void
  onClose: (listener: () => void) => void
}

type RemoteWriter = (vote: PlainVote) => Promise<Result<{ trackingCode: string }, PlainVoteError>>
let remote: RemoteWriter | null | undefined

function primaryWriter(): RemoteWriter | null {
  if (remote === undefined)
    remote =
      cluster.isWorker && process.env[PRIMARY_WRITER_ENV] === 'primary' && process.send
        ? remoteWriterOver({
            send: (message, done) => process.send!(message, undefined, {}, done),
            onMessage: (listener) => process.on('message', listener),
            onClose: (listener) => process.on('disconnect', listener),
          })
        : null
  return remote
}

/** The worker's end: each vote is a request with its own id; the answer with that id settles it. */
export function remoteWriterOver(
  channel: VoteChannel,
  { answerMs = PRIMARY_ANSWER_MS, giveUpMs = PRIMARY_GIVE_UP_MS } = {},
): RemoteWriter {
  const waiting = new Map<
    number,
    { resolve: (r: Result<{ trackingCode: string }, PlainVoteError>) => void; reject: (e: Error) => void }
  >()
  let next = 0
  const settle = (id: number) => {
    const entry = waiting.get(id)
    waiting.delete(id)
    return entry
  }
  channel.onMessage((message) => {
    if (!isAnswer(message)) return
    const entry = settle(message.id)
    if (!entry) return
    if ('failed' in message) entry.reject(new Error('the vote writer could not write the vote'))
    else if ('cancelled' in message)
      entry.reject(new Error('the vote writer did not answer in time; the vote was not written'))
    else entry.resolve(message.result)
  })
  channel.onClose(() => {
    for (const id of [...waiting.keys()]) settle(id)!.reject(new Error('the vote writer is gone'))
  })
  return (vote) =>
    new Promise((resolve, reject) => {
      const id = (next = (next + 1) % Number.MAX_SAFE_INTEGER)
      let giveUp: NodeJS.Timeout | undefined
      const timer = setTimeout(() => {
        channel.send({ type: 'mutirao:vote-cancel', id }, () => undefined)
        giveUp = setTimeout(() => settle(id)?.reject(new Error('the vote writer did not answer')), giveUpMs)
        giveUp.unref()
      }, answerMs)
      timer.unref()
      const done =
        <A extends unknown[]>(f: (...a: A) => void) =>
        (...a: A) => {
          clearTimeout(timer)
          clearTimeout(giveUp)
          f(...a)
        }
      waiting.set(id, { resolve: done(resolve), reject: done(reject) })
      const request: VoteRequest = {
        type: 'mutirao:vote',
        id,
        vote: { ...vote, now: vote.now?.toISOString() },
      }
      channel.send(request, (error) => {
        if (error) settle(id)?.reject(new Error('the vote writer is unreachable'))
      })
    })
}

/** The primary's end: every vote a worker sends goes to this process's group writer. */
export function serveVoteWriter(db: DB, channel: VoteChannel): void {
  const queued = new Map<number, Queued>()
  const answer = (reply: VoteAnswer) =>
    channel.send(reply, () => {
      // A worker that is gone cannot be answered; its voter's request failed with it.
    })
  channel.onMessage((message) => {
    if (isCancel(message)) {
      // Dropped only if no batch has taken it: then it is certain it was not written.
      if (queued.get(message.id)?.cancel()) {
        queued.delete(message.id)
        answer({ type: 'mutirao:vote-answer', id: message.id, cancelled: true })
      }
      return
    }
    if (!isRequest(message)) return
    const { id, vote } = message
    const entry = queueVote(db, { ...vote, now: vote.now === undefined ? undefined : new Date(vote.now) })
    queued.set(id, entry)
    entry.result
      .then(
        (result) => answer({ type: 'mutirao:vote-answer', id, result }),
        (error: unknown) => {
          // The code only: an error's message can quote the statement's values.
          console.error('vote writer: a vote failed', (error as { code?: unknown })?.code ?? '')
          answer({ type: 'mutirao:vote-answer', id, failed: true })
        },
      )
      .finally(() => queued.delete(id))
  })
}

const isObject = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null

function isCancel(m: unknown): m is VoteCancel {
  return isObject(m) && m.type === 'mutirao:vote-cancel' && Number.isSafeInteger(m.id)
}

function isAnswer(m: unknown): m is VoteAnswer {
  return isObject(m) && m.type === 'mutirao:vote-answer' && Number.isSafeInteger(m.id)
}

/** Messages come from our own workers; their shape is checked anyway (fail closed). */
function isRequest(m: unknown): m is VoteRequest {
  if (!isObject(m) || m.type !== 'mutirao:vote' || !Number.isSafeInteger(m.id) || !isObject(m.vote))
    return false
  const v = m.vote
  return (
    typeof v.electionId === 'string' &&
    typeof v.registrationId === 'string' &&
    (v.now === undefined || (typeof v.now === 'string' && !Number.isNaN(Date.parse(v.now)))) &&
    Array.isArray(v.ballots) &&
    v.ballots.every(
      (b) =>
        isObject(b) &&
        typeof b.contest === 'string' &&
        (b.choice === 'candidate' || b.choice === 'blank' || b.choice === 'void') &&
        (b.candidacy === null || typeof b.candidacy === 'string'),
    )
  )
}
