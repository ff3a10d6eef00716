import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

import { BELENIOS_2048 } from '../../../app/belenios/group'
import { archivesOfElection, credentialOf } from '../../../app/belenios/store.server'
import { nodeAesCcm } from '../../../app/belenios/threshold/aes-ccm.server'
import { serializePartialDecryption } from '../../../app/belenios/partial-decryption'
import { thresholdPartialDecryption } from '../../../app/belenios/threshold/decryption'
import { decideCandidacy } from '../../../app/elections/candidacies.server'
import {
  addPartialDecryption,
  castVerifiable,
  decryptionInput,
  encryptForVoter,
  endBallots,
  finishArchives,
  myBallotTrackers,
  prepareArchives,
  renderArchive,
  withVerifiableCounts,
  type ContestCount,
} from '../../../app/elections/verifiable.server'
import { tallyInput } from '../../../app/elections/counting.server'
import { tally } from '../../../app/elections/tally'
import type { DB } from '../../../app/lib/db.server'
import type { SealingKey } from '../../../app/lib/sealed.server'
import { beleniosTool, beleniosToolOk, skipWithoutBelenios } from '../../helpers/belenios-tool'
import { createTestDb, onPostgres } from '../../helpers/db'
import { approvedVoter, cmiElection, cpmElection, moveTo } from '../../helpers/elections'
import { openCycle } from '../../helpers/registration'
import { commissionCeremony } from '../../helpers/threshold-commission'
import { acceptedCandidacy } from '../../helpers/candidacies'

// Issue #20 (ADR 033): the verifiable pipeline end to end — archives per contest group with the
// server's key and the commission's threshold key (3 members, any 2), ballots made by the server
// (no JavaScript) and by belenios-tool, the count, and each rendered archive checked by the tool.

const G = BELENIOS_2048
const key: SealingKey = { bytes: randomBytes(32) }

const tmp = () => mkdtempSync(join(tmpdir(), 'mutirao-verifiable-'))

async function writeArchive(db: DB, uuid: string): Promise<string> {
  const dir = tmp()
  writeFileSync(join(dir, `${uuid}.bel`), (await renderArchive(db, uuid))!)
  return dir
}

type Archive = Awaited<ReturnType<typeof archivesOfElection>>[number]

/** The voter's choice in a contest, deterministic: blank for every fifth voter. */
const choiceOf = (voter: number, contest: number, answers: string[]) =>
  (voter + contest) % 5 === 4 ? 'blank' : answers[(voter * 7 + contest) % answers.length]!

function expectedCounts(archives: Archive[], votes: Record<string, string>[]): ContestCount[] {
  return archives.flatMap((a) =>
    a.questionsMap.map((q) => {
      const cast = votes.map((v) => v[q.contestId]).filter((c) => c !== undefined)
      return {
        contestId: q.contestId,
        blank: cast.filter((c) => c === 'blank').length,
        votes: Object.fromEntries(q.answers.map((id) => [id, cast.filter((c) => c === id).length])),
      }
    }),
  )
}

/**
 * Runs a whole election on `voters`: half the ballots made by the server, half by the tool;
 * returns what the test needs to check the count and the unhappy paths.
 */
async function runElection(
  db: DB & { path: string },
  electionId: string,
  voters: { registrationId: string }[],
) {
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
  const archives = await archivesOfElection(db, electionId)
  const toolDirs = new Map<string, string>()
  for (const a of archives) toolDirs.set(a.uuid, await writeArchive(db, a.uuid))

  const votes: Record<string, string>[] = []
  const credentials: string[] = []
  const trackers: string[] = []
  const casts: { registrationId: string; ballots: { uuid: string; json: string }[] }[] = []
  for (let v = 0; v < voters.length; v++) {
    const registrationId = voters[v]!.registrationId
    const mine: { uuid: string; json: string }[] = []
    const choices: Record<string, string> = {}
    for (const a of archives) {
      const credential = await credentialOf(db, key, a.uuid, registrationId)
      if (!credential.ok) continue
      credentials.push(credential.value)
      a.questionsMap.forEach((q, i) => (choices[q.contestId] = choiceOf(v, i, q.answers)))
      if (v % 2 === 1) {
        const dir = toolDirs.get(a.uuid)!
        writeFileSync(join(dir, 'cred'), credential.value + '\n')
        const plaintext = a.questionsMap.map((q) => {
          const c = choices[q.contestId]!
          return [c === 'blank' ? 1 : 0, ...q.answers.map((id) => (id === c ? 1 : 0))]
        })
        writeFileSync(join(dir, 'vote'), JSON.stringify(plaintext) + '\n')
        const ballot = (
          await beleniosToolOk(['election', 'generate-ballot', '--privcred', 'cred', '--ballot', 'vote'], {
            cwd: dir,
          })
        ).trim()
        mine.push({ uuid: a.uuid, json: ballot })
      }
    }
    if (v % 2 === 0) {
      const encrypted = await encryptForVoter(db, { electionId, registrationId, key, choices })
      if (!encrypted.ok) throw new Error(encrypted.error)
      mine.push(...encrypted.value.map(({ uuid, json }) => ({ uuid, json })))
    }
    casts.push({ registrationId, ballots: mine })
    votes.push(choices)
  }
  const castOne = ({ registrationId, ballots }: (typeof casts)[number]) =>
    db.transaction().execute((trx) => castVerifiable(trx, { electionId, registrationId, key, ballots }))
  const results = []
  for (const c of casts.slice(0, -2)) results.push(await castOne(c))
  // The last two voters cast at the same moment (on PostgreSQL: two connections, one archive).
  results.push(...(await Promise.all(casts.slice(-2).map(castOne))))
  for (const [v, cast] of results.entries()) {
    if (!cast.ok) throw new Error(`voter ${v}: ${cast.error}`)
    trackers.push(...cast.value.map((t) => t.tracker))
  }
  return { ceremony, archives, toolDirs, votes, credentials, trackers }
}

/** Ends voting, adds members 1 (our code, owner 2) and 3 (the tool, owner 4), finishes. */
async function countElection(
  db: DB,
  electionId: string,
  archives: Archive[],
  ceremony: Awaited<ReturnType<typeof commissionCeremony>>,
) {
  const ended = await db.transaction().execute((trx) => endBallots(trx, electionId, key))
  if (!ended.ok) throw new Error(ended.error)
  const toolResults = new Map<string, number[][]>()
  for (const a of archives) {
    const input = (await decryptionInput(db, a.uuid))!
    const member1 = await thresholdPartialDecryption(
      input.election,
      nodeAesCcm,
      input.tally,
      ceremony.parameters,
      ceremony.seeds[0]!,
      ceremony.dkeys[0]!,
    )
    if (!member1.ok) throw new Error(member1.error)
    const added1 = await db.transaction().execute((trx) =>
      addPartialDecryption(trx, {
        uuid: a.uuid,
        owner: 2,
        json: serializePartialDecryption(member1.partialDecryption),
      }),
    )
    expect(added1).toEqual({ ok: true, value: { owner: 2 } })
  }
  // One member is not enough: nothing is appended, credentials are kept.
  expect(await db.transaction().execute((trx) => finishArchives(trx, electionId))).toEqual({
    ok: false,
    error: 'not_enough_decryptions',
  })
  for (const a of archives) {
    const dir = await writeArchive(db, a.uuid)
    writeFileSync(join(dir, 'member3.key'), ceremony.seeds[2]! + '\n')
    writeFileSync(join(dir, 'member3.dkey'), ceremony.dkeys[2]! + '\n')
    const out = await beleniosToolOk(
      [
        'election',
        'decrypt-threshold',
        '--key',
        'member3.key',
        '--decryption-key',
        'member3.dkey',
        '--trustee-id',
        '4',
      ],
      { cwd: dir },
    )
    const added = await db
      .transaction()
      .execute((trx) => addPartialDecryption(trx, { uuid: a.uuid, owner: 4, json: out.split('\n')[0]! }))
    expect(added).toEqual({ ok: true, value: { owner: 4 } })
    const copy = await writeArchive(db, a.uuid)
    const computed = JSON.parse(await beleniosToolOk(['election', 'compute-result'], { cwd: copy })) as {
      result: number[][]
    }
    toolResults.set(a.uuid, computed.result)
    rmSync(dir, { recursive: true, force: true })
    rmSync(copy, { recursive: true, force: true })
  }
  const finished = await db.transaction().execute((trx) => finishArchives(trx, electionId))
  if (!finished.ok) throw new Error(finished.error)
  return { counts: finished.value, toolResults }
}

async function verifiedByTool(db: DB, uuid: string) {
  const dir = await writeArchive(db, uuid)
  const run = await beleniosTool(['election', 'verify'], { cwd: dir })
  rmSync(dir, { recursive: true, force: true })
  return run
}

/** The tool's per-question result, mapped like ours (blank first, then the answers). */
function toolCounts(archives: Archive[], toolResults: Map<string, number[][]>): ContestCount[] {
  return archives.flatMap((a) =>
    a.questionsMap.map((q, i) => {
      const row = toolResults.get(a.uuid)![i]!
      return {
        contestId: q.contestId,
        blank: row[0]!,
        votes: Object.fromEntries(q.answers.map((id, j) => [id, row[j + 1]!])),
      }
    }),
  )
}

describe.skipIf(skipWithoutBelenios)('a verifiable CMI election (segments A, B, C: one archive)', () => {
  it('prepares, casts (server and tool ballots), counts with the server and 2 of 3 members; the tool verifies', async () => {
    const db = await createTestDb()
    await openCycle(db)
    const { commission, electionId, contests } = await cmiElection(db)
    await acceptedCandidacy(db, electionId, contests.A, 'Coletivo Ana')
    await acceptedCandidacy(db, electionId, contests.A, 'Coletivo Bruno')
    await acceptedCandidacy(db, electionId, contests.B, 'Missão Carla')
    await acceptedCandidacy(db, electionId, contests.B, 'Missão Davi')
    await acceptedCandidacy(db, electionId, contests.C, 'Eva')
    await acceptedCandidacy(db, electionId, contests.C, 'Fábio')
    await acceptedCandidacy(db, electionId, contests.C, 'Gina')
    const voters = []
    for (let i = 0; i < 12; i++) voters.push(await approvedVoter(db, { subprefectureId: i % 2 ? 29 : 18 }))
    await moveTo(db, commission.id, electionId, 'voting_open')

    const run = await runElection(db, electionId, voters)
    expect(run.archives.map((a) => a.groupKey)).toEqual(['segments'])
    expect(run.archives[0]!.questionsMap.map((q) => q.contestId)).toEqual([
      contests.A,
      contests.B,
      contests.C,
    ])
    expect(run.trackers).toHaveLength(12)
    const mine = await myBallotTrackers(db, { electionId, registrationId: voters[3]!.registrationId, key })
    expect(mine.ok && mine.value.map((m) => m.tracker)).toEqual([run.trackers[3]])

    const { counts, toolResults } = await countElection(db, electionId, run.archives, run.ceremony)
    const expected = expectedCounts(run.archives, run.votes)
    expect(counts).toEqual(expected)
    expect(toolCounts(run.archives, toolResults)).toEqual(expected)
    expect(
      expected.reduce((n, c) => n + c.blank + Object.values(c.votes).reduce((a, b) => a + b, 0), 0),
    ).toBe(36)
    // The counts feed the existing seat allocation.
    const input = await tallyInput(db, electionId)
    const result = tally(withVerifiableCounts(input.contests, counts), input.rules)
    for (const c of expected) {
      const contest = result.contests.find((r) => r.id === c.contestId)!
      expect(contest.blank).toBe(c.blank)
      for (const k of contest.candidates) expect(k.votes).toBe(c.votes[k.id])
    }
    const verified = await verifiedByTool(db, run.archives[0]!.uuid)
    expect(verified.stderr).toBe('')
    expect(verified.ok).toBe(true)
    // Credentials are forgotten at the result.
    expect(await db.selectFrom('belenios_credentials').select('registration_id').execute()).toEqual([])
    for (const dir of run.toolDirs.values()) rmSync(dir, { recursive: true, force: true })
  }, 600_000)
})

describe.skipIf(skipWithoutBelenios)('a verifiable CPM election (two subprefectures: two archives)', () => {
  let db: DB & { path: string }
  let electionId: string
  let run: Awaited<ReturnType<typeof runElection>>
  let voters: { registrationId: string; subprefectureId: number }[]
  let spare: { registrationId: string }[]
  let commissionId: string

  beforeAll(async () => {
    db = await createTestDb({ file: true })
    await openCycle(db)
    const cpm = await cpmElection(db, 'candidacy_open', { voters: 6, otherSubprefectureVoters: 5 })
    electionId = cpm.electionId
    commissionId = cpm.commission.id
    const butanta = await db
      .selectFrom('contests')
      .select('id')
      .where('election_id', '=', electionId)
      .where('subprefecture_id', '=', 18)
      .executeTakeFirstOrThrow()
    await acceptedCandidacy(db, electionId, butanta.id, 'Hana')
    await acceptedCandidacy(db, electionId, butanta.id, 'Igor')
    await moveTo(db, commissionId, electionId, 'review')
    for (const c of cpm.candidates)
      await decideCandidacy(db, { actorUserId: commissionId, candidacyId: c.candidacyId, accept: true })
    await moveTo(db, commissionId, electionId, 'voting_open')
    const all = [...cpm.candidates, ...cpm.voters, ...cpm.elsewhere]
    // Two voters of Sé are kept back to try the unhappy paths.
    spare = all.slice(0, 2)
    voters = all.slice(2)
    run = await runElection(db, electionId, voters)
  }, 600_000)

  it('has one archive per subprefecture with candidates, each voter a credential in their own only', async () => {
    expect(run.archives.map((a) => a.groupKey).sort()).toEqual(['subprefecture-18', 'subprefecture-29'])
    expect(run.trackers).toHaveLength(voters.length)
    const credentialRows = await db.selectFrom('belenios_credentials').select('archive_uuid').execute()
    expect(credentialRows).toHaveLength(voters.length + spare.length)
  })

  it('refuses another voter’s ballot, another subprefecture’s archive, a second ballot, a tampered proof and no key', async () => {
    const se = run.archives.find((a) => a.groupKey === 'subprefecture-29')!
    const butanta = run.archives.find((a) => a.groupKey === 'subprefecture-18')!
    const [alice, bob] = spare.map((s) => s.registrationId) as [string, string]
    const contest = se.questionsMap[0]!
    const aliceBallot = await encryptForVoter(db, {
      electionId,
      registrationId: alice,
      key,
      choices: { [contest.contestId]: contest.answers[0]! },
    })
    if (!aliceBallot.ok) throw new Error(aliceBallot.error)
    const cast = (
      registrationId: string,
      ballots: { uuid: string; json: string }[],
      k: SealingKey | null = key,
    ) =>
      db.transaction().execute((trx) => castVerifiable(trx, { electionId, registrationId, key: k, ballots }))
    expect(aliceBallot.value).toHaveLength(1)
    const { json } = aliceBallot.value[0]!
    expect(await cast(bob, [{ uuid: se.uuid, json }])).toEqual({ ok: false, error: 'wrong_credential' })
    expect(await cast(alice, [{ uuid: butanta.uuid, json }])).toEqual({ ok: false, error: 'not_in_archive' })
    expect(await cast(alice, [])).toEqual({ ok: false, error: 'missing_archive' })
    expect(await cast(alice, [{ uuid: se.uuid, json }], null)).toEqual({
      ok: false,
      error: 'no_credentials_key',
    })
    const tampered = json.replace(
      /"response":"(\d)/,
      (_m, d: string) => `"response":"${(Number(d) + 1) % 10}`,
    )
    expect(tampered).not.toBe(json)
    expect(await cast(alice, [{ uuid: se.uuid, json: tampered }])).toEqual({
      ok: false,
      error: 'invalid_ballot',
    })
    expect(
      await encryptForVoter(db, {
        electionId,
        registrationId: alice,
        key,
        choices: { [contest.contestId]: 'nobody' },
      }),
    ).toEqual({ ok: false, error: 'bad_choice' })
    expect(await encryptForVoter(db, { electionId, registrationId: alice, key: null, choices: {} })).toEqual({
      ok: false,
      error: 'no_credentials_key',
    })
    // The same ballot twice at once: exactly one is appended.
    const twice = await Promise.all([
      cast(alice, [{ uuid: se.uuid, json }]),
      cast(alice, [{ uuid: se.uuid, json }]),
    ])
    expect(twice.filter((r) => r.ok)).toHaveLength(1)
    expect(twice.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'already_voted' }])
    expect(await cast(alice, [{ uuid: se.uuid, json }])).toEqual({ ok: false, error: 'already_voted' })
    const again = await encryptForVoter(db, {
      electionId,
      registrationId: alice,
      key,
      choices: { [contest.contestId]: 'blank' },
    })
    expect(again.ok && (await cast(alice, again.value))).toEqual({ ok: false, error: 'already_voted' })
    expect(
      await db.transaction().execute((trx) =>
        prepareArchives(trx, {
          electionId,
          key: null,
          commission: run.ceremony.parameters,
          now: new Date(),
        }),
      ),
    ).toEqual({ ok: false, error: 'no_credentials_key' })
    run.votes.push({ [contest.contestId]: contest.answers[0]! })
  }, 120_000)

  it('counts with the server and 2 of 3 members after refusing late ballots and a bad decryption; the tool verifies both archives', async () => {
    const se = run.archives.find((a) => a.groupKey === 'subprefecture-29')!
    const bob = spare[1]!.registrationId
    const bobBallot = await encryptForVoter(db, {
      electionId,
      registrationId: bob,
      key,
      choices: { [se.questionsMap[0]!.contestId]: 'blank' },
    })
    if (!bobBallot.ok) throw new Error(bobBallot.error)
    const ended = await db.transaction().execute((trx) => endBallots(trx, electionId, key))
    expect(ended.ok).toBe(true)
    // A ballot after EndBallots is refused.
    expect(
      await db
        .transaction()
        .execute((trx) =>
          castVerifiable(trx, { electionId, registrationId: bob, key, ballots: bobBallot.value }),
        ),
    ).toEqual({ ok: false, error: 'voting_closed' })
    expect(await db.transaction().execute((trx) => endBallots(trx, electionId, key))).toEqual({
      ok: false,
      error: 'already_ended',
    })
    // A member's decryption with a broken proof is refused.
    const input = (await decryptionInput(db, se.uuid))!
    const member2 = await thresholdPartialDecryption(
      input.election,
      nodeAesCcm,
      input.tally,
      run.ceremony.parameters,
      run.ceremony.seeds[1]!,
      run.ceremony.dkeys[1]!,
    )
    if (!member2.ok) throw new Error(member2.error)
    const pd = member2.partialDecryption
    const forged = serializePartialDecryption({
      factors: pd.factors,
      proofs: pd.proofs.map((row) =>
        row.map((p) => ({ challenge: p.challenge, response: (p.response + 1n) % G.q })),
      ),
    })
    const addPd = (owner: number, json: string) =>
      db.transaction().execute((trx) => addPartialDecryption(trx, { uuid: se.uuid, owner, json }))
    expect(await addPd(3, forged)).toEqual({ ok: false, error: 'invalid_proof' })
    // Member 2's genuine share under member 1's position does not verify either.
    expect(await addPd(2, serializePartialDecryption(pd))).toEqual({ ok: false, error: 'invalid_proof' })
    expect(await addPd(1, serializePartialDecryption(pd))).toEqual({ ok: false, error: 'bad_owner' })
    expect(await addPd(3, '{"decryption_factors":')).toEqual({ ok: false, error: 'malformed' })

    // endBallots already ran: count with members 1 and 3 (countElection calls endBallots again,
    // so do its steps here).
    const toolResults = new Map<string, number[][]>()
    for (const a of run.archives) {
      const inp = (await decryptionInput(db, a.uuid))!
      const m1 = await thresholdPartialDecryption(
        inp.election,
        nodeAesCcm,
        inp.tally,
        run.ceremony.parameters,
        run.ceremony.seeds[0]!,
        run.ceremony.dkeys[0]!,
      )
      if (!m1.ok) throw new Error(m1.error)
      expect(
        await db.transaction().execute((trx) =>
          addPartialDecryption(trx, {
            uuid: a.uuid,
            owner: 2,
            json: serializePartialDecryption(m1.partialDecryption),
          }),
        ),
      ).toEqual({ ok: true, value: { owner: 2 } })
      expect(
        await db.transaction().execute((trx) =>
          addPartialDecryption(trx, {
            uuid: a.uuid,
            owner: 2,
            json: serializePartialDecryption(m1.partialDecryption),
          }),
        ),
      ).toEqual({ ok: false, error: 'duplicate' })
    }
    expect(await db.transaction().execute((trx) => finishArchives(trx, electionId))).toEqual({
      ok: false,
      error: 'not_enough_decryptions',
    })
    for (const a of run.archives) {
      const dir = await writeArchive(db, a.uuid)
      writeFileSync(join(dir, 'member3.key'), run.ceremony.seeds[2]! + '\n')
      writeFileSync(join(dir, 'member3.dkey'), run.ceremony.dkeys[2]! + '\n')
      const out = await beleniosToolOk(
        [
          'election',
          'decrypt-threshold',
          '--key',
          'member3.key',
          '--decryption-key',
          'member3.dkey',
          '--trustee-id',
          '4',
        ],
        { cwd: dir },
      )
      expect(
        await db
          .transaction()
          .execute((trx) => addPartialDecryption(trx, { uuid: a.uuid, owner: 4, json: out.split('\n')[0]! })),
      ).toEqual({ ok: true, value: { owner: 4 } })
      rmSync(dir, { recursive: true, force: true })
      const copy = await writeArchive(db, a.uuid)
      toolResults.set(
        a.uuid,
        (
          JSON.parse(await beleniosToolOk(['election', 'compute-result'], { cwd: copy })) as {
            result: number[][]
          }
        ).result,
      )
      rmSync(copy, { recursive: true, force: true })
    }
    // Keep the credentials (to scan for them) before they are forgotten.
    const finished = await db.transaction().execute((trx) => finishArchives(trx, electionId))
    if (!finished.ok) throw new Error(finished.error)
    const expected = expectedCounts(run.archives, run.votes)
    expect(finished.value).toEqual(expected)
    expect(toolCounts(run.archives, toolResults)).toEqual(expected)
    for (const a of run.archives) {
      const verified = await verifiedByTool(db, a.uuid)
      expect(verified.ok).toBe(true)
    }
    expect(await db.selectFrom('belenios_credentials').select('registration_id').execute()).toEqual([])
    expect(
      await myBallotTrackers(db, { electionId, registrationId: voters[0]!.registrationId, key }),
    ).toEqual({
      ok: false,
      error: 'not_on_roll',
    })
  }, 600_000)

  it.skipIf(onPostgres)(
    'leaves no private credential and no plaintext choice in the database file or its WAL',
    async () => {
      const raw = Buffer.concat(
        ['', '-wal'].filter((s) => existsSync(db.path + s)).map((s) => readFileSync(db.path + s)),
      )
      expect(run.credentials.length).toBeGreaterThan(0)
      for (const credential of run.credentials) {
        expect(raw.includes(credential)).toBe(false)
        expect(raw.includes(credential.replace(/-/g, ''))).toBe(false)
      }
      const blocks = await db.selectFrom('belenios_blocks').select('content').execute()
      const ballots = blocks.filter((b) => b.content.includes('"answers"'))
      expect(ballots.length).toBeGreaterThan(0)
      const candidacyIds = run.archives.flatMap((a) => a.questionsMap.flatMap((q) => q.answers))
      for (const b of ballots) for (const id of candidacyIds) expect(b.content.includes(id)).toBe(false)
      // No choice written as a contest → candidacy pair anywhere in the file.
      for (const v of run.votes)
        for (const [contestId, choice] of Object.entries(v)) {
          expect(raw.includes(`"${contestId}":"${choice}"`)).toBe(false)
          expect(raw.includes(`${contestId}|${choice}`)).toBe(false)
        }
      for (const dir of run.toolDirs.values()) rmSync(dir, { recursive: true, force: true })
    },
  )
})
