import { sql } from 'kysely'
import { appendAudit } from '../audit/audit.server'
import { BELENIOS_2048, isGroupElement } from '../belenios/group'
import {
  MAX_MESSAGE_BYTES,
  parseJsonBounded,
  readEncryptedMsg,
  readPolynomial,
  readRawCoefexps,
  readThresholdParameters,
  readVoutput,
  writePolynomial,
  writeSignedMsg,
  writeThresholdParameters,
  writeVinput,
  writeVoutput,
  type Polynomial,
  type SignedMsg,
  type ThresholdParameters,
  type Voutput,
} from '../belenios/threshold/codec'
import {
  checkCertificate,
  checkKnowledge,
  isSeed,
  readCertificate,
  verifySignature,
} from '../belenios/threshold/pki'
import { computeVerificationKeys, step4, step6 } from '../belenios/threshold/steps'
import type { DB } from '../lib/db.server'
import { certificateFingerprint } from './trustee-device'
import { addPartialDecryption, decryptionReport, type ArchiveDecryptionReport } from './verifiable.server'
import { err, ok, type Result } from '../lib/result'
import type { ElectionPhase, TrusteeCeremonyState } from '../../db/schema'

// The electoral commission's threshold key ceremony (issue #20 "Trustees", ADR 032). The members
// of the commission named for an election are its trustees: each runs belenios-tool offline
// (`setup generate-trustee-key-threshold`, steps 1, 3 and 5) and uploads the PUBLIC output here;
// the server runs steps 2, 4 and 6 itself when every member's upload of a step is in. Seeds and
// decryption keys never reach the server: an upload that looks like one is refused.
//
// A member may replace their upload of the current step until the server step that follows has
// run (it runs as soon as the last member's upload is in). Each upload and each server step is
// one transaction that first takes the ceremony row (an UPDATE: a row lock on PostgreSQL, the
// database lock on SQLite), so two uploads at once never both miss that the step is complete.

export const TRUSTEE_GROUP = BELENIOS_2048
const G = TRUSTEE_GROUP

/** The phases in which a ceremony may start: before voting opens (the key must exist by then). */
const STARTABLE: readonly ElectionPhase[] = [
  'draft',
  'candidacy_open',
  'review',
  'provisional_list',
  'appeals',
  'final_list',
  'campaign',
]

export type TrusteeStep = 'certificate' | 'polynomial' | 'voutput'
const STATE_OF_STEP: Record<TrusteeStep, TrusteeCeremonyState> = {
  certificate: 'certificates',
  polynomial: 'polynomials',
  voutput: 'voutputs',
}

/** k by default: a majority of the n members. */
export const defaultThreshold = (n: number) => Math.floor(n / 2) + 1

/** The accounts holding the electoral commission role (candidates for the ceremony). */
export async function commissionMembers(db: DB): Promise<{ id: string; displayName: string }[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id', 'users.display_name'])
    .where('user_roles.role', '=', 'electoral_commission')
    .where('users.erased_at', 'is', null)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute()
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }))
}

/** The accounts named as trustees of an election (the permission resource of the member page). */
export async function trusteeUserIds(db: DB, electionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('trustee_ceremony_members')
    .select('user_id')
    .where('election_id', '=', electionId)
    .where('user_id', 'is not', null)
    .orderBy('member_index')
    .execute()
  return rows.map((r) => r.user_id!)
}

export type StartError =
  'not_found' | 'wrong_phase' | 'already_started' | 'too_few_members' | 'not_commission' | 'bad_threshold'

export async function startCeremony(
  db: DB,
  input: { actorUserId: string; electionId: string; memberUserIds: string[]; threshold?: number; now?: Date },
): Promise<Result<{ threshold: number; members: number }, StartError>> {
  const now = (input.now ?? new Date()).toISOString()
  const memberIds = [...new Set(input.memberUserIds)]
  if (memberIds.length < 2) return err('too_few_members', 'members')
  const n = memberIds.length
  const k = input.threshold ?? defaultThreshold(n)
  if (!Number.isInteger(k) || k < 2 || k > n) return err('bad_threshold', 'threshold')
  const commission = new Set((await commissionMembers(db)).map((m) => m.id))
  if (!memberIds.every((id) => commission.has(id))) return err('not_commission', 'members')
  const election = await db
    .selectFrom('elections')
    .select(['id', 'phase'])
    .where('id', '=', input.electionId)
    .executeTakeFirst()
  if (!election) return err('not_found')
  if (!STARTABLE.includes(election.phase)) return err('wrong_phase')
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .insertInto('trustee_ceremonies')
      .values({
        election_id: input.electionId,
        threshold: k,
        state: 'certificates',
        parameters: null,
        started_by: input.actorUserId,
        started_at: now,
        done_at: null,
      })
      .onConflict((oc) => oc.column('election_id').doNothing())
      .executeTakeFirst()
    if (Number(existing.numInsertedOrUpdatedRows ?? 0n) !== 1) return err('already_started')
    await trx
      .insertInto('trustee_ceremony_members')
      .values(
        memberIds.map((userId, i) => ({
          election_id: input.electionId,
          member_index: i + 1,
          user_id: userId,
          certificate: null,
          certificate_at: null,
          polynomial: null,
          polynomial_at: null,
          vinput: null,
          voutput: null,
          voutput_at: null,
        })),
      )
      .execute()
    await appendAudit(
      trx,
      {
        actorUserId: input.actorUserId,
        action: 'election.trustees.start',
        entityType: 'election',
        entityId: input.electionId,
        after: { threshold: k, memberUserIds: memberIds },
      },
      input.now,
    )
    return ok({ threshold: k, members: n })
  })
}

export type CeremonyProgress = {
  threshold: number
  state: TrusteeCeremonyState
  startedAt: string
  doneAt: string | null
  members: {
    index: number
    userId: string | null
    displayName: string | null
    certificateAt: string | null
    polynomialAt: string | null
    voutputAt: string | null
  }[]
}

/** Who has done which step (timestamps only: never anyone's messages). Null before the start. */
export async function ceremonyProgress(db: DB, electionId: string): Promise<CeremonyProgress | null> {
  const ceremony = await db
    .selectFrom('trustee_ceremonies')
    .selectAll()
    .where('election_id', '=', electionId)
    .executeTakeFirst()
  if (!ceremony) return null
  const members = await db
    .selectFrom('trustee_ceremony_members as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.member_index',
      'm.user_id',
      'u.display_name',
      'm.certificate_at',
      'm.polynomial_at',
      'm.voutput_at',
    ])
    .where('m.election_id', '=', electionId)
    .orderBy('m.member_index')
    .execute()
  return {
    threshold: ceremony.threshold,
    state: ceremony.state,
    startedAt: ceremony.started_at,
    doneAt: ceremony.done_at,
    members: members.map((m) => ({
      index: m.member_index,
      userId: m.user_id,
      displayName: m.display_name,
      certificateAt: m.certificate_at,
      polynomialAt: m.polynomial_at,
      voutputAt: m.voutput_at,
    })),
  }
}

export type MemberView = {
  index: number
  members: number
  threshold: number
  state: TrusteeCeremonyState
  /** What this member should do now (null: wait for the others, or done). */
  todo: TrusteeStep | null
  done: Record<TrusteeStep, boolean>
}

/** A member's own view of the ceremony; null when the user is not a member. */
export async function memberView(db: DB, electionId: string, userId: string): Promise<MemberView | null> {
  const ceremony = await db
    .selectFrom('trustee_ceremonies')
    .select(['threshold', 'state'])
    .where('election_id', '=', electionId)
    .executeTakeFirst()
  if (!ceremony) return null
  const rows = await db
    .selectFrom('trustee_ceremony_members')
    .select(['member_index', 'user_id', 'certificate', 'polynomial', 'voutput'])
    .where('election_id', '=', electionId)
    .execute()
  const me = rows.find((r) => r.user_id === userId)
  if (!me) return null
  const done = {
    certificate: me.certificate !== null,
    polynomial: me.polynomial !== null,
    voutput: me.voutput !== null,
  }
  const todo: TrusteeStep | null =
    ceremony.state === 'certificates'
      ? 'certificate'
      : ceremony.state === 'polynomials'
        ? 'polynomial'
        : ceremony.state === 'voutputs'
          ? 'voutput'
          : null
  return {
    index: me.member_index,
    members: rows.length,
    threshold: ceremony.threshold,
    state: ceremony.state,
    todo,
    done,
  }
}

/** certs.jsons (one certificate a line, in member order) once step 2 ran; null before. */
export async function ceremonyCertificates(db: DB, electionId: string): Promise<string | null> {
  const ceremony = await db
    .selectFrom('trustee_ceremonies')
    .select('state')
    .where('election_id', '=', electionId)
    .executeTakeFirst()
  if (!ceremony || ceremony.state === 'certificates') return null
  const rows = await db
    .selectFrom('trustee_ceremony_members')
    .select('certificate')
    .where('election_id', '=', electionId)
    .orderBy('member_index')
    .execute()
  return rows.map((r) => r.certificate!).join('\n') + '\n'
}

/** The vinput the server relayed to this member (step 4); null before, or for a non-member. */
export async function memberVinput(db: DB, electionId: string, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('trustee_ceremony_members')
    .select('vinput')
    .where('election_id', '=', electionId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row?.vinput ? row.vinput + '\n' : null
}

/** The published threshold parameters once the ceremony is done (ADR 033's Pedersen trustee). */
export async function commissionThresholdParameters(
  db: DB,
  electionId: string,
): Promise<ThresholdParameters | null> {
  const row = await db
    .selectFrom('trustee_ceremonies')
    .select(['state', 'parameters'])
    .where('election_id', '=', electionId)
    .executeTakeFirst()
  if (!row || row.state !== 'done' || !row.parameters) return null
  return readThresholdParameters(parseJsonBounded(row.parameters), G)
}

/** True when the pasted text is (or holds, on a line of its own) a seed or a bare private number. */
export function looksLikeSecret(text: string): boolean {
  const tokens = text.trim().split(/\s+/)
  return tokens.some((t) => {
    const unquoted = t.replace(/^"(.*)"$/, '$1')
    return isSeed(unquoted) || /^\d{40,}$/.test(unquoted)
  })
}

export type UploadError =
  | 'not_found'
  | 'not_member'
  | 'wrong_step'
  | 'too_large'
  | 'secret_pasted'
  | 'malformed'
  | 'bad_certificate'
  | 'duplicate_certificate'
  | 'bad_polynomial'
  | 'bad_voutput'

type MemberRow = {
  member_index: number
  user_id: string | null
  certificate: string | null
  polynomial: string | null
  voutput: string | null
}

const isEncryptedText = (s: string) => readEncryptedMsg(parseJsonBounded(s), G) !== null

/**
 * A member uploads the output of their step 1 (certificate), 3 (polynomial) or 5 (voutput).
 * Verified against what the server holds; when it is the last of its step, the server step that
 * follows runs in the same transaction. Returns whether that server step ran.
 */
export async function submitTrusteeStep(
  db: DB,
  input: { electionId: string; userId: string; step: TrusteeStep; text: string; now?: Date },
): Promise<Result<{ advancedTo: TrusteeCeremonyState | null }, UploadError>> {
  const text = input.text.trim()
  if (text.length > MAX_MESSAGE_BYTES) return err('too_large', 'message')
  if (looksLikeSecret(text)) return err('secret_pasted', 'message')
  const now = (input.now ?? new Date()).toISOString()

  // A refused upload rolls back, so the row lock below leaves no write behind.
  try {
    return await db.transaction().execute(async (trx) => {
      const outcome = await uploadInTransaction(trx, input, text, now)
      if (!outcome.ok) throw new Refused(outcome)
      return outcome
    })
  } catch (error) {
    if (error instanceof Refused) return error.outcome
    throw error
  }
}

class Refused extends Error {
  constructor(readonly outcome: { ok: false; error: UploadError; field?: string }) {
    super(outcome.error)
  }
}

async function uploadInTransaction(
  trx: Trx,
  input: { electionId: string; userId: string; step: TrusteeStep; now?: Date },
  text: string,
  now: string,
): Promise<Result<{ advancedTo: TrusteeCeremonyState | null }, UploadError>> {
  {
    // Take the ceremony row first (see the header): serialises uploads of one ceremony.
    const locked = await trx
      .updateTable('trustee_ceremonies')
      .set({ state: sql`state` })
      .where('election_id', '=', input.electionId)
      .executeTakeFirst()
    if (Number(locked.numUpdatedRows) !== 1) return err('not_found')
    const ceremony = await trx
      .selectFrom('trustee_ceremonies')
      .select(['threshold', 'state'])
      .where('election_id', '=', input.electionId)
      .executeTakeFirstOrThrow()
    const rows: MemberRow[] = await trx
      .selectFrom('trustee_ceremony_members')
      .select(['member_index', 'user_id', 'certificate', 'polynomial', 'voutput'])
      .where('election_id', '=', input.electionId)
      .orderBy('member_index')
      .execute()
    const me = rows.find((r) => r.user_id === input.userId)
    if (!me) return err('not_member')
    if (ceremony.state !== STATE_OF_STEP[input.step]) return err('wrong_step', 'message')

    const checked = checkUpload(input.step, text, me, rows, ceremony.threshold)
    if (!checked.ok) return checked
    const stored = checked.value

    const at = `${input.step}_at` as const
    await trx
      .updateTable('trustee_ceremony_members')
      .set({ [input.step]: stored, [at]: now })
      .where('election_id', '=', input.electionId)
      .where('member_index', '=', me.member_index)
      .execute()
    await appendAudit(
      trx,
      {
        actorUserId: input.userId,
        action: `election.trustees.${input.step}`,
        entityType: 'election',
        entityId: input.electionId,
        after: { memberIndex: me.member_index },
      },
      input.now,
    )

    const all = rows.map((r) => (r.member_index === me.member_index ? { ...r, [input.step]: stored } : r))
    if (!all.every((r) => r[input.step] !== null)) return ok({ advancedTo: null })
    const advanced = await serverStep(trx, input.electionId, input.step, all, now)
    if (!advanced.ok) return advanced
    await appendAudit(
      trx,
      {
        actorUserId: null,
        action: `election.trustees.${advanced.value}`,
        entityType: 'election',
        entityId: input.electionId,
      },
      input.now,
    )
    return ok({ advancedTo: advanced.value })
  }
}

/** Checks one upload against what the server holds; returns the canonical text to store. */
function checkUpload(
  step: TrusteeStep,
  text: string,
  me: MemberRow,
  rows: MemberRow[],
  threshold: number,
): Result<string, UploadError> {
  if (step === 'certificate') {
    const cert = readCertificate(G, text)
    if (!cert) return err('malformed', 'message')
    const keys = checkCertificate(G, cert)
    if (!keys) return err('bad_certificate', 'message')
    for (const other of rows) {
      if (other.member_index === me.member_index || !other.certificate) continue
      const o = checkCertificate(G, readCertificate(G, other.certificate)!)!
      if (o.verification === keys.verification || o.encryption === keys.encryption)
        return err('duplicate_certificate', 'message')
    }
    return ok(writeSignedMsg(cert))
  }
  const certs = rows.map((r) => readCertificate(G, r.certificate!)!)
  const keys = certs.map((c) => checkCertificate(G, c)!)
  const j = me.member_index
  if (step === 'polynomial') {
    const p = readPolynomial(parseJsonBounded(text), G)
    if (!p) return err('malformed', 'message')
    if (!verifySignature(G, keys[j - 1]!.verification, p.coefexps)) return err('bad_polynomial', 'message')
    const coefexps = readRawCoefexps(p.coefexps.message, G)
    if (!coefexps || coefexps.length !== threshold || !coefexps.every((x) => isGroupElement(G, x)))
      return err('bad_polynomial', 'message')
    if (
      p.secrets.length !== rows.length ||
      !isEncryptedText(p.polynomial) ||
      !p.secrets.every(isEncryptedText)
    )
      return err('bad_polynomial', 'message')
    return ok(writePolynomial(p))
  }
  const v = readVoutput(parseJsonBounded(text), G)
  if (!v) return err('malformed', 'message')
  const coefexps = rows.map((r) =>
    readRawCoefexps(readPolynomial(parseJsonBounded(r.polynomial!), G)!.coefexps.message, G)!,
  )
  const expected = computeVerificationKeys(G, coefexps)
  if (
    !isEncryptedText(v.private_key) ||
    !checkKnowledge(G, v.public_key) ||
    v.public_key.public_key !== expected[j - 1]
  )
    return err('bad_voutput', 'message')
  return ok(writeVoutput(v))
}

type Trx = Parameters<Parameters<ReturnType<DB['transaction']>['execute']>[0]>[0]

/** Steps 2, 4 and 6: run by the server once every member's upload of a step is in. */
async function serverStep(
  trx: Trx,
  electionId: string,
  step: TrusteeStep,
  rows: MemberRow[],
  now: string,
): Promise<Result<TrusteeCeremonyState, UploadError>> {
  const certs: SignedMsg[] = rows.map((r) => readCertificate(G, r.certificate!)!)
  if (step === 'certificate') {
    // Step 2: every certificate was checked on upload, and against the others.
    await setState(trx, electionId, 'certificates', { state: 'polynomials' })
    return ok('polynomials')
  }
  const polynomials: Polynomial[] = rows.map((r) => readPolynomial(parseJsonBounded(r.polynomial!), G)!)
  if (step === 'polynomial') {
    const routed = step4(G, certs, polynomials)
    if (!routed.ok) return err('bad_polynomial', 'message')
    for (let i = 0; i < rows.length; i++) {
      await trx
        .updateTable('trustee_ceremony_members')
        .set({ vinput: writeVinput(routed.vinputs[i]!) })
        .where('election_id', '=', electionId)
        .where('member_index', '=', rows[i]!.member_index)
        .execute()
    }
    await setState(trx, electionId, 'polynomials', { state: 'voutputs' })
    return ok('voutputs')
  }
  const voutputs: Voutput[] = rows.map((r) => readVoutput(parseJsonBounded(r.voutput!), G)!)
  const result = step6(G, certs, polynomials, voutputs)
  if (!result.ok) return err('bad_voutput', 'message')
  await setState(trx, electionId, 'voutputs', {
    state: 'done',
    parameters: writeThresholdParameters(result.parameters),
    done_at: now,
  })
  return ok('done')
}

async function setState(
  trx: Trx,
  electionId: string,
  from: TrusteeCeremonyState,
  set: { state: TrusteeCeremonyState; parameters?: string; done_at?: string },
) {
  const updated = await trx
    .updateTable('trustee_ceremonies')
    .set(set)
    .where('election_id', '=', electionId)
    .where('state', '=', from)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== 1) throw new Error('trustee ceremony moved under a locked row')
}

/**
 * Every member's certificate fingerprint (in member order, null until sent), so that each member
 * can check that the one the server holds for them is the one their device or tool made.
 */
export async function ceremonyFingerprints(
  db: DB,
  electionId: string,
): Promise<{ index: number; displayName: string | null; fingerprint: string | null }[]> {
  const rows = await db
    .selectFrom('trustee_ceremony_members as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.member_index', 'm.certificate', 'u.display_name'])
    .where('m.election_id', '=', electionId)
    .orderBy('m.member_index')
    .execute()
  return rows.map((r) => ({
    index: r.member_index,
    displayName: r.display_name,
    fingerprint: r.certificate ? certificateFingerprint(r.certificate) : null,
  }))
}

// ---------------------------------------------------------------------------------------------
// Count time (issue #20 item 3): each member's partial decryption of every archive.
//
// The member is trustee `owner` = 1 + their index in the archive's trustees (the server's Single
// key is owner 1). The server takes only what it can check: the owner comes from the signed-in
// member's row, never from the form; the share is verified against that member's verification
// key by addPartialDecryption before it is appended.

export type MemberDecryptionView = {
  owner: number
  phase: ElectionPhase
  archives: (ArchiveDecryptionReport & { mine: boolean })[]
}

async function memberIndexOf(db: DB, electionId: string, userId: string): Promise<number | null> {
  const row = await db
    .selectFrom('trustee_ceremony_members as m')
    .innerJoin('trustee_ceremonies as c', 'c.election_id', 'm.election_id')
    .select('m.member_index')
    .where('m.election_id', '=', electionId)
    .where('m.user_id', '=', userId)
    .where('c.state', '=', 'done')
    .executeTakeFirst()
  return row?.member_index ?? null
}

/** What a member sees at count time: every archive, its tally hash and whether they decrypted it. */
export async function memberDecryptions(
  db: DB,
  electionId: string,
  userId: string,
): Promise<MemberDecryptionView | null> {
  const index = await memberIndexOf(db, electionId, userId)
  if (index === null) return null
  const election = await db
    .selectFrom('elections')
    .select('phase')
    .where('id', '=', electionId)
    .executeTakeFirst()
  if (!election) return null
  const owner = index + 1
  const report = await decryptionReport(db, electionId)
  return {
    owner,
    phase: election.phase,
    archives: report.map((r) => ({ ...r, mine: r.decryptedBy.includes(owner) })),
  }
}

/** The member's encrypted decryption-key share (the tool's .dkey: opened only with their .key). */
export async function memberDecryptionKey(
  db: DB,
  electionId: string,
  userId: string,
): Promise<string | null> {
  if ((await memberIndexOf(db, electionId, userId)) === null) return null
  const row = await db
    .selectFrom('trustee_ceremony_members')
    .select('voutput')
    .where('election_id', '=', electionId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  const voutput = row?.voutput ? readVoutput(parseJsonBounded(row.voutput), G) : null
  return voutput ? voutput.private_key + '\n' : null
}

export type DecryptionUploadError =
  | 'not_member'
  | 'unknown_archive'
  | 'not_closed'
  | 'too_large'
  | 'secret_pasted'
  | 'malformed'
  | 'invalid_proof'
  | 'duplicate'
  | 'changed_meanwhile'

/**
 * A member's partial decryption of one archive of the election: the first line that
 * `belenios-tool election decrypt-threshold` prints, or what their browser computed. Only while
 * the election is closed for voting and not yet counted; verified; audit-logged (not the share).
 */
export async function submitMemberDecryption(
  db: DB,
  input: { electionId: string; userId: string; uuid: string; text: string; now?: Date },
): Promise<Result<{ owner: number }, DecryptionUploadError>> {
  const text = input.text.trim().split(/\r?\n/)[0]!.trim()
  if (input.text.length > MAX_MESSAGE_BYTES) return err('too_large', 'message')
  if (looksLikeSecret(input.text)) return err('secret_pasted', 'message')
  const index = await memberIndexOf(db, input.electionId, input.userId)
  if (index === null) return err('not_member')
  const election = await db
    .selectFrom('elections')
    .select('phase')
    .where('id', '=', input.electionId)
    .executeTakeFirst()
  if (!election) return err('unknown_archive', 'message')
  if (election.phase !== 'voting_closed') return err('not_closed', 'message')
  const archive = await db
    .selectFrom('belenios_archives')
    .select('uuid')
    .where('uuid', '=', input.uuid)
    .where('election_id', '=', input.electionId)
    .executeTakeFirst()
  if (!archive) return err('unknown_archive', 'message')
  const owner = index + 1
  // Two members at once: the archive's head moved under one of them; read again and retry.
  for (let attempt = 0; ; attempt++) {
    const added = await db.transaction().execute(async (trx) => {
      const r = await addPartialDecryption(trx, { uuid: input.uuid, owner, json: text })
      if (!r.ok) return r
      await appendAudit(
        trx,
        {
          actorUserId: input.userId,
          action: 'election.trustees.decryption',
          entityType: 'election',
          entityId: input.electionId,
          after: { memberIndex: index, archive: input.uuid },
        },
        input.now,
      )
      return r
    })
    if (added.ok) return ok({ owner })
    if (added.error === 'changed_meanwhile' && attempt < 3) continue
    const error: DecryptionUploadError =
      added.error === 'no_archive'
        ? 'unknown_archive'
        : added.error === 'bad_owner'
          ? 'not_member'
          : added.error === 'wrong_phase'
            ? 'not_closed'
            : added.error
    return err(error, 'message')
  }
}

// ---------------------------------------------------------------------------------------------
// LGPD (app/privacy): the member link is public office.

/** What the person did as a trustee: the elections, their index and when they uploaded each step. */
export async function trusteeDataOfUser(db: DB, userId: string) {
  return db
    .selectFrom('trustee_ceremony_members')
    .select(['election_id', 'member_index', 'certificate_at', 'polynomial_at', 'voutput_at'])
    .where('user_id', '=', userId)
    .orderBy('election_id')
    .execute()
}

/** On erasure: unlink the person; the public ceremony material stays (it is the election's). */
export async function eraseTrusteeDataOfUser(trx: Trx, userId: string): Promise<string[]> {
  const unlinked = await trx
    .updateTable('trustee_ceremony_members')
    .set({ user_id: null })
    .where('user_id', '=', userId)
    .executeTakeFirst()
  await trx
    .updateTable('trustee_ceremonies')
    .set({ started_by: null })
    .where('started_by', '=', userId)
    .execute()
  return Number(unlinked.numUpdatedRows) > 0 ? ['public_office_record'] : []
}
