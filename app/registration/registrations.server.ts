import type { Transaction } from 'kysely'
import type { CensusCycle, Database, DocumentType, RegistrationStatus } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { translatorFor } from '../i18n/i18n.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import type { StoredFile } from '../lib/uploads.server'
import { deleteUpload } from '../lib/uploads.server'
import { enqueueMessage } from '../mail/outbox.server'
import { duplicateKey } from './duplicates'
import { voterEligibility, type IneligibleReason } from './eligibility'
import { newProtocol, normaliseProtocol } from './protocol'
import type { RegistrationInput, REJECTION_REASONS } from './schemas.server'

export async function getCurrentCycle(db: DB | Transaction<Database>): Promise<CensusCycle | null> {
  return (
    (await db
      .selectFrom('census_cycles')
      .selectAll()
      .where('is_current', '=', 1)
      .orderBy('created_at', 'desc')
      .executeTakeFirst()) ?? null
  )
}

export type CycleInput = {
  name: string
  electionDay: string
  minVoterAge: number
  minCandidateAge: number
  proofOfResidenceRequired: boolean
  documentRetentionDays: number
}

export async function saveCurrentCycle(db: DB, actorUserId: string, input: CycleInput): Promise<CensusCycle> {
  return db.transaction().execute(async (trx) => {
    const before = await getCurrentCycle(trx)
    const values = {
      name: input.name,
      election_day: input.electionDay,
      min_voter_age: input.minVoterAge,
      min_candidate_age: input.minCandidateAge,
      proof_of_residence_required: input.proofOfResidenceRequired ? 1 : 0,
      document_retention_days: input.documentRetentionDays,
    }
    let id = before?.id
    if (before) await trx.updateTable('census_cycles').set(values).where('id', '=', before.id).execute()
    else {
      id = newId()
      await trx
        .insertInto('census_cycles')
        .values({ id, ...values, is_current: 1, created_at: nowIso() })
        .execute()
    }
    const after = await trx
      .selectFrom('census_cycles')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow()
    await appendAudit(trx, {
      actorUserId,
      action: 'census.cycle.save',
      entityType: 'census_cycle',
      entityId: id!,
      before,
      after,
    })
    return after
  })
}

export type RegistrationError =
  | 'no_open_cycle'
  | 'not_eligible'
  | 'proof_required'
  | 'document_taken'
  | 'already_registered'
  | 'unknown_subprefecture'

export type NewRegistration = {
  input: RegistrationInput
  channel: 'self' | 'assisted' | 'import'
  userId?: string | null
  registeredBy?: string | null
  files?: { identity?: StoredFile | null; residence?: StoredFile | null }
}

type CreateResult = Result<{ id: string; protocol: string }, RegistrationError> & {
  reasons?: IneligibleReason[]
}

/** Validates eligibility against the cycle's rules and inserts one registration (in `trx` when given). */
export async function createRegistration(
  db: DB | Transaction<Database>,
  reg: NewRegistration,
  now = new Date(),
): Promise<CreateResult> {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return err('no_open_cycle')
  const { input } = reg
  const nationalities = [input.nationality1, input.nationality2].filter((n): n is string => Boolean(n))
  const eligibility = voterEligibility(
    {
      birthDate: input.birthDate,
      nationalities,
      naturalised: input.naturalised === 'yes',
      documentType: input.documentType,
    },
    {
      electionDay: cycle.election_day,
      minVoterAge: cycle.min_voter_age,
      minCandidateAge: cycle.min_candidate_age,
    },
  )
  if (!eligibility.eligible) {
    const field = eligibility.reasons.includes('not_immigrant') ? 'naturalised' : 'birthDate'
    return { ...err('not_eligible', field), reasons: eligibility.reasons }
  }
  if (cycle.proof_of_residence_required && !reg.files?.residence && reg.channel === 'self')
    return err('proof_required', 'residenceFile')
  const subprefecture = await db
    .selectFrom('subprefectures')
    .select('id')
    .where('id', '=', input.subprefectureId)
    .executeTakeFirst()
  if (!subprefecture) return err('unknown_subprefecture', 'subprefectureId')

  const id = newId()
  const at = now.toISOString()
  const row = {
    id,
    protocol: newProtocol(now.getUTCFullYear()),
    cycle_id: cycle.id,
    user_id: reg.userId ?? null,
    channel: reg.channel,
    registered_by: reg.registeredBy ?? null,
    full_name: input.fullName,
    social_name: input.socialName ?? null,
    birth_date: input.birthDate,
    nationalities: JSON.stringify(nationalities),
    naturalised: input.naturalised === 'yes' ? 1 : 0,
    gender: input.gender,
    subprefecture_id: input.subprefectureId,
    document_type: input.documentType,
    document_number: input.documentNumber,
    phone: input.phone ?? null,
    email: input.email ?? null,
    preferred_language: input.preferredLanguage,
    status: 'pending' as const,
    duplicate_key: duplicateKey(input.fullName, input.birthDate, nationalities),
    consent_at: at,
    created_at: at,
    updated_at: at,
  }
  const write = async (trx: Transaction<Database>) => {
    await trx.insertInto('voter_registrations').values(row).execute()
    const files = [
      ['identity', reg.files?.identity],
      ['residence', reg.files?.residence],
    ] as const
    for (const [kind, file] of files) {
      if (!file) continue
      await trx
        .insertInto('registration_documents')
        .values({
          id: newId(),
          registration_id: id,
          kind,
          storage_key: file.key,
          mime_type: file.mime,
          size_bytes: file.size,
          uploaded_at: at,
        })
        .execute()
    }
    if (reg.userId) {
      await trx
        .insertInto('consents')
        .values({
          id: newId(),
          user_id: reg.userId,
          purpose: 'voter_census',
          legal_basis: 'lgpd_art7_iii_public_policy',
          text_version: 'registration-2026-11',
          given_at: at,
        })
        .execute()
    }
    if (reg.channel !== 'self') {
      // Staff registering someone is a staff action: audited, without the person's data.
      await appendAudit(trx, {
        actorUserId: reg.registeredBy ?? null,
        action: `registration.create.${reg.channel}`,
        entityType: 'voter_registration',
        entityId: id,
      })
    }
  }
  try {
    if (db.isTransaction) await write(db as Transaction<Database>)
    else await (db as DB).transaction().execute(write)
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    // The unique indexes decided; find out which one so the message is precise.
    const sameDocument = await db
      .selectFrom('voter_registrations')
      .select('id')
      .where('cycle_id', '=', cycle.id)
      .where('document_type', '=', input.documentType)
      .where('document_number', '=', input.documentNumber)
      .executeTakeFirst()
    return sameDocument ? err('document_taken', 'documentNumber') : err('already_registered')
  }
  return ok({ id, protocol: row.protocol })
}

export async function getOwnRegistration(db: DB, userId: string) {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return null
  const registration = await db
    .selectFrom('voter_registrations')
    .selectAll()
    .where('cycle_id', '=', cycle.id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (!registration) return null
  const messages = await db
    .selectFrom('registration_messages')
    .select(['author', 'body', 'created_at'])
    .where('registration_id', '=', registration.id)
    .orderBy('created_at')
    .execute()
  return { registration, messages, cycle }
}

/** Status check with the receipt's protocol number; the birth date stops guessing of protocols. */
export async function findByProtocol(db: DB, protocol: string, birthDate: string) {
  const row = await db
    .selectFrom('voter_registrations')
    .select(['protocol', 'status', 'decision_reason', 'decision_note', 'created_at', 'decided_at', 'id'])
    .where('protocol', '=', normaliseProtocol(protocol))
    .where('birth_date', '=', birthDate)
    .executeTakeFirst()
  if (!row) return null
  const lastRequest = await db
    .selectFrom('registration_messages')
    .select('body')
    .where('registration_id', '=', row.id)
    .where('author', '=', 'staff')
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return {
    protocol: row.protocol,
    status: row.status,
    reason: row.decision_reason,
    note: row.status === 'needs_info' ? (lastRequest?.body ?? null) : row.decision_note,
    createdAt: row.created_at,
  }
}

export type Decision =
  | { intent: 'approve'; note?: string }
  | { intent: 'reject'; reason: (typeof REJECTION_REASONS)[number]; note?: string }
  | { intent: 'request_info'; note: string }

const OPEN_STATUSES: RegistrationStatus[] = ['pending', 'needs_info']

export async function decideRegistration(
  db: DB,
  input: { actorUserId: string; registrationId: string; decision: Decision },
  now = new Date(),
): Promise<Result<{ status: RegistrationStatus }, 'not_found' | 'already_decided'>> {
  const { decision } = input
  const at = now.toISOString()
  const outcome = await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('voter_registrations')
      .innerJoin('census_cycles', 'census_cycles.id', 'voter_registrations.cycle_id')
      .select([
        'voter_registrations.status',
        'voter_registrations.user_id',
        'census_cycles.document_retention_days',
      ])
      .where('voter_registrations.id', '=', input.registrationId)
      .executeTakeFirst()
    if (!before) return err('not_found')
    const status: RegistrationStatus =
      decision.intent === 'approve' ? 'approved' : decision.intent === 'reject' ? 'rejected' : 'needs_info'
    // The status condition is the guard: of two reviewers deciding at once, only one updates a row.
    const updated = await trx
      .updateTable('voter_registrations')
      .set({
        status,
        decision_reason: decision.intent === 'reject' ? decision.reason : null,
        decision_note: decision.intent === 'request_info' ? null : (decision.note ?? null),
        decided_by: input.actorUserId,
        decided_at: decision.intent === 'request_info' ? null : at,
        updated_at: at,
      })
      .where('id', '=', input.registrationId)
      .where('status', 'in', decision.intent === 'request_info' ? ['pending'] : OPEN_STATUSES)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) return err('already_decided')
    if (decision.intent === 'request_info') {
      await trx
        .insertInto('registration_messages')
        .values({
          id: newId(),
          registration_id: input.registrationId,
          author: 'staff',
          author_user_id: input.actorUserId,
          body: decision.note,
          created_at: at,
        })
        .execute()
    } else {
      // Document images are kept only until checked, plus the cycle's retention period.
      const deleteAfter = new Date(now.getTime() + before.document_retention_days * 86_400_000).toISOString()
      await trx
        .updateTable('registration_documents')
        .set({ delete_after: deleteAfter })
        .where('registration_id', '=', input.registrationId)
        .execute()
    }
    if (status === 'approved' && before.user_id) {
      await trx
        .insertInto('user_roles')
        .values({ user_id: before.user_id, role: 'voter', granted_by: input.actorUserId, granted_at: at })
        .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
        .execute()
    }
    await appendAudit(
      trx,
      {
        actorUserId: input.actorUserId,
        action: `registration.${decision.intent}`,
        entityType: 'voter_registration',
        entityId: input.registrationId,
        before: { status: before.status },
        after: { status, reason: decision.intent === 'reject' ? decision.reason : undefined },
      },
      now,
    )
    return ok({ status })
  })
  // The decision stands even if the message cannot be queued; the person also sees it on the site.
  if (outcome.ok)
    await notifyDecision(db, input.registrationId).catch((e: unknown) =>
      console.warn('decision notification not queued:', e instanceof Error ? e.message : e),
    )
  return outcome
}

async function notifyDecision(db: DB, registrationId: string): Promise<void> {
  const r = await db
    .selectFrom('voter_registrations')
    .leftJoin('users', 'users.id', 'voter_registrations.user_id')
    .select([
      'voter_registrations.protocol',
      'voter_registrations.status',
      'voter_registrations.email',
      'voter_registrations.phone',
      'voter_registrations.preferred_language',
      'users.email as user_email',
      'users.phone as user_phone',
    ])
    .where('voter_registrations.id', '=', registrationId)
    .executeTakeFirstOrThrow()
  const to = r.email ?? r.user_email ?? r.phone ?? r.user_phone
  if (!to) return
  const t = await translatorFor(r.preferred_language, 'registration')
  await enqueueMessage(db, {
    to,
    language: r.preferred_language,
    subject: t('mail.subject', { protocol: r.protocol }),
    body: t('mail.body', { protocol: r.protocol, status: t(`status.${r.status}`) }),
  })
}

export async function replyToRequest(
  db: DB,
  input: { userId: string; message: string },
): Promise<Result<null, 'nothing_to_answer'>> {
  const own = await getOwnRegistration(db, input.userId)
  if (!own) return err('nothing_to_answer')
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('voter_registrations')
      .set({ status: 'pending', updated_at: nowIso() })
      .where('id', '=', own.registration.id)
      .where('status', '=', 'needs_info')
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) return err('nothing_to_answer')
    await trx
      .insertInto('registration_messages')
      .values({
        id: newId(),
        registration_id: own.registration.id,
        author: 'person',
        author_user_id: input.userId,
        body: input.message,
        created_at: nowIso(),
      })
      .execute()
    return ok(null)
  })
}

export type QueueFilters = {
  status?: RegistrationStatus
  subprefectureId?: number
  nationality?: string
  documentType?: DocumentType
  from?: string
  to?: string
  sort: 'oldest' | 'newest'
  page: number
}

export async function listQueue(db: DB, filters: QueueFilters, pageSize = 25) {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return { rows: [], hasMore: false }
  let q = db
    .selectFrom('voter_registrations as r')
    .innerJoin('subprefectures as s', 's.id', 'r.subprefecture_id')
    .where('r.cycle_id', '=', cycle.id)
    .where('r.status', '!=', 'erased')
  if (filters.status) q = q.where('r.status', '=', filters.status)
  if (filters.subprefectureId) q = q.where('r.subprefecture_id', '=', filters.subprefectureId)
  if (filters.documentType) q = q.where('r.document_type', '=', filters.documentType)
  if (filters.nationality)
    q = q.where('r.nationalities', 'like', `%"${filters.nationality.replace(/[^A-Z]/g, '')}"%`)
  if (filters.from) q = q.where('r.created_at', '>=', `${filters.from}T00:00:00.000Z`)
  if (filters.to) q = q.where('r.created_at', '<=', `${filters.to}T23:59:59.999Z`)
  const rows = await q
    .select((eb) => [
      'r.id',
      'r.protocol',
      'r.full_name',
      'r.social_name',
      'r.status',
      'r.channel',
      'r.nationalities',
      'r.document_type',
      'r.created_at',
      's.name as subprefecture',
      eb
        .selectFrom('voter_registrations as d')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('d.cycle_id', '=', 'r.cycle_id')
        .whereRef('d.duplicate_key', '=', 'r.duplicate_key')
        .whereRef('d.id', '!=', 'r.id')
        .as('possible_duplicates'),
    ])
    .orderBy('r.created_at', filters.sort === 'newest' ? 'desc' : 'asc')
    .orderBy('r.id')
    .limit(pageSize + 1)
    .offset((filters.page - 1) * pageSize)
    .execute()
  return {
    rows: rows.slice(0, pageSize).map((r) => ({ ...r, possible_duplicates: Number(r.possible_duplicates) })),
    hasMore: rows.length > pageSize,
  }
}

export async function getRegistrationForReview(db: DB, id: string) {
  const registration = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('subprefectures as s', 's.id', 'r.subprefecture_id')
    .selectAll('r')
    .select('s.name as subprefecture')
    .where('r.id', '=', id)
    .executeTakeFirst()
  if (!registration) return null
  const [documents, messages, duplicates] = await Promise.all([
    db
      .selectFrom('registration_documents')
      .select(['id', 'kind', 'mime_type', 'size_bytes', 'deleted_at', 'delete_after'])
      .where('registration_id', '=', id)
      .execute(),
    db
      .selectFrom('registration_messages')
      .select(['author', 'body', 'created_at'])
      .where('registration_id', '=', id)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('voter_registrations')
      .select(['id', 'protocol', 'status', 'created_at'])
      .where('cycle_id', '=', registration.cycle_id)
      .where('duplicate_key', '=', registration.duplicate_key)
      .where('id', '!=', id)
      .execute(),
  ])
  return { registration, documents, messages, duplicates }
}

export async function getDocumentForReview(db: DB, registrationId: string, documentId: string) {
  return db
    .selectFrom('registration_documents')
    .select(['storage_key', 'mime_type', 'kind'])
    .where('id', '=', documentId)
    .where('registration_id', '=', registrationId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}

/** Deletes document files whose retention has passed; returns how many. Run periodically. */
export async function purgeExpiredDocuments(db: DB, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('registration_documents')
    .select(['id', 'storage_key'])
    .where('deleted_at', 'is', null)
    .where('delete_after', 'is not', null)
    .where('delete_after', '<=', now.toISOString())
    .execute()
  for (const doc of due) {
    await deleteUpload(doc.storage_key)
    await db
      .updateTable('registration_documents')
      .set({ deleted_at: now.toISOString() })
      .where('id', '=', doc.id)
      .execute()
  }
  return due.length
}

/** The approved census of the current cycle, for the electoral commission's export. */
export async function approvedCensus(db: DB) {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return { cycle: null, rows: [] }
  const rows = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('subprefectures as s', 's.id', 'r.subprefecture_id')
    .select([
      'r.protocol',
      'r.full_name',
      'r.social_name',
      'r.birth_date',
      'r.nationalities',
      'r.gender',
      's.name as subprefecture',
      'r.document_type',
      'r.document_number',
      'r.decided_at',
    ])
    .where('r.cycle_id', '=', cycle.id)
    .where('r.status', '=', 'approved')
    .orderBy('r.full_name')
    .execute()
  return { cycle, rows }
}

export const SMALL_CELL = 5
const AGE_BANDS = [
  { key: '16-17', min: 0, max: 17 },
  { key: '18-29', min: 18, max: 29 },
  { key: '30-44', min: 30, max: 44 },
  { key: '45-59', min: 45, max: 59 },
  { key: '60+', min: 60, max: 200 },
] as const

type Cell = { key: string; count: number | null } // null: suppressed (fewer than SMALL_CELL)

/** Public aggregates of the approved census. Cells under 5 people are suppressed (re-identification). */
export async function censusStats(db: DB) {
  const cycle = await getCurrentCycle(db)
  if (!cycle) return null
  const rows = await db
    .selectFrom('voter_registrations as r')
    .innerJoin('subprefectures as s', 's.id', 'r.subprefecture_id')
    .select(['r.nationalities', 'r.gender', 'r.birth_date', 's.name as subprefecture'])
    .where('r.cycle_id', '=', cycle.id)
    .where('r.status', '=', 'approved')
    .execute()
  const tally = (keys: string[]): Cell[] => {
    const counts = new Map<string, number>()
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1)
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => ({ key, count: count < SMALL_CELL ? null : count }))
  }
  const age = (birth: string | null) => {
    if (!birth) return 'unknown'
    const years =
      Number(cycle.election_day.slice(0, 4)) -
      Number(birth.slice(0, 4)) -
      (cycle.election_day.slice(5) < birth.slice(5) ? 1 : 0)
    return AGE_BANDS.find((b) => years >= b.min && years <= b.max)?.key ?? 'unknown'
  }
  const total = rows.length
  return {
    cycle: { name: cycle.name, electionDay: cycle.election_day },
    total: total < SMALL_CELL ? null : total,
    byNationality: tally(rows.map((r) => (JSON.parse(r.nationalities) as string[])[0] ?? 'XX')),
    bySubprefecture: tally(rows.map((r) => r.subprefecture)),
    byGender: tally(rows.map((r) => r.gender)),
    byAgeBand: tally(rows.map((r) => age(r.birth_date))),
  }
}

/** For "my data": every registration linked to the account, with its messages (not the files). */
export async function registrationsOfUser(db: DB, userId: string) {
  const rows = await db.selectFrom('voter_registrations').selectAll().where('user_id', '=', userId).execute()
  return Promise.all(
    rows.map(async ({ duplicate_key: _k, ...r }) => ({
      ...r,
      nationalities: JSON.parse(r.nationalities) as string[],
      documents: await db
        .selectFrom('registration_documents')
        .select(['kind', 'mime_type', 'uploaded_at', 'deleted_at'])
        .where('registration_id', '=', r.id)
        .execute(),
      messages: await db
        .selectFrom('registration_messages')
        .select(['author', 'body', 'created_at'])
        .where('registration_id', '=', r.id)
        .execute(),
    })),
  )
}

/**
 * LGPD erasure of a person's registrations. A registration approved for an election already held
 * is kept as a bare census entry (status, cycle, subprefecture — no name, birth date, document or
 * contact) because the result of that election must stay auditable; anything else is deleted.
 */
export async function eraseRegistrationsOfUser(
  trx: Transaction<Database>,
  userId: string,
  today = nowIso().slice(0, 10),
): Promise<string[]> {
  const kept: string[] = []
  const rows = await trx
    .selectFrom('voter_registrations as r')
    .innerJoin('census_cycles as c', 'c.id', 'r.cycle_id')
    .select(['r.id', 'r.status', 'c.election_day'])
    .where('r.user_id', '=', userId)
    .execute()
  for (const r of rows) {
    // On a frozen voter roll, the entry is part of that election's record even before election day.
    const onRoll = Boolean(
      await trx
        .selectFrom('voter_rolls')
        .select('registration_id')
        .where('registration_id', '=', r.id)
        .executeTakeFirst(),
    )
    const docs = await trx
      .selectFrom('registration_documents')
      .select('storage_key')
      .where('registration_id', '=', r.id)
      .execute()
    for (const d of docs) await deleteUpload(d.storage_key)
    if (r.status === 'approved' && (r.election_day <= today || onRoll)) {
      await trx.deleteFrom('registration_documents').where('registration_id', '=', r.id).execute()
      await trx.deleteFrom('registration_messages').where('registration_id', '=', r.id).execute()
      await trx
        .updateTable('voter_registrations')
        .set({
          full_name: '—',
          social_name: null,
          birth_date: null,
          phone: null,
          email: null,
          user_id: null,
          document_number: `ERASED${r.id}`,
          duplicate_key: `erased|${r.id}`,
          status: 'erased',
          updated_at: nowIso(),
          decision_note: null,
        })
        .where('id', '=', r.id)
        .execute()
      kept.push('census_entry_for_held_election')
    } else {
      await trx.deleteFrom('voter_registrations').where('id', '=', r.id).execute()
    }
  }
  await trx.deleteFrom('registration_drafts').where('user_id', '=', userId).execute()
  return kept
}
