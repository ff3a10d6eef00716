import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BELENIOS_2048 } from '../../../app/belenios/group'
import { nodeAesCcm } from '../../../app/belenios/threshold/aes-ccm.server'
import {
  readVinput,
  writePolynomial,
  writeSignedMsg,
  writeThresholdParameters,
  writeVoutput,
} from '../../../app/belenios/threshold/codec'
import { checkThresholdParameters, step1, step3, step5 } from '../../../app/belenios/threshold/steps'
import {
  ceremonyCertificates,
  ceremonyProgress,
  commissionThresholdParameters,
  looksLikeSecret,
  memberView,
  memberVinput,
  startCeremony,
  submitTrusteeStep,
  trusteeUserIds,
} from '../../../app/elections/trustees.server'
import { eraseAccount } from '../../../app/privacy/my-data.server'
import type { DB } from '../../../app/lib/db.server'
import { beleniosToolOk, skipWithoutBelenios } from '../../helpers/belenios-tool'
import { createTestDb, useAsAppDb } from '../../helpers/db'
import { cpmElection } from '../../helpers/elections'
import { createUser } from '../../helpers/factories'
import { openCycle } from '../../helpers/registration'

// Issue #20 "Trustees": the electoral commission's threshold key ceremony. Members 1 and 3 run
// belenios-tool offline as the member page tells them; member 2 uses our own step functions. The
// server's steps 2, 4 and 6 run as the last upload of each step arrives, and the resulting
// threshold parameters are accepted by `belenios-tool setup make-trustees` beside a Single key.

const G = BELENIOS_2048
const GROUP = ['--group', 'BELENIOS-2048']

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
  const d = mkdtempSync(join(tmpdir(), 'trustee-ceremony-'))
  dirs.push(d)
  return d
}

/** A member running belenios-tool in their own folder, as the member page says. */
function toolMember() {
  const dir = tmp()
  const ttk = (args: string[], input?: string) =>
    beleniosToolOk(['setup', 'generate-trustee-key-threshold', ...GROUP, ...args], { cwd: dir, input })
  let keyFile = ''
  return {
    dir,
    async step1() {
      await ttk(['--step', '1'])
      const cert = readdirSync(dir).find((f) => f.endsWith('.cert'))!
      keyFile = cert.replace(/\.cert$/, '.key')
      return readFileSync(join(dir, cert), 'utf8')
    },
    seedFile: () => readFileSync(join(dir, keyFile), 'utf8'),
    async step3(certsJsons: string, k: number) {
      writeFileSync(join(dir, 'certs.jsons'), certsJsons)
      return ttk(['--certs', 'certs.jsons', '--key', keyFile, '--step', '3', '--threshold', String(k)])
    },
    async step5(certsJsons: string, vinput: string) {
      writeFileSync(join(dir, 'certs.jsons'), certsJsons)
      return ttk(['--certs', 'certs.jsons', '--key', keyFile, '--step', '5'], vinput)
    },
  }
}

async function setup(n = 3) {
  const { electionId, commission } = await cpmElection(db, 'campaign')
  const others = []
  for (let i = 1; i < n; i++) others.push(await createUser(db, { roles: ['electoral_commission'] }))
  const members = [commission, ...others]
  return { electionId, commission, members }
}

const auditActions = async () =>
  (
    await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'election.trustees.%')
      .orderBy('seq')
      .execute()
  ).map((r) => r.action)

describe.skipIf(skipWithoutBelenios)('the commission runs a trustee ceremony with belenios-tool', () => {
  it('3 members, k = 2: tool-made and our own outputs give parameters make-trustees accepts', async () => {
    const { electionId, commission, members } = await setup(3)
    expect(
      await startCeremony(db, {
        actorUserId: commission.id,
        electionId,
        memberUserIds: members.map((m) => m.id),
      }),
    ).toEqual({ ok: true, value: { threshold: 2, members: 3 } })
    expect(await trusteeUserIds(db, electionId)).toEqual(members.map((m) => m.id))
    const [a, b, c] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]]
    const tool1 = toolMember()
    const tool3 = toolMember()
    const ours = step1(G)

    // Step 1: certificates.
    expect(await memberView(db, electionId, b.id)).toMatchObject({
      index: 2,
      todo: 'certificate',
      threshold: 2,
    })
    const up = (userId: string, step: 'certificate' | 'polynomial' | 'voutput', text: string) =>
      submitTrusteeStep(db, { electionId, userId, step, text })
    expect(await up(a.id, 'certificate', await tool1.step1())).toEqual({
      ok: true,
      value: { advancedTo: null },
    })
    expect(await ceremonyCertificates(db, electionId)).toBeNull()
    expect(await up(b.id, 'certificate', writeSignedMsg(ours.cert))).toMatchObject({ ok: true })
    expect(await up(c.id, 'certificate', await tool3.step1())).toEqual({
      ok: true,
      value: { advancedTo: 'polynomials' },
    })
    const certs = (await ceremonyCertificates(db, electionId))!
    expect(certs.trim().split('\n')).toHaveLength(3)

    // Step 3: polynomials.
    expect(await up(a.id, 'polynomial', await tool1.step3(certs, 2))).toMatchObject({ ok: true })
    const certList = certs
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: string; signature: { challenge: string; response: string } })
      .map((m) => ({
        message: m.message,
        signature: { challenge: BigInt(m.signature.challenge), response: BigInt(m.signature.response) },
      }))
    const mine = await step3(G, nodeAesCcm, certList, ours.seed, 2)
    if (!mine.ok) throw new Error(mine.error)
    expect(await up(b.id, 'polynomial', writePolynomial(mine.polynomial))).toMatchObject({ ok: true })
    expect(await memberVinput(db, electionId, a.id)).toBeNull()
    expect(await up(c.id, 'polynomial', await tool3.step3(certs, 2))).toEqual({
      ok: true,
      value: { advancedTo: 'voutputs' },
    })

    // Step 5: voutputs, from the vinput each member downloads.
    expect(
      await up(a.id, 'voutput', await tool1.step5(certs, (await memberVinput(db, electionId, a.id))!)),
    ).toMatchObject({
      ok: true,
    })
    const myVinput = readVinput(JSON.parse((await memberVinput(db, electionId, b.id))!), G)!
    const v = await step5(G, nodeAesCcm, certList, ours.seed, myVinput)
    if (!v.ok) throw new Error(v.error)
    expect(await up(b.id, 'voutput', writeVoutput(v.voutput))).toMatchObject({ ok: true })
    expect(await commissionThresholdParameters(db, electionId)).toBeNull()
    expect(
      await up(c.id, 'voutput', await tool3.step5(certs, (await memberVinput(db, electionId, c.id))!)),
    ).toEqual({
      ok: true,
      value: { advancedTo: 'done' },
    })

    const parameters = (await commissionThresholdParameters(db, electionId))!
    expect(parameters.threshold).toBe(2)
    expect(checkThresholdParameters(G, parameters).ok).toBe(true)
    // belenios-tool accepts them as the Pedersen trustee beside the server's Single key.
    const admin = tmp()
    writeFileSync(join(admin, 'threshold.json'), writeThresholdParameters(parameters) + '\n')
    await beleniosToolOk(['setup', 'generate-trustee-key', ...GROUP], { cwd: admin })
    const pub = readdirSync(admin).find((f) => f.endsWith('.pubkey'))!
    writeFileSync(join(admin, 'public_keys.jsons'), readFileSync(join(admin, pub), 'utf8'))
    await beleniosToolOk(['setup', 'make-trustees'], { cwd: admin })
    const trustees = JSON.parse(readFileSync(join(admin, 'trustees.json'), 'utf8')) as [string][]
    expect(trustees.map((t) => t[0])).toEqual(['Single', 'Pedersen'])

    // Progress shows who did what and when, never a message; the audit names steps and indexes.
    const progress = (await ceremonyProgress(db, electionId))!
    expect(progress.state).toBe('done')
    expect(progress.members.every((m) => m.certificateAt && m.polynomialAt && m.voutputAt)).toBe(true)
    expect(JSON.stringify(progress)).not.toContain('signature')
    expect(await auditActions()).toEqual([
      'election.trustees.start',
      'election.trustees.certificate',
      'election.trustees.certificate',
      'election.trustees.certificate',
      'election.trustees.polynomials',
      'election.trustees.polynomial',
      'election.trustees.polynomial',
      'election.trustees.polynomial',
      'election.trustees.voutputs',
      'election.trustees.voutput',
      'election.trustees.voutput',
      'election.trustees.voutput',
      'election.trustees.done',
    ])
    const audit = await db
      .selectFrom('audit_log')
      .select(['after_json'])
      .where('action', 'like', 'election.trustees.%')
      .execute()
    expect(JSON.stringify(audit)).not.toMatch(/signature|coefexps|private_key/)
    expect(await memberView(db, electionId, a.id)).toMatchObject({ todo: null, state: 'done' })
  })

  it('refuses a seed pasted by mistake, a bad certificate, a copied one, the wrong member and step', async () => {
    const { electionId, commission, members } = await setup(3)
    await startCeremony(db, {
      actorUserId: commission.id,
      electionId,
      memberUserIds: members.map((m) => m.id),
    })
    const [a, b] = members as [(typeof members)[0], (typeof members)[0]]
    const tool1 = toolMember()
    const cert = await tool1.step1()
    const up = (userId: string, step: 'certificate' | 'polynomial' | 'voutput', text: string) =>
      submitTrusteeStep(db, { electionId, userId, step, text })

    // The .key file (the seed) pasted instead of the .cert.
    expect(await up(a.id, 'certificate', tool1.seedFile())).toEqual({
      ok: false,
      error: 'secret_pasted',
      field: 'message',
    })
    expect(await up(a.id, 'certificate', `${cert}\n${tool1.seedFile()}`)).toMatchObject({
      error: 'secret_pasted',
    })
    expect(await up(a.id, 'certificate', 'not json')).toMatchObject({ error: 'malformed' })
    // A certificate whose encryption key was swapped: its signature no longer holds.
    const parsed = JSON.parse(cert) as { message: string }
    const inner = JSON.parse(parsed.message) as Record<string, string>
    const forged = JSON.stringify({
      ...parsed,
      message: JSON.stringify({ ...inner, encryption: G.g.toString() }),
    })
    expect(await up(a.id, 'certificate', forged)).toMatchObject({ error: 'bad_certificate' })
    // Someone who is not a member (even of the commission) cannot upload.
    const outsider = await createUser(db, { roles: ['electoral_commission'] })
    expect(await up(outsider.id, 'certificate', cert)).toMatchObject({ error: 'not_member' })
    // Not the step the ceremony is at.
    expect(await up(a.id, 'polynomial', cert)).toMatchObject({ error: 'wrong_step' })
    expect(await up(a.id, 'certificate', cert)).toMatchObject({ ok: true })
    // A copy of member 1's certificate under member 2.
    expect(await up(b.id, 'certificate', cert)).toMatchObject({ error: 'duplicate_certificate' })
    // Member 1 may replace theirs before the server's step 2 ran.
    const again = await toolMember().step1()
    expect(await up(a.id, 'certificate', again)).toMatchObject({ ok: true })
    expect((await ceremonyProgress(db, electionId))!.members.map((m) => Boolean(m.certificateAt))).toEqual([
      true,
      false,
      false,
    ])
    expect(await up(a.id, 'certificate', 'x'.repeat(600 * 1024))).toMatchObject({ error: 'too_large' })
    expect(await up(a.id, 'certificate', cert)).toMatchObject({ ok: true })
    expect(
      await submitTrusteeStep(db, { electionId: 'no-such', userId: a.id, step: 'certificate', text: cert }),
    ).toMatchObject({ error: 'not_found' })
  })

  it('two last uploads at once: the server step runs exactly once', async () => {
    const { electionId, commission, members } = await setup(3)
    await startCeremony(db, {
      actorUserId: commission.id,
      electionId,
      memberUserIds: members.map((m) => m.id),
    })
    const certs: string[] = []
    for (const _ of members) certs.push(await toolMember().step1())
    await submitTrusteeStep(db, { electionId, userId: members[0]!.id, step: 'certificate', text: certs[0]! })
    const both = await Promise.all(
      [1, 2].map((i) =>
        submitTrusteeStep(db, { electionId, userId: members[i]!.id, step: 'certificate', text: certs[i]! }),
      ),
    )
    expect(both.every((r) => r.ok)).toBe(true)
    expect(both.filter((r) => r.ok && r.value.advancedTo === 'polynomials')).toHaveLength(1)
    expect((await ceremonyProgress(db, electionId))!.state).toBe('polynomials')
    expect((await auditActions()).filter((a) => a === 'election.trustees.polynomials')).toHaveLength(1)
    // Too late to replace a certificate once step 2 ran.
    expect(
      await submitTrusteeStep(db, {
        electionId,
        userId: members[0]!.id,
        step: 'certificate',
        text: certs[0]!,
      }),
    ).toMatchObject({ error: 'wrong_step' })
  })
})

describe('starting a ceremony', () => {
  it('names commission members only, k between 2 and n, once, before voting', async () => {
    const { electionId, commission, members } = await setup(3)
    const ids = members.map((m) => m.id)
    const start = (over: Partial<Parameters<typeof startCeremony>[1]>) =>
      startCeremony(db, { actorUserId: commission.id, electionId, memberUserIds: ids, ...over })
    expect(await start({ memberUserIds: [ids[0]!] })).toMatchObject({ error: 'too_few_members' })
    expect(await start({ threshold: 1 })).toMatchObject({ error: 'bad_threshold' })
    expect(await start({ threshold: 4 })).toMatchObject({ error: 'bad_threshold' })
    const resident = await createUser(db, { roles: ['resident'] })
    expect(await start({ memberUserIds: [...ids, resident.id] })).toMatchObject({ error: 'not_commission' })
    expect(await start({ electionId: 'no-such' })).toMatchObject({ error: 'not_found' })
    expect(await start({ threshold: 3 })).toEqual({ ok: true, value: { threshold: 3, members: 3 } })
    expect(await start({})).toMatchObject({ error: 'already_started' })
    const voting = await cpmElection(db, 'voting_open')
    expect(
      await startCeremony(db, {
        actorUserId: voting.commission.id,
        electionId: voting.electionId,
        memberUserIds: ids,
      }),
    ).toMatchObject({ error: 'wrong_phase' })
  })

  it('erasing a member unlinks the account and keeps the public material', async () => {
    const { electionId, commission, members } = await setup(2)
    await startCeremony(db, {
      actorUserId: commission.id,
      electionId,
      memberUserIds: members.map((m) => m.id),
    })
    const cert = writeSignedMsg(step1(G).cert)
    await submitTrusteeStep(db, { electionId, userId: members[1]!.id, step: 'certificate', text: cert })
    await eraseAccount(db, members[1]!.id)
    const rows = await db.selectFrom('trustee_ceremony_members').selectAll().orderBy('member_index').execute()
    expect(rows.map((r) => r.user_id)).toEqual([members[0]!.id, null])
    expect(rows[1]!.certificate).toBe(cert)
  })

  it('looksLikeSecret: seeds and bare private numbers, not public messages', () => {
    const { seed, cert } = step1(G)
    expect(looksLikeSecret(seed)).toBe(true)
    expect(looksLikeSecret(`"${seed}"`)).toBe(true)
    expect(looksLikeSecret('1234567890'.repeat(6))).toBe(true)
    expect(looksLikeSecret(writeSignedMsg(cert))).toBe(false)
  })
})
