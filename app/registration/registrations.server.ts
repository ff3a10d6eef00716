import type { Transaction } from 'kysely'
import type { Database } from '../../db/schema'
import { appendAudit } from '../audit/audit.server'
import { addressGroup, recordFailure, waitSeconds, type DelayPolicy } from '../auth/throttle.server'
import { isUniqueViolation } from '../lib/db-errors'
import type { DB } from '../lib/db.server'
import { keyedHash } from '../lib/keyed-hash.server'
import { newId } from '../lib/ids.server'
import { err, ok, type Result } from '../lib/result'
import type { StoredFile } from '../lib/uploads.server'
import { cycleSummary, getCurrentCycle } from './cycles.server'
import { withStoredFiles, type RegistrationFiles } from './document-files.server'
import { getDraft } from './drafts.server'
import { duplicateKey } from './duplicates'
import { voterEligibility, type IneligibleReason } from './eligibility'
import { newProtocol, normaliseProtocol } from './protocol'
import type { RegistrationInput } from './schemas.server'

// Registrations: creating one (online, at a desk, from a list), and finding one — the person's own,
// a desk's receipt, or a status check by protocol number.

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

export type CreateResult = Result<{ id: string; protocol: string }, RegistrationError> & {
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
  // A document already entered this cycle (#16.10): staff entering it (desk, import) are told, as
  // they may see the census; a person registering themselves is not — their registration goes to
  // review like any other, and the review shows the other one as a possible duplicate. Only one
  // of them can be approved (a partial unique index, migration 013). The check runs inside the
  // write transaction, so two desks entering one document at once create one registration.
  const write = async (trx: Transaction<Database>) => {
    if (reg.channel !== 'self' && (await documentInCycle(trx, cycle.id, input))) throw DOCUMENT_TAKEN
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
    if (error === DOCUMENT_TAKEN) return err('document_taken', 'documentNumber')
    if (!isUniqueViolation(error)) throw error
    // The unique index decided: one registration per account per cycle.
    return err('already_registered')
  }
  return ok({ id, protocol: row.protocol })
}

const DOCUMENT_TAKEN = new Error('document_taken')

async function documentInCycle(
  db: DB | Transaction<Database>,
  cycleId: string,
  input: { documentType: string; documentNumber: string },
): Promise<boolean> {
  const found = await db
    .selectFrom('voter_registrations')
    .select('id')
    .where('cycle_id', '=', cycleId)
    .where('document_type', '=', input.documentType as never)
    .where('document_number', '=', input.documentNumber)
    .executeTakeFirst()
  return Boolean(found)
}

/** The failure a form shows: not being eligible is told by its (first) reason. */
export function withIneligibleReason(result: CreateResult): Result<{ id: string; protocol: string }, string> {
  if (result.ok || result.error !== 'not_eligible') return result
  return err(`ineligible_${result.reasons?.[0]}`, result.field)
}

/** A registration taken at a service desk, with the document files the desk scanned. */
export async function registerAtDesk(
  db: DB,
  input: { actorUserId: string; input: RegistrationInput; files: RegistrationFiles },
) {
  return withStoredFiles(input.files, async (stored) =>
    withIneligibleReason(
      await createRegistration(db, {
        input: input.input,
        channel: 'assisted',
        registeredBy: input.actorUserId,
        files: stored,
      }),
    ),
  )
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

/** The registration page: the cycle's rules, and for a signed-in person their registration or draft. */
export async function registrationLanding(db: DB, userId: string | null) {
  const cycle = await getCurrentCycle(db)
  const own = userId ? await getOwnRegistration(db, userId) : null
  const draft = userId && !own ? await getDraft(db, userId) : null
  return {
    signedIn: Boolean(userId),
    cycle: cycleSummary(cycle),
    own: own
      ? {
          protocol: own.registration.protocol,
          status: own.registration.status,
          reason: own.registration.decision_reason,
          note: own.registration.decision_note,
          messages: own.messages,
        }
      : null,
    hasDraft: Boolean(draft && Object.keys(draft.values).length),
  }
}

/** What a desk prints for a person registered in person (no document number). */
export async function getReceipt(db: DB, registrationId: string) {
  return (
    (await db
      .selectFrom('voter_registrations as r')
      .innerJoin('subprefectures as s', 's.id', 'r.subprefecture_id')
      .select([
        'r.protocol',
        'r.full_name',
        'r.social_name',
        'r.created_at',
        'r.preferred_language',
        's.name as subprefecture',
      ])
      .where('r.id', '=', registrationId)
      .executeTakeFirst()) ?? null
  )
}

/** Status check with the receipt's protocol number; the birth date stops guessing of protocols. */
export async function findByProtocol(db: DB, input: { protocol: string; birthDate: string }) {
  const row = await db
    .selectFrom('voter_registrations')
    .select(['protocol', 'status', 'decision_reason', 'decision_note', 'created_at', 'decided_at', 'id'])
    .where('protocol', '=', normaliseProtocol(input.protocol))
    .where('birth_date', '=', input.birthDate)
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

// Failed look-ups are throttled per address like logins: protocol + birth date must not be guessable.
const LOOKUP_POLICY: DelayPolicy = {
  freeFailures: 20,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
}

/** `findByProtocol` for anyone on the public page, throttled by the caller's address. */
export async function lookUpByProtocol(
  db: DB,
  input: { protocol: string; birthDate: string; clientAddress: string },
): Promise<
  Result<NonNullable<Awaited<ReturnType<typeof findByProtocol>>>, 'too_many_attempts' | 'not_found'>
> {
  const key = `lookup:ip:${keyedHash('lookup-ip', addressGroup(input.clientAddress))}`
  if ((await waitSeconds(db, [key])) > 0) return err('too_many_attempts')
  const found = await findByProtocol(db, input)
  if (!found) {
    await recordFailure(db, key, LOOKUP_POLICY)
    return err('not_found')
  }
  return ok(found)
}
