import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeArchive, readArchive } from '../../../app/belenios/archive'
import { parseBallot, type Ballot } from '../../../app/belenios/ballot'
import { parseElection } from '../../../app/belenios/election'
import {
  ballotEntry,
  encryptedTallyEntry,
  endBallotsEntry,
  fromUtf8,
  setupEntry,
} from '../../../app/belenios/events'
import { BELENIOS_2048, invMod, mod, powMod, randomZq } from '../../../app/belenios/group'
import { hashElements } from '../../../app/belenios/hash'
import { parsePartialDecryption, serializePartialDecryption } from '../../../app/belenios/partial-decryption'
import { computeEncryptedTally } from '../../../app/belenios/tally'
import { nodeAesCcm } from '../../../app/belenios/threshold/aes-ccm.server'
import { openDecryptionKey } from '../../../app/belenios/threshold/steps'
import {
  certificateFingerprint,
  deviceCertificate,
  deviceDecryption,
  devicePolynomial,
  deviceVoutput,
} from '../../../app/elections/trustee-device'
import {
  ceremonyCertificates,
  commissionThresholdParameters,
  memberDecryptionKey,
  memberDecryptions,
  memberVinput,
  startCeremony,
  submitMemberDecryption,
  submitTrusteeStep,
} from '../../../app/elections/trustees.server'
import {
  castVerifiable,
  decryptionInput,
  decryptionReport,
  encryptForVoter,
  endBallots,
  finishArchives,
  prepareArchives,
  renderArchive,
} from '../../../app/elections/verifiable.server'
import { archivesOfElection } from '../../../app/belenios/store.server'
import type { DB } from '../../../app/lib/db.server'
import { newId, nowIso } from '../../../app/lib/ids.server'
import type { SealingKey } from '../../../app/lib/sealed.server'
import { beleniosToolOk, skipWithoutBelenios } from '../../helpers/belenios-tool'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection, moveTo } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'
import { args, settle } from '../../helpers/routes'
import { form, requestAs } from '../../helpers/factories'
import { loader as fileLoader } from '../../../app/routes/elections.$id.trustees.me_.$file'
import { action as memberAction, loader as memberLoader } from '../../../app/routes/elections.$id.trustees.me'

// Issue #20 item 3 (ADR 035): the commission's trustees at the count. Members' devices are
// exercised through the same module the browser loads (app/elections/trustee-device.ts), the CLI
// member through belenios-tool; the server takes each share only from the signed-in member, only
// while voting is closed, verified; a share that passes its proof but does not combine is
// outvoted by another k-subset and its member named (review M1); a device refuses to decrypt a
// tally it cannot recompute from the ballots (review M2).

const G = BELENIOS_2048
const key: SealingKey = { bytes: randomBytes(32) }

let db: DB
let dirs: string[] = []
beforeEach(async () => {
  db = await createTestDb()
  useAsAppDb(db)
  await openCycle(db)
})
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  dirs = []
})
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'trustee-count-'))
  dirs.push(d)
  return d
}

type Member = { id: string; kind: 'device' | 'tool'; keyFile: string; dir?: string; keyName?: string }

/** The ceremony, each member through their device module or belenios-tool, via the server. */
async function ceremony(electionId: string, commissionId: string, kinds: ('device' | 'tool')[]) {
  const users = [{ id: commissionId }]
  for (let i = 1; i < kinds.length; i++) users.push(await createUser(db, { roles: ['electoral_commission'] }))
  const started = await startCeremony(db, {
    actorUserId: commissionId,
    electionId,
    memberUserIds: users.map((u) => u.id),
    threshold: 2,
  })
  expect(started.ok).toBe(true)
  const members: Member[] = users.map((u, i) => ({ id: u.id, kind: kinds[i]!, keyFile: '' }))
  const tool = (m: Member, args: string[], input?: string) =>
    beleniosToolOk(['setup', 'generate-trustee-key-threshold', '--group', 'BELENIOS-2048', ...args], {
      cwd: m.dir!,
      input,
    })
  const fingerprints: string[] = []
  for (const m of members) {
    let certificate: string
    if (m.kind === 'device') {
      const made = deviceCertificate()
      m.keyFile = made.seed + '\n'
      certificate = made.certificate
    } else {
      m.dir = tmp()
      await tool(m, ['--step', '1'])
      const cert = readdirSync(m.dir).find((f) => f.endsWith('.cert'))!
      m.keyName = cert.replace(/\.cert$/, '.key')
      m.keyFile = readFileSync(join(m.dir, m.keyName), 'utf8')
      certificate = readFileSync(join(m.dir, cert), 'utf8')
    }
    fingerprints.push(certificateFingerprint(certificate))
    const up = await submitTrusteeStep(db, {
      electionId,
      userId: m.id,
      step: 'certificate',
      text: certificate,
    })
    expect(up.ok).toBe(true)
  }
  const certs = (await ceremonyCertificates(db, electionId))!
  // What every member sees for each certificate is what their own device computed.
  expect(certs.trim().split('\n').map(certificateFingerprint)).toEqual(fingerprints)
  for (const m of members) {
    let text: string
    if (m.kind === 'device') {
      const p = await devicePolynomial(nodeAesCcm, { certs, keyFile: m.keyFile, threshold: 2 })
      if (!p.ok) throw new Error(p.error)
      text = p.text
    } else {
      writeFileSync(join(m.dir!, 'certs.jsons'), certs)
      text = await tool(m, ['--certs', 'certs.jsons', '--key', m.keyName!, '--step', '3', '--threshold', '2'])
    }
    expect((await submitTrusteeStep(db, { electionId, userId: m.id, step: 'polynomial', text })).ok).toBe(
      true,
    )
  }
  for (const m of members) {
    const vinput = (await memberVinput(db, electionId, m.id))!
    let text: string
    if (m.kind === 'device') {
      const v = await deviceVoutput(nodeAesCcm, { certs, keyFile: m.keyFile, vinput })
      if (!v.ok) throw new Error(v.error)
      text = v.text
    } else text = await tool(m, ['--certs', 'certs.jsons', '--key', m.keyName!, '--step', '5'], vinput)
    expect((await submitTrusteeStep(db, { electionId, userId: m.id, step: 'voutput', text })).ok).toBe(true)
  }
  const parameters = (await commissionThresholdParameters(db, electionId))!
  expect(parameters).not.toBeNull()
  return { members, parameters }
}

async function acceptedCandidacy(electionId: string, contestId: string, name: string) {
  const now = nowIso()
  await db
    .insertInto('candidacies')
    .values({
      id: newId(),
      election_id: electionId,
      contest_id: contestId,
      user_id: null,
      kind: 'person',
      display_name: name,
      organisation_name: null,
      representative_name: null,
      gender: 'woman',
      birth_date: '1980-01-01',
      statement_i18n: '{}',
      photo_key: null,
      status: 'accepted',
      decision_reason: null,
      appeal_text: null,
      created_at: now,
      updated_at: now,
      organisation_key: null,
      alternate_representative_name: null,
      representative_document_type: null,
      representative_document_number: null,
      appeal_deadline: null,
    })
    .execute()
}

/** A CPM election with two archives (Sé and Ipiranga), its ceremony, 4 votes, closed. */
async function closedElection(kinds: ('device' | 'tool')[]) {
  const { commission, electionId, contestId, candidates, voters, elsewhere } = await cpmElection(
    db,
    'campaign',
    {
      voters: 3,
      otherSubprefectureVoters: 1,
    },
  )
  const { members, parameters } = await ceremony(electionId, commission.id, kinds)
  const other = await db
    .selectFrom('contests')
    .select('id')
    .where('election_id', '=', electionId)
    .where('subprefecture_id', '=', 18)
    .executeTakeFirstOrThrow()
  await acceptedCandidacy(electionId, other.id, 'Ipiranga Candidata')
  await moveTo(db, commission.id, electionId, 'voting_open')
  const prepared = await db.transaction().execute((trx) =>
    prepareArchives(trx, {
      electionId,
      key,
      commission: parameters,
      now: new Date('2026-12-13T08:00:00Z'),
    }),
  )
  if (!prepared.ok) throw new Error(prepared.error)
  const choices = [candidates[0]!.candidacyId, candidates[1]!.candidacyId, candidates[0]!.candidacyId]
  for (const [i, v] of voters.entries()) {
    const encrypted = await encryptForVoter(db, {
      electionId,
      registrationId: v.registrationId,
      key,
      choices: { [contestId]: choices[i]! },
    })
    if (!encrypted.ok) throw new Error(encrypted.error)
    const cast = await db
      .transaction()
      .execute((trx) =>
        castVerifiable(trx, { electionId, registrationId: v.registrationId, key, ballots: encrypted.value }),
      )
    if (!cast.ok) throw new Error(cast.error)
  }
  const encrypted = await encryptForVoter(db, {
    electionId,
    registrationId: elsewhere[0]!.registrationId,
    key,
    choices: { [other.id]: 'blank' },
  })
  if (!encrypted.ok) throw new Error(encrypted.error)
  await db.transaction().execute((trx) =>
    castVerifiable(trx, {
      electionId,
      registrationId: elsewhere[0]!.registrationId,
      key,
      ballots: encrypted.value,
    }),
  )
  const archives = await archivesOfElection(db, electionId)
  return { commission, electionId, contestId, otherContestId: other.id, candidates, members, archives }
}

const close = async (electionId: string, commissionId: string) => {
  await moveTo(db, commissionId, electionId, 'voting_closed')
  const ended = await db.transaction().execute((trx) => endBallots(trx, electionId, key))
  if (!ended.ok) throw new Error(ended.error)
}

async function onDevice(electionId: string, m: Member, uuid: string) {
  const archive = (await renderArchive(db, uuid))!
  const dkey = (await memberDecryptionKey(db, electionId, m.id))!
  const made = await deviceDecryption(nodeAesCcm, { archive, keyFile: m.keyFile, dkey })
  if (!made.ok) throw new Error(made.error)
  return made
}

async function withTool(
  electionId: string,
  m: Member,
  uuid: string,
  bel: Uint8Array,
  dkey: string,
  owner: number,
) {
  const dir = tmp()
  writeFileSync(join(dir, `${uuid}.bel`), bel)
  writeFileSync(join(dir, 'mine.key'), m.keyFile)
  writeFileSync(join(dir, 'mine.dkey'), dkey)
  return beleniosToolOk(
    [
      'election',
      'decrypt-threshold',
      '--key',
      'mine.key',
      '--decryption-key',
      'mine.dkey',
      '--trustee-id',
      String(owner),
    ],
    { cwd: dir },
  )
}

/**
 * A share that passes its proof but is not alpha^share: Belenios' challenge hashes only the
 * commitments, so with A = g^w1, B = alpha^w2, c = H(A, B), r = w1 − c·x, the factor
 * F = alpha^((w2 − r)/c) verifies (review M1).
 */
async function forgedShare(electionId: string, m: Member, uuid: string): Promise<string> {
  const input = (await decryptionInput(db, uuid))!
  const dkey = (await memberDecryptionKey(db, electionId, m.id))!
  const share = await openDecryptionKey(G, nodeAesCcm, m.keyFile.trim(), dkey.trim())
  if (!share.ok) throw new Error(share.error)
  const x = share.key
  const prefix = `decrypt|${input.election.fingerprint}|${share.publicKey}|`
  const factors: bigint[][] = []
  const proofs: { challenge: bigint; response: bigint }[][] = []
  for (const row of input.tally) {
    const fr: bigint[] = []
    const pr: { challenge: bigint; response: bigint }[] = []
    for (const c of row) {
      const w1 = randomZq(G)
      const w2 = randomZq(G)
      const A = powMod(G.g, w1, G.p)
      const B = powMod(c.alpha, w2, G.p)
      const challenge = hashElements(G, prefix, [A, B])
      const response = mod(w1 - challenge * x, G.q)
      const e = mod((w2 - response) * invMod(challenge, G.q), G.q)
      fr.push(powMod(c.alpha, e, G.p))
      pr.push({ challenge, response })
    }
    factors.push(fr)
    proofs.push(pr)
  }
  return serializePartialDecryption({ factors, proofs })
}

describe.skipIf(skipWithoutBelenios)('the trustees decrypt at the count', () => {
  it('two members (device and belenios-tool) decrypt every archive; refusals; the count succeeds', async () => {
    const e = await closedElection(['device', 'device', 'tool'])
    const [m1, m2, m3] = e.members as [Member, Member, Member]
    const [a, b] = e.archives as [(typeof e.archives)[0], (typeof e.archives)[0]]
    const submit = (m: Member, uuid: string, text: string) =>
      submitMemberDecryption(db, { electionId: e.electionId, userId: m.id, uuid, text })

    // Before closing: no tally, and the election is not closed.
    const early = await memberDecryptions(db, e.electionId, m1.id)
    expect(early?.archives.map((x) => x.status)).toEqual(['open', 'open'])
    expect(await submit(m1, a.uuid, '{}')).toMatchObject({ ok: false, error: 'not_closed' })

    await close(e.electionId, e.commission.id)
    const view = (await memberDecryptions(db, e.electionId, m1.id))!
    expect(view.owner).toBe(2)
    expect(view.archives.every((x) => x.status === 'waiting' && x.tallyHash && !x.mine)).toBe(true)
    expect(await memberDecryptions(db, e.electionId, e.candidates[0]!.id)).toBeNull()

    // Member 1 on their device.
    const d1a = await onDevice(e.electionId, m1, a.uuid)
    expect(d1a.member).toBe(1)
    expect(d1a.tallyHash).toBe(view.archives.find((x) => x.uuid === a.uuid)!.tallyHash)
    // Not a member; another member's share sent as one's own; a share of the other archive.
    expect(
      await submitMemberDecryption(db, {
        electionId: e.electionId,
        userId: e.candidates[0]!.id,
        uuid: a.uuid,
        text: d1a.json,
      }),
    ).toMatchObject({ ok: false, error: 'not_member' })
    expect(await submit(m2, a.uuid, d1a.json)).toMatchObject({ ok: false, error: 'invalid_proof' })
    expect(await submit(m1, b.uuid, d1a.json)).toMatchObject({ ok: false })
    expect(await submit(m1, 'NotAnArchiveOfThisOne', d1a.json)).toMatchObject({
      ok: false,
      error: 'unknown_archive',
    })
    expect(await submit(m1, a.uuid, m1.keyFile)).toMatchObject({ ok: false, error: 'secret_pasted' })
    expect(await submit(m1, a.uuid, 'not json')).toMatchObject({ ok: false, error: 'malformed' })
    // Through the page (a plain form post, as without JavaScript).
    const path = `/elections/${e.electionId}/trustees/me`
    const post = async (who: string, body: Record<string, string>) =>
      settle(
        memberAction(
          args(await requestAs(db, who, path, { method: 'POST', body: form(body) }), { id: e.electionId }),
        ),
      )
    const sent = await post(m1.id, { intent: 'decryption', uuid: a.uuid, message: d1a.json })
    expect(sent.headers.get('Location')).toBe(`${path}?done=decryption`)
    const again = await post(m1.id, { intent: 'decryption', uuid: a.uuid, message: d1a.json })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ target: a.uuid, fieldErrors: { message: 'duplicate' } })
    expect(
      (await post(e.candidates[0]!.id, { intent: 'decryption', uuid: a.uuid, message: d1a.json })).status,
    ).toBe(403)
    const page = (await settle(
      memberLoader(args(await requestAs(db, m1.id, path), { id: e.electionId })),
    )) as Response
    const data = (await page.json()) as { count: { archives: { uuid: string; mine: boolean }[] } }
    expect(data.count.archives.find((x) => x.uuid === a.uuid)?.mine).toBe(true)
    const dkeyFile = (await settle(
      fileLoader(
        args(await requestAs(db, m1.id, `${path}/mine.dkey`), { id: e.electionId, file: 'mine.dkey' }),
      ),
    )) as Response
    expect(dkeyFile.headers.get('Content-Disposition')).toContain('mine.dkey')
    expect(dkeyFile.headers.get('Cache-Control')).toBe('no-store')
    expect(await dkeyFile.text()).toBe(await memberDecryptionKey(db, e.electionId, m1.id))
    // Not a member: refused; a file that does not exist: 404.
    const refusedFile = await settle(
      fileLoader(
        args(await requestAs(db, e.candidates[0]!.id, `${path}/mine.dkey`), {
          id: e.electionId,
          file: 'mine.dkey',
        }),
      ),
    )
    expect(refusedFile.status).toBe(403)
    const unknownFile = await settle(
      fileLoader(args(await requestAs(db, m1.id, `${path}/passwd`), { id: e.electionId, file: 'passwd' })),
    )
    expect(unknownFile.status).toBe(404)
    const d1b = await onDevice(e.electionId, m1, b.uuid)
    expect(await submit(m1, b.uuid, d1b.json)).toMatchObject({ ok: true })

    // One member is not enough.
    expect(await db.transaction().execute((trx) => finishArchives(trx, e.electionId))).toEqual({
      ok: false,
      error: 'not_enough_decryptions',
    })

    // Member 3 with belenios-tool on the published .bel, pasting the whole output.
    const dkey3 = (await memberDecryptionKey(db, e.electionId, m3.id))!
    for (const x of [a, b]) {
      const out = await withTool(e.electionId, m3, x.uuid, (await renderArchive(db, x.uuid))!, dkey3, 4)
      expect(await submit(m3, x.uuid, out)).toEqual({ ok: true, value: { owner: 4 } })
    }
    expect(
      (await decryptionReport(db, e.electionId)).map((r) => [r.status, r.decryptedBy, r.inconsistent]),
    ).toEqual([
      ['ready', [1, 2, 4], []],
      ['ready', [1, 2, 4], []],
    ])
    const finished = await db.transaction().execute((trx) => finishArchives(trx, e.electionId))
    if (!finished.ok) throw new Error(finished.error)
    const se = finished.value.find((c) => c.contestId === e.contestId)!
    expect(se.votes[e.candidates[0]!.candidacyId]).toBe(2)
    expect(se.votes[e.candidates[1]!.candidacyId]).toBe(1)
    expect(finished.value.find((c) => c.contestId === e.otherContestId)!.blank).toBe(1)
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'election.trustees.decryption')
      .execute()
    expect(audit).toHaveLength(4)
    expect(JSON.stringify(audit)).not.toContain('decryption_factors')
  })

  it('a device refuses a tally that is not the sum of the archive ballots', async () => {
    const e = await closedElection(['device', 'device'])
    await close(e.electionId, e.commission.id)
    const uuid = e.archives.find((x) => x.groupKey === 'subprefecture-29')!.uuid
    const read = readArchive((await renderArchive(db, uuid))!)
    if (!read.ok) throw new Error('archive')
    // The same ballots, but an EncryptedTally of all but the first: what a dishonest server asserts.
    const setup = read.entries[0]!
    const election = parseElection(fromUtf8(setup.blocks[0]!.bytes))
    if (!election.ok) throw new Error('election')
    const ballots = read.entries.filter((x) => x.event.type === 'Ballot')
    let tip: { hash: string; height: number } | null = null
    const rebuilt = [
      setupEntry({
        election: setup.blocks[0]!.bytes,
        trustees: setup.blocks[1]!.bytes,
        credentials: setup.blocks[2]!.bytes,
      }),
    ]
    tip = { hash: rebuilt[0]!.hash, height: rebuilt[0]!.event.height }
    const parsed: Ballot[] = []
    for (const x of ballots) {
      const entry = ballotEntry(tip, x.blocks[0]!.bytes)
      rebuilt.push(entry)
      tip = { hash: entry.hash, height: entry.event.height }
      const p = parseBallot(election.value, fromUtf8(x.blocks[0]!.bytes)!)
      if (p.ok) parsed.push(p.value)
    }
    const end = endBallotsEntry(tip)
    const wrong = computeEncryptedTally(election.value, parsed.slice(1))
    const et = encryptedTallyEntry(
      { hash: end.hash, height: end.event.height },
      { encryptedTally: wrong.json, numTallied: parsed.length, totalWeight: BigInt(parsed.length) },
    )
    rebuilt.push(end, et)
    const forged = encodeArchive(read.header, rebuilt)
    const m = e.members[0]!
    const dkey = (await memberDecryptionKey(db, e.electionId, m.id))!
    expect(await deviceDecryption(nodeAesCcm, { archive: forged, keyFile: m.keyFile, dkey })).toEqual({
      ok: false,
      error: 'tally_mismatch',
    })
    // A fork that replays a voter's ballot, with a tally that matches it (review M2): refused too.
    const replay = ballotEntry(tip, ballots[0]!.blocks[0]!.bytes)
    const replayEnd = endBallotsEntry({ hash: replay.hash, height: replay.event.height })
    const replayed = computeEncryptedTally(election.value, [...parsed, parsed[0]!])
    const replayEt = encryptedTallyEntry(
      { hash: replayEnd.hash, height: replayEnd.event.height },
      {
        encryptedTally: replayed.json,
        numTallied: parsed.length + 1,
        totalWeight: BigInt(parsed.length + 1),
      },
    )
    const withReplay = encodeArchive(read.header, [...rebuilt.slice(0, -2), replay, replayEnd, replayEt])
    expect(await deviceDecryption(nodeAesCcm, { archive: withReplay, keyFile: m.keyFile, dkey })).toEqual({
      ok: false,
      error: 'invalid_ballot',
    })
    // The honest archive decrypts; a wrong key file is refused.
    const honest = (await renderArchive(db, uuid))!
    expect((await deviceDecryption(nodeAesCcm, { archive: honest, keyFile: m.keyFile, dkey })).ok).toBe(true)
    expect(
      await deviceDecryption(nodeAesCcm, { archive: honest, keyFile: e.members[1]!.keyFile, dkey }),
    ).toMatchObject({ ok: false })
  })

  it('a share that passes its proof but breaks the combination: another subset counts, its member is named', async () => {
    const e = await closedElection(['device', 'device', 'device'])
    const [m1, m2, m3] = e.members as [Member, Member, Member]
    await close(e.electionId, e.commission.id)
    for (const x of e.archives) {
      const forged = await forgedShare(e.electionId, m1, x.uuid)
      // It verifies (the proof does not bind the factor), so the server accepts it.
      const input = (await decryptionInput(db, x.uuid))!
      expect(parsePartialDecryption(input.election, input.tally, forged)).not.toBeNull()
      expect(
        await submitMemberDecryption(db, {
          electionId: e.electionId,
          userId: m1.id,
          uuid: x.uuid,
          text: forged,
        }),
      ).toMatchObject({ ok: true })
    }
    // With only the forger and one honest member nothing combines, and nobody can be named yet.
    for (const x of e.archives) {
      const d2 = await onDevice(e.electionId, m2, x.uuid)
      expect(
        await submitMemberDecryption(db, {
          electionId: e.electionId,
          userId: m2.id,
          uuid: x.uuid,
          text: d2.json,
        }),
      ).toMatchObject({ ok: true })
    }
    expect((await decryptionReport(db, e.electionId)).map((r) => r.status)).toEqual(['waiting', 'waiting'])
    expect(await db.transaction().execute((trx) => finishArchives(trx, e.electionId))).toEqual({
      ok: false,
      error: 'count_out_of_range',
    })
    // Member 3 decrypts both archives at once (two requests at the same moment).
    const shares = await Promise.all(e.archives.map((x) => onDevice(e.electionId, m3, x.uuid)))
    const sent = await Promise.all(
      e.archives.map((x, i) =>
        submitMemberDecryption(db, {
          electionId: e.electionId,
          userId: m3.id,
          uuid: x.uuid,
          text: shares[i]!.json,
        }),
      ),
    )
    expect(sent.every((s) => s.ok)).toBe(true)
    expect((await decryptionReport(db, e.electionId)).map((r) => [r.status, r.inconsistent])).toEqual([
      ['ready', [2]],
      ['ready', [2]],
    ])
    const finished = await db.transaction().execute((trx) => finishArchives(trx, e.electionId))
    if (!finished.ok) throw new Error(finished.error)
    expect(finished.value.find((c) => c.contestId === e.contestId)!.votes[e.candidates[0]!.candidacyId]).toBe(
      2,
    )
    expect((await decryptionReport(db, e.electionId)).map((r) => [r.status, r.inconsistent])).toEqual([
      ['done', [2]],
      ['done', [2]],
    ])
  })
})
