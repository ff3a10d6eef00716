import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createBallot } from '../../../app/belenios/ballot'
import { parseElection } from '../../../app/belenios/election'
import { castInBooth, currentBooth, enterBooth } from '../../../app/elections/booth.server'
import { advancePhase, createElection } from '../../../app/elections/lifecycle.server'
import { publicResults } from '../../../app/elections/counting.server'
import { beleniosBoardPointer } from '../../../app/elections/open-data.server'
import {
  decryptionProgress,
  renderArchive,
  trackerInArchives,
} from '../../../app/elections/verifiable.server'
import {
  ballotEncryptionInput,
  boothEncryptionInput,
  castBoothBallot,
  castEncryptedOnline,
  castOnlineBallot,
  type CastReceipt,
  type EncryptionInput,
} from '../../../app/elections/voting.server'
import type { DB } from '../../../app/lib/db.server'
import { sha256Hex } from '../../../app/lib/hash.server'
import { beleniosTool, beleniosToolOk, skipWithoutBelenios } from '../../helpers/belenios-tool'
import { createTestDb, onPostgres, useAsAppDb } from '../../helpers/db'
import {
  addMemberDecryptions,
  approvedVoter,
  cmiElection,
  completeCeremony,
  cpmElection,
  moveTo,
  openAsPollWorker,
  pollingPlace,
  setVotingWindow,
} from '../../helpers/elections'
import { DEFAULT_RULES } from '../../../app/elections/tally'
import { openCycle } from '../../helpers/registration'
import { acceptedCandidacy } from '../../helpers/candidacies'

// Issue #20 (ADR 034): 'belenios' elections through the vote path. Opening needs the commission's
// key and the credentials key and prepares the archives; every vote — online with or without
// JavaScript, at the booth — appends only ciphertexts; closing ends the archives; counting waits
// for k members' decryptions and feeds the archives' counts into the seat allocation.

let db: DB & { path: string }
beforeEach(async () => {
  db = await createTestDb({ file: true })
  useAsAppDb(db)
  await openCycle(db)
})

/** A device's ballots (as the browser will make them): from the encryption input and the choices. */
function deviceBallots(input: EncryptionInput, choices: Record<string, string>) {
  return input.archives.map((a) => {
    const election = parseElection(a.electionJson)
    if (!election.ok) throw new Error(election.error)
    const plaintext = a.questionsMap.map((q) => {
      const c = choices[q.contestId] ?? 'blank'
      return [c === 'blank' ? 1 : 0, ...q.answers.map((id) => (id === c ? 1 : 0))]
    })
    const created = createBallot(election.value, a.credential, plaintext)
    if (!created.ok) throw new Error(created.error)
    return { uuid: a.uuid, json: created.value.json }
  })
}

function trackersOf(receipt: CastReceipt) {
  if (receipt.format !== 'belenios') throw new Error('not a belenios receipt')
  return receipt.trackers
}

const phaseOf = async (electionId: string) =>
  (await db.selectFrom('elections').select('phase').where('id', '=', electionId).executeTakeFirstOrThrow())
    .phase

const plaintextRows = async () => ({
  ballots: (await db.selectFrom('ballots').select('id').execute()).length,
  codes: (await db.selectFrom('tracking_codes').select('code').execute()).length,
})

async function verifiedByTool(uuid: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mutirao-verifiable-voting-'))
  writeFileSync(join(dir, `${uuid}.bel`), (await renderArchive(db, uuid))!)
  const verify = await beleniosTool(['election', 'verify'], { cwd: dir })
  const result = verify.ok
    ? (
        JSON.parse(await beleniosToolOk(['election', 'compute-result'], { cwd: dir })) as {
          result: number[][]
        }
      ).result
    : null
  rmSync(dir, { recursive: true, force: true })
  return { verify, result }
}

describe('creating and opening a belenios election', () => {
  it('staff-created elections are belenios; the helpers keep plain unless asked', async () => {
    const { electionId } = await cpmElection(db, 'candidacy_open')
    const commission = await db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow()
    const created = await createElection(db, {
      actorUserId: commission.id,
      body: 'cpm',
      title: { 'pt-BR': 'Nova' },
      description: {},
      alternates: 1,
      rules: DEFAULT_RULES,
    })
    if (!created.ok) throw new Error(created.error)
    const formats = await db.selectFrom('elections').select(['id', 'ballot_format']).execute()
    expect(formats.find((e) => e.id === created.value.id)?.ballot_format).toBe('belenios')
    expect(formats.find((e) => e.id === electionId)?.ballot_format).toBe('plain')
  })

  it('refuses to open without the ceremony or without the credentials key; nothing is prepared', async () => {
    const { commission, electionId } = await cpmElection(db, 'final_list', {
      voters: 2,
      ballotFormat: 'belenios',
    })
    await moveTo(db, commission.id, electionId, 'campaign')
    await setVotingWindow(db, electionId)
    const open = (key?: null) =>
      advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_open', key })
    expect(await open()).toEqual({ ok: false, error: 'ceremony_incomplete' })
    await completeCeremony(db, electionId)
    expect(await open(null)).toEqual({ ok: false, error: 'no_credentials_key' })
    expect(await phaseOf(electionId)).toBe('campaign')
    expect(await db.selectFrom('belenios_archives').select('uuid').execute()).toEqual([])
    expect(await db.selectFrom('voter_rolls').select('registration_id').execute()).toEqual([])
    expect(await open()).toEqual({ ok: true, value: { phase: 'voting_open' } })
    const archives = await decryptionProgress(db, electionId)
    expect(archives).toHaveLength(1)
    expect(archives[0]).toMatchObject({ groupKey: 'subprefecture-29', ballots: 0, threshold: 2, members: 3 })
    // Closing needs the key too (the server's partial decryption).
    expect(
      await advancePhase(db, { actorUserId: commission.id, electionId, to: 'voting_closed', key: null }),
    ).toEqual({ ok: false, error: 'no_credentials_key' })
  })
})

describe('a belenios CMI election through the vote path', () => {
  it.skipIf(skipWithoutBelenios)(
    'online (server and device encryption) and booth votes, close, k decryptions, count; the tool verifies and agrees',
    async () => {
      const { commission, electionId, contests } = await cmiElection(db, { ballotFormat: 'belenios' })
      const ids = {
        A: [
          await acceptedCandidacy(db, electionId, contests.A, 'Coletivo Ana', { birthDate: '1970-01-01' }),
          await acceptedCandidacy(db, electionId, contests.A, 'Coletivo Bruno', { birthDate: '1971-01-01' }),
        ],
        B: [
          await acceptedCandidacy(db, electionId, contests.B, 'Missão Carla', { birthDate: '1972-01-01' }),
          await acceptedCandidacy(db, electionId, contests.B, 'Missão Davi', { birthDate: '1973-01-01' }),
        ],
        C: [
          await acceptedCandidacy(db, electionId, contests.C, 'Eva', { birthDate: '1974-01-01' }),
          await acceptedCandidacy(db, electionId, contests.C, 'Fábio', { birthDate: '1975-01-01' }),
        ],
      }
      const voters = []
      for (let i = 0; i < 6; i++) voters.push(await approvedVoter(db))
      await moveTo(db, commission.id, electionId, 'campaign')
      const ceremony = await completeCeremony(db, electionId, { members: 3, threshold: 2 })
      await moveTo(db, commission.id, electionId, 'voting_open')

      const ballot = (a: string, b: string, c: string) => ({
        [contests.A]: a,
        [contests.B]: b,
        [contests.C]: c,
      })
      const plan = [
        ballot(ids.A[0]!, ids.B[0]!, ids.C[0]!),
        ballot(ids.A[0]!, ids.B[1]!, 'blank'),
        ballot(ids.A[1]!, ids.B[0]!, ids.C[0]!),
        ballot('blank', ids.B[0]!, ids.C[1]!),
        ballot(ids.A[0]!, 'blank', ids.C[0]!),
        ballot(ids.A[1]!, ids.B[1]!, ids.C[1]!),
      ]
      const receipts: CastReceipt[] = []
      // Voters 0 and 1: no JavaScript, the server encrypts.
      for (const i of [0, 1]) {
        const cast = await castOnlineBallot(db, { electionId, userId: voters[i]!.id, choices: plan[i]! })
        if (!cast.ok) throw new Error(cast.error)
        expect(cast.value).toMatchObject({ format: 'belenios', encryptedBy: 'server' })
        receipts.push(cast.value)
      }
      // Voters 2 and 3: their device encrypts with the material the server gives them.
      for (const i of [2, 3]) {
        const input = await ballotEncryptionInput(db, { electionId, userId: voters[i]!.id })
        if (!input.ok) throw new Error(input.error)
        expect(input.value.archives).toHaveLength(1)
        expect(input.value.archives[0]).toMatchObject({ groupKey: 'segments' })
        const cast = await castEncryptedOnline(db, {
          electionId,
          userId: voters[i]!.id,
          ballots: deviceBallots(input.value, plan[i]!),
        })
        if (!cast.ok) throw new Error(cast.error)
        expect(cast.value).toMatchObject({ format: 'belenios', encryptedBy: 'device' })
        receipts.push(cast.value)
      }
      // Voter 4 at the booth with the server encrypting (no JavaScript); voter 5 at the booth device.
      const opened4 = await openAsPollWorker(db, {
        electionId,
        commissionId: commission.id,
        registrationId: voters[4]!.registrationId,
      })
      if (!opened4.ok) throw new Error(opened4.error)
      const sealed = await db.selectFrom('booth_tokens').select('registration_sealed').execute()
      expect(sealed).toHaveLength(1)
      expect(sealed[0]!.registration_sealed).not.toContain(voters[4]!.registrationId)
      const booth4 = await castBoothBallot(db, { electionId, token: opened4.value.token, choices: plan[4]! })
      if (!booth4.ok) throw new Error(booth4.error)
      expect(booth4.value).toMatchObject({ format: 'belenios', encryptedBy: 'server' })
      receipts.push(booth4.value)
      const opened5 = await openAsPollWorker(db, {
        electionId,
        commissionId: commission.id,
        registrationId: voters[5]!.registrationId,
      })
      if (!opened5.ok) throw new Error(opened5.error)
      const tokenHash = sha256Hex(opened5.value.token)
      const input5 = await boothEncryptionInput(db, { electionId, tokenHash })
      if (!input5.ok) throw new Error(input5.error)
      const booth5 = await castBoothBallot(db, {
        electionId,
        token: opened5.value.token,
        ballots: deviceBallots(input5.value, plan[5]!),
      })
      if (!booth5.ok) throw new Error(booth5.error)
      expect(booth5.value).toMatchObject({ format: 'belenios', encryptedBy: 'device' })
      receipts.push(booth5.value)
      // The token and its sealed registration are gone with the cast.
      expect(await db.selectFrom('booth_tokens').select('token_hash').execute()).toEqual([])
      expect(await boothEncryptionInput(db, { electionId, tokenHash })).toEqual({
        ok: false,
        error: 'not_open',
      })

      // Nothing plaintext, anywhere: no ballot rows, no codes, and the trackers are in the archive.
      expect(await plaintextRows()).toEqual({ ballots: 0, codes: 0 })
      for (const r of receipts) {
        const [t] = trackersOf(r)
        expect(await trackerInArchives(db, { electionId, tracker: t!.tracker })).toBe('found')
        // As the page shows it (groups of four) and as a voter may paste it back.
        const grouped = ` ${t!.tracker.match(/.{1,4}/g)!.join(' ')} `
        expect(await trackerInArchives(db, { electionId, tracker: grouped })).toBe('found')
      }
      expect(await trackerInArchives(db, { electionId, tracker: 'A'.repeat(43) })).toBe('not_found')
      expect(await trackerInArchives(db, { electionId, tracker: 'ABCD-EFGH' })).toBe('malformed')

      await moveTo(db, commission.id, electionId, 'voting_closed')
      // k - 1 member decryptions: the count is refused and nothing moves.
      await addMemberDecryptions(db, electionId, ceremony, ceremony.members.slice(0, 1))
      expect(await advancePhase(db, { actorUserId: commission.id, electionId, to: 'counted' })).toEqual({
        ok: false,
        error: 'decryptions_missing',
      })
      expect(await phaseOf(electionId)).toBe('voting_closed')
      expect((await decryptionProgress(db, electionId))[0]).toMatchObject({
        ballots: 6,
        memberDecryptions: [2],
        threshold: 2,
      })
      await addMemberDecryptions(db, electionId, ceremony, ceremony.members.slice(2, 3))
      expect(await advancePhase(db, { actorUserId: commission.id, electionId, to: 'counted' })).toEqual({
        ok: true,
        value: { phase: 'counted' },
      })
      expect(await db.selectFrom('belenios_credentials').select('registration_id').execute()).toEqual([])
      expect(await db.selectFrom('bulletin_boards').select('election_id').execute()).toEqual([])

      // The result equals the plan, through the seat rules.
      await moveTo(db, commission.id, electionId, 'preliminary_result')
      const results = await publicResults(db, electionId)
      expect(results).toMatchObject({
        ballot_format: 'belenios',
        paper_counts_outside_encrypted_tally: false,
      })
      const votesFor = (contest: string, id: string) => plan.filter((p) => p[contest] === id).length
      for (const contest of [contests.A, contests.B, contests.C]) {
        const c = results!.contests.find((x) => x.id === contest)!
        expect(c.blank).toBe(votesFor(contest, 'blank'))
        for (const k of c.candidates) expect(k.votes).toBe(votesFor(contest, k.id))
      }
      const a = results!.contests.find((x) => x.id === contests.A)!
      expect(a.candidates.find((k) => k.id === ids.A[0])).toMatchObject({ votes: 3, rank: 1 })

      // belenios-tool verifies the archive and computes the same counts.
      const [archive] = await decryptionProgress(db, electionId)
      expect(archive!.counted).toBe(true)
      const tool = await verifiedByTool(archive!.uuid)
      expect(tool.verify.ok).toBe(true)
      const map = await db
        .selectFrom('belenios_archives')
        .select('questions_map')
        .where('uuid', '=', archive!.uuid)
        .executeTakeFirstOrThrow()
      const questions = JSON.parse(map.questions_map) as { contestId: string; answers: string[] }[]
      questions.forEach((q, i) => {
        expect(tool.result![i]![0]).toBe(votesFor(q.contestId, 'blank'))
        q.answers.forEach((id, j) => expect(tool.result![i]![j + 1]).toBe(votesFor(q.contestId, id)))
      })
      // ballots.json names the archive instead of a plaintext board.
      const pointer = await beleniosBoardPointer(db, electionId, 'https://example.org')
      expect(pointer).toMatchObject({ ballot_format: 'belenios', ballots: null })
      expect(pointer!.belenios_archives.map((x) => x.uuid)).toEqual([archive!.uuid])
    },
    600_000,
  )
})

describe('a belenios CPM election: the unhappy paths', () => {
  async function openCpm(voters = 4) {
    const setup = await cpmElection(db, 'campaign', { voters, ballotFormat: 'belenios' })
    const ceremony = await completeCeremony(db, setup.electionId)
    await moveTo(db, setup.commission.id, setup.electionId, 'voting_open')
    return { ...setup, ceremony }
  }

  it('one ballot per voter: twice in a row, twice at once, online and booth at once', async () => {
    const { commission, electionId, contestId, candidates, voters } = await openCpm(3)
    const choices = { [contestId]: candidates[0]!.candidacyId }
    const first = await castOnlineBallot(db, { electionId, userId: voters[0]!.id, choices })
    expect(first.ok).toBe(true)
    expect(await castOnlineBallot(db, { electionId, userId: voters[0]!.id, choices })).toEqual({
      ok: false,
      error: 'already_voted',
    })
    expect(await ballotEncryptionInput(db, { electionId, userId: voters[0]!.id })).toEqual({
      ok: false,
      error: 'already_voted',
    })
    // Two device ballots of one voter at once: one participation, one ballot.
    const input = await ballotEncryptionInput(db, { electionId, userId: voters[1]!.id })
    if (!input.ok) throw new Error(input.error)
    const b1 = deviceBallots(input.value, choices)
    const b2 = deviceBallots(input.value, { [contestId]: 'blank' })
    const both = await Promise.all([
      castEncryptedOnline(db, { electionId, userId: voters[1]!.id, ballots: b1 }),
      castEncryptedOnline(db, { electionId, userId: voters[1]!.id, ballots: b2 }),
    ])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'already_voted' }])
    // Online and at the booth at once: the participation key lets one through.
    const [online, booth] = await Promise.all([
      castOnlineBallot(db, { electionId, userId: voters[2]!.id, choices }),
      openAsPollWorker(db, {
        electionId,
        commissionId: commission.id,
        registrationId: voters[2]!.registrationId,
      }),
    ])
    expect([online.ok, booth.ok].filter(Boolean)).toHaveLength(1)
    const [archive] = await decryptionProgress(db, electionId)
    const participation = await db.selectFrom('voter_participation').select('registration_id').execute()
    // Voter 2's booth ballot, if it won, is open but not cast yet.
    expect(archive!.ballots).toBe(online.ok ? 3 : 2)
    expect(participation).toHaveLength(3)
    expect(await plaintextRows()).toEqual({ ballots: 0, codes: 0 })
  })

  it('refuses another voter’s credential, a tampered ballot, a plain election’s device ballots; nothing is half-written', async () => {
    const { electionId, contestId, candidates, voters } = await openCpm(2)
    const [alice, bob] = voters as [(typeof voters)[0], (typeof voters)[0]]
    const aliceInput = await ballotEncryptionInput(db, { electionId, userId: alice.id })
    if (!aliceInput.ok) throw new Error(aliceInput.error)
    const aliceBallots = deviceBallots(aliceInput.value, { [contestId]: candidates[1]!.candidacyId })
    // Bob sends Alice's ballot (signed with her credential): refused, and Bob's participation is
    // rolled back with it (it was written first in the transaction).
    expect(await castEncryptedOnline(db, { electionId, userId: bob.id, ballots: aliceBallots })).toEqual({
      ok: false,
      error: 'wrong_credential',
    })
    const tampered = aliceBallots.map((b) => ({
      ...b,
      json: b.json.replace(/"response":"(\d)/, (_m, d: string) => `"response":"${(Number(d) + 1) % 10}`),
    }))
    expect(await castEncryptedOnline(db, { electionId, userId: alice.id, ballots: tampered })).toEqual({
      ok: false,
      error: 'invalid_ballot',
    })
    expect(
      await castEncryptedOnline(db, {
        electionId,
        userId: alice.id,
        ballots: [{ uuid: 'nope', json: '{}' }],
      }),
    ).toEqual({ ok: false, error: 'invalid_ballot' })
    expect(await castEncryptedOnline(db, { electionId, userId: alice.id, ballots: [] })).toEqual({
      ok: false,
      error: 'invalid_ballot',
    })
    expect(await db.selectFrom('voter_participation').select('registration_id').execute()).toEqual([])
    expect((await decryptionProgress(db, electionId))[0]!.ballots).toBe(0)
    // Her own ballot still goes in afterwards.
    expect((await castEncryptedOnline(db, { electionId, userId: alice.id, ballots: aliceBallots })).ok).toBe(
      true,
    )
    // A plain election takes no device ballots.
    const plain = await cpmElection(db, 'voting_open', { voters: 1 })
    expect(
      await castEncryptedOnline(db, {
        electionId: plain.electionId,
        userId: plain.voters[0]!.id,
        ballots: aliceBallots,
      }),
    ).toEqual({ ok: false, error: 'wrong_format' })
    expect(
      await ballotEncryptionInput(db, { electionId: plain.electionId, userId: plain.voters[0]!.id }),
    ).toEqual({
      ok: false,
      error: 'wrong_format',
    })
  })

  it('after closing: no ballot goes in (online or booth), and unused booth tokens are cancelled', async () => {
    const { commission, electionId, contestId, voters } = await openCpm(3)
    const input = await ballotEncryptionInput(db, { electionId, userId: voters[0]!.id })
    if (!input.ok) throw new Error(input.error)
    const ready = deviceBallots(input.value, { [contestId]: 'blank' })
    const place = await pollingPlace(db, { electionId, commissionId: commission.id })
    const entered = await enterBooth(db, {
      workerId: place.worker.id,
      electionId,
      registrationId: voters[1]!.registrationId,
      deviceToken: place.deviceToken,
      staffSessionToken: null,
    })
    if (!entered.ok) throw new Error(entered.error)
    await moveTo(db, commission.id, electionId, 'voting_closed')
    expect(await castEncryptedOnline(db, { electionId, userId: voters[0]!.id, ballots: ready })).toEqual({
      ok: false,
      error: 'not_open',
    })
    expect(await db.selectFrom('booth_tokens').select('token_hash').execute()).toEqual([])
    const booth = await currentBooth(db, {
      boothToken: entered.value.boothToken,
      deviceToken: place.deviceToken,
    })
    expect(booth?.ballot).toBeNull()
    expect(await castInBooth(db, { booth: booth!, choices: { [contestId]: 'blank' } })).toEqual({
      ok: false,
      error: 'booth_ended',
    })
    expect((await decryptionProgress(db, electionId))[0]!.ballots).toBe(0)
  })

  it.skipIf(onPostgres)(
    'leaves no plaintext choice and no private credential in the SQLite file or its WAL after voting',
    async () => {
      const { commission, electionId, contestId, candidates, voters } = await openCpm(3)
      const credentials: string[] = []
      for (const v of voters) {
        const input = await ballotEncryptionInput(db, { electionId, userId: v.id })
        if (!input.ok) throw new Error(input.error)
        credentials.push(...input.value.archives.map((a) => a.credential))
      }
      const choice = candidates[2]!.candidacyId
      expect(
        (await castOnlineBallot(db, { electionId, userId: voters[0]!.id, choices: { [contestId]: choice } }))
          .ok,
      ).toBe(true)
      const opened = await openAsPollWorker(db, {
        electionId,
        commissionId: commission.id,
        registrationId: voters[1]!.registrationId,
      })
      if (!opened.ok) throw new Error(opened.error)
      expect(
        (
          await castBoothBallot(db, {
            electionId,
            token: opened.value.token,
            choices: { [contestId]: choice },
          })
        ).ok,
      ).toBe(true)
      const raw = Buffer.concat(
        ['', '-wal'].filter((s) => existsSync(db.path + s)).map((s) => readFileSync(db.path + s)),
      )
      for (const credential of credentials) {
        expect(raw.includes(credential)).toBe(false)
        expect(raw.includes(credential.replace(/-/g, ''))).toBe(false)
      }
      expect(raw.includes(`"${contestId}":"${choice}"`)).toBe(false)
      expect(raw.includes(`${contestId}|${choice}`)).toBe(false)
      // The candidacy id appears only in the public questions map, never in a ballot block.
      const blocks = await db.selectFrom('belenios_blocks').select('content').execute()
      expect(blocks.filter((b) => b.content.includes(choice))).toEqual([])
      expect(await plaintextRows()).toEqual({ ballots: 0, codes: 0 })
      // The booth's sealed registration went with its token.
      expect(await db.selectFrom('booth_tokens').select('token_hash').execute()).toEqual([])
    },
  )
})
