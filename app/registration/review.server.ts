import type { Transaction } from 'kysely'
import type { Database, DocumentType, RegistrationStatus } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { newId, nowIso } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import { bumpDataVersion } from '../lib/snapshots.server'
import { cycleOfRegistrationIsOpen, getCurrentCycle } from './cycles.server'
import { ageOn } from './eligibility'
import { notifyRegistrant } from '../notices/notify.server'
import { getOwnRegistration } from './registrations.server'
import type { REJECTION_REASONS } from './schemas.server'

// Review by the secretariat: the queue, one registration with its documents, messages and possible
// duplicates, the decision (approve, reject, ask for information) and the person's reply.

export type Decision =
  | { intent: 'approve'; note?: string }
  | { intent: 'reject'; reason: (typeof REJECTION_REASONS)[number]; note?: string }
  | { intent: 'request_info'; note: string }

const OPEN_STATUSES: RegistrationStatus[] = ['pending', 'needs_info']

export async function decideRegistration(
  db: DB,
  input: { actorUserId: string; registrationId: string; decision: Decision },
  now = new Date(),
): Promise<
  Result<{ status: RegistrationStatus }, 'not_found' | 'already_decided' | 'document_taken' | 'cycle_closed'>
> {
  const { decision } = input
  const at = now.toISOString()
  // Two registrations of one document (#16.10): the index lets only one be approved.
  const outcome = await decideInTransaction(db, input, decision, at, now).catch((error: unknown) => {
    if (isUniqueViolation(error)) return err('document_taken')
    throw error
  })
  return outcome
}

async function decideInTransaction(
  db: DB,
  input: { actorUserId: string; registrationId: string },
  decision: Decision,
  at: string,
  now: Date,
) {
  const outcome = await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('voter_registrations')
      .innerJoin('census_cycles', 'census_cycles.id', 'voter_registrations.cycle_id')
      .select([
        'voter_registrations.status',
        'voter_registrations.user_id',
        'census_cycles.document_retention_days',
        'census_cycles.closed_at',
      ])
      .where('voter_registrations.id', '=', input.registrationId)
      .executeTakeFirst()
    if (!before) return err('not_found')
    // A closed cycle's registrations are read-only (issue #17): its elections rest on them.
    if (before.closed_at) return err('cycle_closed')
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
    await bumpDataVersion(trx, 'census') // the public statistics are recomputed (#16.4)
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
    if (status === 'approved' && before.user_id)
      await grantVoterRole(trx, { userId: before.user_id, grantedBy: input.actorUserId, at })
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

const DECISION_TEMPLATE = {
  approved: 'registration_approved',
  rejected: 'registration_rejected',
  needs_info: 'registration_more_info',
} as const

async function notifyDecision(db: DB, registrationId: string): Promise<void> {
  const r = await db
    .selectFrom('voter_registrations')
    .select(['protocol', 'status'])
    .where('id', '=', registrationId)
    .executeTakeFirstOrThrow()
  if (!(r.status in DECISION_TEMPLATE)) return
  await notifyRegistrant(db, {
    registrationId,
    template: DECISION_TEMPLATE[r.status as keyof typeof DECISION_TEMPLATE],
    params: { protocol: r.protocol },
    link: '/registration/status',
  })
}

/**
 * What an approved registration gives its account: the voter role (the roll itself is by
 * registration, frozen when voting opens). Also when a desk or imported registration is claimed.
 */
export async function grantVoterRole(
  trx: Transaction<Database>,
  input: { userId: string; grantedBy: string | null; at: string },
): Promise<void> {
  await trx
    .insertInto('user_roles')
    .values({ user_id: input.userId, role: 'voter', granted_by: input.grantedBy, granted_at: input.at })
    .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
    .execute()
}

export async function replyToRequest(
  db: DB,
  input: { userId: string; message: string },
): Promise<Result<null, 'nothing_to_answer'>> {
  const own = await getOwnRegistration(db, input.userId)
  // A closed cycle's registrations are read-only (issue #17): nothing is left to answer there.
  if (!own || !(await cycleOfRegistrationIsOpen(db, own.registration.id))) return err('nothing_to_answer')
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

export async function listQueue(db: DB, filters: QueueFilters & { pageSize?: number }) {
  const pageSize = filters.pageSize ?? 25
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
        // Same person (name, birth date, nationality), or the same document (#16.10).
        .where((w) =>
          w.or([
            w('d.duplicate_key', '=', w.ref('r.duplicate_key')),
            w.and([
              w('d.document_type', '=', w.ref('r.document_type')),
              w('d.document_number', '=', w.ref('r.document_number')),
            ]),
          ]),
        )
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
      .where((w) =>
        w.or([
          w('duplicate_key', '=', registration.duplicate_key),
          w.and([
            w('document_type', '=', registration.document_type),
            w('document_number', '=', registration.document_number),
          ]),
        ]),
      )
      .where('id', '!=', id)
      .execute(),
  ])
  const cycle = await getCurrentCycle(db)
  return {
    registration,
    nationalities: JSON.parse(registration.nationalities) as string[],
    ageOnElectionDay:
      cycle && registration.birth_date ? ageOn(registration.birth_date, cycle.election_day) : null,
    documents,
    messages,
    duplicates,
  }
}
