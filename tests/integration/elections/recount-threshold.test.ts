import { randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { encodeArchive, readArchive } from '../../../app/belenios/archive'
import {
  ballotEntry,
  endBallotsEntry,
  fromUtf8,
  nextEvent,
  ownedEntry,
  resultEntry,
  tipOf,
  type ArchiveEntry,
} from '../../../app/belenios/events'
import { serializePartialDecryption } from '../../../app/belenios/partial-decryption'
import { recordOfEntries } from '../../../app/belenios/record'
import { nodeAesCcm } from '../../../app/belenios/threshold/aes-ccm.server'
import { thresholdPartialDecryption } from '../../../app/belenios/threshold/decryption'
import { tallyInput } from '../../../app/elections/counting.server'
import { openResults } from '../../../app/elections/open-data.server'
import {
  checkArchiveYielding,
  type CheckedArchive,
  countDifferences,
  countsFromArchives,
  recountSeats,
  type PublishedResults,
} from '../../../app/elections/recount-archive'
import { tally, type ElectionResult } from '../../../app/elections/tally'
import {
  addPartialDecryption,
  castVerifiable,
  decryptionInput,
  encryptForVoter,
  endBallots,
  finishArchives,
  prepareArchives,
  renderArchive,
  withVerifiableCounts,
} from '../../../app/elections/verifiable.server'
import type { DB } from '../../../app/lib/db.server'
import { yieldToEventLoop } from '../../../app/lib/event-loop.server'
import type { SealingKey } from '../../../app/lib/sealed.server'
import { createTestDb } from '../../helpers/db'
import { approvedVoter, cmiElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'
import { commissionCeremony } from '../../helpers/threshold-commission'
import { acceptedCandidacy } from '../../helpers/candidacies'

// Issue #20 item "seat rules stay Mutirão's": `npm run recount` takes an election's threshold
// archive (the server's Single key + the commission's Pedersen 2-of-3 key, as ADR 033 builds it)
// built by the pipeline, verifies it with our own verifier, and recomputes the seats with tally()
// from the archive's counts and results.json — equal to the stored result. Tampered archives (a
// substituted ballot, a dropped ballot, a wrong partial decryption) are refused.

const key: SealingKey = { bytes: randomBytes(32) }
const ORIGIN = 'https://mutirao.example'

const candidacy = (
  db: DB,
  electionId: string,
  contestId: string,
  name: string,
  gender: string,
  birthDate: string,
) => acceptedCandidacy(db, electionId, contestId, name, { gender, birthDate })

/** Runs `f` after letting the event loop turn (a verification blocks it for seconds). */

/** n copies of x. */
const times = <T>(x: T, n: number): T[] => Array.from({ length: n }, () => x)

// Entries → entries again, re-linked after a change, so that the chain is intact and only our
// verifier can tell (the published last hash would tell too: it is left out on purpose).
type Item =
  | { type: 'Ballot' | 'Result'; text: string }
  | { type: 'PartialDecryption'; owner: number; text: string }
  | { type: 'Setup' | 'EndBallots' | 'EncryptedTally'; entry: ArchiveEntry }

function itemsOf(entries: ArchiveEntry[]): Item[] {
  return entries.map((e): Item => {
    const text = (i: number) => fromUtf8(e.blocks[i]!.bytes)!
    switch (e.event.type) {
      case 'Ballot':
      case 'Result':
        return { type: e.event.type, text: text(0) }
      case 'PartialDecryption':
        return {
          type: 'PartialDecryption',
          owner: (JSON.parse(text(1)) as { owner: number }).owner,
          text: text(0),
        }
      case 'Setup':
      case 'EndBallots':
      case 'EncryptedTally':
        return { type: e.event.type, entry: e }
      default:
        throw new Error(`unexpected ${e.event.type}`)
    }
  })
}

function rechain(items: Item[]): ArchiveEntry[] {
  const out: ArchiveEntry[] = []
  for (const item of items) {
    const tip = tipOf(out.length ? out[out.length - 1]! : null)
    if ('entry' in item)
      out.push(
        item.type === 'EndBallots'
          ? endBallotsEntry(tip)
          : nextEvent(tip, item.type, item.entry.event.payload, item.entry.blocks),
      )
    else if (item.type === 'PartialDecryption')
      out.push(ownedEntry(tip, 'PartialDecryption', item.owner, item.text))
    else if (item.type === 'Ballot') out.push(ballotEntry(tip, item.text))
    else out.push(resultEntry(tip, item.text))
  }
  return out
}

describe('recount of a threshold archive with seats (CMI: segments A, B, C, two overall seats, parity)', () => {
  let db: DB & { path: string }
  let electionId: string
  let uuid: string
  let bytes: Uint8Array
  let entries: ArchiveEntry[]
  let timestamp: number
  let stored: ElectionResult
  let published: PublishedResults
  let dir: string
  let spareBallot: string

  beforeAll(async () => {
    db = await createTestDb({ file: true })
    await openCycle(db)
    const cmi = await cmiElection(db)
    electionId = cmi.electionId
    const { A, B, C } = cmi.contests
    const k = {
      a1: await candidacy(db, electionId, A, 'Abdou', 'man', '1970-03-01'),
      a2: await candidacy(db, electionId, A, 'Aimé', 'man', '1980-05-01'),
      a3: await candidacy(db, electionId, A, 'Arturo', 'man', '1985-07-01'),
      a4: await candidacy(db, electionId, A, 'Amina', 'woman', '1990-01-01'),
      b1: await candidacy(db, electionId, B, 'Bassirou', 'man', '1975-01-01'),
      b2: await candidacy(db, electionId, B, 'Beatriz', 'woman', '1960-01-01'),
      b3: await candidacy(db, electionId, B, 'Bilal', 'man', '1982-01-01'),
      c1: await candidacy(db, electionId, C, 'Chiara', 'woman', '1988-01-01'),
      c2: await candidacy(db, electionId, C, 'Carlos', 'man', '1979-01-01'),
      c3: await candidacy(db, electionId, C, 'Cris', 'non_binary', '1992-01-01'),
      c4: await candidacy(db, electionId, C, 'Chukwu', 'man', '1965-01-01'),
    }
    // 14 voters. A: a2 and a3 tie at 3 (the older, a2, ranks first); the contests elect six men,
    // the two overall seats go to a3 and c1 (tied at 3: the older first), and parity (half of 8)
    // displaces the lowest-voted men.
    const votes = {
      [A]: [...times(k.a1, 5), ...times(k.a2, 3), ...times(k.a3, 3), ...times(k.a4, 2), 'blank'],
      [B]: [...times(k.b1, 6), ...times(k.b3, 4), ...times(k.b2, 2), 'blank', 'blank'],
      [C]: [...times(k.c2, 5), ...times(k.c4, 4), ...times(k.c1, 3), k.c3, 'blank'],
    }
    const voters = []
    for (let i = 0; i < 15; i++) voters.push(await approvedVoter(db, { subprefectureId: i % 2 ? 29 : 18 }))
    await moveTo(db, cmi.commission.id, electionId, 'voting_open')

    const ceremony = await commissionCeremony()
    const prepared = await db.transaction().execute((trx) =>
      prepareArchives(trx, {
        electionId,
        key,
        commission: ceremony.parameters,
        now: new Date('2026-12-13T08:00:00Z'),
      }),
    )
    if (!prepared.ok) throw new Error(prepared.error)
    uuid = prepared.value[0]!.uuid
    for (let v = 0; v < 14; v++) {
      // Each ballot is ~0.3 s of cryptography: the worker's RPC gets a turn between them.
      await yieldToEventLoop()
      const registrationId = voters[v]!.registrationId
      const choices = { [A]: votes[A]![v]!, [B]: votes[B]![v]!, [C]: votes[C]![v]! }
      const encrypted = await encryptForVoter(db, { electionId, registrationId, key, choices })
      if (!encrypted.ok) throw new Error(encrypted.error)
      const cast = await db.transaction().execute((trx) =>
        castVerifiable(trx, {
          electionId,
          registrationId,
          key,
          ballots: encrypted.value.map(({ uuid, json }) => ({ uuid, json })),
        }),
      )
      if (!cast.ok) throw new Error(cast.error)
    }
    // A valid ballot of voter 15, never cast: what a dishonest server could slip in for another.
    const spare = await encryptForVoter(db, {
      electionId,
      registrationId: voters[14]!.registrationId,
      key,
      choices: { [A]: k.a4, [B]: k.b2, [C]: k.c1 },
    })
    if (!spare.ok) throw new Error(spare.error)
    spareBallot = spare.value[0]!.json

    const ended = await db.transaction().execute((trx) => endBallots(trx, electionId, key))
    if (!ended.ok) throw new Error(ended.error)
    const input = (await decryptionInput(db, uuid))!
    // Members 1 and 3 of 3 (owners 2 and 4) decrypt; member 2 is absent.
    for (const member of [0, 2]) {
      await yieldToEventLoop()
      const pd = await thresholdPartialDecryption(
        input.election,
        nodeAesCcm,
        input.tally,
        ceremony.parameters,
        ceremony.seeds[member]!,
        ceremony.dkeys[member]!,
      )
      if (!pd.ok) throw new Error(pd.error)
      const added = await db.transaction().execute((trx) =>
        addPartialDecryption(trx, {
          uuid,
          owner: member + 2,
          json: serializePartialDecryption(pd.partialDecryption),
        }),
      )
      if (!added.ok) throw new Error(added.error)
    }
    const finished = await db.transaction().execute((trx) => finishArchives(trx, electionId))
    if (!finished.ok) throw new Error(finished.error)
    // The count as the server stores it for a Belenios election (countAndStore with the archives'
    // counts: tally() over tallyInput plus withVerifiableCounts), then the preliminary result.
    const tallied = await tallyInput(db, electionId)
    stored = tally(withVerifiableCounts(tallied.contests, finished.value), tallied.rules)
    await db
      .updateTable('elections')
      .set({ results: JSON.stringify(stored), phase: 'preliminary_result' })
      .where('id', '=', electionId)
      .execute()
    published = JSON.parse(JSON.stringify(await openResults(db, electionId, ORIGIN))) as PublishedResults
    bytes = (await renderArchive(db, uuid))!
    const read = readArchive(bytes)
    if (!read.ok) throw new Error(read.error)
    entries = read.entries
    timestamp = read.header.timestamp
    dir = mkdtempSync(join(tmpdir(), 'recount-threshold-'))
  }, 600_000)
  let verified: CheckedArchive | undefined
  /** The archive checked as the CLI checks a published final archive (once: it takes seconds). */
  const checked = async () => {
    verified ??= await checkArchiveYielding(bytes, {
      lastEventHash: entries[entries.length - 1]!.hash,
      final: true,
    })
    if (!verified.ok) throw new Error(`${verified.error} ${verified.detail ?? ''}`)
    return verified
  }
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('results.json publishes the seat rules and each candidate’s gender and seniority, never a birth date', () => {
    expect(published.rules).toEqual({
      overall_seats: 2,
      parity: {
        enabled: true,
        min_share: 0.5,
        counts_towards: ['woman', 'trans_woman', 'trans_man', 'travesti', 'non_binary'],
      },
      tie_break: ['votes', 'older_candidate', 'draw'],
      draw_seed: 'mutirao',
      composition: expect.anything() as unknown,
    })
    const all = published.contests.flatMap((c) => c.candidates)
    expect(all).toHaveLength(11)
    // Beatriz (1960) is the oldest, Cris (1992) the youngest.
    expect(all.find((c) => c.name === 'Beatriz')).toMatchObject({ gender: 'woman', seniority: '0001' })
    expect(all.find((c) => c.name === 'Cris')).toMatchObject({ gender: 'non_binary', seniority: '0011' })
    expect(JSON.stringify(published)).not.toMatch(/19[6-9]\d-\d\d-\d\d/)
  })

  it('verifies the threshold archive fully and recomputes the counts and the seats of the stored result', async () => {
    const check = await checked()
    expect(check.ballots).toBe(14)
    const counts = countsFromArchives([check], published)
    if (!counts.ok) throw new Error(counts.error)
    expect(countDifferences(counts.contests, published)).toEqual([])
    const seats = recountSeats(counts.contests, published)
    if (!seats.ok) throw new Error(seats.error)
    expect(seats.differences).toEqual([])
    // The very result the server stored: votes, ranks, outcomes, tie-breaks and parity.
    const outcomes = (r: ElectionResult) =>
      r.contests.map((c) => ({
        id: c.id,
        blank: c.blank,
        candidates: c.candidates.map((x) => [x.id, x.votes, x.rank, x.outcome, x.tieBrokenBy, x.displaced]),
      }))
    expect(outcomes(seats.result)).toEqual(outcomes(stored))
    expect(seats.result.parity).toEqual(stored.parity)
    // The scenario exercises what it says: a tie broken by age, overall seats, parity displacement.
    expect(stored.parity.displacements.length).toBeGreaterThan(0)
    const flat = stored.contests.flatMap((c) => c.candidates)
    expect(flat.filter((x) => x.outcome === 'elected_overall')).toHaveLength(2)
    expect(flat.some((x) => x.tieBrokenBy === 'age')).toBe(true)
  }, 600_000)

  it('a published result that differs in a seat is reported', async () => {
    const check = await checked()
    const counts = countsFromArchives([check], published)
    if (!counts.ok) throw new Error(counts.error)
    const changed = structuredClone(published)
    const elected = changed.contests[0]!.candidates.find((c) => c.outcome === 'elected')!
    elected.outcome = 'not_elected'
    const seats = recountSeats(counts.contests, changed)
    expect(seats.ok && seats.differences).toEqual([
      `contest ${changed.contests[0]!.id}: candidacy ${elected.id} elected ≠ published not_elected`,
    ])
    const { rules: _rules, ...noRules } = published
    expect(recountSeats(counts.contests, noRules)).toMatchObject({ ok: false })
  }, 600_000)

  it('refuses a substituted ballot, a dropped ballot, an altered ballot and a wrong partial decryption', async () => {
    const items = itemsOf(entries)
    const ballots = items.flatMap((item, i) => (item.type === 'Ballot' ? [i] : []))
    const encode = (list: Item[]) => encodeArchive({ version: 1, timestamp }, rechain(list))
    // The untouched archive re-linked is the archive itself.
    expect(encode(items)).toEqual(bytes)

    // A valid ballot of another voter in place of voter 3's: each ballot checks, the tally does not.
    const substituted = items.map((it, i) =>
      i === ballots[3] ? { type: 'Ballot' as const, text: spareBallot } : it,
    )
    expect(await checkArchiveYielding(encode(substituted))).toMatchObject({
      ok: false,
      error: 'verification_failed',
      detail: 'encrypted_tally: tally_mismatch',
    })
    // Voter 5's ballot left out.
    const dropped = items.filter((_, i) => i !== ballots[5])
    expect(await checkArchiveYielding(encode(dropped))).toMatchObject({
      ok: false,
      detail: 'encrypted_tally: tally_mismatch',
    })
    // One digit of a ballot changed: its proofs or signature fail.
    const altered = items.map((it, i) => {
      if (i !== ballots[0] || it.type !== 'Ballot') return it
      const at = it.text.indexOf('"challenge":"') + 14
      const digit = it.text[at] === '1' ? '2' : '1'
      return { ...it, text: it.text.slice(0, at) + digit + it.text.slice(at + 1) }
    })
    expect(await checkArchiveYielding(encode(altered))).toMatchObject({
      ok: false,
      error: 'verification_failed',
      detail: expect.stringMatching(/^ballot: .*\(#0\)$/) as unknown,
    })
    // Member 3's partial decryption (owner 4) replaced by member 1's: its proof does not fit.
    const member1 = items.find((it) => it.type === 'PartialDecryption' && it.owner === 2)!
    const wrongPd = items.map((it) =>
      it.type === 'PartialDecryption' && it.owner === 4 && member1.type === 'PartialDecryption'
        ? { ...it, text: member1.text }
        : it,
    )
    expect(await checkArchiveYielding(encode(wrongPd))).toMatchObject({
      ok: false,
      error: 'verification_failed',
      detail: 'partial_decryption: invalid_proof (#4)',
    })
  }, 600_000)

  it('the bridge to the verifier: owners 1..n once each, a Result when final, the published last hash', async () => {
    const items = itemsOf(entries)
    const pd = items.find((it) => it.type === 'PartialDecryption' && it.owner === 4)!
    const beforeResult = items.slice(0, -1)
    // Trustees: the server (owner 1) and three members (owners 2..4).
    expect(recordOfEntries(rechain([...beforeResult, { ...pd, owner: 5 } as Item]))).toMatchObject({
      ok: false,
      error: 'bad_owner',
    })
    expect(recordOfEntries(rechain([...beforeResult, pd]))).toMatchObject({
      ok: false,
      error: 'duplicate_owner',
    })
    expect(recordOfEntries(rechain(beforeResult), { final: true })).toMatchObject({
      ok: false,
      error: 'no_result',
    })
    expect(recordOfEntries(rechain(beforeResult))).toMatchObject({ ok: true })
    expect(recordOfEntries(entries, { lastEventHash: entries[3]!.hash })).toMatchObject({
      ok: false,
      error: 'last_event_mismatch',
    })
    expect(recordOfEntries(entries.slice(1))).toMatchObject({ ok: false, error: 'no_setup' })
    expect(recordOfEntries([entries[0]!, entries[0]!])).toMatchObject({ ok: false, error: 'duplicate_setup' })
    // A truncated archive passes alone, not as the published final archive.
    const cut = encodeArchive({ version: 1, timestamp }, entries.slice(0, -1))
    // The yielding check: a full verification is seconds of cryptography (the worker's RPC).
    expect(await checkArchiveYielding(cut)).toMatchObject({ ok: true, counts: null })
    expect(await checkArchiveYielding(cut, { final: true })).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^no_result/) as unknown,
    })
  }, 600_000)

  it('npm run recount: matches with exit 0; a differing seat or a tampered archive exits 1', async () => {
    const bel = join(dir, `${uuid}.bel`)
    writeFileSync(bel, bytes)
    const results = join(dir, 'results.json')
    writeFileSync(results, JSON.stringify(published))
    // Asynchronously: the worker must keep answering vitest while the CLI verifies.
    const run = (args: string[]) =>
      new Promise<{ stdout: string; status: number | null }>((resolve) => {
        execFile('npx', ['tsx', 'scripts/recount.ts', ...args], { cwd: process.cwd() }, (error, stdout) =>
          resolve({ stdout, status: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
        )
      })
    const good = await run([bel, results])
    expect(good.stdout).toContain('recount EQUALS the published votes')
    expect(good.stdout).toContain('seats: the recount MATCHES the published result')
    expect(good.stdout).toMatch(/elected: .*Abdou/)
    expect(good.stdout).toContain('alternates: ')
    expect(good.status).toBe(0)

    const changed = structuredClone(published)
    const alternate = changed.contests.flatMap((c) => c.candidates).find((c) => c.outcome === 'alternate')!
    alternate.outcome = 'not_elected'
    writeFileSync(results, JSON.stringify(changed))
    const bad = await run([bel, results])
    expect(bad.stdout).toContain('seats: the recount DIFFERS FROM the published result')
    expect(bad.status).toBe(1)

    writeFileSync(results, JSON.stringify(published))
    const items = itemsOf(entries)
    const ballots = items.flatMap((item, i) => (item.type === 'Ballot' ? [i] : []))
    writeFileSync(
      bel,
      encodeArchive({ version: 1, timestamp }, rechain(items.filter((_, i) => i !== ballots[0]))),
    )
    const tampered = await run([bel, results])
    expect(tampered.stdout).toContain('REFUSED')
    expect(tampered.status).toBe(1)
  }, 600_000)
})
