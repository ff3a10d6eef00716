import type { Gender } from '../../db/schema'
import { BELENIOS_2048 } from '../../app/belenios/group'
import { serializePartialDecryption } from '../../app/belenios/partial-decryption'
import { nodeAesCcm } from '../../app/belenios/threshold/aes-ccm.server'
import {
  writePolynomial,
  writeSignedMsg,
  writeThresholdParameters,
  writeVinput,
  writeVoutput,
  type Polynomial,
  type ThresholdParameters,
  type Voutput,
} from '../../app/belenios/threshold/codec'
import { thresholdPartialDecryption } from '../../app/belenios/threshold/decryption'
import { step1, step3, step4, step5, step6 } from '../../app/belenios/threshold/steps'
import { addPartialDecryption, decryptionInput } from '../../app/elections/verifiable.server'
import { applyForCandidacy, decideCandidacy } from '../../app/elections/candidacies.server'
import { advancePhase, createElection } from '../../app/elections/lifecycle.server'
import { nextPhase } from '../../app/elections/phases'
import { enrolThisDevice, namePollWorker } from '../../app/elections/poll-workers.server'
import { openBoothBallot, type CastReceipt } from '../../app/elections/voting.server'
import { DEFAULT_RULES, type SeatRules } from '../../app/elections/tally'
import type { DB } from '../../app/lib/db.server'
import { newId, nowIso } from '../../app/lib/ids.server'
import type { BallotFormat, ElectionPhase } from '../../db/schema'
import { createUser } from './factories'

let n = 0

/** A person with an account and an approved registration in the current cycle ('cycle-test'). */
export async function approvedVoter(
  db: DB,
  { subprefectureId = 29, gender = 'woman' as Gender, birthDate = '1990-01-01' } = {},
) {
  const user = await createUser(db)
  n += 1
  const id = newId()
  await db
    .insertInto('voter_registrations')
    .values({
      id,
      protocol: `CMI-TEST-${n}-${id.slice(0, 6).toUpperCase()}`,
      cycle_id: 'cycle-test',
      user_id: user.id,
      channel: 'self',
      registered_by: null,
      full_name: `Voter ${n}`,
      social_name: null,
      birth_date: birthDate,
      nationalities: JSON.stringify(['BO']),
      naturalised: 0,
      gender,
      subprefecture_id: subprefectureId,
      document_type: 'crnm',
      document_number: `T${100000 + n}${id.slice(0, 4).toUpperCase()}`,
      phone: null,
      email: null,
      preferred_language: 'es',
      status: 'approved',
      decision_reason: null,
      decision_note: null,
      decided_by: null,
      decided_at: nowIso(),
      duplicate_key: `test|${id}`,
      consent_at: nowIso(),
      created_at: nowIso(),
      updated_at: nowIso(),
    })
    .execute()
  return { ...user, registrationId: id, subprefectureId }
}

const HOUR = 3_600_000

/**
 * Sets an election's voting hours (issue #17: voting opens only with them). By default a window
 * that is open now and for the next 30 days, so tests that vote are not bound to the clock.
 */
export async function setVotingWindow(
  db: DB,
  electionId: string,
  {
    starts = new Date(Date.now() - HOUR).toISOString(),
    ends = new Date(Date.now() + 30 * 24 * HOUR).toISOString(),
  }: { starts?: string; ends?: string } = {},
) {
  await db
    .updateTable('elections')
    .set({ voting_starts: starts, voting_ends: ends })
    .where('id', '=', electionId)
    .execute()
}

export async function moveTo(
  db: DB,
  actorUserId: string,
  electionId: string,
  target: ElectionPhase,
  gazetteReference = 'DOC 20/12/2026, p. 31',
) {
  for (;;) {
    const { phase } = await db
      .selectFrom('elections')
      .select('phase')
      .where('id', '=', electionId)
      .executeTakeFirstOrThrow()
    if (phase === target) return
    const to = nextPhase(phase)!
    if (to === 'voting_open') {
      const { voting_starts } = await db
        .selectFrom('elections')
        .select('voting_starts')
        .where('id', '=', electionId)
        .executeTakeFirstOrThrow()
      if (!voting_starts) await setVotingWindow(db, electionId)
    }
    const result = await advancePhase(db, { actorUserId, electionId, to, gazetteReference })
    if (!result.ok) throw new Error(`cannot move to ${to}: ${result.error}`)
  }
}

/**
 * A CPM election with accepted candidates in Sé (29): two women and two men, each an approved
 * voter, moved to `phase`. Returns the commission member, the election and its Sé contest.
 */
export async function cpmElection(
  db: DB,
  phase: ElectionPhase = 'voting_open',
  {
    rules = DEFAULT_RULES,
    voters = 0,
    otherSubprefectureVoters = 0,
    ballotFormat = 'plain' as BallotFormat,
  }: {
    rules?: SeatRules
    voters?: number
    otherSubprefectureVoters?: number
    /** 'plain' by default so that existing tests keep their meaning (ADR 034). */
    ballotFormat?: BallotFormat
  } = {},
) {
  const commission = await createUser(db, { roles: ['electoral_commission'] })
  const created = await createElection(db, {
    actorUserId: commission.id,
    ballotFormat,
    body: 'cpm',
    title: { 'pt-BR': 'Teste CPM' },
    description: {},
    alternates: 1,
    rules,
  })
  if (!created.ok) throw new Error(created.error)
  const electionId = created.value.id
  const contest = await db
    .selectFrom('contests')
    .select(['id', 'seats'])
    .where('election_id', '=', electionId)
    .where('subprefecture_id', '=', 29)
    .executeTakeFirstOrThrow()
  await moveTo(db, commission.id, electionId, 'candidacy_open')
  const candidates = []
  for (const [gender, birthDate] of [
    ['woman', '1980-01-01'],
    ['man', '1970-01-01'],
    ['woman', '1985-01-01'],
    ['man', '1975-01-01'],
  ] as const) {
    const person = await approvedVoter(db, { gender, birthDate })
    const applied = await applyForCandidacy(db, {
      userId: person.id,
      electionId,
      contestId: contest.id,
      kind: 'person',
      statement: 'Proposta',
      language: 'pt-BR',
    })
    if (!applied.ok) throw new Error(applied.error)
    candidates.push({ ...person, candidacyId: applied.value.id })
  }
  const roll = []
  for (let i = 0; i < voters; i++) roll.push(await approvedVoter(db))
  const elsewhere = []
  for (let i = 0; i < otherSubprefectureVoters; i++)
    elsewhere.push(await approvedVoter(db, { subprefectureId: 18 }))
  if (phase !== 'candidacy_open') {
    await moveTo(db, commission.id, electionId, 'review')
    for (const c of candidates)
      await decideCandidacy(db, { actorUserId: commission.id, candidacyId: c.candidacyId, accept: true })
    await moveTo(db, commission.id, electionId, phase)
  }
  return { commission, electionId, contestId: contest.id, candidates, voters: roll, elsewhere }
}

/**
 * A polling place for the election (issue #16.13): a poll worker named by the commission and a
 * device it enrolled. Returns the worker and the device's cookie token.
 */
export async function pollingPlace(db: DB, input: { electionId: string; commissionId: string }) {
  const worker = await createUser(db, { roles: ['secretariat'] })
  const named = await namePollWorker(db, {
    actorUserId: input.commissionId,
    electionId: input.electionId,
    identifier: worker.email,
  })
  if (!named.ok) throw new Error(named.error)
  const device = await enrolThisDevice(db, {
    actorUserId: input.commissionId,
    electionId: input.electionId,
    label: 'Test tablet',
  })
  if (!device.ok) throw new Error(device.error)
  return { worker, deviceToken: device.value.token }
}

const places = new WeakMap<object, Map<string, Awaited<ReturnType<typeof pollingPlace>>>>()

/** Opens a booth ballot as the election's (one, lazily made) named poll worker on its enrolled device. */
export async function openAsPollWorker(
  db: DB,
  input: { electionId: string; commissionId: string; registrationId: string },
) {
  const byElection = places.get(db) ?? new Map()
  places.set(db, byElection)
  let place = byElection.get(input.electionId)
  if (!place) {
    place = await pollingPlace(db, input)
    byElection.set(input.electionId, place)
  }
  return openBoothBallot(db, {
    workerId: place.worker.id,
    electionId: input.electionId,
    registrationId: input.registrationId,
    deviceToken: place.deviceToken,
  })
}

/**
 * A CMI election open for candidacies (issue #17): segments A, B and C with two seats each and two
 * most-voted-overall seats (the 2018 split of the council's 8 civil-society seats).
 * Returns the commission member, the election and its contest per segment.
 */
export async function cmiElection(
  db: DB,
  {
    alternates = 1,
    ballotFormat = 'plain' as BallotFormat,
  }: { alternates?: number; /** 'plain' by default (ADR 034). */ ballotFormat?: BallotFormat } = {},
) {
  const commission = await createUser(db, { roles: ['electoral_commission'] })
  const created = await createElection(db, {
    actorUserId: commission.id,
    ballotFormat,
    body: 'cmi',
    title: { 'pt-BR': 'Teste CMI' },
    description: {},
    segmentSeats: { A: 2, B: 2, C: 2 },
    alternates,
    rules: { ...DEFAULT_RULES, overallSeats: 2 },
  })
  if (!created.ok) throw new Error(created.error)
  const electionId = created.value.id
  const rows = await db
    .selectFrom('contests')
    .select(['id', 'segment'])
    .where('election_id', '=', electionId)
    .execute()
  const contest = (s: 'A' | 'B' | 'C') => rows.find((r) => r.segment === s)!.id
  await moveTo(db, commission.id, electionId, 'candidacy_open')
  return { commission, electionId, contests: { A: contest('A'), B: contest('B'), C: contest('C') } }
}

/** The tracking code of a 'plain' election's receipt (the old format's tests read it). */
export function trackingCodeOf(receipt: CastReceipt): string {
  if (receipt.format !== 'plain') throw new Error('not a plain ballot')
  return receipt.trackingCode
}

/**
 * The electoral commission's threshold key ceremony for a 'belenios' election, run at once (issue
 * #20, ADR 032): `members` commission members (made here unless given), any `threshold` of them
 * decrypt. Stored as the ceremony's routes would leave it (state done, the public messages per
 * member); returns each member's PRIVATE material so that tests can decrypt (`addMemberDecryptions`).
 */
export async function completeCeremony(
  db: DB,
  electionId: string,
  { members = 3, threshold = 2, userIds }: { members?: number; threshold?: number; userIds?: string[] } = {},
) {
  const G = BELENIOS_2048
  const ids = userIds ?? []
  while (ids.length < members) ids.push((await createUser(db, { roles: ['electoral_commission'] })).id)
  const steps1 = ids.map(() => step1(G))
  const certs = steps1.map((m) => m.cert)
  const polynomials: Polynomial[] = []
  for (const m of steps1) {
    const p = await step3(G, nodeAesCcm, certs, m.seed, threshold)
    if (!p.ok) throw new Error(p.error)
    polynomials.push(p.polynomial)
  }
  const routed = step4(G, certs, polynomials)
  if (!routed.ok) throw new Error(routed.error)
  const voutputs: Voutput[] = []
  for (let j = 0; j < ids.length; j++) {
    const v = await step5(G, nodeAesCcm, certs, steps1[j]!.seed, routed.vinputs[j]!)
    if (!v.ok) throw new Error(v.error)
    voutputs.push(v.voutput)
  }
  const done = step6(G, certs, polynomials, voutputs)
  if (!done.ok) throw new Error(done.error)
  const at = nowIso()
  await db
    .insertInto('trustee_ceremonies')
    .values({
      election_id: electionId,
      threshold,
      state: 'done',
      parameters: writeThresholdParameters(done.parameters),
      started_by: null,
      started_at: at,
      done_at: at,
    })
    .execute()
  await db
    .insertInto('trustee_ceremony_members')
    .values(
      ids.map((userId, i) => ({
        election_id: electionId,
        member_index: i + 1,
        user_id: userId,
        certificate: writeSignedMsg(certs[i]!),
        certificate_at: at,
        polynomial: writePolynomial(polynomials[i]!),
        polynomial_at: at,
        vinput: writeVinput(routed.vinputs[i]!),
        voutput: writeVoutput(voutputs[i]!),
        voutput_at: at,
      })),
    )
    .execute()
  return {
    parameters: done.parameters as ThresholdParameters,
    threshold,
    members: ids.map((userId, i) => ({
      userId,
      /** 1-based member index; the archive's trustee (PartialDecryption owner) is index + 1. */
      index: i + 1,
      owner: i + 2,
      seed: steps1[i]!.seed,
      decryptionKey: done.decryptionKeys[i]!,
    })),
  }
}

export type Ceremony = Awaited<ReturnType<typeof completeCeremony>>

/**
 * After voting closed: the given members (by default the first k) each add their partial
 * decryption to every archive of the election, as the member decryption upload would.
 */
export async function addMemberDecryptions(
  db: DB,
  electionId: string,
  ceremony: Ceremony,
  members: Ceremony['members'] = ceremony.members.slice(0, ceremony.threshold),
) {
  const archives = await db
    .selectFrom('belenios_archives')
    .select('uuid')
    .where('election_id', '=', electionId)
    .orderBy('group_key')
    .execute()
  for (const { uuid } of archives) {
    const input = await decryptionInput(db, uuid)
    if (!input) throw new Error(`archive ${uuid} is not closed`)
    for (const m of members) {
      const pd = await thresholdPartialDecryption(
        input.election,
        nodeAesCcm,
        input.tally,
        ceremony.parameters,
        m.seed,
        m.decryptionKey,
      )
      if (!pd.ok) throw new Error(pd.error)
      const added = await db.transaction().execute((trx) =>
        addPartialDecryption(trx, {
          uuid,
          owner: m.owner,
          json: serializePartialDecryption(pd.partialDecryption),
        }),
      )
      if (!added.ok) throw new Error(`member ${m.index}: ${added.error}`)
    }
  }
}
